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
