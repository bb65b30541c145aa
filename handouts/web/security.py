"""Response headers: nothing external, no framing by others, nothing cached.

Everything the app shows comes from this server, so the policy allows 'self'
and nothing else: no CDN, no inline script or style, no plugins.
"""

from __future__ import annotations

import ipaddress
import logging
import re

from flask import Flask, Response, abort, current_app, request

from handouts.web.words import gettext

log = logging.getLogger("handouts.web")

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

HSTS_SECONDS = 365 * 24 * 3600
"""How long a browser keeps to https for this host name once it has reached the app over https."""

PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope", "hid",
    "idle-detection", "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get",
    "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
))
"""Browser features no page of the app uses, denied to it and to any frame it shows. Fullscreen is left as is:
the browser's PDF viewer in the preview frame offers it."""

OPENER_KEPT_ENDPOINTS = frozenset({
    "infobutton.infobutton", "auth.login", "topics.topic", "documents.patient", "documents.clinician",
    "fhir.document_reference_download",
})
"""Addresses an EHR opens (the Infobutton's answer, the sign-in page it may pass through, the topic page, the PDFs
and the FHIR document it links to): Cross-Origin-Opener-Policy unsafe-none, so the EHR's window keeps its hold
on the window it opened (reused for the next click, closed when the clinician changes patient or signs out of
the EHR). Under same-origin the EHR's handle reads as closed: every click opened one more window, each left open.
Every other page is same-origin. The PDFs a topic page prints go here too: a page and its print tab
(static/app.js) must share one policy, or the tab moves out of the page's reach and Sign out cannot close it."""

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


_NAME = re.compile(r"[A-Za-z0-9.-]{1,253}")
"""A host name fit to repeat in a page and the log; anything else is not repeated."""


def check_host() -> None:
    """Refuse a request whose Host header is not ours (DNS rebinding against a local server).

    The page and the log name the host, when it is a plain name, and the setting that lists
    the names: behind a proxy, a name missing from [serve] hosts looks like this too.
    """
    trusted = current_app.config.get(TRUSTED_HOSTS_KEY)
    if trusted is not None and not host_is_trusted(request.headers.get("Host"), trusted):
        match = _HOST.fullmatch(request.headers.get("Host") or "")
        name = match["name"] if match and _NAME.fullmatch(match["name"]) else None
        log.warning("refused a request for host %s: not a name this app answers to ([serve] hosts)",
                    name or "(not a plain host name)")
        abort(400, gettext("Host not trusted: this app does not answer to the name '%(host)s'. Whoever looks "
                           "after handouts can add it to the names in handouts.toml ([serve] hosts).", host=name)
              if name else
              gettext("Host not trusted: this app does not answer to the name used to reach it. Whoever looks "
                      "after handouts can add the name to handouts.toml ([serve] hosts)."))


def add_headers(response: Response) -> Response:
    headers = response.headers
    headers["X-Frame-Options"] = "SAMEORIGIN"
    headers["X-Content-Type-Options"] = "nosniff"
    # Same-origin requests carry their origin (the form check in csrf.py relies on it);
    # nothing goes to other sites. No address of this app holds patient details anyway.
    headers["Referrer-Policy"] = "same-origin"
    # No other site may load a response of this app into its page (an <img>, <script> or PDF embed): a page of
    # another site reaches the app only by a link, as an EHR does, which this does not touch.
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = ("unsafe-none" if request.endpoint in OPENER_KEPT_ENDPOINTS
                                             else "same-origin")
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    if request.is_secure:
        # Reached over https (behind the configured TLS proxy): a browser that has seen this keeps to
        # https for the name, so a typed http:// address or a network that strips TLS cannot put the
        # sign-in and the patient's form on plain HTTP. Caddy does not send it by itself.
        headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}")
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
