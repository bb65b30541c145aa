"""Run the app: a local server whose log never shows what a patient's form said."""

from __future__ import annotations

import ipaddress
import logging
import sys
from pathlib import Path
from urllib.parse import urlsplit

from werkzeug.serving import WSGIRequestHandler, make_server

from handouts.web.app import create_app

LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


class QuietRequestHandler(WSGIRequestHandler):
    """Logs method, path and status only: no query string, no body, no error text."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = urlsplit(self.path or "").path
        self.log("info", '"%s %s" %s', self.command, path, getattr(code, "value", code))

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


def warm_up(app: object) -> None:
    """Load every topic and render one PDF, so the first click is as fast as the rest.

    Content that cannot be used is reported here, once, and listed on the index
    page; the app serves everything else.
    """
    from handouts import documents
    from handouts.web.context import State

    st: State = app.extensions["handouts"]  # type: ignore[attr-defined]
    entries = st.catalogue.entries()
    for entry in entries:
        if entry.topic is None:
            print(f"warning: topic '{entry.id}' is unavailable: {entry.problems[0]}", file=sys.stderr)
    for plan_id, plan, problems in st.catalogue.plans():
        if plan is None:
            print(f"warning: diet plan '{plan_id}' is unavailable: {problems[0]}", file=sys.stderr)
    for broken in st.catalogue.broken():
        print(f"warning: {broken.what} is unavailable: {broken.problems[0]}", file=sys.stderr)
    if st.catalogue.default_brand != st.catalogue.chosen_brand:
        print(f"warning: using letterhead '{st.catalogue.default_brand}' until "
              f"'{st.catalogue.chosen_brand}' is fixed", file=sys.stderr)
    ready = [e for e in entries if e.topic is not None]
    if not ready:
        return
    for audience in ("patient", "clinician"):
        try:
            inputs = st.catalogue.inputs(ready[0].id)
            documents.render_bytes(documents.build_view(audience, inputs, None, st.context()), "pdf")
        except Exception as exc:  # the page will say what is wrong when someone asks for it
            print(f"warning: warm-up render of {ready[0].id} ({audience}) failed: {type(exc).__name__}",
                  file=sys.stderr)


def serve(host: str = "127.0.0.1", port: int = 8000, data_dir: Path | None = None, brand: str = "default") -> None:
    """Serve until Ctrl-C. Raises UsageError for a bad data folder or brand."""
    local = is_local(host)
    trusted = ["localhost", "127.0.0.1", "::1", "[::1]"] if local else None
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
    server = make_server(host, port, app, threaded=True, request_handler=QuietRequestHandler)
    print("handouts: getting ready (loading topics, warming the renderer)...", file=sys.stderr)
    warm_up(app)
    shown = f"[{host}]" if ":" in host else host
    print(f"handouts: serving on http://{shown}:{server.server_port}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
