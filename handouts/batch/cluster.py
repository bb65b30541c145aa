"""`handouts batch --cluster`: the same jobs on a Dask cluster; files and manifest written here.

`--cluster tcp://HOST:8786` connects to a running scheduler (`dask scheduler`, with
`dask worker` processes on any number of machines); `--cluster local:N` starts N
single-threaded local workers for trying it. Dask is an optional extra
(`pip install 'handouts[cluster]'`), imported only here and in handouts.batch.remote.

ClusterPool stands in for the built-in pool inside the same run (handouts.batch.runner):
the same skip checks, manifest, journal, signals and summary. For each job that is
not up to date the client

1. prepares it (handouts.batch.prepare: load, check, refuse drafts, record the
   input files with their hashes), exactly as a local worker would;
2. sends the content the document is made of once per content hash (a topic, a
   brand with its logo, a plan, a merged catalogue: see handouts.batch.remote),
   and the job's own part (with any patient details) pickled inside the task,
   under an opaque key;
3. gets the PDF's bytes back and writes them atomically under --out.

So workers need no shared filesystem, the output is byte for byte the local
pool's, and an interrupted run resumes from the manifest. When a worker dies, the
scheduler runs its jobs elsewhere, and the other jobs finish whatever one job does
to its workers:

- a finished job's PDF waits in its worker's memory until the client fetches it;
  when that worker dies first (say, killed by a poisonous job queued behind it),
  the scheduler computes the job again and the client waits for it;
- the scheduler gives a job up when workers died while it was assigned to them
  more often than it allows (`distributed.scheduler.allowed-failures`, 3 by
  default), counting the jobs queued on a worker as well as the one it runs; so a
  job given up is sent once more, alone: once nothing else of this run is on the
  cluster, and with nothing else sent until it is back. A worker that dies then
  can only have died of that job (or of something outside this run), so a job is
  reported failed only when its workers die as often again on its own; a healthy
  job given up beside one poisonous job cannot be given up again beside another.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import pickle
import queue
import re
import secrets
import time
from asyncio import CancelledError
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.batch.jobs import AnyJob, DietJob
from handouts.batch.prepare import OutputNamesPatient, Prepared, Preparer, patient_secrets, redact
from handouts.batch.worker import FolderFull, Outcome, Settings, WorkersCannotStart, failure, write_output
from handouts.batch.runner import ClusterLost
from handouts.errors import HandoutsError, UsageError

LOCAL = re.compile(r"^local:(?P<workers>\d{1,3})$")
ADDRESS = re.compile(r"^(?:tcp|tls)://[^\s/:]+(?::\d{1,5})?$|^(?:tcp|tls)://\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$")
CONNECT_SECONDS = 30
"""How long to wait for the scheduler to answer, and then for the first worker to join."""
REFUSED_SECONDS = 3.0
"""How long an address that refuses connections is tried again before the run says nothing listens there.
Dask's client retries a refused connection for all of CONNECT_SECONDS, so a mistyped port was said after
30 s; a scheduler started just before the run (a cron line that starts both) opens its port within a few
seconds, and is still reached. A host that does not answer at all keeps the whole CONNECT_SECONDS."""
RETRY_SECONDS = 0.1
"""The pause between two tries at an address that refused the connection."""
NO_WORKERS_SECONDS = 120
"""How long a run waits with work to do and no worker at all before it stops."""
SHARED_CACHE = 64
"""Shared contents (topics, brands, plans, catalogues) the client keeps a handle on."""
FETCH_SECONDS = 60
"""How long fetching one finished PDF may take. A fetch whose worker died waits inside Dask
for the job to be computed again; past this such a job is watched afresh (so the run's own
checks, a lost scheduler or no workers left, still get their turn) and any other fails."""
LOCAL_LOST_WORKER = "365 days"
"""distributed.deploy.lost-worker-timeout while a local:N cluster runs: in effect never.
A LocalCluster closes a worker's nanny for good when, that long after the worker left,
no worker of its name is connected at that instant. A worker killed again while its
nanny restarts it (a job that kills every worker it meets; restarts take seconds on a
busy machine) can be down at that instant, and the run lost every worker for good.
The nannies bring their workers back by themselves; NO_WORKERS_SECONDS still bounds a run
whose workers cannot come back."""
LOST = ("lost", "pending")
"""A future's status after its result was lost with a worker: the scheduler computes it again."""


class ClusterError(HandoutsError):
    """The cluster cannot be reached, or has no workers to run the jobs."""


def check_address(value: str) -> str:
    """A --cluster value as given, or a UsageError saying what it should look like."""
    match = LOCAL.match(value)
    if match and 1 <= int(match["workers"]) <= 256:
        return value
    if ADDRESS.match(value):
        return value
    raise UsageError(f"--cluster '{value}': give a scheduler address like tcp://HOST:8786, "
                     "or local:N to start N local workers")


def require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError("--cluster needs Dask: pip install 'handouts[cluster]'") from None


@dataclass
class Traffic:
    """What crossed the network for this run's jobs, as the client counts it (bytes)."""

    tasks: int = 0
    payload: int = 0  # each job's own part
    shared: int = 0  # contents sent once per hash
    shared_items: int = 0
    results: int = 0  # PDFs coming back
    killed: int = 0  # jobs given up after their workers died

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class _Pending:
    seq: int
    job: AnyJob
    prepared: Prepared
    future: Any
    payload: bytes = field(default=b"", repr=False)  # the job's own part, kept to send it again
    sent_again: bool = False  # sent once more after its workers died (see ClusterPool.wait)


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _digest(*parts: str | None) -> str:
    return hashlib.sha256("\0".join(p or "" for p in parts).encode()).hexdigest()


NOTHING_LISTENS = "nothing listens at that port"


def _unreachable(address: str, refused_seconds: float = 0.0) -> str | None:
    """Why nothing accepts a TCP connection at a tcp://host:port address (no bytes sent), or None when something
    does (or when it is not ours to judge: no port given). A host that does not answer is waited for
    CONNECT_SECONDS, as Dask's client waited; a refused connection, an unknown host or no route to it (each said
    at once) is tried again for `refused_seconds`, so a scheduler whose port opens meanwhile is reached."""
    import socket
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(address if "://" in address else f"tcp://{address}")
        host, port = parts.hostname, parts.port
    except ValueError:
        return None  # not ours to judge: say what Dask says
    if host is None or port is None:
        return None
    deadline = time.monotonic() + refused_seconds
    while True:
        try:
            with socket.create_connection((host, port), timeout=CONNECT_SECONDS):
                return None
        except ConnectionRefusedError:
            why = NOTHING_LISTENS
        except socket.gaierror:
            why = f"no host is known by the name '{host}'"
        except TimeoutError:
            return f"no answer within {CONNECT_SECONDS} s"
        except OSError as exc:  # no route to the host or its network: said at once, as a refusal
            why = exc.strerror or type(exc).__name__
        if time.monotonic() + RETRY_SECONDS > deadline:
            return why
        time.sleep(RETRY_SECONDS)


def _cannot_reach(address: str, why: str) -> ClusterError:
    return ClusterError(f"--cluster {address}: cannot reach the Dask scheduler there: {why}; check the address and "
                        "port, and is `dask scheduler` running there?")


class ClusterPool:
    """The runner's pool, on a Dask cluster: submit, wait, close (see handouts.batch.runner.Pool)."""

    start_failures = 0  # a worker that cannot start is the cluster's business (its plugin says why)

    def __init__(self, address: str, settings: Settings, environment: str):
        require_dask()
        from distributed import Client

        from handouts.batch import remote

        self.address = address
        self.settings = settings
        self.out_dir = Path(settings.out_dir)
        self.environment = environment
        self.preparer = Preparer.for_settings(settings)  # the local pool's: data folders, paper, home locale
        self.token = secrets.token_hex(4)  # task keys: handouts-render-<run>-<n>, nothing else
        self.pending: dict[str, _Pending] = {}
        self.recomputing: set[str] = set()  # jobs whose result was lost with a worker, being computed again
        self.suspects: list[_Pending] = []  # given up after their workers died: to be sent once more
        self.token_again = secrets.token_hex(4)  # keys of jobs sent once more
        self.failed_early: list[tuple[int, AnyJob, Outcome]] = []
        self.finished: queue.Queue[Any] = queue.Queue()
        self.shared: OrderedDict[str, Any] = OrderedDict()
        self.traffic = Traffic()
        self.cluster: Any = None
        self.size = 1
        self._checked = 0.0
        self._no_workers_since: float | None = None
        self._config: Any = None  # the local cluster's settings, undone when it is stopped

        match = LOCAL.match(address)
        if not match and (why := _unreachable(address, REFUSED_SECONDS)) is not None:
            raise _cannot_reach(address, why)  # before Dask's client, which retried a closed port for 30 s
        try:
            if match:
                import dask
                from distributed import LocalCluster

                # read whenever a worker leaves, so it holds while the cluster runs (see LOCAL_LOST_WORKER)
                self._config = dask.config.set({"distributed.deploy.lost-worker-timeout": LOCAL_LOST_WORKER})

                # this machine only: the scheduler, workers and their HTTP endpoints on loopback, free ports
                self.cluster = LocalCluster(n_workers=int(match["workers"]), threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                            worker_dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
            else:
                self.client = Client(address, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError) as exc:
            self._close_cluster()
            raise ClusterError(f"--cluster {address}: cannot reach the Dask scheduler there: {exc}; "
                               "is `dask scheduler` running there?") from None
        except Exception as exc:
            self._close_cluster()
            if match:  # e.g. a nanny that cannot start
                raise
            if (why := _unreachable(address)) is not None:  # Dask's failure on a closed port is not always an OSError
                raise _cannot_reach(address, why) from None
            # a port where something else listens (a web server): Dask reads its answer as a frame
            # length and fails to allocate it (MemoryError), or fails to parse it
            raise ClusterError(f"--cluster {address}: what answers there is not a Dask scheduler "
                               f"({type(exc).__name__}); give the address and port `dask scheduler` listens on "
                               "(8786 unless its --port says otherwise)") from None
        except BaseException:  # nothing of the local cluster stays behind
            self._close_cluster()
            raise
        if not match:
            self._guard_scheduler(address)
        try:
            self.client.register_plugin(remote.Plugin(environment), name=remote.PLUGIN)
            self.client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError):
            self.close(terminate=True)
            raise ClusterError(f"no Dask worker joined {address} within {CONNECT_SECONDS} s; start some with "
                               f"`dask worker {address} --nthreads 1`") from None
        except Exception as exc:  # noqa: BLE001 - the plugin failed on a worker: say why, stop before any job
            self.close(terminate=True)
            raise WorkersCannotStart(f"a Dask worker cannot render: {exc}") from None
        self._resize(force=True)

    def _guard_scheduler(self, address: str) -> None:
        """No core dump of the scheduler, which holds the waiting jobs' patient details; one that cannot load
        handouts cannot be told so, and is refused before anything is sent."""
        from handouts.batch import remote

        try:
            self.client.register_plugin(remote.SchedulerGuard(), name=remote.SCHEDULER_PLUGIN)
        except Exception as exc:  # noqa: BLE001 - e.g. handouts not installed where the scheduler runs
            self.close(terminate=True)
            raise ClusterError(f"--cluster {address}: the Dask scheduler cannot load handouts "
                               f"({type(exc).__name__}), so it cannot be kept from writing the patients' details it "
                               "holds into a core dump; install the same version of handouts where it runs, as on "
                               "the workers") from None

    # -- the pool's interface ---------------------------------------------------------

    @property
    def busy(self) -> int:
        return len(self.pending) + len(self.failed_early) + len(self.suspects)

    def has_room(self) -> bool:
        """Room for another job: none while a job given up waits to be sent again alone, or is out alone."""
        return not self.isolating and self.busy < self.size

    @property
    def isolating(self) -> bool:
        """A job given up after its workers died is waiting for the cluster to drain, or is out alone."""
        return bool(self.suspects) or any(p.sent_again for p in self.pending.values())

    def submit(self, seq: int, job: AnyJob) -> None:
        """Prepare the job here and hand it to the scheduler; a job that cannot be prepared fails now."""
        from handouts.batch import remote

        where_secrets = patient_secrets(job)
        try:
            prepared = self.preparer.prepare(job)
            where_secrets = prepared.secrets
            customisation = prepared.inputs.customisation if isinstance(job, DietJob) else None
            task = remote.Task(job, prepared.kind, prepared.person, customisation, prepared.secrets,
                               self.settings.as_of, self.settings.variant, self.environment,
                               self.settings.home_locale)
            payload = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
            self._send(_Pending(seq, job, prepared, None, payload), self.token)
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
            outcome = Outcome(job.output, "failed", error=redact(failure(job, exc), where_secrets))
            outcome.conceal_output = isinstance(exc, OutputNamesPatient)
            self.failed_early.append((seq, job, outcome))

    def wait(self, timeout: float) -> Iterator[tuple[int, AnyJob, Outcome]]:
        """Finished jobs, waiting at most `timeout` seconds for the first."""
        self._send_suspect()
        while self.failed_early:
            yield self.failed_early.pop(0)
        self._resize()
        if not self.pending:
            return
        keys = []
        try:
            keys.append(self.finished.get(timeout=timeout))
            while True:
                keys.append(self.finished.get_nowait())
        except queue.Empty:
            pass
        # a lost result's job, done again: its done callback fired the first time only
        keys += [key for key in self.recomputing if self.pending[key].future.status not in LOST]
        for key in dict.fromkeys(keys):
            pending = self.pending.get(key)
            if pending is None:
                continue
            outcome = self._settle(pending)
            if outcome is None:  # its result went with a worker: the scheduler is computing it again
                self.recomputing.add(key)
                continue
            self.recomputing.discard(key)
            del self.pending[key]
            if self._killed(pending.future):  # given up by the scheduler, even while its PDF was fetched
                if not pending.sent_again:  # perhaps it was only queued beside the culprit
                    self.suspects.append(pending)
                    continue
                self.traffic.killed += 1
            yield pending.seq, pending.job, outcome

    def close(self, terminate: bool) -> list[tuple[int, AnyJob, Outcome]]:
        """Cancel what is still queued (after Ctrl-C) and disconnect; a local cluster is stopped.

        Files are written here, between jobs, so nothing finishes while closing: returns [].
        """
        client = getattr(self, "client", None)
        if client is not None:
            with contextlib.suppress(Exception):
                if self.pending:
                    client.cancel([p.future for p in self.pending.values()])
                self.pending.clear()
                self.recomputing.clear()
                self.suspects.clear()
                self.shared.clear()
                client.close(timeout=10)
        self._close_cluster()
        return []

    # -- internals ---------------------------------------------------------------------

    def _send(self, pending: _Pending, token: str) -> None:
        """Hand a prepared job to the scheduler under an opaque key, with handles on its shared content."""
        from handouts.batch import remote

        shared = self._shared_for(pending.prepared)
        key = f"handouts-render-{token}-{pending.seq}"
        pending.future = self.client.submit(remote.render, pending.payload, *shared, key=key, pure=False)
        self.traffic.tasks += 1
        self.traffic.payload += len(pending.payload)
        self.pending[key] = pending
        pending.future.add_done_callback(lambda done: self.finished.put(done.key))

    @staticmethod
    def _killed(future: Any) -> bool:
        from distributed import KilledWorker

        return bool(future.status == "error" and isinstance(future.exception(), KilledWorker))

    def _send_suspect(self) -> None:
        """Send the first job given up after its workers died once more, alone on the cluster.

        The scheduler counts a worker's death against every job assigned to it, running or
        queued behind the one running (dask/distributed#5234), so a healthy job queued
        beside a job that crashes its workers is given up with it. Such a job is sent
        again only when none of this run's jobs is out (has_room takes no new job while
        one waits, so the cluster drains), under a new key (its count starts afresh), and
        nothing else is sent until it is back: no other job of this run can be queued on
        a worker beside it, so every death counted against it is its own doing. A healthy
        one renders; one that kills its workers as often again is reported failed. The
        price: while one is out, the other workers idle (rare, and seconds each).
        """
        if not self.suspects or self.pending:
            return
        suspect = self.suspects.pop(0)
        again = _Pending(suspect.seq, suspect.job, suspect.prepared, None, suspect.payload, sent_again=True)
        try:
            self._send(again, self.token_again)
        except Exception as exc:  # noqa: BLE001 - as in submit: this job fails, the others carry on
            outcome = Outcome(suspect.job.output, "failed", inputs=suspect.prepared.files,
                              error=redact(failure(suspect.job, exc), suspect.prepared.secrets))
            self.failed_early.append((suspect.seq, suspect.job, outcome))

    def _close_cluster(self) -> None:
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close(timeout=10)
            self.cluster = None
        if getattr(self, "_config", None) is not None:
            self._config.__exit__(None, None, None)
            self._config = None

    def _resize(self, force: bool = False) -> None:
        """Keep one job in flight per worker thread.

        More would queue jobs on workers (Dask queues only groups larger than twice the
        cluster on the scheduler), and every job queued on a worker that a bad job kills
        counts that death against itself. Some queueing remains (the scheduler prefers
        workers holding a job's shared content, a dead worker's jobs go to the others,
        and this size is a few seconds old), which is why a job given up is sent once
        more, alone (_send_suspect).
        """
        now = time.monotonic()
        if not force and now - self._checked < 2.0:
            return
        self._checked = now
        try:
            threads = sum(self.client.nthreads().values())
        except Exception:  # noqa: BLE001 - the scheduler is gone (a closed connection, a timeout)
            raise ClusterLost(f"lost the Dask scheduler at {self.address}; finished jobs are recorded: "
                               "run the same command again when it is back") from None
        self.size = max(1, threads)
        if threads or not self.pending:
            self._no_workers_since = None
        elif self._no_workers_since is None:
            self._no_workers_since = now
        elif now - self._no_workers_since > NO_WORKERS_SECONDS:
            raise ClusterLost(f"every Dask worker of {self.address} has gone for {NO_WORKERS_SECONDS} s; "
                               "finished jobs are recorded: start workers and run the same command again")

    def _share(self, kind: str, sha: str, make: Callable[[], Any]) -> Any:
        """A handle on shared content, sent once per content hash (and again only after it was let go).

        Content waiting on a worker that dies is counted like a job (see _send_suspect):
        given up, it fails every job that needs it, and is sent again under a new key for
        the first of them sent again, so that a job is never given up for its content.
        """
        from handouts.batch import remote

        key = f"handouts-content-{kind}-{sha[:40]}"
        if key in self.shared:
            if self.shared[key].status != "error":
                self.shared.move_to_end(key)
                return self.shared[key]
            del self.shared[key]
            task = f"{key}-{secrets.token_hex(4)}"
        else:
            task = key
        blob = pickle.dumps(make(), protocol=pickle.HIGHEST_PROTOCOL)
        self.traffic.shared += len(blob)
        self.traffic.shared_items += 1
        future = self.client.submit(remote.load, blob, key=task, pure=False)
        self.shared[key] = future
        while len(self.shared) > SHARED_CACHE:  # the scheduler keeps what queued jobs still need
            self.shared.popitem(last=False)
        return future

    def _brand(self, prepared: Prepared) -> Any:
        from handouts.batch import remote
        from handouts.batch.prepare import JobFailed

        from handouts.views.brand_warnings import travelling

        brand = prepared.inputs.brand
        logo = prepared.files.get("logo")
        # the paper is the run's choice over the brand file's: part of what is sent, so part of the key; and the
        # file, where its warnings are said (a copy of the brand file elsewhere is said at its own lines)
        key = _digest(prepared.files["brand"]["sha256"], logo["sha256"] if logo else None, brand.logo, brand.paper,
                      prepared.files["brand"]["path"])

        def make() -> Any:
            data = b""
            if logo:
                data = Path(logo["path"]).read_bytes()
                if hashlib.sha256(data).hexdigest() != logo["sha256"]:
                    raise JobFailed(f"{logo['path']}: changed while it was being read; run again")
            return remote.Brand(key, travelling(brand, prepared.inputs.brand_folder), brand.logo if logo else None,
                                data)

        return self._share("brand", key, make)

    def _shared_for(self, prepared: Prepared) -> list[Any]:
        inputs, files = prepared.inputs, prepared.files
        if prepared.kind == "diet-sheet":
            catalogues = [f["sha256"] for role, f in files.items() if role.startswith("catalogue")]  # merge order
            from handouts.diet.catalogue_review import requires_approval

            if requires_approval(inputs.catalogue):  # merged under require_catalogue_approval: it marks sheets otherwise
                catalogues.append("require_catalogue_approval")
            return [self._share("plan", _digest(files["plan"]["sha256"]), lambda: inputs.plan),
                    self._share("catalogue", _digest(*catalogues), lambda: inputs.catalogue),
                    self._brand(prepared)]
        return [self._share("topic", _digest(files["topic"]["sha256"]), lambda: inputs.topic), self._brand(prepared)]

    def _settle(self, pending: _Pending) -> Outcome | None:
        """The job's outcome: the PDF written here, or why not; None while the cluster computes it again.

        A job is done when its future finishes, but its PDF stays in the worker's memory
        until fetched here. If that worker dies first, the scheduler tells the client the
        result is lost (the future's status turns "lost") and, since the future still
        wants it, runs the job again; its done callback has fired already (and would fire
        at once for a "lost" future), so the caller looks at the future's status again.
        A job is written at most once: only here, and only with its result in hand.
        """
        job, prepared, future = pending.job, pending.prepared, pending.future
        outcome = Outcome(job.output, "failed", inputs=prepared.files, review=prepared.review)
        if future.status in LOST:
            return None
        if future.status != "finished":
            outcome.error = self._why(job, future, None)
            return outcome
        try:
            result = future.result(timeout=FETCH_SECONDS)
        except (Exception, CancelledError) as exc:  # noqa: BLE001 - never a traceback from the cluster
            if future.status in LOST:  # its worker died as the PDF was fetched
                return None
            outcome.error = self._why(job, future, exc)  # computed again, it failed this time
            return outcome
        outcome.pid, outcome.seconds = result.get("pid", 0), result.get("seconds", 0.0)
        outcome.rss_kb, outcome.hwm_kb = result.get("rss_kb", 0), result.get("hwm_kb", 0)
        outcome.warnings = tuple(result.get("warnings", ()))
        if result.get("error"):
            outcome.error = result["error"]
            return outcome
        data: bytes = result["data"]
        self.traffic.results += len(data)
        try:
            write_output(self.out_dir, job, data)
        except HandoutsError as exc:  # the write failed
            outcome.error = str(exc)
            outcome.halts = exc.reason if isinstance(exc, FolderFull) else None
            return outcome
        outcome.status = "rendered"
        outcome.sha256 = hashlib.sha256(data).hexdigest()
        outcome.bytes = len(data)
        outcome.pages = result["pages"]
        return outcome  # the future is let go with `pending`: the scheduler forgets the task

    def _why(self, job: AnyJob, future: Any, fetching: BaseException | None) -> str:
        """Why the cluster gave no PDF for a job, in words (an exception's type at most: no patient details)."""
        from distributed import KilledWorker

        where = job.origin or job.output
        if future.status == "error":
            exc = future.exception()
            if isinstance(exc, KilledWorker):
                deaths = _times(exc.allowed_failures + 1)
                return (f"{where}: the workers rendering this job died {deaths}, and {deaths} more when it was sent "
                        "again alone; it is not tried again; other jobs carry on")
            return f"{where}: the cluster could not run this job ({type(exc).__name__})"
        if fetching is not None and future.status == "finished":
            return f"{where}: the cluster could not return this job's PDF ({type(fetching).__name__}); run again"
        return f"{where}: the cluster dropped this job ({future.status}); run again to retry it"
