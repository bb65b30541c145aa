"""A consulting room's shared computer: a session unused for `[serve] idle_minutes` ends, and says so.

Sessions lasted 12 hours: the next clinician at the room's computer printed as the
last one signed in, and the audit log named the wrong clinician. Through Flask's
test client with a clock the test moves (handouts.web.idle.Activity.clock).
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest

from handouts import users
from handouts.serve_config import ServeConfig, check
from handouts.users import UserFile
from handouts.web import create_app
from handouts.web.audit import Audit
from handouts.web.auth import COOKIE, Login
from handouts.web.server import login_for
from webclient import raw_client

PASSWORD = "correct horse battery"
TOPIC = "/topics/leaky-gut"
PATIENT = "Jo Idlepatient"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def minutes(self, n: float) -> None:
        self.now += n * 60


@pytest.fixture(scope="module")
def user_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("users") / "users.txt"
    users.add(path, "alice", PASSWORD)
    return path


def make_app(user_file: Path, idle_minutes: int = 15, audit: Audit | None = None):
    app = create_app(login=Login(UserFile(user_file), idle_minutes=idle_minutes), today=lambda: date(2026, 1, 15),
                     audit=audit)
    clock = Clock()
    app.extensions["handouts.activity"].clock = clock
    return app, clock


def sign_in(client) -> None:
    response = client.post("/login", data={"name": "alice", "password": PASSWORD, "next": TOPIC})
    assert response.status_code == 302


def test_a_session_unused_for_the_idle_time_ends_and_the_sign_in_page_says_why(user_file):
    app, clock = make_app(user_file)
    client = app.test_client()
    sign_in(client)
    clock.minutes(14)
    assert client.get(TOPIC).status_code == 200  # used: the 15 minutes start again
    clock.minutes(14)
    assert client.get(TOPIC).status_code == 200
    clock.minutes(15.5)
    gone = client.get(TOPIC)
    assert gone.status_code == 302 and gone.headers["Location"] == f"/login?next={TOPIC}&why=idle"
    assert client.get_cookie(COOKIE) is None  # the ended session's cookie is deleted
    signed_out = client.get(gone.headers["Location"])
    assert gone.headers["Cache-Control"] == signed_out.headers["Cache-Control"] == "no-store"
    page = signed_out.text
    assert "You were signed out after 15 minutes without use" in page
    assert "Signed in as" not in page
    assert client.get(TOPIC).status_code == 302  # and stays ended
    sign_in(client)
    assert client.get(TOPIC).status_code == 200


def test_a_copy_of_an_idle_sessions_cookie_stays_ended(user_file):
    """A session once ended for want of use does not come back, from this browser or another."""
    app, clock = make_app(user_file)
    client = app.test_client()
    sign_in(client)
    cookie = client.get_cookie(COOKIE).value
    clock.minutes(16)
    assert client.get("/").status_code == 302
    other = app.test_client()
    other.set_cookie(COOKIE, cookie)
    clock.minutes(-10)  # even were the clock to go back
    assert other.get("/").status_code == 302


def test_a_form_sent_after_the_idle_time_prints_nothing_and_says_it_was_not_kept(user_file):
    lines: list[str] = []
    app, clock = make_app(user_file, audit=Audit(lines.append))
    client = app.test_client()
    sign_in(client)
    clock.minutes(16)
    refused = client.post(f"{TOPIC}/patient", data={"action": "print", "patient_name": PATIENT},
                          headers={"Referer": f"http://localhost{TOPIC}"})
    assert refused.status_code == 401 and b"%PDF" not in refused.data
    text = refused.text
    assert "You were signed out after 15 minutes without use, so nothing was made." in text
    assert "What was typed into the form was not kept" in text
    assert PATIENT not in text  # neither kept nor shown again to whoever is at the computer
    assert f'href="/login?next={TOPIC.replace("/", "%2F")}"' in text or f'href="/login?next={TOPIC}"' in text
    assert client.get_cookie(COOKIE) is None
    assert refused.headers["Cache-Control"] == "no-store"  # Back does not bring it from the browser's cache
    assert lines == []  # nothing printed in anyone's name


def test_what_a_page_pulls_in_does_not_keep_its_session_alive(user_file):
    """A stylesheet, font or logo is fetched by a page left open too: it is not a use."""
    app, clock = make_app(user_file)
    client = app.test_client()
    sign_in(client)
    for _ in range(3):
        clock.minutes(5)
        assert client.get("/static/app.css").status_code == 200
        assert client.get("/preview-assets/fonts.css").status_code == 200
    clock.minutes(1)
    assert client.get(TOPIC).status_code == 302


def test_idle_minutes_0_ends_a_session_after_its_12_hours_only(user_file):
    app, clock = make_app(user_file, idle_minutes=0)
    client = app.test_client()
    sign_in(client)
    clock.minutes(600)
    page = client.get(TOPIC)
    assert page.status_code == 200 and "data-idle-seconds" not in page.text


def test_the_page_tells_its_script_when_it_will_be_signed_out(user_file):
    """So a page left open puts the patient's details away when its session ends (app.js), rather than
    show them to the next person at the computer."""
    app, _ = make_app(user_file, idle_minutes=20)
    client = app.test_client()
    sign_in(client)
    assert re.search(r'<body data-idle-seconds="1200">', client.get(TOPIC).text)
    no_login = create_app(today=lambda: date(2026, 1, 15)).test_client()
    assert "data-idle-seconds" not in no_login.get(TOPIC).text


def test_the_visible_sign_out_button_ends_the_session(user_file):
    """The header's Sign out, sent as the page's own form (its action and token, nothing added)."""
    app, _ = make_app(user_file)
    client = raw_client(app)
    login = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
    assert client.post("/login", data={"csrf": token, "name": "alice", "password": PASSWORD, "next": TOPIC},
                       headers={"Sec-Fetch-Site": "same-origin"}).status_code == 302
    page = client.get(TOPIC).text
    form = re.search(r'<form class="site-user" method="post" action="([^"]+)">\s*'
                     r'<input type="hidden" name="csrf" value="([^"]+)">.*?<button type="submit">Sign out</button>',
                     page, re.DOTALL)
    assert form, "no Sign out button in the page's header"
    cookie = client.get_cookie(COOKIE).value
    out = client.post(form.group(1), data={"csrf": form.group(2)}, headers={"Sec-Fetch-Site": "same-origin"})
    assert out.status_code == 302 and out.headers["Location"] == "/login"
    assert client.get(TOPIC).status_code == 302
    client.set_cookie(COOKIE, cookie)  # a copy of the cookie is ended too
    assert client.get(TOPIC).status_code == 302


def test_the_serve_configuration_sets_the_idle_time(tmp_path, user_file):
    problems: list[tuple[str, str]] = []
    add = lambda key, message: problems.append((key, message))  # noqa: E731
    assert check({}, tmp_path, add).idle_minutes == 15
    assert check({"idle_minutes": 0}, tmp_path, add).idle_minutes == 0
    assert check({"idle_minutes": 30}, tmp_path, add).idle_minutes == 30
    assert problems == []
    for bad in (-1, 721, 7.5, True, "15"):
        problems.clear()
        assert check({"idle_minutes": bad}, tmp_path, add).idle_minutes == 15
        assert problems == [("idle_minutes", "write a whole number from 0 to 720")]
    login = login_for(ServeConfig(users=user_file, idle_minutes=5))
    assert login is not None and login.idle_minutes == 5
    assert "signed out after 5 minutes without use" in login.describe()
    assert login_for(ServeConfig(users=user_file)).idle_minutes == 15


def test_download_says_to_delete_a_pdf_with_patient_details_from_the_computer():
    """A downloaded PDF stays in the room computer's Downloads folder, the next person's to open: the
    status Download PDF leaves says so, in the page's language."""
    client = create_app(today=lambda: date(2026, 1, 15)).test_client()
    for language, says in (("en", "delete it from this computer"), ("es", "bórrelo de esta computadora")):
        page = client.get(TOPIC, query_string={"hl": language}).text
        words = json.loads(html.unescape(re.search(r"data-words='([^']*)'", page).group(1)))
        assert says in words["saved"]


def test_a_shared_rooms_sign_in_page_offers_no_last_user_and_says_not_to_save_the_password(user_file):
    """The name field said autocomplete="username": the room's browser offered the last clinician's name."""
    app, _ = make_app(user_file)
    client = app.test_client()
    for page in (client.get("/login").text,
                 client.post("/login", data={"name": "alice", "password": "wrong", "next": TOPIC}).text):
        form = re.search(r'<form[^>]*class="login-form"[^>]*>', page)
        assert form and 'autocomplete="off"' in form.group(0)
        name = re.search(r'<input id="name"[^>]*>', page).group(0)
        password = re.search(r'<input id="password"[^>]*>', page).group(0)
        assert 'autocomplete="off"' in name and 'autocomplete="off"' in password
        assert "if the browser offers to save your password, say no" in page
    spanish = client.get("/login", query_string={"hl": "es"}).text
    assert "si el navegador ofrece guardar su contraseña, diga que no" in spanish


def test_a_computer_that_is_its_clinicians_own_lets_the_password_manager_help(user_file):
    """idle_minutes = 0: sessions never end for want of use, so the computer is no shared room's."""
    app, _ = make_app(user_file, idle_minutes=0)
    page = app.test_client().get("/login").text
    assert 'autocomplete="username"' in re.search(r'<input id="name"[^>]*>', page).group(0)
    assert 'autocomplete="current-password"' in re.search(r'<input id="password"[^>]*>', page).group(0)
    assert "save your password" not in page


def test_sign_out_clicked_after_the_idle_time_goes_to_the_sign_in_page_that_says_why(user_file):
    """It said "nothing was made" and "what was typed into the form was not kept": Sign out sends nothing."""
    app, clock = make_app(user_file)
    client = app.test_client()
    sign_in(client)
    clock.minutes(16)
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/login?why=idle"
    assert "You were signed out after 15 minutes without use" in html.unescape(client.get("/login?why=idle").text)
