"""One render worker of the web app's pool (handouts.web.pool): a warm renderer, one job at a time.

A job is (what, view): what is "pdf" (the finished document) or "pages" (the
layout alone, for a preview: its page count and what it found, handouts.rendered.LaidOut),
view is the document's view model.
The worker answers ("ok", result) or ("error", kind, message); the parent
turns an error back into the exception the app's error pages know.

Module level imports stay light: the parent imports this module to name the
process target and must not pay for WeasyPrint.
"""

from __future__ import annotations

import importlib
import os
import signal
from collections.abc import Callable
from typing import Any

from handouts import nodump
from handouts.processes import jobs, reply

RUNNER = "handouts.web.pool_worker"
"""The module whose warm() and run(job) a worker uses; tests name their own."""


def warm() -> None:
    """Import WeasyPrint, build the font configuration and read the templates, stylesheets and
    pictograms (handouts.kept_assets) before the first job arrives: read before the worker says
    which install it is (main), so an upgrade made afterwards changes none of its documents."""
    from handouts import kept_assets
    from handouts.render import renderer

    renderer()
    kept_assets.read_now()


def run(job: tuple[str, Any]) -> Any:
    """The job's result: the Rendered PDF, or the layout's LaidOut (pages and warnings)."""
    from handouts import documents

    what, view = job
    if what == "pages":
        return documents.laid_out(view)
    return documents.render(view, "pdf")


def _error(exc: BaseException) -> tuple[str, str, str]:
    from handouts.errors import RenderError

    kind = "render" if isinstance(exc, RenderError) else "other"
    return ("error", kind, str(exc) if kind == "render" else type(exc).__name__)


def main(conn: Any, runner: str = RUNNER) -> None:
    """Worker process entry point: ("ready", pid, install) once warm, then one answer per job until None or EOF.

    `install` is the handouts on disk as this worker imported it (handouts.installed): the server
    checks it is its own."""
    # Ctrl-C at the terminal reaches the whole process group: the server decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    nodump.forbid()  # a crash must not write the patients' details it holds to disk
    module = importlib.import_module(runner)
    work: Callable[[Any], Any] = module.run
    module.warm()
    from handouts.installed import install_digest

    conn.send(("ready", os.getpid(), install_digest()))
    for job in jobs(conn):  # until None, or the server is gone
        try:
            answer: tuple[Any, ...] = ("ok", work(job))
        except Exception as exc:  # noqa: BLE001 - one failing document must not stop the worker
            answer = _error(exc)
        if not reply(conn, answer):
            return
