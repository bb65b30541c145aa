"""One worker process: a warm renderer, parsed content cached by hash, one job at a time.

A worker builds WeasyPrint's font configuration and parses the stylesheets once
(handouts.render.renderer()) and reuses them for every document it renders.
Its Preparer (handouts.batch.prepare) parses topics and brands once per worker,
cached by (path, sha256), so a thousand jobs on one topic parse it once. The
runner retires a worker after --recycle-after documents, which keeps memory
bounded on very long runs. The pieces after preparing (render, word a failure,
write) are shared with the cluster path (handouts.batch.cluster).

Module level imports stay light: the parent process imports this module (for
Outcome and as the process target) and must never import WeasyPrint.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import signal
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts import nodump
from handouts.batch.jobs import AnyJob, Job
from handouts.batch.prepare import (
    JobFailed, OutputNamesPatient, conceal_customisation, own_warnings, patient_secrets, redact,
)
from handouts.errors import ContentError, HandoutsError, display_path, problem_lines
from handouts.processes import jobs, reply

if TYPE_CHECKING:
    from handouts.rendered import Rendered

__all__ = ["JobFailed", "Outcome", "Settings", "Worker", "WorkersCannotStart", "main", "redact"]

@dataclass(frozen=True)
class Settings:
    """What every job of a run shares; sent to each worker once."""

    out_dir: str
    as_of: date
    allow_draft: bool = False
    variant: str = "ua"
    data_dirs: tuple[str, ...] = ()  # a workspace's data folders, before the shipped data
    paper: str | None = None  # overrides each brand's paper when set
    home_locale: str | None = None  # the workspace's locale, as render and serve take it (handouts.context.Context)
    require_catalogue_approval: bool = False  # the workspace's: a food catalogue never approved prints DRAFT
    install: str | None = None  # the handouts the run started with (handouts.installed); a worker that
    # imported another (an upgrade during the run) renders nothing and says "upgraded"


@dataclass
class Outcome:
    """What a worker reports for one job. Carries no patient details."""

    output: str
    status: str  # "rendered" | "failed"
    seconds: float = 0.0
    error: str | None = None
    sha256: str | None = None
    bytes: int | None = None
    pages: int | None = None
    inputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    review: dict[str, Any] | None = None
    warnings: tuple[str, ...] = ()
    pid: int = 0
    rss_kb: int = 0  # resident memory after this job
    hwm_kb: int = 0  # the worker's peak resident memory so far
    conceal_output: bool = False  # the output path spells the patient's name: never show or record it
    halts: str | None = None  # the output folder takes no more files (a full disk): why, and the run stops


FOLDER_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
"""Write errors that are about the output folder's disk, not the job: every later job would fail the same way."""


class FolderFull(JobFailed):
    """The output folder's disk is full or read-only. `reason` names the folder, not the job."""

    def __init__(self, message: str, reason: str = "", *, where: str = ""):
        super().__init__(message, where=where)
        self.reason = reason or message


class WorkersCannotStart(HandoutsError):
    """Workers die before they can render (e.g. WeasyPrint's libraries are missing), on this machine
    or on a cluster's: raised by the run (handouts.batch.runner) and by ClusterPool alike."""


# -- small helpers ------------------------------------------------------------

def memory_kb() -> tuple[int, int]:
    """(VmRSS, VmHWM) of this process in kB, from /proc (0, 0 where there is no /proc)."""
    rss = hwm = 0
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith(b"VmHWM:"):
                    hwm = int(line.split()[1])
    except OSError:
        pass
    return rss, hwm


NOTDEF = ".notdef glyph rendered"
"""WeasyPrint's warning for a character no font has, which quotes it: a letter of a patient's name,
perhaps. handouts.glyphs has said so already, by field and count for a patient's details."""


class WarningLog(logging.Handler):
    """WeasyPrint's warnings for the job being rendered, reported instead of printed (but for
    the characters no font has, which would be quoted: said by handouts.glyphs instead)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if str(record.msg).startswith(NOTDEF):
                return
            self.messages.append(record.getMessage())
        except Exception:  # noqa: BLE001 - a bad log record must not fail the job
            pass

    def install(self) -> WarningLog:
        logger = logging.getLogger("weasyprint")
        logger.addHandler(self)
        logger.propagate = False
        return self


def failure(job: AnyJob, exc: BaseException) -> str:
    """A job's failure in words: located problems as they are, anything else named with the job.

    A language the document has no translation into is the row's choice, said at the row in one line
    (every text it lacks, thirty lines a job, is for whoever writes the content: `handouts lint`)."""
    from handouts.translations import MissingTranslation

    where = job.origin or (display_path(Path(job.topic)) if isinstance(job, Job) else job.output)
    if isinstance(exc, MissingTranslation) and exc.available:
        return f"{where}: language: {exc.in_one_line}"
    if isinstance(exc, ContentError):
        return "\n".join(problem_lines(exc.problems))
    if isinstance(exc, JobFailed):
        return str(exc)
    from handouts.views.patient import PersonalisationError

    if isinstance(exc, PersonalisationError):
        return f"{where}: {exc}"
    return f"{where}: could not render: {type(exc).__name__}: {exc}"


def render_document(job: AnyJob, kind: str, inputs: Any, person: Any, ctx: Any,
                    variant: str) -> tuple[Rendered, tuple[str, ...]]:
    """The PDF and its warnings: the brand's (the same for many jobs) and the document's own, which
    name the job's output (a diet sheet's allergen warnings are about this sheet)."""
    from handouts import assemble, documents
    from handouts.glyphs import missing_warnings, patient_details, visible_text
    from handouts.html import render_html

    view = documents.build_view(kind, inputs, person, ctx)
    own = [f"{job.output}: {w}" for w in own_warnings(view)]
    details = patient_details(person, getattr(inputs, "customisation", None))
    # a patient's characters are counted, never shown: only the row's output says whose sheet it is
    missing = [f"{job.output}: {w}" for w in missing_warnings(visible_text(render_html(view)), details)]
    rendered = documents.render(view, "pdf", "archive" if variant == "archive" else "ua")
    overflow = documents.page_count_warning(view.frame.kind, rendered.pages, view.frame.large_print,
                                             documents.view_languages(view))
    own.extend(f"{job.output}: {warning}" for warning in (*([overflow] if overflow else []), *rendered.warnings))
    return rendered, (*map(str, view.frame.brand.warnings), *assemble.untranslated_warnings(view), *missing, *own)


def write_output(out_dir: Path, job: AnyJob, data: bytes) -> None:
    """Replace the job's output atomically, never following a link below `out_dir`; one with a patient's
    details (a personalisation, a customisation) readable by its owner alone, whatever the umask."""
    from handouts.atomic import PRIVATE, WriteError, write_atomic

    personal = bool(job.person) or bool(getattr(job, "customisation", None))
    try:
        write_atomic(out_dir / job.output, data, root=out_dir, mode=PRIVATE if personal else None)
    except OSError as exc:  # WriteError says why in words; others (a full disk) in their strerror
        why = str(exc) if isinstance(exc, WriteError) else (exc.strerror or str(exc)).lower()
        message = f"{job.origin or job.output}: cannot write {job.output}: {why}"
        if exc.errno in FOLDER_ERRNOS:
            raise FolderFull(message, f"cannot write in {out_dir}: {(os.strerror(exc.errno)).lower()}") from None
        raise JobFailed(message) from None


def finish(outcome: Outcome, job: AnyJob, error: str | None, warnings: tuple[str, ...], secrets: dict[str, Any],
           started: float) -> Outcome:
    """Settle what a job reports: its error and warnings redacted, its time and memory."""
    if error:
        outcome.status, outcome.error = "failed", conceal_customisation(redact(error, secrets), job)
    outcome.warnings = tuple(dict.fromkeys(conceal_customisation(redact(w, secrets), job) for w in warnings))
    outcome.seconds = round(time.perf_counter() - started, 4)
    outcome.rss_kb, outcome.hwm_kb = memory_kb()
    return outcome


# -- the worker's state -------------------------------------------------------


class Worker:
    def __init__(self, settings: Settings):
        from handouts.batch.prepare import Preparer

        self.settings = settings
        self.out_dir = Path(settings.out_dir)
        self.preparer = Preparer.for_settings(settings)
        self.context = self.preparer.context
        self._log = WarningLog().install()
        self.hold_stop_signal = False  # set in a worker process: see main()

    def warm(self) -> None:
        """Import WeasyPrint and build the font configuration before the first job arrives."""
        from handouts.render import renderer

        renderer()

    def run(self, job: AnyJob) -> Outcome:
        started = time.perf_counter()
        outcome = Outcome(job.output, "failed", pid=os.getpid())
        self._log.messages.clear()
        secrets = patient_secrets(job)
        warnings: tuple[str, ...] = ()
        error = None
        try:
            prepared = self.preparer.prepare(job)
            secrets = prepared.secrets
            outcome.inputs, outcome.review = prepared.files, prepared.review
            rendered, warnings = render_document(job, prepared.kind, prepared.inputs, prepared.person,
                                                 self.context, self.settings.variant)
            _stop.end_if_asked()  # a stop a library swallowed while this rendered: no file, no report
            _stop.holding = self.hold_stop_signal  # from here the file must be reported: main() lets go
            write_output(self.out_dir, job, rendered.data)
            outcome.status = "rendered"
            outcome.sha256 = hashlib.sha256(rendered.data).hexdigest()
            outcome.bytes = len(rendered.data)
            outcome.pages = rendered.pages
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
            _stop.end_if_asked()  # the failure may be the stop itself, swallowed and turned into another error
            error = failure(job, exc)
            outcome.conceal_output = isinstance(exc, OutputNamesPatient)
            outcome.halts = exc.reason if isinstance(exc, FolderFull) else None
        return finish(outcome, job, error, (*warnings, *self._log.messages), secrets, started)


# -- the process --------------------------------------------------------------


class _StopState:
    holding = False  # writing a file, or reporting one: a stop waits until the parent has the outcome
    pending: int | None = None  # the stop signal received, if any

    def end_if_asked(self) -> None:
        """End the worker if a stop came while nothing was held.

        The stop is raised where the worker is (SystemExit), but code that catches
        BaseException can swallow it: WeasyPrint does around every SVG it draws, logs
        "Failed to render SVG image", and carries on. The render then either finishes or
        fails with an error about a pictogram; either way the job was interrupted, not
        done or broken, so it is neither written nor reported, and the next run renders it."""
        if self.pending is not None and not self.holding:
            raise SystemExit(128 + self.pending)


_stop = _StopState()


def _terminate(signum: int, frame: Any) -> None:
    # Python runs this in the main thread whichever thread the kernel picked, so a
    # flag (not a signal mask) is what holds the stop back while a file is written.
    _stop.pending = signum
    if _stop.holding:
        return
    # Raised wherever the worker is: atomic_writer removes its temp file on the way out.
    raise SystemExit(128 + signum)


def _let_go() -> None:
    _stop.holding = False
    if _stop.pending is not None:
        raise SystemExit(128 + _stop.pending)


def main(conn: Any, settings: Settings) -> None:
    """Worker process entry point: receive (seq, job), send back (seq, outcome), until None or EOF."""
    # Ctrl-C at a terminal reaches the whole process group; the parent decides
    # what stops, and tells workers with SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminate)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    nodump.forbid()  # a crash must not write the patients' details it holds to disk
    worker = Worker(settings)
    worker.hold_stop_signal = True
    worker.warm()
    from handouts.installed import install_digest

    if settings.install and install_digest() != settings.install:
        # recycled after an upgrade made while the run went on: its PDFs would be another version's
        conn.send(("upgraded", os.getpid()))
        return
    conn.send(("ready", os.getpid()))
    for seq, job in jobs(conn):  # until None, or the parent is gone
        outcome = worker.run(job)
        try:
            sent = reply(conn, (seq, outcome))
        finally:
            # A SIGTERM that came while the file was written is handled only now, after
            # the parent has the outcome in its pipe: a PDF on disk is never unrecorded.
            _let_go()
        if not sent:
            return
