"""Refuse forms sent from other sites (cross-site request forgery).

Without this, any web page a clinician opens could post a form to the local
app and have it print a practice-branded handout carrying the attacker's text.
Every state-changing request (anything but GET, HEAD, OPTIONS) must pass three
checks, each of which a forged request fails (and a link that hands out a
document, which writes an audit line, may be followed from another site but
not loaded by its page unseen: embedded_from_another_site):

1. Fetch metadata: a browser says where a request comes from in
   `Sec-Fetch-Site`; only `same-origin` (and `none`, a request the user made
   directly) are accepted.
2. Origin and Referer, when sent, must be this server's own origin. `Origin:
   null` (a sandboxed frame, a data: page, or a browser hiding the origin) is
   accepted only together with `Sec-Fetch-Site: same-origin`.
3. A form token: an HMAC of the time it was issued (by the server's clock, handouts.web.clock)
   and of the session it was issued to, under a secret made when the app starts, in a hidden field of
   every form the app serves. Another site cannot read the app's pages, so it
   cannot know a token. Tokens are stateless (nothing is stored, nothing about
   the patient goes into them) and stop working when the server restarts or
   after MAX_AGE.

   With a login, the session is the signed-in one (handouts.web.auth.form_binding:
   the session cookie, or the user the proxy names): a token seen in one session
   is refused in every other, and signing out, or a new password, ends the
   tokens of the session it ends. On this computer alone with no login there is
   no session to bind to (a single user; the Origin and Fetch checks above stand).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from urllib.parse import urlsplit

from flask import Flask, Request, current_app, has_request_context, request

from handouts.errors import HandoutsError
from handouts.web import auth, clock, pages
from handouts.web.words import N_, gettext

log = logging.getLogger("handouts.web")

FIELD = "csrf"
"""The hidden form field that carries the token."""

MAX_AGE = 24 * 3600
"""A visit page may stay open all day; after that, reloading it gives a new token."""

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ACCEPTED_FETCH_SITES = frozenset({"same-origin", "none"})


class Forged(HandoutsError):
    """A form that did not come from this app's own page; the message says why (never what it said)."""


def _secret(app: Flask) -> bytes:
    return app.extensions["handouts.csrf"]  # type: ignore[no-any-return]


def _mac(secret: bytes, issued: int, session: str) -> str:
    return hmac.new(secret, f"handouts-form:{issued}:{session}".encode(), hashlib.sha256).hexdigest()[:32]


def _session(session: str | None) -> str:
    """The session a token is bound to: as given, else this request's (none outside a request)."""
    if session is not None:
        return session
    return auth.form_binding() if has_request_context() else ""


def issue(app: Flask | None = None, now: float | None = None, session: str | None = None) -> str:
    """A token for one form: when it was issued, and a MAC of that and of the session it is for."""
    issued = int(clock.now(app) if now is None else now)
    return f"{issued}.{_mac(_secret(app or current_app), issued, _session(session))}"


def token_is_valid(token: str, app: Flask | None = None, now: float | None = None,
                   session: str | None = None) -> bool:
    """Whether `token` was issued by this run of the app, within MAX_AGE, to this session (default: the request's)."""
    issued_text, _, mac = token.partition(".")
    if not issued_text.isdigit() or len(issued_text) > 12:
        return False
    issued = int(issued_text)
    age = (clock.now(app) if now is None else now) - issued
    expected = _mac(_secret(app or current_app), issued, _session(session))
    return hmac.compare_digest(mac.encode(), expected.encode()) and -60 <= age <= MAX_AGE


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


BEHIND_AN_UNNAMED_PROXY = N_(
    "the page was opened over https but the form reached the app over http: whoever looks after handouts "
    "should name the proxy's address in handouts.toml ([serve] proxy), so that the app believes it")
"""The same site but for its scheme: a TLS proxy the configuration does not name. Still refused (the app
cannot tell this from a forgery), but the page and the log say what to fix."""


def _other_site(origin: str, own: str) -> str:
    return BEHIND_AN_UNNAMED_PROXY if own.startswith("http://") and origin == "https://" + own[len("http://"):] \
        else N_("the form was sent from another site")


def check(req: Request) -> None:
    """Raise Forged unless `req` came from one of this app's own pages."""
    own = f"{req.scheme}://{req.host}".lower()
    site = req.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ACCEPTED_FETCH_SITES:
        raise Forged(N_("the browser says the form was sent from another site") if site == "cross-site"
                     else N_("the browser says the form was sent from a related site"))
    origin = req.headers.get("Origin")
    if origin is not None:
        if origin == "null":
            if site != "same-origin":
                raise Forged(N_("the form was sent from a page whose origin is hidden"))
        elif origin.lower() != own:
            raise Forged(_other_site(origin.lower(), own))
    referer = req.headers.get("Referer")
    if referer is not None and _origin_of(referer) != own:
        raise Forged(_other_site(_origin_of(referer) or "", own))
    token = req.form.get(FIELD, "")
    if not token_is_valid(token) and not (req.endpoint == "auth.login" and token_is_valid(token, session="")):
        # (a sign-in page served before this browser signed in, in another tab or one Back returns to, is this
        # app's own: its token is bound to no one, as every sign-in page's is)
        raise Forged(N_("the form carries no valid token from this app: it did not come from this app's own "
                        "page in this session, or the page is older than the server (the server was restarted), "
                        "than your sign-in, or a day"))


DOCUMENT_ENDPOINTS = frozenset({"documents.patient", "documents.clinician", "diets.sheet",
                                "fhir.document_reference_download"})
"""Links that hand out a document, each one audit line: another site may open them, not load them unseen."""


def embedded_from_another_site(req: Request) -> bool:
    """A request another site's page made without the user going there: an image, a frame, a script's fetch.

    A link from the EHR opened in the browser is a top-level navigation and passes; so does a
    browser that sends no Fetch metadata. Otherwise any page a clinician has open could have their
    browser fetch documents by the hundred: each costs a render and writes an audit line in their
    name (a proxy that signs users in may answer for them whatever site asks).
    """
    site = req.headers.get("Sec-Fetch-Site")
    if site is None or site in ACCEPTED_FETCH_SITES:
        return False
    return not (req.headers.get("Sec-Fetch-Mode") == "navigate" and req.headers.get("Sec-Fetch-Dest") == "document")


def install(app: Flask) -> None:
    """A secret for this run of the app, the token for templates, and the check before every form."""
    app.extensions["handouts.csrf"] = secrets.token_bytes(32)
    app.jinja_env.globals["csrf_token"] = issue

    @app.before_request
    def refuse_forged() -> tuple[str, int] | None:
        if request.method in SAFE_METHODS:
            if request.endpoint in DOCUMENT_ENDPOINTS and embedded_from_another_site(request):
                log.warning("refused %s %s: a document loaded by another site's page", request.method, request.path)
                return pages.error_page(403, gettext("Refused: another site asked for this document"), [
                    gettext("Nothing was made or printed. Open the document from this app's page, or follow "
                            "the link to it.")], back="/")
            return None
        try:
            check(request)
        except Forged as exc:
            log.warning("refused %s %s: %s", request.method, request.path, exc)  # why, never what was sent
            return pages.error_page(403, gettext("Refused: this form did not come from this app's page"), [
                gettext("Nothing was made or printed: %(reason)s.", reason=gettext(str(exc))),
                gettext("If you were using this app, reload its page and send the form again."),
            ], back="/")
        return None
