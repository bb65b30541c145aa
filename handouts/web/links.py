"""Absolute addresses the app hands out, never built from a Host header nothing checked.

Redirects and the app's own pages use paths only (a relative Location, RFC 7231
section 7.1.2), so no Host header is ever echoed there. Only the infobutton's
feeds need whole addresses: an EHR reads them on a page of its own. Those are
built on the Host header only when the app checks it against a list (its
loopback names, or `[serve] hosts`; handouts.web.security refuses any other
name before a route runs). With no list (bound beyond loopback, `[serve] hosts`
unset) anyone could have the app repeat a name of theirs, so the links stay
paths, which a reader resolves against the address it fetched.
"""

from __future__ import annotations

from flask import current_app, request

from handouts.web.security import TRUSTED_HOSTS_KEY


def checked_origin() -> str | None:
    """`scheme://host` of this request when its Host is one the configuration names, else None."""
    if current_app.config.get(TRUSTED_HOSTS_KEY) is None:
        return None
    return f"{request.scheme}://{request.host}"


def absolute(path: str) -> str:
    """`path` (as url_for gives it) on this app's checked origin; the path alone without one."""
    origin = checked_origin()
    return origin + path if origin else path
