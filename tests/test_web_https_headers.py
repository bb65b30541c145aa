"""Behind the TLS proxy, responses tell the browser to keep to https; over plain HTTP they cannot."""

from __future__ import annotations

from datetime import date

import pytest

from handouts.web import create_app
from handouts.web.proxy import ProxyTrust


@pytest.fixture(scope="module")
def app():
    app = create_app(today=lambda: date(2026, 1, 15))
    app.wsgi_app = ProxyTrust(app.wsgi_app, ["127.0.0.1"])  # type: ignore[method-assign]
    return app


def test_over_https_through_the_proxy_the_browser_keeps_to_https(app):
    response = app.test_client().get("/", headers={"X-Forwarded-Proto": "https"},
                                     environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.parametrize("peer, proto", [
    ("127.0.0.1", None),  # plain HTTP on this computer: the header would mean nothing (browsers ignore it)
    ("192.0.2.50", "https"),  # not the proxy: what it says of the scheme is not believed
])
def test_over_plain_http_no_such_header(app, peer, proto):
    response = app.test_client().get("/", headers={"X-Forwarded-Proto": proto} if proto else {},
                                     environ_base={"REMOTE_ADDR": peer})
    assert "Strict-Transport-Security" not in response.headers


@pytest.fixture(scope="module")
def signing_in(tmp_path_factory):
    from handouts import users
    from handouts.users import UserFile
    from handouts.web.auth import Login

    path = tmp_path_factory.mktemp("users") / "users.txt"
    users.add(path, "alice", "correct horse battery")
    app = create_app(login=Login(UserFile(path)), today=lambda: date(2026, 1, 15))
    app.wsgi_app = ProxyTrust(app.wsgi_app, ["127.0.0.1"])  # type: ignore[method-assign]
    return app


def _cookies(app, peer: str) -> dict[str, str]:
    """Each cookie the app sets, signing in and choosing a page language and a letterhead, by its Set-Cookie."""
    client = app.test_client()
    https = {"headers": {"X-Forwarded-Proto": "https", "Origin": "https://localhost"},
             "environ_base": {"REMOTE_ADDR": peer}}
    set_cookies = [client.post("/login", data={"name": "alice", "password": "correct horse battery", "next": "/"},
                               **https).headers.get("Set-Cookie", "")]
    set_cookies += client.get("/?hl=es", **https).headers.getlist("Set-Cookie")
    set_cookies += client.get("/topics/leaky-gut/clinician?brand=riverside", **https).headers.getlist("Set-Cookie")
    return {cookie.split("=", 1)[0]: cookie for cookie in set_cookies if cookie}


def test_over_https_through_the_proxy_every_cookie_is_for_https_only(signing_in):
    """The session's was; the page language's and the letterhead's went out on any plain-HTTP request too
    (a typed http:// address before the proxy's redirect), saying which practice and language a room uses."""
    cookies = _cookies(signing_in, "127.0.0.1")
    assert set(cookies) == {"handouts-session", "handouts-page-language", "handouts-brand"}
    for name, cookie in cookies.items():
        assert "; Secure" in cookie and "HttpOnly" in cookie, cookie
