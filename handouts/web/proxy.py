"""Headers a reverse proxy adds, believed only when the request comes from the proxy's own address.

Behind a TLS proxy (Caddy, nginx) the app sees plain HTTP from the proxy. From
the configured proxy address only, this WSGI middleware takes:

- X-Forwarded-Proto (the last value, the one the proxy added): the scheme the
  browser used, so the form check (handouts.web.csrf) compares the browser's
  https origin with the right one and the session cookie is marked Secure;
- the user header the configuration names: the user the proxy authenticated
  (handouts.web.auth).

From any other address both are dropped, whatever they say. The Host header
is not taken from X-Forwarded-Host: the proxy passes the browser's Host on,
and the app checks it against its list (handouts.web.security).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

FROM_PROXY = "handouts.from_proxy"
PROXY_USER = "handouts.proxy_user"


def _normalise(address: str) -> str | None:
    try:
        return ipaddress.ip_address(address.strip("[]")).compressed
    except ValueError:
        return None


def _environ_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


class ProxyTrust:
    """WSGI middleware: forwarded scheme and user from `proxies` only."""

    def __init__(self, app: Callable[..., Iterable[bytes]], proxies: Iterable[str], user_header: str | None = None):
        self.app = app
        self.proxies = frozenset(filter(None, (_normalise(p) for p in proxies)))
        self.user_key = _environ_key(user_header) if user_header else None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        from_proxy = _normalise(environ.get("REMOTE_ADDR") or "") in self.proxies
        environ[FROM_PROXY] = from_proxy
        user = environ.pop(self.user_key, None) if self.user_key else None  # the app never reads it directly
        proto = environ.pop("HTTP_X_FORWARDED_PROTO", None)
        if from_proxy:
            scheme = (proto or "").split(",")[-1].strip().lower()
            if scheme in ("http", "https"):
                environ["wsgi.url_scheme"] = scheme
            if user:
                environ[PROXY_USER] = user.strip()
        return self.app(environ, start_response)
