"""Who is using the app: a login from the practice's user file, or the user a trusted proxy names.

On this computer alone (a loopback address) with neither configured, there is
no login, as before. Bound beyond loopback, `handouts serve` refuses to start
without one (handouts.web.server). Either way, once configured:

- User file (`[serve] users`): a sign-in page; a correct name and password give
  a session cookie holding the name, when it was issued (by the server's clock,
  handouts.web.clock, which the wall clock's steps do not move) and an HMAC of both
  (and of the user's password hash) under a secret made when the app starts;
  the server keeps nothing but the sessions Sign out ended and when each session
  was last used (handouts.web.idle).
  It lasts SESSION_HOURS, ends with Sign out (on the server too: a copied cookie
  stops working), after `[serve] idle_minutes` without use (a consulting room's
  computer is shared: the next clinician finds the sign-in page, not the last
  one's session), with a restart, with a new password, or when the user is
  removed from the file. Repeated failures make a name (and the browser's
  address: behind the proxy, the one it forwards) wait before it may try
  again (handouts.web.throttle).
- Proxy (`[serve] proxy` and `user_header`): the user a reverse proxy says it
  authenticated, believed only on requests that come from the proxy's own
  address (handouts.web.proxy). A request from elsewhere falls back to the
  user file, or is refused when there is none.

The sign-in form carries the form token like every other form (handouts.web.csrf);
every token is bound to the session it was issued in (form_binding).
No password, and nothing typed into the app's forms, is ever logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import re
import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Blueprint, Flask, Response, current_app, g, redirect, render_template, request, url_for

from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from handouts.patterns import UNSAFE_IN_A_LOG_LINE
from handouts.users import NAME, UserFile
from handouts.web import clock, pages
from handouts.web.idle import DEFAULT_MINUTES, Activity
from handouts.web.proxy import FROM_PROXY, PROXY_USER, client_address
from handouts.web.throttle import BUSY_RETRY_SECONDS, LogQuota, PasswordChecks, SignInThrottle, address_key
from handouts.web.words import gettext as _
from handouts.web.words import ngettext

log = logging.getLogger("handouts.web")

COOKIE = "handouts-session"
SESSION_HOURS = 12
SIGNED_OUT_CLEARS = '"cache", "storage"'
"""Clear-Site-Data on Sign out: this browser's copies of the app's pages (the back-forward cache could show the
last patient's form again on Back) and any storage of the site. Not "cookies": a browser clears those for the
whole registered domain (every other app of the practice's domain signed out too) and with them the room's page
language and letterhead; the session's own cookie is ended by name."""
OPEN_ENDPOINTS = frozenset({"auth.login", "static"})
"""What a browser may fetch before signing in: the sign-in page and its stylesheet and icon."""
IDLE = "idle"
"""The sign-in page's `why` when a session ended for want of use: it says so."""
_PROXY_NAME = re.compile(rf"^(?:(?!{UNSAFE_IN_A_LOG_LINE})[^,]){{1,128}}$")
"""A user the proxy names: no control, line or bidi character, which would disguise who printed in the audit log;
no comma: a header that came twice reaches the app joined ('mallory, alice'), as when a proxy adds its own to
the one the browser sent rather than replacing it, and the audit log named that 'user'."""
_NONCE = re.compile(r"[0-9a-f]{16}")

bp = Blueprint("auth", __name__)


@dataclass(frozen=True)
class Login:
    """What identifies a user: a user file, a trusted proxy's header, or both."""

    users: UserFile | None = None
    proxy_header: str | None = None
    idle_minutes: int = DEFAULT_MINUTES
    """A user file's session ends after this many minutes without use (0: only after SESSION_HOURS).
    A user the proxy names is the proxy's to sign out."""

    def describe(self) -> str:
        ways = ([f"users from {self.users.path}"] if self.users else []) + (
            [f"the {self.proxy_header} header from the proxy"] if self.proxy_header else [])
        idle = (f" (signed out after {self.idle_minutes} minutes without use)" if self.users and self.idle_minutes
                else "")
        return " or ".join(ways) + idle


def _login() -> Login:
    return current_app.extensions["handouts.login"]  # type: ignore[no-any-return]


def _mac(name: str, issued: int, nonce: str) -> str:
    """Under the app's secret, over the name, the time, the session's nonce and the user's stored password
    hash: a new password (`handouts users add` again) ends every session made with the old one."""
    secret: bytes = current_app.extensions["handouts.session-secret"]
    users = _login().users
    stored = (users.users().get(name) or "") if users is not None else ""
    return hmac.new(secret, f"handouts-session:{name}:{issued}:{nonce}:{stored}".encode(),
                    hashlib.sha256).hexdigest()


def session_token(name: str, now: float | None = None) -> str:
    """A new session's cookie. The nonce makes every sign-in a session of its own, even two in one second
    (the form tokens are bound to it, and Sign out must not end a later session)."""
    issued = int(clock.now() if now is None else now)
    nonce = secrets.token_hex(8)
    token = f"{name}|{issued}|{nonce}|{_mac(name, issued, nonce)}"
    _activity().start(token)
    return token


def session_user(token: str, now: float | None = None, *, use: bool = False) -> str | None:
    """The user a session cookie names, if it is ours and still fresh (`use`: this request is a use of it)."""
    return _session(token, now, use)[0]


def _session(token: str, now: float | None, use: bool) -> tuple[str | None, bool]:
    """(the user a session cookie names if it is ours and still fresh, whether it is ours but was left unused
    too long: the page then says why its user was signed out)."""
    parts = token.split("|")
    if len(parts) != 4:
        return None, False
    name, issued_text, nonce, mac = parts
    if not NAME.match(name) or not issued_text.isdigit() or len(issued_text) > 12 or not _NONCE.fullmatch(nonce):
        return None, False
    age = (clock.now() if now is None else now) - int(issued_text)
    if not hmac.compare_digest(mac.encode(), _mac(name, int(issued_text), nonce).encode()):
        return None, False
    if _signed_out().ended(token) or not -60 <= age <= SESSION_HOURS * 3600:
        return None, False
    if not _activity().fresh(token, use=use):
        return None, True
    return name, False


class SignedOut:
    """Sessions ended by Sign out, kept (in memory) until they would have expired anyway: a copy of
    the cookie, taken from the browser or the wire, stops working when its user signs out.

    At most MAX_SESSIONS are kept one by one. Past that (a user signing in and out by the hundred
    thousand), Sign out fails safe: it ends every session of that user issued until then, rather
    than leave the one signed out working."""

    MAX_SESSIONS = 100_000

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._until: dict[str, float] = {}
        self._user_before: dict[str, tuple[int, float]] = {}  # user → (issued up to, kept until)
        self._lock = threading.Lock()

    def end(self, token: str, now: float | None = None) -> None:
        now = self.clock() if now is None else now
        kept_until = now + SESSION_HOURS * 3600 + 60
        with self._lock:
            self._until = {t: u for t, u in self._until.items() if u > now}
            self._user_before = {n: c for n, c in self._user_before.items() if c[1] > now}
            if len(self._until) < self.MAX_SESSIONS:
                self._until[token] = kept_until
                return
            name, issued = token.split("|")[:2]
            self._user_before[name] = (max(int(issued), self._user_before.get(name, (0, 0.0))[0]), kept_until)

    def ended(self, token: str) -> bool:
        name, issued = token.split("|")[:2]
        with self._lock:
            cutoff = self._user_before.get(name)
            return token in self._until or (cutoff is not None and int(issued) <= cutoff[0])


def _signed_out() -> SignedOut:
    return current_app.extensions["handouts.signed-out"]  # type: ignore[no-any-return]


def _activity() -> Activity:
    return current_app.extensions["handouts.activity"]  # type: ignore[no-any-return]


def _a_use() -> bool:
    """Whether this request counts as using the session: not the stylesheets, fonts and logos a page pulls
    in (a page left open may fetch them again), nor the sign-in page."""
    endpoint = request.endpoint or ""
    return endpoint not in OPEN_ENDPOINTS and not endpoint.startswith("assets.")


def current_user() -> str | None:
    """The signed-in user of this request (None where there is no login)."""
    return g.get("user")


def _identify(login: Login) -> tuple[str | None, str]:
    """The user of this request and the session its form tokens are bound to ('' for no one)."""
    proxied = request.environ.get(PROXY_USER)
    if login.proxy_header and request.environ.get(FROM_PROXY) and proxied:
        if _PROXY_NAME.match(proxied):
            return str(proxied), f"proxy-user:{proxied}"  # the proxy keeps the session: bound to its user
        g.proxy_name_refused = True
    token = request.cookies.get(COOKIE)
    if login.users is not None and token:
        name, g.idle_ended = _session(token, None, _a_use())
        if name and login.users.exists(name):
            return name, f"session:{token}"  # only ever MACed (handouts.web.csrf), never shown
    return None, ""


def form_binding() -> str:
    """What this request's form tokens are bound to (handouts.web.csrf): its signed-in session, the user
    the proxy names, or '' where no one is signed in (no login: this computer alone; or the sign-in page)."""
    login = current_app.extensions.get("handouts.login")
    if login is None:
        return ""
    if "form_binding" not in g:
        g.user, g.form_binding = _identify(login)
    return str(g.form_binding)


NOT_PAGES = frozenset({"auth.login", "auth.logout"})
"""Endpoints a browser sent to after signing in would not show (a sign-out, or the sign-in page again)."""


def _safe_next(target: str | None) -> str:
    """Only a page on this site: never another host (an open redirect), nor an address a browser's GET
    cannot show (`next=/logout` landed on a 405 page after signing in): the home page instead."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("topics.index")
    parts = urlsplit(target)
    if parts.netloc or parts.scheme or not _a_page(parts.path):
        return url_for("topics.index")
    return parts.path + _infobutton_query(parts.path, parse_qsl(parts.query, keep_blank_values=True))


def _a_page(path: str) -> bool:
    """Whether a GET of this path is a route of the app's that shows something (not one it only posts to)."""
    try:
        endpoint, _args = current_app.url_map.bind("localhost").match(path, method="GET")
    except RequestRedirect:  # the same page, its address tidied (a trailing slash)
        return True
    except HTTPException:  # no such route, or not one a GET may follow
        return False
    return endpoint not in NOT_PAGES


def _infobutton_query(path: str, pairs: Iterable[tuple[str, str]]) -> str:
    """An EHR's infobutton link is all query: keep its own parameters through sign-in, else the
    clinician signs in to a 400. Only the parameters the infobutton answers to (codes, names, the
    reader, the format), never one about the patient, which it refuses anyway, nor the context it
    ignores (the EHR's account and certificate text among it)."""
    from handouts.web.routes.infobutton import kept_through_sign_in

    if path != url_for("infobutton.infobutton"):
        return ""
    kept = kept_through_sign_in(pairs)
    return "?" + urlencode(kept) if kept else ""


def _require_login() -> Response | tuple[str, int] | None:
    login = _login()
    g.user, g.form_binding = _identify(login)
    if g.user is not None or request.endpoint in OPEN_ENDPOINTS:
        return None
    if login.users is None:  # the proxy is the only way in
        if request.environ.get(FROM_PROXY) and g.get("proxy_name_refused"):
            # never the header's value: it may be whatever a browser sent
            log.warning("refused %s %s: the proxy's %s header names no one user (it came twice, or holds a comma, "
                        "a control or a bidi character)", request.method, request.path, login.proxy_header)
            return pages.error_page(401, _("Not signed in"), [
                _("The proxy's %(header)s header does not name one user: it came more than once, or holds "
                  "characters no user name has. Ask whoever looks after handouts to check that the proxy replaces "
                  "this header rather than adding to it.", header=login.proxy_header)])
        if request.environ.get(FROM_PROXY):
            return pages.error_page(401, _("Not signed in"), [
                _("The proxy did not say who you are (no %(header)s header). Ask whoever looks after "
                  "handouts to check the proxy's configuration.", header=login.proxy_header)])
        return pages.error_page(403, _("Use the practice's address"), [
            _("This app is reached through the practice's proxy, which signs you in. Use the address you were "
              "given.")])
    idle = bool(g.get("idle_ended"))
    if request.endpoint == "auth.logout":  # already signed out (in another tab, or the session ended): done
        return _sign_out_answer(redirect(url_for("auth.login", **({"why": IDLE} if idle else {}))))
    if request.method == "GET":
        # a path only (an address never holds patient details), and the infobutton's own parameters
        target = request.path + _infobutton_query(request.path, request.args.items(multi=True))
        response = redirect(url_for("auth.login", next=target, **({"why": IDLE} if idle else {})))
        return _sign_out_answer(response) if idle else response
    if idle:  # what was typed came in this request: it is not kept (never on the server) nor shown again
        minutes = _activity().minutes
        page, status = pages.error_page(401, _("Signed out"), [
            ngettext("You were signed out after %(num)s minute without use, so nothing was made.",
                     "You were signed out after %(num)s minutes without use, so nothing was made.", minutes),
            _("What was typed into the form was not kept: on a shared computer, the next person must not see "
              "it. Sign in again, then fill in the form again.")],
            back=url_for("auth.login", next=_form_page()))
        return _sign_out_answer(Response(page, status, mimetype="text/html"))
    return pages.error_page(401, _("Not signed in"), [
        _("Your session has ended, so nothing was made. Sign in again, then send the form again.")],
        back=url_for("auth.login"))


def _form_page() -> str:
    """The page a refused form was sent from (the browser says so for this site's own pages), to sign in back to."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return url_for("topics.index")
    return _safe_next(referrer.path or None)


def _cookie(response: Response, value: str, max_age: int) -> Response:
    response.set_cookie(COOKIE, value, max_age=max_age, path="/", httponly=True, samesite="Lax",
                        secure=request.is_secure)
    return response


def _log_refused(kind: str, message: str, client: str) -> None:
    """A sign-in refused without a password check, logged within the quota (a flood is a line a minute)."""
    held = current_app.extensions["handouts.signin-log"].due(kind)
    if held is not None:
        log.warning(message + ("; %d more like it since the last such line" if held else ""), client,
                    *([held] if held else []))


def _sign_in_page(target: str, *, failed: bool = False, name: str = "", wait_minutes: int = 0,
                  idle_minutes: int = 0) -> str:
    """The sign-in page. Sessions that end when idle mean the room's computer is shared (handouts.web.idle):
    its browser is then asked not to offer the last clinician's name nor to keep passwords, and the page says
    to refuse saving one. With idle_minutes = 0 a computer is its clinician's own: their password manager helps."""
    return render_template("login.html.j2", next=target, failed=failed, name=name, wait_minutes=wait_minutes,
                           idle_minutes=idle_minutes, shared=_activity().enabled)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int] | tuple[str, int, dict[str, str]]:
    target = _safe_next(request.values.get("next"))
    users = _login().users
    if users is None:  # a proxy signs users in: nothing to do here
        return redirect(target)
    if users.problems:  # edited into something else while serving: the server's log says what (UserFile)
        return pages.error_page(503, _("Sign-in is unavailable"), [
            _("The practice's list of users has a problem, so no one can sign in. Ask whoever looks after "
              "handouts: the server's log says what to fix.")])
    if request.method != "POST":  # HEAD too (a link checker's): no form check ran (csrf), so it is never a sign-in
        idle = _activity().minutes if request.args.get("why") == IDLE and _activity().enabled else 0
        return _sign_in_page(target, idle_minutes=idle), 200
    name = (request.form.get("name") or "").strip()[:64]
    password = request.form.get("password") or ""
    shown = name if NAME.match(name) else ""
    throttle: SignInThrottle = current_app.extensions["handouts.signin-throttle"]
    client = client_address(request.environ)
    # Behind the proxy, the browser's address it forwards; never the proxy's own, which every browser shares
    # (one user's typos would lock the whole practice out).
    keys = [("name", name)] + ([address_key(client)] if client else [])
    shown_client = client or f"{request.remote_addr} (the proxy: it forwarded no client address)"
    # a name's wait does not hold up a browser that has signed in as that name before: else anyone could keep a
    # clinician out by failing under their name (its own address's failures still make it wait)
    wait = throttle.wait(keys[1:] if throttle.known(name, client) else keys)
    if wait > 0:  # no password is checked: guessing gains nothing by trying faster
        _log_refused("waiting", "sign-in refused from %s: too many failures", shown_client)
        return _sign_in_page(target, failed=True, name=shown, wait_minutes=max(1, math.ceil(wait / 60))), 429
    checks: PasswordChecks = current_app.extensions["handouts.password-checks"]
    checked = checks.run(lambda: bool(NAME.match(name)) and users.verify(name, password))
    if checked is None:  # a flood of sign-ins: answered now, holding no thread the rooms' prints need
        _log_refused("busy", "sign-in turned away from %s: too many sign-ins at once", shown_client)
        body, status = pages.error_page(503, _("Sign-in is busy"), [
            _("Too many sign-ins are being checked at this moment. Wait a few seconds, then sign in again.")],
            back=url_for("auth.login", next=target))
        return body, status, {"Retry-After": str(BUSY_RETRY_SECONDS)}
    ok = checked
    if ok:
        # a name still waiting was failed under elsewhere: this sign-in does not give its guesser a fresh start
        throttle.succeeded(keys if throttle.wait(keys[:1]) <= 0 else keys[1:], name, client)
        log.info("signed in: %s", name)
        return _cookie(redirect(target), session_token(name), SESSION_HOURS * 3600)
    throttle.failed(keys)
    log.warning("failed sign-in from %s", shown_client)  # never the name typed: it may be a password
    return _sign_in_page(target, failed=True, name=shown), 401


@bp.post("/logout")
def logout() -> Response:
    token = request.cookies.get(COOKIE)
    if token and session_user(token):
        _signed_out().end(token)
        _activity().forget(token)
    return _sign_out_answer(redirect(url_for("auth.login")))


def _sign_out_answer(response: Response) -> Response:
    """Sign out's answer, and the answer that says a session ended for want of use (a shared computer's
    signing out): the session cookie ended, and what the browser keeps of the site cleared."""
    response.headers["Clear-Site-Data"] = SIGNED_OUT_CLEARS
    return _cookie(response, "", 0)


def install(app: Flask, login: Login | None) -> None:
    """The sign-in page, and the check before every request, when there is a login; the user for templates always."""
    # Sign out ends a session this app made; a user the proxy names signs out at the proxy.
    # With a login the app serves a clinic (behind a proxy, or beyond this computer): the footer must not
    # say it runs on this computer only.
    app.context_processor(lambda: {"current_user": current_user(), "serves_others": login is not None,
                                   "can_sign_out": bool(login and login.users and COOKIE in request.cookies),
                                   "idle_seconds": _idle_seconds()})
    if login is None:
        return
    app.extensions["handouts.login"] = login
    app.extensions["handouts.session-secret"] = secrets.token_bytes(32)
    app.extensions["handouts.signin-throttle"] = SignInThrottle()
    app.extensions["handouts.password-checks"] = PasswordChecks()
    app.extensions["handouts.signin-log"] = LogQuota()
    app.extensions["handouts.signed-out"] = SignedOut(partial(clock.now, app))
    app.extensions["handouts.activity"] = Activity(login.idle_minutes, partial(clock.now, app))
    app.register_blueprint(bp)
    app.before_request(_require_login)


def _idle_seconds() -> int:
    """For the page's script: after this long unused, the page puts away what it shows (app.js) and the
    next page is the sign-in page. 0 where no session of ours can end so (no login, or the proxy's user)."""
    if "handouts.activity" not in current_app.extensions or not str(g.get("form_binding", "")).startswith("session:"):
        return 0
    return _activity().minutes * 60
