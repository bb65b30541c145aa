"""Headers a reverse proxy adds, believed only when the request comes from the proxy's own address (or range).

Behind a TLS proxy (Caddy, nginx) the app sees plain HTTP from the proxy. From
the configured proxy addresses only (single addresses, or ranges such as a proxy
pool's 10.0.0.0/24 or a container network's fd00::/64), this WSGI middleware takes:

- X-Forwarded-Proto (the last value, the one the proxy added): the scheme the
  browser used, so the form check (handouts.web.csrf) compares the browser's
  https origin with the right one and the session cookie is marked Secure;
- the user header the configuration names: the user the proxy authenticated
  (handouts.web.auth);
- X-Forwarded-For: the browser's address, for the sign-in log line and the
  sign-in throttle (client_address). Only its right-most entry that is not a
  configured proxy counts: that is the address the nearest proxy saw; whatever
  stands to its left came from the browser and could be anything.

From any other address all of them are dropped, whatever they say. The Host header
is not taken from X-Forwarded-Host: the proxy passes the browser's Host on,
and the app checks it against its list (handouts.web.security).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

FROM_PROXY = "handouts.from_proxy"
PROXY_USER = "handouts.proxy_user"
FORWARDED_CLIENT = "handouts.forwarded_client"


Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse(address: str) -> Address | None:
    """An address as a socket or a header gives it; an IPv4-mapped IPv6 one (a dual-stack socket's
    ::ffff:10.0.0.7) as the IPv4 address it is, so it matches a range written in IPv4."""
    try:
        parsed = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return None
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        return parsed.ipv4_mapped
    return parsed


def _normalise(address: str) -> str | None:
    parsed = _parse(address)
    return parsed.compressed if parsed is not None else None


class Proxies:
    """The configured proxies: addresses and ranges ('127.0.0.1', '10.0.0.0/24'), checked by
    handouts.serve_config; an entry that is neither is left out (it matches nothing)."""

    def __init__(self, entries: Iterable[str]):
        networks: list[Network] = []
        for entry in entries:
            try:
                networks.append(ipaddress.ip_network(entry.strip().strip("[]"), strict=False))
            except ValueError:
                parsed = _parse(entry)
                if parsed is not None:
                    networks.append(ipaddress.ip_network(parsed))
        self.networks = tuple(networks)

    def __contains__(self, address: object) -> bool:
        parsed = _parse(address) if isinstance(address, str) else None
        return parsed is not None and any(parsed in network for network in self.networks)

    def __bool__(self) -> bool:
        return bool(self.networks)


def _environ_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def forwarded_client(forwarded_for: str, proxies: Proxies | Iterable[str]) -> str | None:
    """The right-most X-Forwarded-For entry that is not one of `proxies`, or None when that entry is no address.

    With a range configured, every hop inside it is skipped: a pool's proxies may pass a request on to each other."""
    proxies = proxies if isinstance(proxies, Proxies) else Proxies(proxies)
    for entry in reversed(forwarded_for.split(",")):
        address = _normalise(entry.strip())
        if address is None:
            return None  # never skip past it to an entry further left, which the browser wrote
        if address not in proxies:
            return address
    return None


def header_text(value: str) -> str:
    """A header's value as the proxy wrote it. WSGI hands header bytes over as Latin-1 characters; a
    proxy writes a user's name in UTF-8 ('José' arrives as 'JosÃ©'). Bytes that are no UTF-8 stay Latin-1."""
    raw = value.encode("latin-1", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return value


def client_address(environ: dict[str, Any]) -> str | None:
    """The browser's address: the one the configured proxy forwards (None if it forwards none), else the peer's."""
    if environ.get(FROM_PROXY):
        return environ.get(FORWARDED_CLIENT)
    return environ.get("REMOTE_ADDR") or None


class ProxyTrust:
    """WSGI middleware: forwarded scheme and user from `proxies` only."""

    def __init__(self, app: Callable[..., Iterable[bytes]], proxies: Iterable[str], user_header: str | None = None):
        self.app = app
        self.proxies = Proxies(proxies)
        self.user_key = _environ_key(user_header) if user_header else None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        self.trust(environ)
        return self.app(environ, start_response)

    def trust(self, environ: dict[str, Any]) -> None:
        """Take from `environ` what the proxy may say, when the request comes from it; drop it otherwise."""
        from_proxy = (environ.get("REMOTE_ADDR") or "") in self.proxies
        environ[FROM_PROXY] = from_proxy
        user = environ.pop(self.user_key, None) if self.user_key else None  # the app never reads it directly
        proto = environ.pop("HTTP_X_FORWARDED_PROTO", None)
        forwarded_for = environ.pop("HTTP_X_FORWARDED_FOR", None)
        if from_proxy:
            environ[FORWARDED_CLIENT] = forwarded_client(forwarded_for, self.proxies) if forwarded_for else None
            scheme = (proto or "").split(",")[-1].strip().lower()
            if scheme in ("http", "https"):
                environ["wsgi.url_scheme"] = scheme
            if user:
                environ[PROXY_USER] = header_text(user).strip()
