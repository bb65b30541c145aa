"""One worker process: a warm renderer, parsed content cached by hash, one job at a time.

A worker builds WeasyPrint's font configuration and parses the stylesheets once
(handouts.render.renderer()) and reuses them for every document it renders.
Topics and brands are parsed once per worker and cached by (path, sha256), so
a thousand jobs on one topic parse it once; a topic that fails to load is cached
as its error too. The runner retires a worker after --recycle-after documents,
which keeps memory bounded on very long runs.

Module level imports stay light: the parent process imports this module (for
Outcome and as the process target) and must never import WeasyPrint.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import signal
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from handouts.batch.jobs import Job
from handouts.errors import ContentError, HandoutsError, Problem, display_path

CACHE_SIZE = 64
"""Parsed topics and brands kept per worker (least recently used go first)."""


@dataclass(frozen=True)
class Settings:
    """What every job of a run shares; sent to each worker once."""

    out_dir: str
    as_of: date
    allow_draft: bool = False
    variant: str = "ua"
    data_dirs: tuple[str, ...] = ()  # a workspace's data folders, before the shipped data
    paper: str | None = None  # overrides each brand's paper when set
    default_paper: str | None = None  # for brands that name none (the workspace locale's); None: the brand's locale


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
    inputs: dict[str, dict[str, str]] = field(default_factory=dict)
    review: dict[str, Any] | None = None
    warnings: tuple[str, ...] = ()
    pid: int = 0
    rss_kb: int = 0  # resident memory after this job
    hwm_kb: int = 0  # the worker's peak resident memory so far


class JobFailed(HandoutsError):
    """A job that cannot be rendered, with a located, patient-free message."""


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


def redact(text: str, person: dict[str, Any]) -> str:
    """Remove the patient's name and notes from a message, whatever produced it."""
    secrets = [str(person[k]) for k in ("patient_name", "notes") if person.get(k)]
    secrets += [line for k in ("notes",) if person.get(k) for line in str(person[k]).splitlines()]
    for secret in sorted({s.strip() for s in secrets if len(s.strip()) >= 2}, key=len, reverse=True):
        text = re.sub(re.escape(secret), "[patient details]", text, flags=re.IGNORECASE)
    return text


class _Collect(logging.Handler):
    """WeasyPrint's warnings for the job being rendered, reported instead of printed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # noqa: BLE001 - a bad log record must not fail the job
            pass


# -- the worker's state -------------------------------------------------------


class Worker:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.out_dir = Path(settings.out_dir)
        from handouts.context import Context

        self.context = Context.default(today=settings.as_of, data_dirs=[Path(d) for d in settings.data_dirs])
        self._content: OrderedDict[tuple[str, str, str], Any] = OrderedDict()
        self._log = _Collect()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(self._log)
        logger.propagate = False

    def warm(self) -> None:
        """Import WeasyPrint and build the font configuration before the first job arrives."""
        from handouts.render import renderer

        renderer()

    def _read(self, path: str) -> tuple[bytes, str]:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ContentError([Problem(display_path(Path(path)), 0, 0, "", f"cannot read: {exc.strerror}")]) from None
        return data, hashlib.sha256(data).hexdigest()

    def content(self, kind: str, path: str) -> tuple[str, Any]:
        """(sha256, model) of a topic or brand file, parsed once per worker per content."""
        from handouts.loading import load

        data, sha = self._read(path)
        key = (kind, path, sha)
        if key not in self._content:
            try:
                value: Any = load(path, kind, self.context)
            except ContentError as exc:
                value = exc
            # the file may change while it is parsed: cache (and report) only what was hashed
            if self._read(path)[1] != sha:
                raise JobFailed(f"{display_path(Path(path))}: changed while it was being read; run again")
            self._content[key] = value
            if len(self._content) > CACHE_SIZE:
                self._content.popitem(last=False)
        self._content.move_to_end(key)
        value = self._content[key]
        if isinstance(value, ContentError):
            raise value
        return sha, value

    def _refusal(self, topic_path: str, topic: Any, mark: str) -> str:
        from handouts.yamlsource import read

        field_name = "status" if topic.review.status != "approved" else "next_review"
        try:
            line, col = read(Path(topic_path)).position(("review", field_name))
        except ContentError:
            line, col = 0, 0
        if mark == "DRAFT":
            why = f"not approved: {topic.review.status}; use --allow-draft"
        else:
            when = topic.review.next_review.isoformat() if topic.review.next_review else "not set"
            why = f"review overdue (next review {when}, as of {self.settings.as_of.isoformat()}); use --allow-draft"
        return str(Problem(display_path(Path(topic_path)), line, col, f"review.{field_name}", why))

    def _person(self, job: Job) -> Any:
        if job.audience != "patient":
            return None
        from pydantic import ValidationError

        from handouts.models import Personalisation

        fields = {k: list(v) if isinstance(v, tuple) else v for k, v in job.person}
        try:
            return Personalisation.model_validate({**fields, "language": job.language})
        except ValidationError as exc:
            where = job.origin or "job"
            # the message and field only: pydantic's own text would repeat the input (a name)
            raise JobFailed("\n".join(
                f"{where}: {'.'.join(str(p) for p in err['loc']) or 'personalisation'}: "
                f"{err['msg'].removeprefix('Value error, ')}"
                for err in exc.errors(include_url=False, include_input=False)
            )) from None

    def run(self, job: Job) -> Outcome:
        started = time.perf_counter()
        outcome = Outcome(job.output, "failed", pid=os.getpid())
        self._log.messages.clear()
        try:
            self._render(job, outcome)
        except ContentError as exc:
            outcome.error = "\n".join(str(p) for p in exc.problems)
        except JobFailed as exc:
            outcome.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
            from handouts.views.patient import PersonalisationError

            where = job.origin or display_path(Path(job.topic))
            if isinstance(exc, PersonalisationError):
                outcome.error = f"{where}: {exc}"
            else:
                outcome.error = f"{where}: could not render: {type(exc).__name__}: {exc}"
        person = dict(job.person)
        if outcome.error:
            outcome.error = redact(outcome.error, person)
        outcome.warnings = tuple(dict.fromkeys(redact(w, person) for w in (*outcome.warnings, *self._log.messages)))
        outcome.seconds = round(time.perf_counter() - started, 4)
        outcome.rss_kb, outcome.hwm_kb = memory_kb()
        return outcome

    def _render(self, job: Job, outcome: Outcome) -> None:
        from handouts import documents
        from handouts.atomic import WriteError, write_atomic
        from handouts.inputs import TopicInputs
        from handouts.views.frame import review_mark

        settings = self.settings
        topic_sha, topic = self.content("topic", job.topic)
        outcome.inputs["topic"] = {"path": job.topic, "sha256": topic_sha}
        mark = review_mark(topic, settings.as_of)
        next_review = topic.review.next_review
        outcome.review = {
            "status": topic.review.status,
            "next_review": next_review.isoformat() if next_review else None,
            "mark": mark,
            "as_of": settings.as_of.isoformat(),
        }
        if mark and not settings.allow_draft:
            raise JobFailed(self._refusal(job.topic, topic, mark))

        brand_sha, brand = self.content("brand", job.brand)
        outcome.inputs["brand"] = {"path": job.brand, "sha256": brand_sha}
        folder = Path(job.brand).parent
        if brand.logo:
            logo = str((folder / brand.logo).resolve())
            outcome.inputs["logo"] = {"path": logo, "sha256": self._read(logo)[1]}

        person = self._person(job)
        inputs = TopicInputs(topic, brand, folder)
        paper = settings.paper or documents.brand_paper(inputs) or settings.default_paper
        inputs = documents.on_paper(inputs, paper)
        view = documents.build_view(job.audience, inputs, person, self.context)
        from handouts.glyphs import missing_warnings, visible_text
        from handouts.html import render_html

        outcome.warnings = (*view.frame.brand.warnings, *missing_warnings(visible_text(render_html(view))))
        rendered = documents.render(view, "pdf", "archive" if settings.variant == "archive" else "ua")
        try:  # below out_dir no link is followed: a linked subfolder cannot carry output elsewhere
            write_atomic(self.out_dir / job.output, rendered.data, root=self.out_dir)
        except OSError as exc:  # WriteError says why in words; others (a full disk) in their strerror
            why = str(exc) if isinstance(exc, WriteError) else (exc.strerror or str(exc)).lower()
            raise JobFailed(f"{job.origin or job.output}: cannot write {job.output}: {why}") from None
        outcome.status = "rendered"
        outcome.sha256 = hashlib.sha256(rendered.data).hexdigest()
        outcome.bytes = len(rendered.data)
        outcome.pages = rendered.pages
        overflow = documents.page_count_warning(view.frame.kind, rendered.pages)
        if overflow:
            outcome.warnings += (f"{job.output}: {overflow}",)


# -- the process --------------------------------------------------------------


def _terminate(signum: int, frame: Any) -> None:
    # Raised wherever the worker is: atomic_writer removes its temp file on the way out.
    raise SystemExit(128 + signum)


def main(conn: Any, settings: Settings) -> None:
    """Worker process entry point: receive (seq, job), send back (seq, outcome), until None or EOF."""
    # Ctrl-C at a terminal reaches the whole process group; the parent decides
    # what stops, and tells workers with SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminate)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    worker = Worker(settings)
    worker.warm()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if message is None:
            return
        seq, job = message
        outcome = worker.run(job)
        try:
            conn.send((seq, outcome))
        except (BrokenPipeError, OSError):
            return
