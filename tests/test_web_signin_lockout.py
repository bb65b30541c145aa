"""The sign-in throttle slows a guesser down without letting anyone keep the clinic out.

Behind the proxy, a stranger who knows (or guesses) a clinician's user name could fail
five times under it and then once every quarter of an hour, from anywhere, and the
clinician could not sign in from any room. An address that has signed in as that name
before is not held up by the name's wait; every other address still is.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from handouts import users
from handouts.users import UserFile
from handouts.web import create_app, throttle
from handouts.web.auth import Login
from handouts.web.proxy import ProxyTrust
from handouts.web.throttle import SignInThrottle
from webclient import PageClient

PASSWORD = "correct horse battery"
ROOM = "192.168.1.21"
STRANGER = "203.0.113.66"


@pytest.fixture
def sign_in(tmp_path: Path) -> Any:
    """Sign in through a proxy on 127.0.0.1, from the browser address given; the status code."""
    users.add(tmp_path / "users.txt", "alice", PASSWORD)
    app = create_app(login=Login(UserFile(tmp_path / "users.txt")), today=lambda: date(2026, 1, 15))
    app.wsgi_app = ProxyTrust(app.wsgi_app, ["127.0.0.1"])  # type: ignore[method-assign]
    app.test_client_class = PageClient
    now = [1000.0]
    app.extensions["handouts.signin-throttle"].clock = lambda: now[0]
    client = app.test_client()

    def attempt(password: str, browser: str, name: str = "alice") -> int:
        return client.post("/login", data={"name": name, "password": password, "next": "/"},
                           headers={"X-Forwarded-For": browser}, environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code

    attempt.clock = now  # type: ignore[attr-defined]
    return attempt


def test_a_stranger_failing_under_a_name_does_not_keep_its_clinician_out_of_their_room(sign_in: Any):
    assert sign_in(PASSWORD, ROOM) == 302  # the clinician's room, earlier in the day
    for guess in range(throttle.FREE_FAILURES):
        assert sign_in(f"guess {guess}", STRANGER) == 401
    assert sign_in(PASSWORD, STRANGER) == 429  # the stranger waits, right password or not
    assert sign_in(PASSWORD, "192.168.1.99") == 429  # as does any address that never signed in as alice
    assert sign_in(PASSWORD, ROOM) == 302  # the room does not
    assert sign_in("guess again", STRANGER) == 429  # and the room's sign-in gave the stranger no fresh start
    sign_in.clock[0] += throttle.LOCK_SECONDS + 1
    assert sign_in("guess again", "192.168.1.99") == 401  # the name's wait is over: one more failure...
    assert sign_in(PASSWORD, "192.168.1.99") == 429  # ...and it waits again


def test_a_room_that_keeps_failing_waits_like_any_other_address(sign_in: Any):
    assert sign_in(PASSWORD, ROOM) == 302
    for guess in range(throttle.FREE_FAILURES):
        assert sign_in(f"guess {guess}", ROOM) == 401
    assert sign_in(PASSWORD, ROOM) == 429


def test_a_patient_guesser_keeps_waiting_however_long_it_keeps_at_it():
    """The wait doubles up to its cap; counting doublings on overflowed a float after about a thousand waits,
    and the error dropped the name's record: the guesser started afresh."""
    now = [0.0]
    guard = SignInThrottle(clock=lambda: now[0])
    keys = [("name", "alice"), ("address", STRANGER)]
    for _ in range(throttle.FREE_FAILURES + 1100):
        guard.failed(keys)
        now[0] += throttle.MAX_LOCK_SECONDS + 1
    guard.failed(keys)
    assert guard.wait(keys) == throttle.MAX_LOCK_SECONDS


def test_the_addresses_remembered_are_bounded(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(throttle, "MAX_KEYS", 50)
    guard = SignInThrottle()
    for index in range(200):
        guard.succeeded([], "alice", f"10.0.0.{index}")
    assert guard.known("alice", "10.0.0.199") and not guard.known("alice", "10.0.0.0")
    assert not guard.known("alice", None)
    assert len(guard._known) == 50


def test_a_guesser_cannot_dodge_the_wait_by_moving_around_its_ipv6_network(sign_in: Any):
    """Any one computer on IPv6 may pick addresses from a /64: the wait is the network's."""
    for guess in range(throttle.FREE_FAILURES):  # a new name each time: only the address is counted
        assert sign_in("guess", f"2001:db8:5:7::{guess + 1:x}", name=f"user{guess}") == 401
    assert sign_in(PASSWORD, "2001:db8:5:7::99") == 429
    assert sign_in(PASSWORD, "2001:db8:5:8::1") == 302  # the next network is someone else


def test_address_keys():
    assert throttle.address_key("203.0.113.5") == ("address", "203.0.113.5")
    assert throttle.address_key("2001:db8::1") == throttle.address_key("2001:db8::ffff:1") == (
        "address", "2001:db8::/64")
    assert throttle.address_key("::ffff:203.0.113.5") == ("address", "203.0.113.5")


def test_a_room_on_ipv6_is_known_by_its_network_as_its_privacy_address_changes(sign_in: Any):
    assert sign_in(PASSWORD, "2001:db8:1:2::aaaa") == 302
    for guess in range(throttle.FREE_FAILURES):
        assert sign_in(f"guess {guess}", STRANGER) == 401
    assert sign_in(PASSWORD, "2001:db8:1:2:1234:5678:9abc:def0") == 302  # the same room, a new address
