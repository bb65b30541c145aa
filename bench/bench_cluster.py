"""(f) A Dask cluster of 2 single-threaded workers against the local pool of 2, on the same jobs.

The jobs are personalised patient handouts (one topic, different names), rendered
with --force into a fresh folder by the built-in pool (--jobs 2) and by a real
cluster started here (`dask scheduler` and two `dask worker --nthreads 1`
processes on 127.0.0.1, already warm, as a standing cluster would be), in the
order pool, cluster, cluster, pool so that a drifting machine load weighs on both.
Target: cluster / pool throughput >= 0.9 at steady state (every worker warm).

A pool worker's time per document includes writing the file (with fsync); a
cluster worker only renders, and the client writes while the workers go on.

Also measured, per document, from the same cluster run:
- the overhead of the cluster path: CPU the client spends (preparing, sending,
  writing the PDF and the manifest) and CPU the scheduler spends, against the
  worker's own render time; and the worker's render time against the pool's;
- what crosses the network: each job's own part, shared content (per hash),
  the PDF back (relayed by the scheduler: Dask's default, so only the
  scheduler's port must be reachable from the client);
- peak memory of a cluster worker, and the size of one manifest entry;
and from those, the plan for a night of 600,000 documents (bench/RESULTS.md).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

from _common import machine, parser, patients_csv, process_cpu_s, report

NIGHT = 600_000
WINDOW_S = 8 * 3600
IDLE_S = 5.0


def _self_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Cluster:
    """A scheduler and `workers` single-threaded workers on loopback, stopped on exit."""

    def __init__(self, workers: int):
        self.folder = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
        dask = str(Path(sys.executable).parent / "dask")
        self.processes: list[subprocess.Popen[bytes]] = []
        self.scheduler = self._start([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                      "--scheduler-file", str(self.folder / "scheduler.json")], "scheduler")
        deadline = time.monotonic() + 120
        while not (self.folder / "scheduler.json").exists() or "address" not in (
                self.folder / "scheduler.json").read_text():
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                raise RuntimeError("the scheduler did not start: " + (self.folder / "scheduler.log").read_text())
            time.sleep(0.05)
        self.address = json.loads((self.folder / "scheduler.json").read_text())["address"]
        for n in range(workers):
            self._start([dask, "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1",
                         "--no-dashboard", "--name", f"bench-{n}"], f"worker-{n}")

    def _start(self, args: list[str], name: str) -> subprocess.Popen[bytes]:
        with (self.folder / f"{name}.log").open("w") as log:
            process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def run_once(jobs_file: Path, cluster: str | None, workers: int) -> dict[str, Any]:
    from handouts.batch.jobs import JobFile, OutputPattern
    from handouts.batch.runner import Options, run_batch

    out = Path(tempfile.mkdtemp(prefix="bench-cluster-out-"))
    finished: list[float] = []
    seconds: list[float] = []

    def observe(job: object, outcome: Any) -> None:
        finished.append(time.perf_counter())
        seconds.append(outcome.seconds)

    source = JobFile(jobs_file, OutputPattern("{row}.pdf"))
    options = Options(out_dir=out, jobs=workers, force=True, allow_draft=True, as_of=date.today(), cluster=cluster)
    cpu = _self_cpu_s()
    start = time.perf_counter()
    summary = run_batch(source, options, total=source.total, observer=observe)
    wall = time.perf_counter() - start
    cpu = _self_cpu_s() - cpu
    assert summary.failed == 0 and summary.rendered == source.total, summary.failures[:1]
    entry = next(iter(json.loads((out / "manifest.json").read_text())["jobs"].values()))
    line = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    entry_bytes = len(line) + 1
    tracemalloc.start()  # what the client holds per manifest entry once loaded
    held = [json.loads(line) for _ in range(2000)]
    entry_memory = tracemalloc.get_traced_memory()[0] / len(held)
    tracemalloc.stop()
    del held
    shutil.rmtree(out, ignore_errors=True)
    warm = sorted(finished)[workers - 1:]
    return {
        "wall_s": wall,
        "docs_per_s_steady": (len(warm) - 1) / (warm[-1] - warm[0]),
        "docs_per_s_wall": summary.rendered / wall,
        "client_cpu_s": cpu,
        "render_s_median": statistics.median(seconds),
        "peak_rss_mb": max(w.peak_rss_kb for w in summary.workers.values()) / 1024,
        "cluster": summary.cluster,
        "manifest_entry_bytes": entry_bytes,
        "manifest_entry_memory": entry_memory,
        "count": summary.rendered,
    }


def _combine(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Runs of one setting as one: rates and times averaged, peaks the highest, traffic of the first."""
    out = dict(runs[0])
    for key in ("wall_s", "docs_per_s_steady", "docs_per_s_wall", "client_cpu_s", "render_s_median"):
        out[key] = statistics.mean(r[key] for r in runs)
    out["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    out["runs"] = [{k: r[k] for k in ("docs_per_s_steady", "render_s_median")} for r in runs]
    return out


def night_plan(pool: dict[str, Any], remote: dict[str, Any], scheduler_cpu_s: float, workers: int) -> dict[str, Any]:
    """600,000 documents in 8 hours, from this run's per-document figures."""
    count = remote["count"]
    per_worker_s = workers / remote["docs_per_s_steady"]  # wall seconds one worker spends per document
    needed_rate = NIGHT / WINDOW_S
    traffic = remote["cluster"]
    payload = traffic["payload"] / count
    pdf = traffic["results"] / count
    return {
        "docs_per_s_needed": needed_rate,
        "worker_s_per_doc": per_worker_s,
        "workers_needed": needed_rate * per_worker_s,
        "workers_with_headroom": needed_rate * per_worker_s * 1.25,
        "worker_peak_rss_mb": remote["peak_rss_mb"],
        "scheduler_cpu_ms_per_task": 1000 * scheduler_cpu_s / count,
        "scheduler_core_share": needed_rate * scheduler_cpu_s / count,
        "client_cpu_ms_per_doc": 1000 * remote["client_cpu_s"] / count,
        "client_core_share": needed_rate * remote["client_cpu_s"] / count,
        "payload_bytes_per_doc": payload,
        "pdf_bytes_per_doc": pdf,
        # the PDF crosses twice (worker → scheduler → client); the job's part once, on to a worker
        "network_bytes_per_doc": 2 * payload + 2 * pdf,
        "network_mb_per_s": needed_rate * (2 * payload + 2 * pdf) / 1e6,
        "manifest_entry_bytes": remote["manifest_entry_bytes"],
        "manifest_mb_for_night": NIGHT * remote["manifest_entry_bytes"] / 1e6,
        "manifest_memory_mb_for_night": NIGHT * remote["manifest_entry_memory"] / 1e6,
    }


def main() -> None:
    args_parser = parser(__doc__)
    args_parser.add_argument("--count", type=int, default=120, help="documents per run (default 120)")
    args_parser.add_argument("--rounds", type=int, default=2, help="2: pool, cluster, cluster, pool; 1: one each")
    args = args_parser.parse_args()
    workers = 2

    jobs_file = patients_csv(Path(tempfile.mkdtemp(prefix="bench-cluster-")) / "jobs.csv", args.count)
    cluster = Cluster(workers)
    pools: list[dict[str, Any]] = []
    remotes: list[dict[str, Any]] = []
    scheduler_cpu = 0.0
    try:
        from distributed import Client

        with Client(cluster.address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
        # what the scheduler spends idle (heartbeats, monitoring), so that it is not charged to the tasks
        idle = process_cpu_s(cluster.scheduler.pid)
        time.sleep(IDLE_S)
        idle_rate = (process_cpu_s(cluster.scheduler.pid) - idle) / IDLE_S
        # pool, cluster, cluster, pool: a machine whose load drifts during the runs weighs on both alike
        for setting in ("pool", "cluster", "cluster", "pool")[: 4 if args.rounds > 1 else 2]:
            if setting == "pool":
                pools.append(run_once(jobs_file, None, workers))
                continue
            before = process_cpu_s(cluster.scheduler.pid)
            remotes.append(run_once(jobs_file, cluster.address, workers))
            spent = process_cpu_s(cluster.scheduler.pid) - before
            scheduler_cpu += max(0.0, spent - idle_rate * remotes[-1]["wall_s"])
    finally:
        cluster.close()

    pool, remote = _combine(pools), _combine(remotes)
    ratio = remote["docs_per_s_steady"] / pool["docs_per_s_steady"]
    wall = remote["docs_per_s_wall"] / pool["docs_per_s_wall"]
    render = remote["render_s_median"] / pool["render_s_median"]
    scheduler_cpu /= len(remotes)
    # per document: CPU the client and scheduler add, against the worker's render time
    added = (remote["client_cpu_s"] + scheduler_cpu) / remote["count"]
    overhead = added / remote["render_s_median"]
    plan = night_plan(pool, remote, scheduler_cpu, workers)
    result = {"pool": pool, "cluster": remote, "scheduler_cpu_s": scheduler_cpu,
              "scheduler_idle_cpu_per_s": idle_rate, "ratio": ratio, "ratio_wall": wall,
              "render_ratio": render, "overhead": overhead, "overhead_ms": added * 1000, "night": plan,
              "count": args.count, "target": ">= 0.9", "met": ratio >= 0.9, "machine": machine()}
    report("(f) cluster of 2 single-threaded workers over the local pool of 2", [
        ("jobs", f"{args.count} personalised patient handouts"),
        ("pool of 2", f"{pool['docs_per_s_steady']:.2f} docs/s steady, {pool['docs_per_s_wall']:.2f} docs/s wall "
                      f"({pool['wall_s']:.1f} s); render {pool['render_s_median'] * 1000:.0f} ms median"),
        ("cluster of 2", f"{remote['docs_per_s_steady']:.2f} docs/s steady, {remote['docs_per_s_wall']:.2f} docs/s "
                         f"wall ({remote['wall_s']:.1f} s); render {remote['render_s_median'] * 1000:.0f} ms median"),
        ("ratio", f"{ratio:.2f}x steady, {wall:.2f}x wall  (target >= 0.9x: {'met' if ratio >= 0.9 else 'MISSED'})"),
        ("per document", f"client {plan['client_cpu_ms_per_doc']:.1f} ms CPU (pool's parent "
                         f"{1000 * pool['client_cpu_s'] / pool['count']:.1f} ms), scheduler "
                         f"{plan['scheduler_cpu_ms_per_task']:.1f} ms CPU: {overhead:.1%} of a render; "
                         f"worker time {render:.2f}x a pool worker's (which also writes the file)"),
        ("network", f"job {plan['payload_bytes_per_doc']:.0f} B, PDF {plan['pdf_bytes_per_doc'] / 1024:.0f} kB, "
                    f"shared {remote['cluster']['shared_items']} items {remote['cluster']['shared'] / 1024:.0f} kB "
                    f"once; {plan['network_bytes_per_doc'] / 1024:.0f} kB per document on the wire"),
        ("worker memory", f"{plan['worker_peak_rss_mb']:.0f} MB peak"),
        ("600,000 in 8 h", f"{plan['docs_per_s_needed']:.1f} docs/s: {plan['workers_needed']:.0f} workers at "
                           f"{plan['worker_s_per_doc']:.3f} s per document ({plan['workers_with_headroom']:.0f} with "
                           f"25% headroom); scheduler {plan['scheduler_core_share']:.0%} of a core, client "
                           f"{plan['client_core_share']:.0%}, network {plan['network_mb_per_s']:.1f} MB/s, "
                           f"manifest {plan['manifest_mb_for_night']:.0f} MB on disk, "
                           f"{plan['manifest_memory_mb_for_night']:.0f} MB in the client's memory"),
    ], result, args.json)


if __name__ == "__main__":
    main()
