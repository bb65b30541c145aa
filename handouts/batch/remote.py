"""The Dask worker's side of `handouts batch --cluster`: a warm renderer, content by hash, PDF bytes back.

The client (handouts.batch.cluster) prepares every job itself and sends a worker
only what the document is made of, so workers need no shared filesystem and never
read the client's files:

- shared content (a topic, a brand with its logo, a diet plan, a merged food
  catalogue) travels as the result of a small task keyed by its sha256
  (`handouts-content-...`): it reaches each worker once and stays while jobs need
  it, and a worker that dies with it is simply recomputed from the scheduler's copy;
- a job's own part (which document, the personalisation or customisation, the
  day) travels inside its task as one pickled blob, under an opaque key
  (`handouts-render-<run>-<n>`), so the scheduler's logs, task names and dashboard
  never see a patient's details;
- the worker returns the PDF's bytes; the client writes the file and the manifest.

A WorkerPlugin builds the renderer when a worker joins (WeasyPrint imported, fonts
configured) and refuses a worker whose templates, styles, fonts, code or
libraries differ from the client's: its PDFs would not match the manifest.
A worker renders one document at a time (start workers with --nthreads 1 and one
process per core); the task never raises, so no traceback with patient details
reaches the scheduler, and the worker forbids a core dump of itself before its first
job (handouts.nodump), as the local pools' workers do.

Module level imports stay light: the client imports this module too.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from distributed import SchedulerPlugin, WorkerPlugin, get_worker

from handouts import nodump
from handouts.batch.jobs import AnyJob
from handouts.errors import HandoutsError

PLUGIN = "handouts-batch"
SCHEDULER_PLUGIN = "handouts-batch-scheduler"


class WorkerMismatch(HandoutsError):
    """A worker whose install would not draw the same PDF as the client's."""


@dataclass(frozen=True)
class Brand:
    """A brand and its logo's bytes: a worker puts the logo in a folder of its own to render it."""

    key: str  # sha256 of the brand file and the logo
    model: Any
    logo: str | None = None  # the logo's path relative to the brand's folder
    logo_bytes: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class Task:
    """One job's own part, pickled into its task (the only place patient details travel)."""

    job: AnyJob
    kind: str  # "patient", "clinician", "diet-sheet"
    person: Any  # a Personalisation, for a patient handout
    customisation: Any  # a DietCustomisation, for a diet sheet
    secrets: dict[str, Any]
    as_of: date
    variant: str
    environment: str  # the client's environment digest (handouts.batch.fingerprint)
    home_locale: str | None = None  # the client's workspace locale, as its own context has it


def load(blob: bytes) -> Any:
    """Shared content, unpickled once on the worker that runs it (others fetch the object)."""
    return pickle.loads(blob)  # noqa: S301 - sent by the client that started this run


class State:
    """One worker's renderer, warning log, logo folder and view contexts."""

    def __init__(self, environment: str):
        from handouts.batch.fingerprint import digest
        from handouts.batch.fingerprint import environment as current
        from handouts.batch.worker import WarningLog
        from handouts.render import renderer

        own = digest(current())
        if own != environment:
            raise WorkerMismatch(
                f"the worker on {_host()} has a different handouts install from the client's (templates, styles, "
                "fonts, code or library versions differ), so its PDFs would not match; install the same version "
                "everywhere")
        self.environment = environment
        renderer()  # WeasyPrint imported, fonts configured, before the first job
        self.log = WarningLog().install()
        self.lock = threading.Lock()  # one document at a time, whatever --nthreads says
        self.folder = Path(tempfile.mkdtemp(prefix="handouts-worker-"))
        self._contexts: dict[tuple[date, str | None], Any] = {}

    def context(self, today: date, home_locale: str | None = None) -> Any:
        """The view context the client's own would be (a worker reads no data folder: the client sent the
        content), with the client's workspace locale."""
        from handouts.context import Context

        if (today, home_locale) not in self._contexts:
            self._contexts[today, home_locale] = Context.default(today=today, locale=home_locale)
        return self._contexts[today, home_locale]

    def brand_folder(self, brand: Brand) -> Path:
        """A folder holding the brand's logo where the brand says it is, made once per brand."""
        folder = self.folder / brand.key
        if brand.logo and not folder.is_dir():
            rel = PurePosixPath(brand.logo)
            if rel.is_absolute() or ".." in rel.parts:  # validated by the client; checked again here
                raise WorkerMismatch(f"logo path {brand.logo} is not inside its brand folder")
            staging = Path(tempfile.mkdtemp(dir=self.folder))
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / rel).write_bytes(brand.logo_bytes)
            try:
                staging.rename(folder)
            except OSError:  # made meanwhile by another thread
                shutil.rmtree(staging, ignore_errors=True)
        folder.mkdir(exist_ok=True)
        return folder

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _host() -> str:
    try:
        return str(get_worker().address)
    except ValueError:
        return os.uname().nodename


class Plugin(WorkerPlugin):
    """Warms each worker when it joins (and when a restarted one joins again)."""

    name = PLUGIN

    def __init__(self, environment: str):
        self.environment = environment
        self.state: State | None = None

    def setup(self, worker: Any) -> None:
        nodump.forbid()  # the jobs it renders carry patients' names and notes: never into a core file
        keep_in_memory(worker)
        self.state = State(self.environment)

    def teardown(self, worker: Any) -> None:
        if self.state is not None:
            self.state.close()


def keep_in_memory(worker: Any) -> None:
    """The worker never spills what it holds to its disk: its results are PDFs naming patients.

    A finished job's PDF waits in the worker's memory until the client fetches it. A Dask
    worker with a memory limit keeps its results in a SpillBuffer, which writes them to
    files under its local directory (pickled, in the clear; `dask-scratch-space/` in the
    temporary folder by default) once they pass the memory target, or when the process
    nears its spill fraction, and leaves them there when the worker is killed. Spilling is
    turned off here whatever the worker was started with; pausing at its pause fraction and
    the nanny's restart at its terminate fraction still guard its memory. A worker whose
    store spills in some way this cannot turn off is refused.
    """
    manager = getattr(worker, "memory_manager", None)
    if manager is not None:
        manager.memory_spill_fraction = False  # the memory monitor's own eviction to disk
        manager.memory_target_fraction = False
    data = getattr(worker, "data", None)
    if data is None or not hasattr(data, "slow"):  # a plain dict: nothing goes to disk
        return
    if not hasattr(data, "n"):
        raise WorkerMismatch(f"the worker on {_host()} keeps its results in a store that may write them to its "
                             f"disk ({type(data).__name__}), and they name patients; start it without one")
    data.n = sys.maxsize  # the buffer's target: past it, each new result would evict older ones to disk


class SchedulerGuard(SchedulerPlugin):
    """A scheduler of ours forbids a core dump of itself, as the workers do (handouts.nodump).

    It holds every job's task, the patient's details pickled inside, from the moment the
    client sends it until a worker has run it: for a long run, most of the night's patients.
    Registered on a scheduler the client connects to (`--cluster tcp://...`); a local:N
    cluster's scheduler runs in the batch command's own process, which forbids it already.
    """

    name = SCHEDULER_PLUGIN
    idempotent = True  # one per scheduler, whichever run registered it first

    async def start(self, scheduler: Any) -> None:
        nodump.forbid()


_fallback: dict[str, State] = {}
_fallback_lock = threading.Lock()


def _state(environment: str) -> State:
    """The plugin's state; a worker whose plugin could not start builds one here (and says why not)."""
    plugin = get_worker().plugins.get(PLUGIN)
    state = getattr(plugin, "state", None)
    if isinstance(state, State) and state.environment == environment:
        return state
    with _fallback_lock:
        if environment not in _fallback:
            nodump.forbid()
            keep_in_memory(get_worker())
            _fallback[environment] = State(environment)
        return _fallback[environment]


def _inputs(task: Task, shared: tuple[Any, ...], state: State) -> Any:
    from handouts.inputs import DietInputs, TopicInputs

    if task.kind == "diet-sheet":
        plan, catalogue, brand = shared
        return DietInputs(plan, catalogue, task.customisation, brand.model, state.brand_folder(brand))
    topic, brand = shared
    return TopicInputs(topic, brand.model, state.brand_folder(brand))


def render(payload: bytes, *shared: Any) -> dict[str, Any]:
    """Render one job; returns the PDF's bytes, or its error in words. Never raises."""
    from handouts.batch.prepare import conceal_customisation, redact
    from handouts.batch.worker import failure, memory_kb, render_document

    started = time.perf_counter()
    result: dict[str, Any] = {"data": None, "pages": None, "warnings": (), "error": None, "pid": os.getpid()}
    try:
        task: Task = pickle.loads(payload)  # noqa: S301 - sent by the client that started this run
    except Exception as exc:  # noqa: BLE001 - e.g. a worker without handouts' models
        result["error"] = f"the worker cannot read the job: {type(exc).__name__}"
        return result
    where = task.job.origin or task.job.output
    try:
        state = _state(task.environment)
    except Exception as exc:  # noqa: BLE001 - a worker that cannot render says so for each of its jobs
        result["error"] = f"{where}: {exc}" if isinstance(exc, HandoutsError) else (
            f"{where}: the worker cannot render: {type(exc).__name__}: {exc}")
        return result
    with state.lock:
        state.log.messages.clear()
        warnings: tuple[str, ...] = ()
        try:
            inputs = _inputs(task, shared, state)
            rendered, warnings = render_document(task.job, task.kind, inputs, task.person,
                                                 state.context(task.as_of, task.home_locale), task.variant)
            result.update(data=rendered.data, pages=rendered.pages)
        except Exception as exc:  # noqa: BLE001 - the job's failure, in words and without patient details
            result["error"] = conceal_customisation(redact(failure(task.job, exc), task.secrets), task.job)
        result["warnings"] = tuple(dict.fromkeys(conceal_customisation(redact(w, task.secrets), task.job)
                                                 for w in (*warnings, *state.log.messages)))
    result["seconds"] = round(time.perf_counter() - started, 4)
    result["rss_kb"], result["hwm_kb"] = memory_kb()
    return result
