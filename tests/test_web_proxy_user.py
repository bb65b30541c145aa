"""The user a proxy names, as the proxy wrote it: a name in UTF-8 reads right on the page and in the audit log."""

from __future__ import annotations

import json

import pytest

from handouts.web import create_app
from handouts.web.audit import Audit
from handouts.web.auth import Login
from handouts.web.proxy import ProxyTrust, header_text

BRIEF = "/topics/leaky-gut/clinician?action=download"


def _as_sent(name: str) -> str:
    """A header value as a proxy sends it (UTF-8 bytes), as WSGI hands it over (one character per byte)."""
    return name.encode("utf-8").decode("latin-1")


@pytest.fixture
def proxied():
    lines: list[str] = []
    app = create_app(login=Login(None, "X-Remote-User"), audit=Audit(lines.append))
    app.wsgi_app = ProxyTrust(app.wsgi_app, ["127.0.0.1"], "X-Remote-User")
    return app, lines


def _get(app, url, name):
    return app.test_client().get(url, headers={"X-Remote-User": _as_sent(name)},
                                 environ_base={"REMOTE_ADDR": "127.0.0.1"})


def test_a_name_with_accents_is_read_as_the_proxy_wrote_it(proxied):
    app, lines = proxied
    assert "Signed in as José Núñez" in _get(app, "/", "José Núñez").text
    assert _get(app, BRIEF, "José Núñez").status_code == 200
    assert json.loads(lines[-1])["user"] == "José Núñez"


@pytest.mark.parametrize("name", ["alice\u202eeve", "alice\u2028eve", "alice\x85eve"])
def test_a_name_that_would_disguise_who_printed_is_no_user(proxied, name):
    app, lines = proxied
    assert _get(app, BRIEF, name).status_code == 401
    assert lines == []


def test_bytes_that_are_no_utf8_stay_as_they_came():
    assert header_text("Jos\xe9") == "Jos\xe9"  # a Latin-1 proxy's 'José'
    assert header_text(_as_sent("Zoë")) == "Zoë"


def test_a_user_header_sent_twice_names_no_user(proxied, caplog):
    """A proxy that adds its header to one the browser sent (rather than replacing it) passes both on; the
    server joins them ('mallory, alice', as waitress does), which printed as that user in the audit log."""
    app, lines = proxied
    response = app.test_client().get(BRIEF, headers=[("X-Remote-User", "mallory"), ("X-Remote-User", "alice")],
                                     environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.status_code == 401
    assert "does not name one user" in response.text
    assert "mallory" not in response.text
    assert lines == []
    assert "X-Remote-User header names no one user" in caplog.text
    assert "mallory" not in caplog.text
