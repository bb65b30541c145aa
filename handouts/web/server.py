"""Run the app: waitress, a production WSGI server, whose log never shows what a patient's form said.

Why waitress: pure Python (no compiler, runs on the Windows and Mac machines
practices have as well as Linux), kept up by the Pylons project, threads
rather than forks (the render pool in handouts/web/pool.py does the CPU work in
processes of its own), and it tells the app when a browser goes away
(`waitress.client_disconnected`), so a cancelled request stops its render.
werkzeug's development server, used before, says itself it is not for
production and has no way to notice a client that left.

Patient details travel only in request and response bodies. waitress would
spool a large body to a temporary file: the limits below keep every body in
memory (a form is refused above a few tens of kilobytes anyway). waitress
writes no access log; the app's own (RequestLog) has method, path and status.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.errors import UsageError, display_path
from handouts.serve_config import ServeConfig
from handouts.users import UserFile
from handouts.web.app import MAX_FORM_BYTES, create_app
from handouts.web.audit import Audit
from handouts.web.auth import Login
from handouts.web.doccache import DocumentCache
from handouts.web.pool import RenderPool
from handouts.web.proxy import ProxyTrust
from handouts.web.rendering import Renderers

LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
EXTRA_THREADS = 16
"""Server threads beyond the render workers. A request waiting for a free worker holds a thread
(cheaply: it sleeps), so with this many to spare pages, stylesheets and cached documents are
answered at once even while a dozen renders queue. Sign-in takes at most
handouts.web.throttle's CONCURRENT_CHECKS + WAITING_CHECKS of them, however many attempts arrive."""

IDLE_CONNECTION_SECONDS = 30
"""A connection with no request under way that sends and takes nothing this long is closed (waitress's
channel_timeout; its default, 120). waitress serves at most 100 connections at once (connection_limit),
so 100 that each sent a request line and headers and then waited locked a bare LAN server out for two
minutes. Nothing a clinician waits for is cut: waitress never closes a connection whose request is under
way (a render holds it as long as it takes, up to `timeout`), and a PDF being sent is activity each time
the browser takes some of it. Only a connection left idle goes; a browser opens another for its next
request. (A client sending a byte now and then keeps its connection: the reverse proxy in front of a
clinic's server, README "Serving a whole clinic", bounds how long headers may take.)"""
CLEANUP_SECONDS = 10
"""How often waitress looks for idle connections (its default, 30): one idle 30 s is closed within 40."""

log = logging.getLogger("handouts.web")


METHODS = frozenset({"GET", "HEAD", "POST", "OPTIONS"})
PROTOCOLS = frozenset({"HTTP/1.0", "HTTP/1.1"})


class RequestLog:
    """WSGI middleware: one line per request with method, path and status only (no query string, no body).

    A request line no browser sends (an unknown method, a path that is not one, HTTP/0.9 or
    another version) is answered 400 before the app sees it; waitress takes some of them for
    HTTP/1.0.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]]):
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "")
        path = environ.get("PATH_INFO") or ""
        if (method not in METHODS or environ.get("SERVER_PROTOCOL") not in PROTOCOLS
                or not (path.startswith("/") or (environ.get("SCRIPT_NAME") and not path))):
            log.info('"%s" 400 (not a request a browser sends)', method[:16] if method.isalpha() else "-")
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Bad request\n"]

        shown = path.encode("latin-1", "replace").decode("utf-8", "replace")  # WSGI's bytes-as-latin-1, as text

        def logged(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            log.info('"%s %s" %s', method, shown or "/", status.split(" ", 1)[0])  # escaped: handouts.web.logline
            return start_response(status, headers, exc_info)

        return self.app(environ, logged)


class Server:
    """waitress serving the app on one address, with the few methods `serve` and the tests use."""

    def __init__(self, host: str, port: int, app: Callable[..., Iterable[bytes]], threads: int = EXTRA_THREADS):
        from waitress.server import create_server

        self._stopped = threading.Event()
        self._stopped.set()
        self._server = create_server(
            RequestLog(app), host=host, port=port, threads=max(1, threads), ident="handouts",
            channel_request_lookahead=1,  # lets the app see a client that went away (client_disconnected)
            clear_untrusted_proxy_headers=False,  # forwarded headers are the app's business (handouts.web.proxy)
            max_request_body_size=4 * MAX_FORM_BYTES,  # answered 413 by waitress above this, never read
            inbuf_overflow=4 * MAX_FORM_BYTES + 1,  # ... so a request body is never spooled to disk
            outbuf_overflow=512 * 1024 * 1024,  # nor a response (a PDF with a patient's name)
            channel_timeout=IDLE_CONNECTION_SECONDS, cleanup_interval=CLEANUP_SECONDS,
            expose_tracebacks=False,
        )

    @property
    def server_port(self) -> int:
        return int(self._server.effective_port)  # type: ignore[union-attr]

    def serve_forever(self) -> None:
        self._stopped.clear()
        try:
            self._server.run()
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop serve_forever (from another thread) and wait until it has returned.

        The request threads stop first (a running request may finish, for a few seconds), so
        none of them writes to a connection or wakes the loop after it is closed; then the
        loop itself closes every socket, in its own thread, and returns.
        """
        from waitress import wasyncore

        server = self._server
        server.task_dispatcher.shutdown(timeout=5)  # type: ignore[union-attr]
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))  # type: ignore[union-attr]
        self._stopped.wait(10)

    def server_close(self) -> None:
        """Close whatever is still open (after serve_forever returned, or if it never ran)."""
        from waitress import wasyncore

        self._server.task_dispatcher.shutdown(timeout=5)  # type: ignore[union-attr]
        wasyncore.close_all(self._server._map)  # type: ignore[union-attr]


def is_local(host: str) -> bool:
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class WarmUp:
    """What the warm-up did, so the server can say what will be slow or broken before anyone clicks."""

    rendered: tuple[str, ...] = ()
    """'topic (audience)' for each document rendered."""
    failures: tuple[str, ...] = ()
    """One line each; the warm-up uses no personalisation, so none holds patient details."""

    @property
    def ok(self) -> bool:
        return not self.failures


def _reason(exc: BaseException) -> str:
    """`Type: first line of the message`, short enough for one terminal line."""
    lines = str(exc).strip().splitlines()
    first = lines[0] if lines else ""
    if len(first) > 160:
        first = first[:157] + "..."
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _unavailable(what: str, problems: tuple[str, ...]) -> str:
    """One line: what does not load, and its first located problem (the start page lists them all)."""
    return f"{what} does not load ({len(problems)} problem(s), listed on the start page): {problems[0]}"


def warm_up(app: object) -> WarmUp:
    """Load every topic and render the first one that loads, so the first click is as fast as the rest:
    its handout as the form prints it unchanged and its clinician brief, kept in the document cache, so
    the first print of either is answered from there.

    Never raises: the server still starts (a page says what is wrong when someone asks for it), but
    every topic that does not load and every render that fails is returned, for a warning now.
    """
    from handouts.web.context import State

    st: State = app.extensions["handouts"]  # type: ignore[attr-defined]
    failures: list[str] = []
    rendered: list[str] = []
    try:
        entries = st.catalogue.entries()
    except Exception as exc:  # e.g. the data folder became unreadable: report, keep serving
        return WarmUp(failures=(f"loading the topics failed: {_reason(exc)}",))
    for entry in entries:
        if entry.topic is None:
            failures.append(_unavailable(f"topic '{entry.id}'", entry.problems))
    failures.extend(_unavailable(f"diet plan '{plan_id}'", problems)
                    for plan_id, plan, problems in st.catalogue.plans() if plan is None)
    failures.extend(_unavailable(broken.what, broken.problems) for broken in st.catalogue.broken())
    if st.catalogue.default_brand != st.catalogue.chosen_brand:
        failures.append(f"using letterhead '{st.catalogue.default_brand}' until "
                        f"'{st.catalogue.chosen_brand}' loads")
    loaded = [e for e in entries if e.topic is not None]
    if not loaded:
        return WarmUp(failures=tuple(failures))
    # a draft may lack its patient texts (an import being written): its handout is refused, which says
    # nothing about this computer's rendering, so a topic past draft warms the renderer when there is one
    topic_id = next((e.id for e in loaded if e.topic is not None and e.topic.review.status != "draft"), loaded[0].id)
    # what the topic page's form prints sent unchanged (today's visit date), and the brief's link
    links = (("patient", "documents.patient", {"visit_date": st.today().isoformat()}),
             ("clinician", "documents.clinician", {}))
    for audience, endpoint, dated in links:
        try:
            status = _printed_once(app, endpoint, topic_id=topic_id, action="print", **dated)
        except Exception as exc:  # the page will say what is wrong when someone asks for it
            failures.append(f"rendering {topic_id} ({audience}) failed: {_reason(exc)}")
        else:
            if status == 200:
                rendered.append(f"{topic_id} ({audience})")
            else:
                failures.append(f"rendering {topic_id} ({audience}) failed: the app answers {status} "
                                "(its page says why)")
    return WarmUp(tuple(rendered), tuple(failures))


def _printed_once(app: Any, endpoint: str, **args: str) -> int:
    """Make the document a link to `endpoint` prints, through its own route, and return the route's status.

    The route keeps the document in the document cache under the very key its next request looks up,
    so the first click on it is answered at once (a document with patient details it would never keep:
    the warm-up sends none). Asked as a HEAD request (nothing handed out: no audit line) by the server
    itself, so neither the sign-in nor the Host check stands in front: those hooks are not run.
    """
    from flask import url_for

    with app.test_request_context():
        path = url_for(endpoint, **args)
    with app.test_request_context(path, method="HEAD"):
        return int(app.make_response(app.dispatch_request()).status_code)


def rooms_address(host: str, port: int, config: ServeConfig) -> str | None:
    """What the other rooms type, when serving on every address without a proxy: 0.0.0.0 is where the
    server listens, not an address a browser in another room can open. The first of [serve] hosts (the
    app answers to those names alone), else this computer's name. None where the rooms go through a
    proxy, or only this computer is served."""
    import socket

    if config.proxy or host not in ("0.0.0.0", "::", ""):
        return None
    if config.hosts:
        return f"http://{config.hosts[0]}:{port}/"
    return f"http://{socket.gethostname()}:{port}/ (or this computer's address on the practice's network)"


def build_server(host: str, port: int, app: object, threads: int = EXTRA_THREADS) -> Server:
    """The listening server `serve` runs (port 0: any free port); tests start the same one."""
    return Server(host, port, app, threads)  # type: ignore[arg-type]


NO_LOGIN = """refusing to serve on {host} without a login: anyone who can reach this address could print \
with the practice's letterhead and see what is typed. Set one up in the workspace's handouts.toml \
(see the README, "Serving a whole clinic"):

  - a user file: add to handouts.toml
        [serve]
        users = "users.txt"
    then add each user with 'handouts users add NAME' (it asks for the password);
  - or a reverse proxy that signs users in: add
        [serve]
        proxy = "127.0.0.1"            # the proxy's address
        user_header = "X-Remote-User"  # the header it sets to the user's name

Or serve on this computer alone: --host 127.0.0.1 (the default)."""


NO_HOSTS = ("no host names in handouts.toml ([serve] hosts): the app answers to whatever name a request gives, "
            "so the infobutton's answers link by path rather than by whole address. Add the name the rooms and "
            'the EHR use, e.g. hosts = ["handouts.clinic.example"].')


def login_for(config: ServeConfig) -> Login | None:
    """The login the configuration sets up, or None when it names neither a user file nor a proxy's header."""
    users = UserFile(config.users) if config.users else None
    if users is not None:
        users.check()  # a malformed file is reported now, with its line, not at the first sign-in
    if users is None and not config.user_header:
        return None
    return Login(users, config.user_header, config.idle_minutes)


def login_warnings(login: Login | None) -> list[str]:
    """What an IT person should know before the first sign-in: a user file with nobody in it
    (the README's [serve] lines come before `handouts users add`) turns every room away."""
    if login is None or login.users is None or login.proxy_header or login.users.users():
        return []
    return [f"no one can sign in yet: {display_path(login.users.path)} has no users. Add each with "
            "'handouts users add NAME' in the workspace (no restart needed)."]


def account_warnings(serves_others: bool, euid: int | None = None) -> list[str]:
    """Serving a clinic as root: a flaw in any library that reads a request, a logo or a font would be root's."""
    if euid is None:
        euid = os.geteuid() if hasattr(os, "geteuid") else -1
    if euid != 0 or not serves_others:
        return []
    return ["running as root: run handouts serve as a user of its own, one that owns the workspace (the README's "
            "systemd unit has User=handouts)"]


def clock_warnings(zone: str | None, serves_others: bool, machine_zone: str | None = None) -> list[str]:
    """A clinic's server kept on UTC (as servers often are) with no clinic time zone set dates every
    document by UTC's day: a day ahead of a clinic in the Americas from the afternoon on."""
    if zone or not serves_others:
        return []
    if (machine_zone if machine_zone is not None else _machine_zone()) != "UTC":
        return []
    return ["this computer keeps its clock on UTC and handouts.toml names no timezone, so documents are dated "
            "by UTC's day, a day off for part of the day in a clinic elsewhere: add the clinic's zone to "
            'handouts.toml, e.g. timezone = "America/Los_Angeles"']


def _machine_zone() -> str:
    """The zone this computer's own clock shows: 'UTC' on most servers."""
    import time

    return "UTC" if not time.daylight and time.tzname[0] in ("UTC", "UCT", "Universal", "Zulu") else time.tzname[0]


def serve(host: str = "127.0.0.1", port: int = 8000, data_dir: Path | Sequence[Path] | None = None,
          brand: str = "default", config: ServeConfig | None = None, jobs: int | None = None,
          locale: str | None = None, require_catalogue_approval: bool = False,
          timezone: str | None = None) -> None:
    """Serve until Ctrl-C. Raises UsageError for a bad data folder or brand, or a non-local address without a login."""
    config = config or ServeConfig()
    local = is_local(host)
    login = login_for(config)
    if not local and login is None:
        raise UsageError(NO_LOGIN.format(host=host))
    trusted = [*LOCAL_NAMES, host, *config.hosts] if local else (list(config.hosts) or None)
    log = logging.getLogger("handouts.web")  # only our own logger: libraries keep their levels
    if not log.handlers:
        log.addHandler(logging.StreamHandler(sys.stderr))
        log.setLevel(logging.INFO)
    audit = Audit.to_file(config.audit) if config.audit else Audit.to_stderr()
    pool = RenderPool(jobs or config.workers, timeout=config.timeout)
    try:
        renderers = Renderers(pool, DocumentCache(config.cache_mb * 1024 * 1024))
        app = create_app(data_dir, brand, trusted_hosts=trusted, renderers=renderers, audit=audit, login=login,
                         locale=locale, require_catalogue_approval=require_catalogue_approval, timezone=timezone)
        if config.proxy:
            app.wsgi_app = ProxyTrust(app.wsgi_app, config.proxy, config.user_header)  # type: ignore[method-assign]
        if not local:
            print(f"warning: serving on {host}, not only on this computer: the connection is not encrypted. Put "
                  "a TLS reverse proxy in front (the README shows Caddy) unless the network is private to you.",
                  file=sys.stderr)
        if trusted is None:
            print(f"warning: {NO_HOSTS}", file=sys.stderr)
        # bind first: a port that is taken is reported at once, before the warm-up
        server = build_server(host, port, app, pool.size + EXTRA_THREADS)
        print(f"handouts: getting ready (loading topics, starting {pool.size} render worker(s))...", file=sys.stderr)
        for failure in warm_up(app).failures:
            print(f"warning: warm-up: {failure}", file=sys.stderr)
        for warning in [*login_warnings(login), *account_warnings(login is not None or not local),
                        *clock_warnings(timezone, login is not None or not local)]:
            print(f"warning: {warning}", file=sys.stderr)
        shown = f"[{host}]" if ":" in host else host
        signin = f"sign-in: {login.describe()}" if login else "no sign-in (this computer only)"
        print(f"handouts: serving on http://{shown}:{server.server_port}/ ({signin}; Ctrl-C to stop)",
              file=sys.stderr, flush=True)
        if (rooms := rooms_address(host, server.server_port, config)) is not None:
            print(f"handouts: the other rooms' computers open {rooms}", file=sys.stderr, flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    finally:
        pool.close()
