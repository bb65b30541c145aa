"""The wall clock steps (NTP, daylight saving on a misconfigured host, a VM resumed); sessions do not care.

Sessions and form tokens were aged by the wall clock: a step back of two minutes
signed everyone out and refused every open form, a step forward of 12 hours did the
same, and a step forward then back revived a cookie that had been signed out. They
are aged by the server's own clock now (handouts.web.clock), which the tests move
apart from the wall clock.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from handouts import users
from handouts.users import UserFile
from handouts.web import clock, create_app
from handouts.web.auth import COOKIE, SESSION_HOURS, Login

PASSWORD = "correct horse battery"
TOPIC = "/topics/leaky-gut"


class Wall:
    """time.time, stepped by the test."""

    def __init__(self) -> None:
        self.offset = 0.0
        self.real = time.time

    def __call__(self) -> float:
        return self.real() + self.offset

    def step(self, hours: float) -> None:
        self.offset += hours * 3600


class ServerClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def user_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("users") / "users.txt"
    users.add(path, "alice", PASSWORD)
    return path


@pytest.fixture
def wall(monkeypatch) -> Wall:
    stepped = Wall()
    monkeypatch.setattr(time, "time", stepped)
    return stepped


def make_app(user_file: Path, idle_minutes: int = 15):
    app = create_app(login=Login(UserFile(user_file), idle_minutes=idle_minutes), today=lambda: date(2026, 1, 15))
    server_clock = ServerClock()
    app.extensions[clock.EXTENSION] = server_clock
    return app, server_clock


def sign_in(client) -> None:
    response = client.post("/login", data={"name": "alice", "password": PASSWORD, "next": TOPIC})
    assert response.status_code == 302 and response.headers["Location"] == TOPIC


@pytest.mark.parametrize("hours", [-0.05, -1, 1, SESSION_HOURS + 1])
def test_a_step_of_the_wall_clock_signs_no_one_out_and_refuses_no_open_form(user_file, wall, hours):
    app, _ = make_app(user_file)
    client = app.test_client()
    sign_in(client)
    page = client.get(TOPIC)
    assert page.status_code == 200
    wall.step(hours)
    assert client.get(TOPIC).status_code == 200, "still signed in"
    sent = client.post(f"{TOPIC}/patient", data={"action": "preview", "csrf": _token(page.text)})
    assert sent.status_code == 200, sent.text[:300]


def test_a_session_still_ends_after_its_hours_by_the_servers_clock(user_file, wall):
    app, server_clock = make_app(user_file, idle_minutes=0)
    client = app.test_client()
    sign_in(client)
    server_clock.now += SESSION_HOURS * 3600 - 60
    assert client.get(TOPIC).status_code == 200
    server_clock.now += 120
    assert client.get(TOPIC).status_code == 302


def test_a_signed_out_cookie_is_not_revived_by_the_wall_clock_going_forward_then_back(user_file, wall):
    app, _ = make_app(user_file, idle_minutes=0)
    client = app.test_client()
    sign_in(client)
    copied = client.get_cookie(COOKIE).value
    assert client.post("/logout", data={"csrf": _token(client.get(TOPIC).text)}).status_code == 302
    wall.step(SESSION_HOURS + 1)  # a VM's clock set wrong, then corrected
    other = app.test_client()
    sign_in(other)  # a sign-out then forgets what it thinks has expired
    other.post("/logout", data={"csrf": _token(other.get(TOPIC).text)})
    wall.step(-(SESSION_HOURS + 1))
    thief = app.test_client()
    thief.set_cookie(COOKIE, copied)
    assert thief.get(TOPIC).status_code == 302, "the copy of the signed-out cookie stays ended"


def _token(page: str) -> str:
    marker = 'name="csrf" value="'
    start = page.index(marker) + len(marker)
    return page[start:page.index('"', start)]
