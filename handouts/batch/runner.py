"""Run a batch: skip what is up to date, render the rest in worker processes.

The parent stays nearly idle and never imports WeasyPrint. It pulls jobs from
a generator only as workers free up (the in-flight window is one job per
worker), checks each against the manifest (hashes only), and hands the rest to
a small pool of its own:

- workers are spawned fresh (no fork of a parent that has threads), each with a
  warm renderer, and retired after --recycle-after documents;
- a worker that dies or hangs fails only its own job; a new one takes its place;
- Ctrl-C / SIGTERM: no new jobs, workers get SIGTERM (their atomic writes
  remove their temp files on the way out; stragglers are killed and their temp
  files swept), the manifest is compacted, exit 130 (143 for SIGTERM).

Workers start with SIGINT blocked and then ignore it, so a Ctrl-C at the
terminal (sent to the whole process group) reaches only the parent. How one
worker process starts and stops is shared with the web app's pool
(handouts.processes).

With --cluster, a ClusterPool (handouts.batch.cluster) takes the pool's place:
the same run, skip checks, manifest and signals, with the jobs rendered on Dask
workers and their files written here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import itertools
import multiprocessing
import multiprocessing.connection
import os
import re
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol

from handouts import dates
from handouts.atomic import WriteError, folder_inside
from handouts.batch import fingerprint, userkey
from handouts.batch.jobs import AnyJob, BadJob, DietJob, file_key
from handouts.batch.manifest import NAME as MANIFEST_NAME
from handouts.batch.manifest import Manifest
from handouts.batch.prepare import conceal_customisation
from handouts.batch.warning_lines import at_its_place
from handouts.batch.worker import Outcome, Settings, WorkersCannotStart
from handouts.errors import HandoutsError, display_path
from handouts.installed import started_with
from handouts.processes import Child, end_all, how_it_ended, idle_death, spawn

if TYPE_CHECKING:
    from handouts.batch.cluster import ClusterPool


class ClusterLost(HandoutsError):
    """The Dask scheduler, or every worker, went away during a run (handouts.batch.cluster raises it)."""

DEFAULT_RECYCLE = 500
TEMP_FILE = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]+\.part$")  # handouts.atomic's temp names
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def default_jobs() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Options:
    out_dir: Path
    jobs: int = 1
    recycle_after: int = DEFAULT_RECYCLE  # 0: never
    force: bool = False
    allow_draft: bool = False
    as_of: date = field(default_factory=dates.today)
    variant: str = "ua"
    timeout: float | None = 300.0  # seconds one document may take before its worker is replaced
    data_dirs: tuple[Path, ...] = ()  # a workspace's data folders, before the shipped data
    paper: str | None = None  # every document on this paper (the command line's or workspace's), else each brand's
    home_locale: str | None = None  # the workspace's locale: a bare row language takes its region when the brand
    # names none, and a clinician brief its region (paper, emergency number), as `render` does
    cluster: str | None = None  # a Dask scheduler's address, or local:N (handouts.batch.cluster)
    require_catalogue_approval: bool = False  # the workspace's: a food catalogue never approved prints DRAFT
    job_file: str | None = None  # the job file's absolute path (None: --topics); the manifest records which
    # job file wrote each output, so that another job file's rows cannot overwrite it unseen


@dataclass
class Finished:
    """One job's result as the user sees it (no patient details)."""

    output: str | None
    status: str  # "rendered" | "skipped" | "failed"; with --check, "ready" | "failed"
    origin: str = ""
    seconds: float = 0.0
    pages: int | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    up_to_date: bool = False  # with --check: ready, and the run will skip it (its PDF is up to date)


@dataclass
class WorkerStats:
    pid: int
    jobs: int = 0
    peak_rss_kb: int = 0


@dataclass
class Summary:
    out_dir: Path
    total: int | None = None
    rendered: int = 0
    skipped: int = 0
    failed: int = 0
    ready: int = 0  # with --check: jobs that would render (or be skipped as up to date)
    up_to_date: int = 0  # with --check: of the ready jobs, those the run will skip as up to date
    checking: bool = False  # a --check run: nothing rendered
    forced: bool = False  # a --force run: the same command again renders every job again, not only the rest
    seconds: float = 0.0
    stopped_by: int | None = None  # the signal that interrupted the run
    halted: str | None = None  # why the run stopped early by itself (a full disk, a lost cluster), and what to do
    failures: list[Finished] = field(default_factory=list)
    workers: dict[int, WorkerStats] = field(default_factory=dict)
    cluster: dict[str, Any] | None = None  # with --cluster: the address and what crossed the network

    @property
    def done(self) -> int:
        return self.rendered + self.skipped + self.failed + self.ready

    def count(self, item: Finished) -> None:
        setattr(self, item.status, getattr(self, item.status) + 1)
        self.up_to_date += item.up_to_date
        if item.status == "failed":
            self.failures.append(item)

    @property
    def interrupted(self) -> bool:
        return self.stopped_by is not None

    @property
    def exit_code(self) -> int:
        if self.stopped_by is not None:
            return 128 + self.stopped_by
        return 1 if self.failed or self.halted else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "out": None if self.checking else str(self.out_dir),  # --check writes nothing
            "manifest": None if self.checking else str(self.out_dir / MANIFEST_NAME),
            "total": self.total,
            "rendered": self.rendered,
            "skipped": self.skipped,
            "failed": self.failed,
            "checked": self.checking,
            "ready": self.ready,
            "up_to_date": self.up_to_date if self.checking else None,  # of the ready: those the run skips
            "not_run": (self.total - self.done) if self.total is not None else None,
            "interrupted": self.interrupted,
            "halted": self.halted,
            "seconds": round(self.seconds, 3),
            "exit_code": self.exit_code,
            "failures": [{"output": f.output, "origin": f.origin or None, "error": f.error} for f in self.failures],
            "workers": [{"pid": w.pid, "jobs": w.jobs, "peak_rss_kb": w.peak_rss_kb} for w in self.workers.values()],
            **({"cluster": self.cluster} if self.cluster is not None else {}),
        }


class Reporter(Protocol):
    def start(self, total: int | None) -> None: ...
    def finished(self, item: Finished) -> None: ...
    def warning(self, message: str, job: bool = False, where: str = "") -> None:
        """`job`: a job's own warning, kept in its manifest entry (quiet reporters may leave it there);
        `where`: its place, said first as `handouts validate` says a file's ('jobs.csv:3: warning: ...')."""
    def stopping(self) -> None: ...
    def summary(self, summary: Summary) -> None: ...


class _Silent:
    def start(self, total: int | None) -> None: ...
    def finished(self, item: Finished) -> None: ...
    def warning(self, message: str, job: bool = False, where: str = "") -> None: ...
    def stopping(self) -> None: ...
    def summary(self, summary: Summary) -> None: ...


# -- the pool -------------------------------------------------------------------


@dataclass(eq=False)  # compared and hashed by identity
class _Worker(Child):
    done: int = 0
    job: tuple[int, AnyJob] | None = None
    started: float = 0.0  # when its job started (or the worker became ready, if later)
    ready: bool = False  # WeasyPrint imported and fonts configured


class Pool:
    """At most `size` worker processes, one job each, started on demand and recycled."""

    def __init__(self, size: int, settings: Settings, recycle_after: int, timeout: float | None):
        self.size = max(1, size)
        self.settings = settings
        self.recycle_after = recycle_after
        self.timeout = timeout
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        self.retiring: list[_Worker] = []
        self.start_failures = 0  # workers in a row that died before they could render
        self.upgraded = False  # a worker found handouts on disk changed since the run started
        self.notices: list[str] = []  # what an administrator must hear of, for the run to say (take_notices)

    @property
    def busy(self) -> int:
        return sum(1 for w in self.workers if w.job is not None)

    def has_room(self) -> bool:
        return self.busy < self.size

    def in_flight(self) -> list[AnyJob]:
        return [w.job[1] for w in self.workers if w.job is not None]

    def _start(self) -> _Worker:
        from handouts.batch import worker

        # The worker unblocks the stop signals once it ignores SIGINT and handles SIGTERM.
        slot = _Worker(*spawn(self.context, worker.main, self.settings, name="handouts-batch-worker",
                              block=STOP_SIGNALS))
        self.workers.append(slot)
        return slot

    def submit(self, seq: int, job: AnyJob) -> None:
        """Hand `job` to a free worker, else to a new one.

        A free worker that died between jobs (the kernel's OOM killer, a signal) never saw this job, so
        the job is not failed for it: the worker is dropped and the job goes to another, as the web app's
        pool does. Sending to it raised BrokenPipeError, which ended the whole run with exit 1 and no word."""
        for slot in [w for w in self.workers if w.job is None]:
            try:
                if slot.process.is_alive():
                    slot.conn.send((seq, job))
                    break
            except OSError:  # BrokenPipeError: it died just now
                pass
            self._lost(slot)
        else:
            slot = self._start()
            with contextlib.suppress(OSError):  # one that died at once: wait() fails the job as a start failure
                slot.conn.send((seq, job))
        slot.job = (seq, job)
        slot.started = time.monotonic()

    def _retire(self, slot: _Worker) -> None:
        self.workers.remove(slot)
        slot.ask_to_stop()
        self.retiring.append(slot)

    def _reap(self) -> None:
        for slot in list(self.retiring):
            if not slot.process.is_alive():
                slot.process.join()
                slot.conn.close()
                self.retiring.remove(slot)

    def _lost(self, slot: _Worker, why: str | None = None) -> tuple[int, AnyJob, Outcome] | None:
        """A worker died (why=None) or hung: fail its job, drop it (a fresh one starts on demand)."""
        if why is None:
            slot.process.join(5)  # its pipe closes a moment before it exits: let it finish dying
        slot.kill(wait=None)
        slot.conn.close()
        self.workers.remove(slot)
        if not slot.ready:
            self.start_failures += 1
        code = slot.process.exitcode
        if slot.job is None:
            if slot.ready:  # replaced without a job lost, but memory may be short: say so, as the web app's pool does
                self.notices.append(idle_death(code))
            return None
        if why is None:
            why = (f"the worker process died ({how_it_ended(code)}) "
                   + ("while rendering this job" if slot.ready else "while starting"))
        seq, job = slot.job
        where = job.origin or job.output
        return seq, job, Outcome(job.output, "failed", error=f"{where}: {why}; other jobs carry on",
                                 pid=slot.process.pid or 0)

    def take_notices(self) -> list[str]:
        """What the pool did that an administrator must hear of (a worker lost while idle), once each."""
        taken, self.notices = self.notices, []
        return taken

    def wait(self, timeout: float) -> Iterator[tuple[int, AnyJob, Outcome]]:
        """Finished jobs, waiting at most `timeout` seconds for the first."""
        self._reap()
        busy = {w.conn: w for w in self.workers if w.job is not None or not w.ready}
        sentinels = {w.process.sentinel: w for w in self.workers}
        if not busy and not sentinels:
            return
        dead: list[_Worker] = []
        for handle in multiprocessing.connection.wait([*busy, *sentinels], timeout):
            slot = busy.get(handle) or sentinels[handle]  # type: ignore[call-overload, index]
            if handle in busy:  # type: ignore[comparison-overlap]
                try:
                    finished = self._receive(slot)
                except (EOFError, OSError):
                    dead.append(slot)
                    continue
                if finished is None:
                    continue
                yield finished
                if self.recycle_after and slot.done >= self.recycle_after:
                    self._retire(slot)
            else:
                dead.append(slot)
        for slot in dict.fromkeys(dead):
            if slot not in self.workers:
                continue
            if slot.job is not None:  # it may have answered just before it went
                with contextlib.suppress(EOFError, OSError):
                    if slot.conn.poll(0) and (finished := self._receive(slot)) is not None:
                        yield finished
            lost = self._lost(slot)
            if lost:
                yield lost
        if self.timeout:
            now = time.monotonic()
            late = [w for w in self.workers if w.job is not None and w.ready and now - w.started > self.timeout]
            for slot in late:
                lost = self._lost(slot, f"timed out after {self.timeout:g} s")
                if lost:
                    yield lost

    def _receive(self, slot: _Worker) -> tuple[int, AnyJob, Outcome] | None:
        seq, outcome = slot.conn.recv()
        if seq == "upgraded":  # it rendered nothing: its job is left for the next run, which renders it
            self.upgraded = True
            slot.job = None
            self._retire(slot)
            return None
        if seq == "ready":  # the job's clock starts once the worker can render
            slot.ready = True
            self.start_failures = 0
            slot.started = max(slot.started, time.monotonic())
            return None
        job = slot.job[1]  # type: ignore[index]
        slot.job = None
        slot.done += 1
        return seq, job, outcome

    def close(self, terminate: bool) -> list[tuple[int, AnyJob, Outcome]]:
        """Stop every worker: politely after a normal run, with SIGTERM after Ctrl-C.

        Returns the jobs that finished while the workers stopped: a worker that was
        writing its file when SIGTERM came reports it before it exits, and the run
        records it (a PDF on disk is always in the manifest).
        """
        slots = self.workers + self.retiring
        for slot in slots:
            if terminate:
                slot.terminate()
            else:
                slot.ask_to_stop()
        end_all(slots, grace=5.0 if terminate else 30.0, kill_wait=None)
        finished: list[tuple[int, AnyJob, Outcome]] = []
        for slot in slots:
            with contextlib.suppress(EOFError, OSError):
                while slot.job is not None and slot.conn.poll(0):
                    if (done := self._receive(slot)) is not None:
                        finished.append(done)
            slot.conn.close()
        self.workers, self.retiring = [], []
        return finished


# -- signals, lock, temp files ----------------------------------------------------


class OutputFolderError(HandoutsError):
    """The output folder cannot be made, locked or written (read-only, a file in the way, a link)."""


def check_output_folder(out_dir: Path) -> None:
    """A link loop or a link to nothing where the output folder goes is refused by name, before any job: made
    with mkdir it was 'a file of that name is in the way' after --check had passed it, and a link to an
    unmounted share's folder would have its folder made on the local disk."""
    from handouts.inputfile import why_not_a_folder

    if why := why_not_a_folder(out_dir):
        raise OutputFolderError(f"the output folder {out_dir} {why}; nothing was written")


def _manifest_error(exc: OSError, path: Path) -> OutputFolderError:
    """The manifest cannot be written: a WriteError's own words, or (a full disk) the system's."""
    if isinstance(exc, WriteError):
        return OutputFolderError(f"{path} {exc}" if exc.target else str(exc))
    return OutputFolderError(f"cannot write {path}: {(exc.strerror or str(exc)).lower()}")


class _Stop:
    signum: int | None = None


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[_Stop]:
    """SIGINT / SIGTERM only set a flag: the run stops between jobs, never half-way through a write."""
    stop = _Stop()

    def handler(signum: int, frame: Any) -> None:
        if stop.signum is None:
            stop.signum = signum

    previous = {}
    try:
        for sig in STOP_SIGNALS:
            previous[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread: leave signals alone
        pass
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[str | None]:
    """One batch per output folder at a time (flock on the folder itself: no lock file left behind).

    Yields None, or a warning when the folder's file system takes no locks (a network share without a
    lock service answers ENOLCK, some others EOPNOTSUPP): the run goes ahead, and says it is not guarded."""
    try:
        fd = os.open(out_dir, os.O_RDONLY)
    except OSError as exc:
        raise OutputFolderError(f"cannot open {out_dir}: {(exc.strerror or str(exc)).lower()}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # not a usage error (exit 2, with a usage line): the command was right, the folder is busy, as
            # when last night's run is still going at tonight's start
            raise OutputFolderError(f"another batch is writing to {out_dir}: this run did not start; wait for that "
                                    "one to finish, or give another --out") from None
        except OSError as exc:
            yield (f"cannot lock {out_dir} ({(exc.strerror or str(exc)).lower()}: its file system may not "
                   "support locks), so a second batch into it would not be stopped: make sure none runs "
                   "at the same time")
            return
        yield None
    finally:
        os.close(fd)


def sweep_temp_files(out_dir: Path, outputs: Iterable[str]) -> int:
    """Remove temp files of our outputs (and of the manifest) that a killed writer left behind.

    Folders are opened below `out_dir` without following links: a link planted as
    a subfolder must not make the sweep delete files elsewhere.
    """
    by_folder: dict[PurePosixPath, set[str]] = {PurePosixPath(): {MANIFEST_NAME}}
    for output in outputs:
        path = PurePosixPath(output)
        by_folder.setdefault(path.parent, set()).add(path.name)
    removed = 0
    for folder, names in by_folder.items():
        try:
            fd = folder_inside(out_dir, folder, create=False)
        except OSError:
            continue
        try:
            for entry in list(os.scandir(fd)):
                match = TEMP_FILE.match(entry.name)
                if match and match["name"] in names and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry.name, dir_fd=fd)
                        removed += 1
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


# -- the run ----------------------------------------------------------------------


WITHHELD_ERROR = ("failed: the reason is not kept in the manifest, as it quotes the customisation (the patient's "
                  "details); the run's report gave it, and running the job again gives it again")
WITHHELD_WARNINGS = ("{count} warning(s), not kept in the manifest, as they quote the customisation (the patient's "
                     "details: allergies, foods); the run's report gave them")


def quotes_a_customisation(job: AnyJob | BadJob) -> bool:
    """Whether the job's errors and warnings may quote a customisation: its path (which names the patient,
    which is why the job's spec holds only a keyed digest of it) or what it says (allergies, foods)."""
    if isinstance(job, BadJob):
        return any(problem.field.startswith("customisation") for problem in job.problems)
    return isinstance(job, DietJob) and bool(job.customisation)


def _entry(job: AnyJob, spec: dict[str, Any], env_digest: str, outcome: Outcome) -> dict[str, Any]:
    error, warnings = outcome.error, list(outcome.warnings)
    if quotes_a_customisation(job):
        error = WITHHELD_ERROR if error else None
        warnings = [WITHHELD_WARNINGS.format(count=len(warnings))] if warnings else []
    return {
        "output": job.output,
        "origin": job.origin or None,
        "status": outcome.status,
        "job": spec,
        "environment": env_digest,
        "inputs": outcome.inputs,
        "review": outcome.review,
        "sha256": outcome.sha256,
        "bytes": outcome.bytes,
        "pages": outcome.pages,
        "seconds": outcome.seconds,
        "error": error,
        "warnings": warnings,
    }


def asks(item: AnyJob) -> int:
    """What a job asks for, wherever it was asked (a hash kept in memory only, never a patient detail):
    two rows alike are one row copied twice, not two jobs that need their own names."""
    try:
        return hash(dataclasses.replace(item, origin=""))
    except TypeError:  # a field that cannot be hashed: alike to no other job
        return next(_UNLIKE)


_UNLIKE = itertools.count(-1, -1)


def _duplicate(item: AnyJob, output: str, origin: str, same: bool = False) -> str:
    """Why a job's output is refused: another job of the run already writes that file (`same`: asking for the
    same document, a row copied twice)."""
    first = origin or "another job"
    if same and output == item.output:
        return (f"{item.origin or item.output}: the same row as {first}, which makes {output}: a row copied "
                "twice? Delete one of them")
    if output == item.output:
        same = f"output {item.output} is also the output of {first}"
    else:  # one file on Windows and macOS, and wherever the folder is copied to them
        same = (f"output {item.output} and the output of {first}, {output}, differ only in capitals or accents: "
                "on Windows and macOS they are one file")
    return f"{item.origin or item.output}: {same}; give each job its own output (e.g. add {{row}} to --pattern)"


def claimed_elsewhere(entry: dict[str, Any] | None, job_file: str | None, out_dir: Path, output: str) -> str | None:
    """Which other job file (its path, or '--topics') wrote this output, if the file is still in the folder.

    Two monthly job files with `{row}` names into one folder both write 1.pdf, 2.pdf...:
    February's row 1 would replace January's patient's handout without a word. Entries
    written before the manifest named job files claim nothing.
    """
    if not entry or "job_file" not in entry or entry["job_file"] == job_file:
        return None
    if not os.path.lexists(out_dir / output):
        return None  # gone (or never made): nothing of the other job file's is overwritten
    return entry["job_file"] or "--topics"


def _shown_job_file(job_file: str) -> str:
    return job_file if job_file == "--topics" else f"job file {display_path(Path(job_file))}"


def _claimed(item: AnyJob | BadJob, output: str, other: str, entry: dict[str, Any], job_file: str | None) -> str:
    """Why a job's output is refused: a file another job file wrote is in its place."""
    _, _, line = str(entry.get("origin") or "").rpartition(":")
    row = f" (line {line})" if line.isdigit() else ""
    this = item.origin or ("this --topics run" if job_file is None else f"job file {display_path(Path(job_file))}")
    return (f"{this}: output {output} is in the folder from {_shown_job_file(other)}{row}, and this job would "
            "overwrite it; give each job file its own --out folder (or names that differ, not {row} alone), "
            f"or remove {output} first if it should be replaced")


def run_spec(item: AnyJob, key: bytes | None, options: Options, hashes: fingerprint.FileHashes) -> dict[str, Any]:
    """The job's spec as the manifest records it: what it asks for, and the run's options that change its PDF.

    One function for the run and for --check, so that --check predicts the run's skips exactly.
    """
    spec = fingerprint.job_spec(item, key, options.variant, hashes)
    if options.paper:
        spec["paper"] = options.paper  # output differs by paper: a change re-renders
    if options.home_locale:
        spec["home_locale"] = options.home_locale  # a bare 'es' prints as es-ES or es-US by it
    if options.require_catalogue_approval and isinstance(item, DietJob):
        spec["require_catalogue_approval"] = True  # a sheet may print DRAFT by it: a change re-renders
    return spec


PREVIOUS_KEYS = ("job", "environment", "inputs", "review", "sha256", "bytes", "pages", "origin")
"""What a failed job's entry keeps of the last PDF made for its output, still in the folder."""


MAKE_ROOM = "make room and run the same command again: finished jobs are kept"
UPGRADED = ("handouts on this computer changed while the batch ran (an upgrade of it or of a font it prints "
            "with?): a new worker process would render with the new version, so the run stopped rather than mix "
            "two versions in one folder; run the same command again: the PDFs written and manifest.json are kept, "
            "and it renders what needs it")


class Run:
    """One batch run. Holds, per job, only its output name (for duplicates and temp-file sweeping)."""

    def __init__(self, options: Options, reporter: Reporter | None = None,
                 observer: Callable[[AnyJob, Outcome], None] | None = None):
        self.options = options
        self.reporter = reporter or _Silent()
        self.observer = observer
        self.summary = Summary(options.out_dir, forced=options.force)
        self.began = time.monotonic()
        self.seen: dict[str, tuple[str, str]] = {}  # output's file_key → (output, where it was first asked for)
        self.asked: dict[str, int] = {}  # output's file_key → what its first job asked for (asks())
        self.dispatched: set[str] = set()
        self.specs: dict[int, dict[str, Any]] = {}  # in-flight jobs' specs, by sequence number
        self.warned: set[str] = set()
        self._key: bytes | None | bool = False  # the user's key; False until a job needs it

    def key(self) -> bytes | None:
        """The user's key for personalisation HMACs, loaded when the first personalised job comes."""
        if self._key is False:
            try:
                self._key = userkey.load_or_create()
            except userkey.KeyUnavailable as exc:
                self._key = None
                self.reporter.warning(f"{exc}; personalised jobs will render on every run")
        return self._key  # type: ignore[return-value]

    def _halt(self, reason: str) -> None:
        """Stop taking jobs: the output folder takes no more files, so every later job would fail alike."""
        if self.summary.halted is None:
            self.summary.halted = reason

    def _record(self, entry: dict[str, Any], journal: bool = True) -> None:
        entry = {**entry, "job_file": self.options.job_file}
        if entry["status"] == "failed":
            entry = self._with_previous(entry)
        self.manifest.record(entry, journal)
        if self.manifest.journal_error:
            self._halt(f"{self.manifest.journal_error}; {MAKE_ROOM}")

    def _with_previous(self, entry: dict[str, Any]) -> dict[str, Any]:
        """A failed job's entry, still describing the PDF an earlier run left in its place, if one is there.

        A job that fails (its topic now overdue for review, a row broken by an edit) does not
        remove that PDF: without this, the manifest forgot what the file in the folder is.
        """
        before = self.manifest.get(entry["output"]) or {}
        made = before.get("previous") if before.get("status") == "failed" else before
        if not isinstance(made, dict) or made.get("status") not in fingerprint.SKIPPABLE or not made.get("sha256"):
            return entry
        if fingerprint.sha256_output(self.options.out_dir, entry["output"]) != made["sha256"]:
            return entry  # removed or replaced since: nothing of it is left to describe
        kept = {key: made.get(key) for key in PREVIOUS_KEYS if key in made}
        return {**entry, "previous": {**kept, "status": "rendered"}}

    def _finish(self, item: Finished) -> None:
        self.summary.count(item)
        self.reporter.finished(item)

    def _same(self, item: AnyJob | BadJob) -> bool:
        """Whether the job asks for exactly the document the other job file's entry records (the same rows
        in a renamed job file): writing it again replaces nothing, and it is skipped when up to date."""
        if isinstance(item, BadJob):
            return False
        spec = run_spec(item, self.key() if fingerprint.needs_key(item) else None, self.options, self.hashes)
        return (self.manifest.get(item.output) or {}).get("job") == spec

    def _admit(self, seq: int, item: AnyJob | BadJob) -> bool:
        """Settle a job without a worker if possible (invalid, duplicate, up to date); False: render it."""
        manifest, options = self.manifest, self.options
        if item.output and file_key(item.output) not in self.seen and (other := claimed_elsewhere(
                manifest.get(item.output), options.job_file, options.out_dir, item.output)) and not self._same(item):
            self.seen[file_key(item.output)] = (item.output, item.origin)
            error = _claimed(item, item.output, other, manifest.get(item.output) or {}, options.job_file)
            if isinstance(item, BadJob):
                error = f"{item.error}\n{error}"
            self._finish(Finished(item.output, "failed", item.origin, error=error))
            return True  # neither its file nor its manifest entry is touched: they are the other job file's
        if isinstance(item, BadJob):
            if item.output and file_key(item.output) not in self.seen:
                self.seen[file_key(item.output)] = (item.output, item.origin)
                self._record({"output": item.output, "origin": item.origin or None, "status": "failed",
                              "error": WITHHELD_ERROR if quotes_a_customisation(item) else item.error})
            self._finish(Finished(item.output, "failed", item.origin, error=item.error))
            return True
        if file_key(item.output) in self.seen:
            same = self.asked.get(file_key(item.output)) == asks(item)
            self._finish(Finished(item.output, "failed", item.origin,
                                  error=_duplicate(item, *self.seen[file_key(item.output)], same)))
            return True
        self.seen[file_key(item.output)] = (item.output, item.origin)
        self.asked[file_key(item.output)] = asks(item)
        spec = run_spec(item, self.key() if fingerprint.needs_key(item) else None, options, self.hashes)
        entry = manifest.get(item.output)
        if entry is not None and not options.force and fingerprint.stale_reason(
            entry, spec, self.env_digest, self.hashes, Path(item.output), options.as_of,
            options.allow_draft, out_dir=options.out_dir,
        ) is None:
            self._record({**entry, "status": "skipped", "origin": item.origin or None}, journal=False)
            self._finish(Finished(item.output, "skipped", item.origin, pages=entry.get("pages")))
            return True
        self.specs[seq] = spec
        return False

    def _done(self, seq: int, job: AnyJob, outcome: Outcome) -> None:
        spec = self.specs.pop(seq)
        # whatever reported it (a worker, a Dask worker, a lost worker), a message shows the job's row in
        # place of its customisation's path, which names the patient
        outcome.error = conceal_customisation(outcome.error, job) if outcome.error else outcome.error
        outcome.warnings = tuple(conceal_customisation(w, job) for w in outcome.warnings)
        if outcome.conceal_output:  # a path that spells the patient's name is neither recorded nor shown
            self._finish(Finished(None, "failed", job.origin, outcome.seconds, None, outcome.error))
            return
        self._record(_entry(job, spec, self.env_digest, outcome))
        if outcome.halts:
            self._halt(f"{outcome.halts}; {MAKE_ROOM}")
        stats = self.summary.workers.setdefault(outcome.pid, WorkerStats(outcome.pid))
        stats.jobs += 1
        stats.peak_rss_kb = max(stats.peak_rss_kb, outcome.hwm_kb, outcome.rss_kb)
        if self.observer:
            self.observer(job, outcome)
        for warning in outcome.warnings:
            if warning not in self.warned:
                self.warned.add(warning)
                # the manifest keeps a job's warnings, except those that quote a customisation
                where, said = at_its_place(warning, job)
                self.reporter.warning(said, job=not quotes_a_customisation(job), where=where)
        self._finish(Finished(job.output, outcome.status, job.origin, outcome.seconds, outcome.pages,
                              outcome.error, outcome.warnings))

    def _loop(self, jobs: Iterable[AnyJob | BadJob], pool: Pool | ClusterPool, stop: _Stop) -> None:
        source = iter(jobs)
        exhausted = False
        seq = 0
        while stop.signum is None and self.summary.halted is None:
            # pull jobs only while a worker is free: the in-flight window is one job per worker
            pulled = 0
            while not exhausted and pool.has_room() and stop.signum is None and self.summary.halted is None:
                pulled += 1
                if pulled > 256 and pool.busy:
                    break  # a long stretch of up-to-date jobs: collect finished work meanwhile
                item = next(source, None)
                if item is None:
                    exhausted = True
                    break
                seq += 1
                if not self._admit(seq, item):
                    assert isinstance(item, AnyJob)
                    self.dispatched.add(item.output)
                    pool.submit(seq, item)
            if exhausted and pool.busy == 0:
                return
            for done in pool.wait(0 if pulled > 256 else 0.2):
                self._done(*done)
            for notice in pool.take_notices() if hasattr(pool, "take_notices") else ():  # a cluster's has none
                self.reporter.warning(notice)
            if getattr(pool, "upgraded", False):
                self._halt(UPGRADED)
            if pool.start_failures >= 2:
                raise WorkersCannotStart(
                    "worker processes exit before they can render (their error is printed above); stopping. "
                    "Check that WeasyPrint's system libraries (Pango) are installed.")

    def __call__(self, jobs: Iterable[AnyJob | BadJob], total: int | None = None) -> Summary:
        options = self.options
        out_dir = options.out_dir
        check_output_folder(out_dir)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            why = "a file of that name is in the way" if isinstance(exc, FileExistsError) else (
                (exc.strerror or str(exc)).lower())
            raise OutputFolderError(f"cannot create the output folder {out_dir}: {why}") from None
        self.summary.total = total
        with _locked(out_dir) as unguarded, _stop_on_signals() as stop:
            if unguarded:
                self.reporter.warning(unguarded)
            self.manifest = manifest = Manifest(out_dir)
            for warning in manifest.warnings:
                self.reporter.warning(warning)
            environment = fingerprint.environment()
            self.env_digest = fingerprint.digest(environment)
            self.hashes = fingerprint.FileHashes()
            settings = Settings(str(out_dir.resolve()), options.as_of, options.allow_draft, options.variant,
                                tuple(str(d) for d in options.data_dirs), options.paper, options.home_locale,
                                options.require_catalogue_approval, started_with())
            pool: Pool | ClusterPool
            if options.cluster:  # connected before the journal opens: a cluster out of reach leaves no trace
                from handouts.batch.cluster import ClusterPool

                pool = ClusterPool(options.cluster, settings, self.env_digest)
            else:
                pool = Pool(options.jobs, settings, options.recycle_after, options.timeout)
            try:
                manifest.begin(environment)
            except OSError as exc:  # a WriteError, or a full disk
                pool.close(terminate=True)
                raise _manifest_error(exc, manifest.path) from None
            started = datetime.now(timezone.utc).isoformat(timespec="seconds")
            self.reporter.start(total)
            clean = False
            try:
                self._loop(jobs, pool, stop)
                clean = True
            except ClusterLost as exc:  # the run's report still says what was done and what was not
                self._halt(str(exc))
            finally:
                if stop.signum is not None or self.summary.halted:
                    self.reporter.stopping()
                # after Ctrl-C (or an error here) in-flight jobs are abandoned, not awaited;
                # those that finished writing as they stopped are still recorded
                for done in pool.close(terminate=stop.signum is not None or not clean):
                    self._done(*done)
                if options.cluster:
                    self.summary.cluster = {"address": options.cluster, **pool.traffic.as_dict()}  # type: ignore[union-attr]
                sweep_temp_files(out_dir, self.dispatched)
                self.summary.stopped_by = stop.signum
                self.summary.seconds = time.monotonic() - self.began
                # only a run that saw every row knows which are gone; an interrupted one keeps all
                complete = clean and stop.signum is None and not self.summary.halted
                forgotten = manifest.forget_missing({output for output, _ in self.seen.values()}) if complete else 0
                try:
                    # what a morning's check of the manifest needs: whether the run ended by itself before
                    # its last job (a full disk, a lost cluster) and how many jobs it never reached
                    manifest.finish({
                        "started": started,
                        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                        "total": total,
                        "rendered": self.summary.rendered,
                        "skipped": self.summary.skipped,
                        "failed": self.summary.failed,
                        "not_run": total - self.summary.done if total is not None else None,
                        "interrupted": self.summary.interrupted,
                        "halted": self.summary.halted,
                        "forgotten": forgotten,  # entries of outputs gone from the folder and from the jobs
                    })
                except OSError as exc:  # the journal still holds the jobs it took for the next run
                    self.summary.halted = "; ".join(filter(None, (self.summary.halted,
                                                                  str(_manifest_error(exc, manifest.path)))))
        self.reporter.summary(self.summary)
        return self.summary


def run_batch(jobs: Iterable[AnyJob | BadJob], options: Options, reporter: Reporter | None = None,
              total: int | None = None, observer: Callable[[AnyJob, Outcome], None] | None = None) -> Summary:
    """Render every job that is not up to date; see the module docstring for the guarantees."""
    return Run(options, reporter, observer)(jobs, total)
