"""Run the app: a local server whose log never shows what a patient's form said."""

from __future__ import annotations

import ipaddress
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from werkzeug.serving import WSGIRequestHandler, make_server

from handouts.web.app import create_app

LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


class QuietRequestHandler(WSGIRequestHandler):
    """Logs method, path and status only: no query string, no body, no error text."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # A request line that could not be parsed leaves no path (werkzeug's
        # __getattr__ then raises) and no command: log what there is, never the line.
        path = urlsplit(getattr(self, "path", None) or "").path or "-"
        command = getattr(self, "command", None) or "-"
        self.log("info", '"%s %s" %s', command, path, getattr(code, "value", code))

    def parse_request(self) -> bool:
        # HTTP/0.9 ("GET /" alone) has no status line and no headers, so no Host
        # to check: nobody speaks it now, so it is a bad request like any other.
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":
            self.send_error(400, "HTTP/0.9 is not supported")
            return False
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # http.server answers a line it cannot parse in HTTP/0.9 form, a bare page
        # without a status line; answer it as HTTP/1.0 so the client sees the 400.
        if getattr(self, "request_version", "HTTP/0.9") == "HTTP/0.9":
            self.request_version = "HTTP/1.0"
        super().send_error(code, message, explain)

    def log_error(self, format: str, *args: object) -> None:  # noqa: A002 (werkzeug's name)
        # werkzeug's messages here quote the raw request line, which may carry a query string
        self.log("error", "bad request from client (%s)", self.command or "-")


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
    """Load every topic and render the first one that loads, so the first click is as fast as the rest.

    Never raises: the server still starts (a page says what is wrong when someone asks for it), but
    every topic that does not load and every render that fails is returned, for a warning now.
    """
    from handouts import documents
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
    topic_id = loaded[0].id
    for audience in ("patient", "clinician"):
        try:
            inputs = st.catalogue.inputs(topic_id)
            documents.render_bytes(documents.build_view(audience, inputs, None, st.context()), "pdf")
        except Exception as exc:  # the page will say what is wrong when someone asks for it
            failures.append(f"rendering {topic_id} ({audience}) failed: {_reason(exc)}")
        else:
            rendered.append(f"{topic_id} ({audience})")
    return WarmUp(tuple(rendered), tuple(failures))


def build_server(host: str, port: int, app: object) -> object:
    """The listening server `serve` runs (port 0: any free port); tests start the same one."""
    return make_server(host, port, app, threaded=True, request_handler=QuietRequestHandler)  # type: ignore[arg-type]


def serve(host: str = "127.0.0.1", port: int = 8000, data_dir: Path | Sequence[Path] | None = None,
          brand: str = "default") -> None:
    """Serve until Ctrl-C. Raises UsageError for a bad data folder or brand."""
    local = is_local(host)
    trusted = ["localhost", "127.0.0.1", "::1", host] if local else None
    app = create_app(data_dir, brand, trusted_hosts=trusted)
    log = logging.getLogger("handouts.web")  # only our own logger: libraries keep their levels
    if not log.handlers:
        log.addHandler(logging.StreamHandler(sys.stderr))
        log.setLevel(logging.INFO)
    if not local:
        print(
            f"warning: serving on {host}, not only on this computer. handouts serve has no login and no "
            "encryption: anyone who can reach this address can use it and read what is sent. "
            "Use the default (127.0.0.1) unless the network is private to you.",
            file=sys.stderr,
        )
    # bind first: a port that is taken is reported at once, before the warm-up
    server = build_server(host, port, app)
    print("handouts: getting ready (loading topics, warming the renderer)...", file=sys.stderr)
    for failure in warm_up(app).failures:
        print(f"warning: warm-up: {failure}", file=sys.stderr)
    shown = f"[{host}]" if ":" in host else host
    print(f"handouts: serving on http://{shown}:{server.server_port}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
