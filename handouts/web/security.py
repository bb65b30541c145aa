"""Response headers: nothing external, no framing by others, nothing cached.

Everything the app shows comes from this server, so the policy allows 'self'
and nothing else: no CDN, no inline script or style, no plugins.
"""

from __future__ import annotations

from flask import Flask, Response, request

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
    app.after_request(add_headers)
