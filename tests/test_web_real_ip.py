"""X-Real-IP is not read, even from the proxy (README: behind a proxy): only X-Forwarded-For's right-most entry."""

from __future__ import annotations

from handouts.web.proxy import ProxyTrust, client_address


def _seen(environ: dict) -> str | None:
    trust = ProxyTrust(lambda environ, start_response: [], ["127.0.0.1"])
    trust.trust(environ)
    return client_address(environ)


def test_x_real_ip_alone_names_no_browser():
    """nginx passes a browser's own X-Real-IP on unless its configuration overrides it."""
    assert _seen({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "203.0.113.5"}) is None
    assert _seen({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "198.51.100.1",
                  "HTTP_X_FORWARDED_FOR": "203.0.113.5"}) == "203.0.113.5"
    assert _seen({"REMOTE_ADDR": "192.0.2.50", "HTTP_X_REAL_IP": "203.0.113.5"}) == "192.0.2.50"
