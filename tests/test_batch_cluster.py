"""`handouts batch --cluster` on a real Dask cluster: a `dask scheduler` and two `dask worker`
processes on 127.0.0.1 over TCP, started here and always stopped.

The scheduler runs with a preload that writes down every task key and state change
(fixtures/cluster/spy.py: what its logs and dashboard could show), and gives up on a
task after its second worker dies (allowed-failures 1, to keep the test short). The
workers run with a preload that kills the worker rendering any job whose output is
named poison*.pdf (fixtures/cluster/poison.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import signal
import subprocess
import sys
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from batchutil import batch, manifest, sha256

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
ALPHA = FIXTURES / "batch" / "topics" / "alpha.yaml"
BETA = FIXTURES / "batch" / "topics" / "beta.yaml"
DASK = Path(sys.executable).parent / "dask"
AS_OF = "2025-10-01"
NAMES = ("Zebulon", "Quixote", "Marguerite", "Okonkwo")
KEY = re.compile(r"^handouts-(?:render-[0-9a-f]{8}-\d+"
                 r"|content-(?:topic|brand|plan|catalogue)-[0-9a-f]{40}(?:-[0-9a-f]{8})?)$")  # (sent again)



@dataclass
class Cluster:
    address: str
    folder: Path
    workers: list[subprocess.Popen]
    scheduler: subprocess.Popen | None = None

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.folder.glob("*.log"))

    def wait_for_both_workers(self) -> None:
        """A test that kills workers leaves their nannies restarting them: the next test waits."""
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)

    def keys(self) -> list[tuple[str, str, str, str]]:
        """(key, from, to, worker name or '-') for every state change the scheduler made."""
        spy = self.folder / "spy.txt"
        lines = spy.read_text().splitlines() if spy.exists() else []
        return [tuple(line.rsplit(" ", 3)) for line in lines if line.count(" ") >= 3]  # type: ignore[misc]

    def rendering_on(self, worker: str) -> bool:
        """Whether the named worker is rendering a job now."""
        last = {}
        for key, _, finish, where in self.keys():
            if key.startswith("handouts-render-"):
                last[key] = (finish, where)
        return any(state == ("processing", worker) for state in last.values())


def _start(args: list[object], log: Path, env: dict[str, str], cwd: Path) -> subprocess.Popen:
    with log.open("w") as handle:  # a session of its own: teardown stops the process and its children
        return subprocess.Popen([str(a) for a in args], stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
    else:  # the leader is gone; its children may not be
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def _wait_for(predicate, seconds: float = 90, what: str = "the cluster") -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    folder = tmp_path_factory.mktemp("cluster")
    env = {**os.environ,
           "HANDOUTS_TEST_SPY": str(folder / "spy.txt"),
           "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}
    # (worker-saturation would not help: it queues only root-ish tasks on the scheduler, and
    # a render task depends on its shared content; the pool keeps one job per worker thread)
    started: list[subprocess.Popen] = []
    try:
        started.append(_start([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", folder / "scheduler.json",
                               "--preload", FIXTURES / "cluster" / "spy.py"], folder / "scheduler.log", env, folder))
        _wait_for(lambda: (folder / "scheduler.json").exists() or started[0].poll() is not None)
        assert started[0].poll() is None, (folder / "scheduler.log").read_text()
        _wait_for(lambda: "address" in (folder / "scheduler.json").read_text())
        address = json.loads((folder / "scheduler.json").read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        for name in ("w1", "w2"):
            started.append(_start([DASK, "worker", address, "--name", name, "--host", "127.0.0.1", "--nthreads", "1",
                                   "--nworkers", "1", "--no-dashboard",
                                   "--preload", FIXTURES / "cluster" / "poison.py"], folder / f"{name}.log", env, folder))
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield Cluster(address, folder, started[1:], started[0])
    finally:
        for process in reversed(started):
            _stop(process)


# The tests without the module's cluster come first: it is started for the first test that uses it and
# runs (its scheduler and workers ticking over) until the module ends.


def test_local_workers_for_trying_it(tmp_path):
    jobs = _patients(tmp_path / "jobs.csv", 2)
    result = batch(jobs, "--out", tmp_path / "out", "--cluster", "local:1", "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["rendered"], summary["cluster"]["address"], summary["cluster"]["tasks"]) == (2, "local:1", 2)
    assert len(summary["workers"]) == 1 and len(list((tmp_path / "out" / "p").glob("*.pdf"))) == 2


def test_cluster_usage_errors(tmp_path):
    jobs = _patients(tmp_path / "jobs.csv", 1)
    for args, says in (
        (["--cluster", "8786"], "give a scheduler address like tcp://HOST:8786, or local:N"),
        (["--cluster", "local:0"], "give a scheduler address like tcp://HOST:8786, or local:N"),
        (["--cluster", "local:2", "--jobs", "2"], "--jobs is for the built-in pool"),
        (["--cluster", "tcp://127.0.0.1:8786", "--timeout", "5"], "--timeout is for the built-in pool"),
    ):
        result = batch(jobs, "--out", tmp_path / "out", *args)
        assert result.exit_code == 2 and says in result.output, (args, result.output)
    assert not (tmp_path / "out").exists()


def test_a_healthy_job_is_not_given_up_beside_two_different_poisonous_jobs(tmp_path):
    # One worker with three threads, so every job out waits on the same worker process and each
    # death counts against all of them; the scheduler gives a job up at its first (allowed-failures
    # 0). The first poisonous job takes the two healthy jobs after it down with it; sent again, a
    # healthy job must not wait beside the second poisonous job and be given up as its culprit.
    # (`dask` processes, not a LocalCluster in this process: a LocalCluster closes a nanny for good
    # when its worker, killed again, is still restarting 15 s after an earlier death; see
    # test_a_local_worker_slower_to_restart_than_the_lost_worker_timeout_comes_back.)
    rows = [f"{ALPHA},patient,p/{n:04d}.pdf,Zebulon Quixote {n}" for n in (2, 3, 5)]
    rows.insert(0, f"{BETA},patient,poison-1.pdf,Marguerite Okonkwo")
    rows.insert(3, f"{BETA},patient,poison-2.pdf,Marguerite Okonkwo")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("topic,audience,output,patient_name\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out, folder = tmp_path / "out", tmp_path / "cluster"
    folder.mkdir()
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}
    started: list[subprocess.Popen] = []
    try:
        started.append(_start([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", folder / "scheduler.json"], folder / "scheduler.log", env, folder))
        ready = folder / "scheduler.json"
        _wait_for(lambda: ready.exists() and "address" in ready.read_text() or started[0].poll() is not None)
        assert started[0].poll() is None, (folder / "scheduler.log").read_text()
        address = json.loads(ready.read_text())["address"]
        started.append(_start([DASK, "worker", address, "--host", "127.0.0.1", "--nthreads", "3", "--nworkers", "1",
                               "--no-dashboard", "--preload", FIXTURES / "cluster" / "poison.py"],
                              folder / "worker.log", env, folder))
        from distributed import Client

        with Client(address, timeout=60) as client:  # a slow start is no part of the run's own 30 s
            client.wait_for_workers(1, timeout=120)
        result = batch(jobs, "--out", out, "--cluster", address, "--format", "json")  # in-process, as the test above
    finally:
        for process in reversed(started):
            _stop(process)
    assert result.exit_code == 1, result.output
    text = result.output
    summary = json.loads(result.stdout)
    failures = {f["output"]: f["error"] for f in summary["failures"]}
    assert (summary["rendered"], sorted(failures)) == (3, ["poison-1.pdf", "poison-2.pdf"]), failures
    assert summary["cluster"]["killed"] == 2
    for output, line in (("poison-1.pdf", 2), ("poison-2.pdf", 5)):
        assert re.search(rf"jobs\.csv:{line}: the workers rendering this job died once, and once more when it was "
                         "sent again alone; it is not tried again", failures[output]), failures[output]
    assert sorted(p.name for p in (out / "p").glob("*.pdf")) == ["0002.pdf", "0003.pdf", "0005.pdf"]
    assert not list(out.glob("poison*"))
    assert "okonkwo" not in (text + "".join(p.read_text() for p in folder.glob("*.log"))).lower()


def test_a_local_worker_slower_to_restart_than_the_lost_worker_timeout_comes_back(tmp_path):
    # A LocalCluster closes a worker's nanny for good when, distributed.deploy.lost-worker-timeout
    # (15 s) after its worker left, no worker of its name is connected at that instant. A worker
    # killed again while its nanny restarts it (a job that kills every worker it meets, restarts
    # of seconds on a busy machine) could be down at that instant, and the run stalled for
    # NO_WORKERS_SECONDS before giving up. A timeout shorter than any restart (100 ms) makes that
    # instant certain: local:N must leave the restarts to its nannies.
    import dask

    from handouts.batch import fingerprint
    from handouts.batch.cluster import ClusterPool
    from handouts.batch.worker import Settings

    settings = Settings(str(tmp_path), date.fromisoformat(AS_OF), allow_draft=True)
    with dask.config.set({"distributed.deploy.lost-worker-timeout": "100ms"}):
        pool = ClusterPool("local:1", settings, fingerprint.digest(fingerprint.environment()))
        try:
            [(first, pid)] = pool.client.run(os.getpid).items()
            os.kill(pid, signal.SIGKILL)  # as a job that crashes its worker would
            _wait_for(lambda: first not in pool.client.scheduler_info()["workers"], 15, "the worker to be gone")
            _wait_for(lambda: pool.client.scheduler_info()["workers"], 15, "the nanny to bring a worker back")
            assert len(pool.cluster.workers) == 1
        finally:
            pool.close(terminate=True)
        assert dask.config.get("distributed.deploy.lost-worker-timeout") == "100ms"  # the run's setting undone


def _customisation(folder: Path) -> Path:
    path = folder / "customisations" / "0004.yaml"
    path.parent.mkdir(parents=True)
    sam = (ROOT / "data" / "customisations" / "sam-low-fodmap.yaml").read_text(encoding="utf-8")
    path.write_text(sam.replace("Sam Rivera", "Marguerite Okonkwo"), encoding="utf-8")
    return path


def test_a_cluster_renders_what_the_local_pool_renders_byte_for_byte(cluster, tmp_path):
    _customisation(tmp_path)
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(
        "topic,audience,brand,plan,customisation,output,patient_name,visit_date\n"
        f"{ALPHA},patient,riverside,,,p/0001.pdf,Zebulon Quixote,2025-07-14\n"
        f"{ALPHA},patient,default,,,p/0002.pdf,Marguerite Okonkwo,2025-07-15\n"
        f"{BETA},clinician,riverside,,,c/beta.pdf,,\n"
        ",,riverside,,customisations/0004.yaml,d/0004.pdf,,\n",
        encoding="utf-8")
    local, remote = tmp_path / "local", tmp_path / "remote"
    common = ["--as-of", AS_OF, "--allow-draft", "--format", "json"]

    pooled = batch(jobs, "--out", local, "--jobs", "1", *common)  # one worker: the pool's size is not the point
    assert pooled.exit_code == 0, pooled.output
    clustered = batch(jobs, "--out", remote, "--cluster", cluster.address, *common)
    assert clustered.exit_code == 0, clustered.output
    summary = json.loads(clustered.stdout)
    assert (summary["rendered"], summary["failed"]) == (4, 0)
    assert summary["cluster"]["tasks"] == 4 and summary["cluster"]["results"] > 0
    # three contents for four jobs: alpha once (for two patients), beta, the plan and catalogue; two brands
    assert summary["cluster"]["shared_items"] == 6

    pdfs = sorted(p.relative_to(local).as_posix() for p in local.rglob("*.pdf"))
    assert pdfs == sorted(p.relative_to(remote).as_posix() for p in remote.rglob("*.pdf")) and len(pdfs) == 4
    for name in pdfs:
        assert (local / name).read_bytes() == (remote / name).read_bytes(), name
    same = ("status", "job", "inputs", "review", "sha256", "bytes", "pages", "error", "origin")
    ours, theirs = manifest(local), manifest(remote)
    assert ours["environment"] == theirs["environment"]
    for name in pdfs:
        assert {k: ours["jobs"][name][k] for k in same} == {k: theirs["jobs"][name][k] for k in same}, name
    # the allergen warning reaches the report from the cluster too, and (as locally) not the manifest
    assert "d/0004.pdf: enjoy[1]: carries an allergy of this patient (allergies[0])" in clustered.stderr
    assert theirs["jobs"]["d/0004.pdf"]["warnings"] == ours["jobs"]["d/0004.pdf"]["warnings"]
    assert "Peanut" not in json.dumps(theirs["jobs"]["d/0004.pdf"])

    # nothing changed: the re-run sends the cluster nothing
    again = batch(jobs, "--out", remote, "--cluster", cluster.address, *common)
    summary = json.loads(again.stdout)
    if manifest(remote)["environment"] == theirs["environment"]:  # else someone edited the checkout meanwhile
        assert (summary["skipped"], summary["cluster"]["tasks"]) == (4, 0)

    # the workers that held those patients forbid a core dump of themselves, as the local pools' workers do
    if sys.platform.startswith("linux") and _inherited_core_limit() != 0:
        for nanny in cluster.workers:
            for pid in _worker_processes(nanny):
                limits = Path(f"/proc/{pid}/limits").read_text()
                assert re.search(r"^Max core file size\s+0\s+0\s+bytes", limits, re.M), limits

    # so does the scheduler, which held every job's task (the patients' details inside) until it ran
    if sys.platform.startswith("linux") and _inherited_core_limit() != 0:
        assert cluster.scheduler is not None
        limits = Path(f"/proc/{cluster.scheduler.pid}/limits").read_text()
        assert re.search(r"^Max core file size\s+0\s+0\s+bytes", limits, re.M), limits

    # ... and never spill the PDFs they hold (a patient's name in each) to their disk, as a `dask worker`
    # with a memory limit (the default) does past its memory target
    def spills(dask_worker: object) -> bool:
        manager, data = dask_worker.memory_manager, dask_worker.data  # type: ignore[attr-defined]
        return manager.memory_spill_fraction is not False or (hasattr(data, "slow") and data.n < sys.maxsize)

    from distributed import Client

    with Client(cluster.address, timeout=60) as client:
        spilling = client.run(spills)
    assert len(spilling) == 2 and not any(spilling.values()), spilling

    # what the scheduler saw: opaque keys only, and no patient in any log or file name
    keys = {key for key, _, _, _ in cluster.keys()}
    assert keys and all(KEY.match(key) for key in keys), sorted(keys)
    seen = cluster.logs() + "\n".join(keys) + (remote / "manifest.json").read_text() + clustered.output
    assert not [name for name in NAMES if name.lower() in seen.lower()]


def _inherited_core_limit() -> int:
    """The hard core limit the `dask worker` processes were started with (this process's): 0 proves nothing."""
    import resource

    return resource.getrlimit(resource.RLIMIT_CORE)[1]


def _patients(path: Path, count: int, poison: bool = False, slow: bool = False) -> Path:
    name = "slow-{n:04d}" if slow else "{n:04d}"  # slow-*: a second longer on the worker (poison.py)
    rows = [f"{ALPHA},patient,p/{name.format(n=n)}.pdf,Zebulon Quixote {n}" for n in range(1, count + 1)]
    if poison:
        rows.insert(1, f"{BETA},patient,poison.pdf,Marguerite Okonkwo")
    path.write_text("topic,audience,output,patient_name\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _worker_processes(nanny: subprocess.Popen) -> list[int]:
    """The worker process a `dask worker` nanny runs (its child that is not a resource tracker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == nanny.pid and b"resource_tracker" not in cmdline:
            found.append(int(stat.parent.name))
    return found


def test_a_worker_killed_mid_run_loses_no_job(cluster, tmp_path):
    count = 6  # three slow jobs a worker: the kill lands in the second, and jobs are left after it
    jobs = _patients(tmp_path / "jobs.csv", count, slow=True)  # the kill lands while a job renders
    out = tmp_path / "out"
    log = tmp_path / "run.log"
    with log.open("w") as handle:
        run = subprocess.Popen([sys.executable, "-m", "handouts", "batch", str(jobs), "--out", str(out), "--cluster",
                                cluster.address, "--format", "json"], cwd=ROOT, stdout=handle,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        # once a PDF is written, as soon as the first worker is rendering a job, it dies
        _wait_for(lambda: (out / "p").is_dir() and any((out / "p").glob("*.pdf")) or run.poll() is not None,
                  120, "the first PDF")
        # found first: reading /proc takes a while on a busy machine, and a kill that came that much
        # later could land after the job it was aimed at, with the worker idle between two jobs
        victims = _worker_processes(cluster.workers[0])
        assert victims, "no worker process under the first nanny"
        _wait_for(lambda: cluster.rendering_on("w1") or run.poll() is not None, 60, "a job on the first worker")
        assert run.poll() is None, log.read_text()
        for pid in victims:
            os.kill(pid, signal.SIGKILL)  # as a crash would: no goodbye to the scheduler
        assert run.wait(timeout=240) == 0, log.read_text()
    finally:
        _stop(run)
    text = log.read_text()
    summary = json.loads(re.search(r"^\{$.*", text, re.M | re.S).group(0))
    assert (summary["rendered"], summary["failed"]) == (count, 0)
    assert len(list((out / "p").glob("*.pdf"))) == count
    assert not [p for p in out.rglob("*") if p.name.endswith(".part") or p.name == "manifest.jsonl"]
    assert {e["status"] for e in manifest(out)["jobs"].values()} == {"rendered"}
    # a job was running on the killed worker: the scheduler took it back and ran it again elsewhere
    renders = [(k, a, b) for k, a, b, _ in cluster.keys() if k.startswith("handouts-render-")]
    lost = {k for k, a, b in renders if (a, b) == ("processing", "released")}
    assert lost and all((k, "processing", "memory") in renders for k in lost)
    assert "zebulon" not in (text + cluster.logs()).lower()


def _pool(cluster: Cluster, jobs: Path, out: Path):  # noqa: ANN202 - (ClusterPool, the file's one job)
    """The run's pool on the test cluster, driven here job by job, with the job file's one job."""
    from handouts.batch import fingerprint
    from handouts.batch.cluster import ClusterPool
    from handouts.batch.jobs import JobFile, OutputPattern
    from handouts.batch.worker import Settings

    cluster.wait_for_both_workers()
    [job] = JobFile(jobs, OutputPattern("{topic}.pdf"))
    out.mkdir()  # as the run does
    settings = Settings(str(out), date.fromisoformat(AS_OF), allow_draft=True)
    return ClusterPool(cluster.address, settings, fingerprint.digest(fingerprint.environment())), job


def _kill(cluster: Cluster, name: str) -> None:
    """Kill the worker process of the named worker (w1, w2), as a crash would."""
    victims = _worker_processes(cluster.workers[int(name[1]) - 1])
    assert victims, f"no worker process under {name}'s nanny"
    for pid in victims:
        os.kill(pid, signal.SIGKILL)


def _outcome(pool, seconds: float = 180):  # noqa: ANN202 - the one job's (seq, job, Outcome)
    done: list = []
    deadline = time.monotonic() + seconds
    while not done:
        assert time.monotonic() < deadline, "the job never came back"
        done += pool.wait(1.0)
    [finished] = done
    return finished


def test_a_pdf_lost_with_its_worker_before_it_is_fetched_is_rendered_again(cluster, tmp_path):
    # A finished job's PDF waits in its worker's memory until the client fetches it. On a busy
    # machine the client is late, and a poisonous job queued behind the healthy one can kill
    # that worker first: the scheduler computes the job again, and the client must wait for
    # it, not report it failed. Here the workers are killed between "finished" and "fetched".
    from distributed import Future

    out = tmp_path / "out"
    pool, job = _pool(cluster, _patients(tmp_path / "jobs.csv", 1), out)
    try:
        pool.submit(1, job)
        key = f"handouts-render-{pool.token}-1"
        _wait_for(lambda: (key, "processing", "memory") in [c[:3] for c in cluster.keys()], 120, "the job to finish")
        holder = [w for k, _, finish, w in cluster.keys() if k == key and finish == "processing"][-1]
        # the other worker dies first, so nothing computes the job again before the client looks
        for name in sorted(("w1", "w2"), key=lambda name: name == holder):
            _kill(cluster, name)
        future = Future(key, pool.client)
        _wait_for(lambda: future.status == "lost", 60, "the client to hear its job's PDF is lost")
        seq, _, outcome = _outcome(pool)
        assert (seq, outcome.status) == (1, "rendered"), outcome.error
        assert (out / "p" / "0001.pdf").read_bytes()[:5] == b"%PDF-"
        assert outcome.sha256 == sha256(out / "p" / "0001.pdf")
        assert pool.traffic.as_dict()["tasks"] == 1 and pool.busy == 0
        # what the scheduler did: the PDF was lost from memory, and the same task ran again
        changes = [(a, b) for k, a, b, _ in cluster.keys() if k == key]
        assert changes.count(("processing", "memory")) == 2 and ("memory", "released") in changes, changes
    finally:
        pool.close(terminate=False)


def test_a_job_given_up_after_its_workers_died_is_sent_once_more(cluster, tmp_path):
    # Dask counts a worker's death against every job assigned to it, the one it runs and those
    # queued behind (dask/distributed#5234), so a healthy job queued beside a poisonous one can
    # be given up with it. Here a healthy job's worker is killed under it as often as the
    # cluster allows: it is sent once more, under a new key, and renders.
    out = tmp_path / "out"
    pool, job = _pool(cluster, _patients(tmp_path / "jobs.csv", 1, slow=True), out)
    try:
        pool.submit(1, job)
        key = f"handouts-render-{pool.token}-1"
        for death in (1, 2):  # allowed-failures 1: the second death gives the job up

            def on() -> list[str]:
                return [w for k, _, finish, w in cluster.keys() if k == key and finish == "processing"]

            _wait_for(lambda: len(on()) == death, 120, f"the job's worker number {death}")
            _kill(cluster, on()[-1])
        seq, _, outcome = _outcome(pool)
        assert (seq, outcome.status) == (1, "rendered"), outcome.error
        assert outcome.sha256 == sha256(out / "p" / "slow-0001.pdf")
        assert pool.traffic.as_dict()["tasks"] == 2 and pool.traffic.as_dict()["killed"] == 0
        assert pool.busy == 0
        again = f"handouts-render-{pool.token_again}-1"
        renders = [(k, b) for k, _, b, _ in cluster.keys() if k in (key, again)]
        assert (key, "erred") in renders and (key, "memory") not in renders  # given up by the scheduler
        assert (again, "memory") in renders
    finally:
        pool.close(terminate=False)


def test_a_job_given_up_while_its_pdf_is_fetched_is_sent_once_more(tmp_path):
    # The race seen under load: the worker holding a finished PDF dies as the client fetches it,
    # the job is computed again beside the poisonous job and given up with it, so the fetch
    # itself raises KilledWorker. That job is a suspect like any other, not a failure. (A
    # real cluster cannot time a death inside a fetch; the future here plays that part.)
    from distributed import KilledWorker

    from handouts.batch.cluster import ClusterPool, Traffic, _Pending
    from handouts.batch.jobs import Job
    from handouts.batch.prepare import Prepared

    class GivenUpWhileFetched:
        key = "handouts-render-0badcafe-1"
        status = "finished"

        def result(self, timeout: float | None = None) -> None:
            self.status = "error"
            raise KilledWorker(self.key, None, 1)

        def exception(self) -> KilledWorker:
            return KilledWorker(self.key, None, 1)

    pool = ClusterPool.__new__(ClusterPool)  # its state without a cluster: nothing here reaches one
    pool.__dict__.update(pending={}, recomputing=set(), suspects=[], failed_early=[], finished=queue.Queue(),
                         traffic=Traffic(), out_dir=tmp_path, _checked=time.monotonic(), size=2)
    job = Job("p/0001.pdf", str(ALPHA), "default", "patient", origin="jobs.csv:2")
    future = GivenUpWhileFetched()
    pool.pending[future.key] = _Pending(1, job, Prepared("patient", None), future, b"task")
    pool.finished.put(future.key)  # its done callback, when it finished
    pool._send_suspect = lambda: None  # sending it again is the cluster tests' business

    assert list(pool.wait(0)) == []
    assert [(p.seq, p.job) for p in pool.suspects] == [(1, job)] and pool.busy == 1
    assert not pool.pending and pool.traffic.killed == 0 and not (tmp_path / "p").exists()


class _Running:
    """A job's future that is still running; `fail()` ends it with an error that is no worker's death."""

    def __init__(self, key: str):
        self.key, self.status = key, "pending"

    def fail(self) -> None:
        self.status = "error"

    def exception(self) -> Exception:
        return ValueError("not a worker's death")


def test_a_job_given_up_is_sent_again_alone(tmp_path):
    # Sent again beside other jobs, a healthy job given up beside one poisonous job could wait
    # on a worker that a second poisonous job kills, and be given up again as if it were the
    # culprit. So it is sent again only once none of the run's jobs is out, and no job is sent
    # while it waits or while it is out: every death counted against it is its own.
    from handouts.batch.cluster import ClusterPool, Traffic, _Pending
    from handouts.batch.jobs import Job
    from handouts.batch.prepare import Prepared

    pool = ClusterPool.__new__(ClusterPool)  # its state without a cluster: sending is recorded here
    pool.__dict__.update(pending={}, recomputing=set(), suspects=[], failed_early=[], finished=queue.Queue(),
                         traffic=Traffic(), out_dir=tmp_path, _checked=time.monotonic(), size=4,
                         token_again="0badcafe")
    sent: list[tuple[int, str]] = []

    def send(pending: _Pending, token: str) -> None:
        pending.future = _Running(f"handouts-render-{token}-{pending.seq}")
        pool.pending[pending.future.key] = pending
        sent.append((pending.seq, token))

    pool._send = send
    suspect = Job("p/0001.pdf", str(ALPHA), "default", "patient", origin="jobs.csv:2")
    other = Job("p/0002.pdf", str(ALPHA), "default", "patient", origin="jobs.csv:3")
    pool.suspects.append(_Pending(1, suspect, Prepared("patient", None), None, b"task"))
    running = _Running("handouts-render-12345678-2")
    pool.pending[running.key] = _Pending(2, other, Prepared("patient", None), running, b"task")

    assert list(pool.wait(0)) == [] and sent == []  # another job is out: the suspect waits...
    assert not pool.has_room()  # ...and no job joins it, so the cluster drains
    running.fail()
    pool.finished.put(running.key)
    [(seq, _, outcome)] = pool.wait(0)
    assert (seq, outcome.status) == (2, "failed") and sent == []
    assert list(pool.wait(0)) == [] and sent == [(1, "0badcafe")]  # nothing else out: sent again, alone
    assert not pool.has_room() and pool.busy == 1  # and nothing joins it while it is out
    again = pool.pending["handouts-render-0badcafe-1"].future
    again.fail()
    pool.finished.put(again.key)
    [(seq, _, outcome)] = pool.wait(0)
    assert seq == 1 and pool.has_room() and pool.busy == 0


def test_content_given_up_with_a_worker_is_sent_again_under_a_new_key():
    # Content waiting on a worker that dies is counted like a job: given up, every job that needs
    # it fails with KilledWorker. Sent again, such a job must get its content afresh, not the
    # handle that failed (which would fail it at once, as if it had killed its workers again).
    from handouts.batch.cluster import ClusterPool, Traffic

    class Handle:
        def __init__(self, key: str, status: str = "finished"):
            self.key, self.status = key, status

    class Client:
        def submit(self, fn, blob: bytes, key: str, pure: bool) -> Handle:  # noqa: ANN001 - as Dask's
            return Handle(key)

    pool = ClusterPool.__new__(ClusterPool)
    pool.__dict__.update(shared=OrderedDict(), traffic=Traffic(), client=Client())
    sha = "ab" * 32
    first = pool._share("topic", sha, lambda: "topic")
    assert first.key == f"handouts-content-topic-{sha[:40]}" and pool._share("topic", sha, lambda: "x") is first
    first.status = "error"  # given up with a dying worker
    again = pool._share("topic", sha, lambda: "topic")
    assert re.fullmatch(rf"handouts-content-topic-{sha[:40]}-[0-9a-f]{{8}}", again.key) and KEY.match(again.key)
    assert pool._share("topic", sha, lambda: "x") is again and pool.traffic.shared_items == 2


def test_a_job_that_kills_every_worker_it_meets_fails_alone(cluster, tmp_path):
    # With a worker still restarting (the test before kills one), the poisonous job and a
    # healthy one would share the one live worker, and every death would count against both.
    cluster.wait_for_both_workers()
    jobs = _patients(tmp_path / "jobs.csv", 3, poison=True)
    out = tmp_path / "out"
    result = batch(jobs, "--out", out, "--cluster", cluster.address, "--format", "json")
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert (summary["rendered"], summary["failed"]) == (3, 1), summary["failures"]
    assert summary["cluster"]["killed"] == 1
    [failure] = summary["failures"]
    assert failure["output"] == "poison.pdf"
    assert re.search(r"jobs\.csv:3: the workers rendering this job died twice, and twice more when it was sent "
                     "again alone; it is not tried again; other jobs carry on", failure["error"])
    assert not (out / "poison.pdf").exists() and len(list((out / "p").glob("*.pdf"))) == 3
    assert "okonkwo" not in (result.output + cluster.logs()).lower()


@pytest.mark.filterwarnings("error::UserWarning")  # e.g. "Port 8787 is already in use": it binds free ports only
def test_a_cluster_run_takes_the_workspaces_locale_paper_and_data_as_a_local_run(cluster, tmp_path):
    # The client's preparer was built from the day and draft policy only: --paper, the workspace's
    # data folders and locale were lost, and every brand naming no paper was forced onto Letter.
    from cliutil import run
    from handouts import scaffold

    scaffold.create(tmp_path / "clinic")
    config = tmp_path / "clinic" / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('# locale = "en-US"', 'locale = "es-ES"'),
                      encoding="utf-8")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("topic,audience,brand,language,output\n"
                    "leaky-gut,patient,default,es,es.pdf\n"  # a bare 'es': the workspace's region
                    "leaky-gut,clinician,harbourside,,gb.pdf\n", encoding="utf-8")  # en-GB names no paper: A4
    result = run("--config", config, "batch", jobs, "--out", tmp_path / "out", "--cluster", cluster.address,
                 "--as-of", AS_OF, "--allow-draft")
    assert result.exit_code == 0, result.output
    import pypdf

    from pdfutil import text

    for name in ("es.pdf", "gb.pdf"):
        assert round(float(pypdf.PdfReader(str(tmp_path / "out" / name)).pages[0].mediabox.width)) == 595, name
    assert "Llame al 112" in text(tmp_path / "out" / "es.pdf")
    gb = tmp_path / "gb.csv"  # the A4 brand's job alone: --paper wins over it
    gb.write_text("topic,audience,brand,output\nleaky-gut,clinician,harbourside,gb.pdf\n", encoding="utf-8")
    letter = run("--config", config, "batch", gb, "--out", tmp_path / "letter", "--cluster", cluster.address,
                 "--as-of", AS_OF, "--allow-draft", "--paper", "letter")
    assert letter.exit_code == 0, letter.output
    assert round(float(pypdf.PdfReader(str(tmp_path / "letter" / "gb.pdf")).pages[0].mediabox.width)) == 612
