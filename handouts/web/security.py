"""Response headers: nothing external, no framing by others, nothing cached.

Everything the app shows comes from this server, so the policy allows 'self'
and nothing else: no CDN, no inline script or style, no plugins.
"""

from __future__ import annotations

import ipaddress
import re

from flask import Flask, Response, abort, current_app, request

CSP = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",  # Print fetches the PDF (static/app.js)
    "frame-src 'self' blob:",  # ... and shows it, out of sight, in a frame to print it
    "form-action 'self'",
    "frame-ancestors 'self'",
    "base-uri 'none'",
))

CACHEABLE_ENDPOINTS = frozenset({"static", "assets.stylesheet", "assets.font", "assets.fonts_css"})
"""Files that hold no patient data: the browser may keep them. Everything else is no-store."""


TRUSTED_HOSTS_KEY = "HANDOUTS_TRUSTED_HOSTS"
"""Config key for the host names the app answers to (None: any).

Not Flask's TRUSTED_HOSTS: werkzeug cuts each trusted name at its first ':',
so an IPv6 literal such as ::1 can never match and `serve --host ::1` would
refuse its own address. This check parses the Host header itself.
"""

_HOST = re.compile(r"(?P<name>\[[0-9A-Fa-f:.]+\]|[^\[\]:]+)(?::(?P<port>[0-9]{1,5}))?")


def _normalise(name: str) -> str:
    """One spelling per host: lower case, IPv6 without brackets in its compressed form."""
    name = name.strip().lower()
    bare = name[1:-1] if name.startswith("[") and name.endswith("]") else name
    try:
        return ipaddress.ip_address(bare).compressed
    except ValueError:
        return name


def host_is_trusted(host_header: str | None, trusted: list[str]) -> bool:
    """Whether a Host header (`name`, `name:port`, `[v6]` or `[v6]:port`) names a trusted host."""
    match = _HOST.fullmatch(host_header or "")
    if match is None:
        return False
    return _normalise(match["name"]) in {_normalise(t) for t in trusted}


def check_host() -> None:
    """Refuse a request whose Host header is not ours (DNS rebinding against a local server)."""
    trusted = current_app.config.get(TRUSTED_HOSTS_KEY)
    if trusted is not None and not host_is_trusted(request.headers.get("Host"), trusted):
        abort(400, "Host not trusted")


def add_headers(response: Response) -> Response:
    headers = response.headers
    headers["X-Frame-Options"] = "SAMEORIGIN"
    headers["X-Content-Type-Options"] = "nosniff"
    # Same-origin requests carry their origin (the form check in csrf.py relies on it);
    # nothing goes to other sites. No address of this app holds patient details anyway.
    headers["Referrer-Policy"] = "same-origin"
    # A PDF is no HTML page; Chrome's PDF viewer breaks under a strict policy.
    if response.mimetype != "application/pdf":
        headers.setdefault("Content-Security-Policy", CSP)
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        headers["Cache-Control"] = "no-store"
        headers.pop("ETag", None)
        headers.pop("Last-Modified", None)
    return response


def install(app: Flask) -> None:
    app.before_request(check_host)
    app.after_request(add_headers)
