"""(c) A fully cached re-run over the first run, and (d) memory per worker, on one big batch.

One job file of personalised patient handouts (default 2,000: one topic,
different names, so different files) is rendered with --jobs 2 into a fresh
folder. That first run is timed and every worker's resident memory (VmRSS,
reported by the worker after each document) is recorded. Then the same command
runs again with nothing changed: every job must be skipped.

(c) target: the cached re-run is >= 100x faster than the first. The re-run is
    timed as a user would see it: the `handouts batch` command in a fresh
    process (interpreter start-up included), median of 3.
(d) target: peak resident memory per worker < 150 MB and flat over time: for
    each worker process, mean VmRSS over its first quarter of documents vs its
    last quarter; "flat" here means within 5%. Workers are *not* recycled here
    by default (--recycle-after 0),
    so that any growth shows; the default in real runs (500) bounds it anyway.

Also shown: the parent's own CPU time during the first run (it should idle).
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _common import ROOT, handouts_cmd, machine, median, parser, patients_csv, report


def main() -> None:
    args_parser = parser(__doc__)
    args_parser.add_argument("--count", type=int, default=2000, help="jobs in the batch (default 2000)")
    args_parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    args_parser.add_argument("--recycle-after", type=int, default=0, help="default 0: never, to expose growth")
    args = args_parser.parse_args()

    from handouts.batch.jobs import JobFile, OutputPattern
    from handouts.batch.runner import Options, run_batch

    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    jobs_file = patients_csv(work / "jobs.csv", args.count)
    out = work / "out"
    samples: dict[int, list[tuple[float, int, int]]] = {}  # pid → (t, VmRSS kB, VmHWM kB) per document
    start = time.perf_counter()

    def observe(job: object, outcome: object) -> None:
        samples.setdefault(outcome.pid, []).append(  # type: ignore[attr-defined]
            (time.perf_counter() - start, outcome.rss_kb, outcome.hwm_kb))  # type: ignore[attr-defined]

    source = JobFile(jobs_file, OutputPattern("{row}.pdf"))
    options = Options(out_dir=out, jobs=args.jobs, recycle_after=args.recycle_after, allow_draft=True,
                      as_of=date.today())
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    summary = run_batch(source, options, total=source.total, observer=observe)
    first = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    parent_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    assert summary.failed == 0 and summary.rendered == args.count, summary.failures[:1]

    cmd = [*handouts_cmd(), "batch", str(jobs_file), "--out", str(out), "--allow-draft", "--format", "json"]
    cached = []
    for _ in range(3):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        cached.append(time.perf_counter() - t0)
        result = json.loads(done.stdout)
        if done.returncode != 0 or result["skipped"] != args.count:
            sys.exit(f"the re-run was not fully cached ({result['rendered']} rendered, {result['failed']} failed): "
                     "did templates, styles or code change meanwhile? (other people editing this checkout)\n"
                     + done.stderr[-2000:])
    cached_s = median(cached)
    speedup = first / cached_s

    workers = []
    for pid, rows in samples.items():
        rss = [r for _, r, _ in rows]
        quarter = max(1, len(rss) // 4)
        q1, q4 = statistics.mean(rss[:quarter]), statistics.mean(rss[-quarter:])
        # what a worker reaches before the default --recycle-after (500) replaces it
        bounded = max(h for _, _, h in rows[:500]) / 1024
        slope = (rss[-1] - rss[quarter]) / max(1, len(rss) - 1 - quarter)  # kB per document after warm-up
        workers.append({"pid": pid, "docs": len(rows), "peak_mb": max(h for _, _, h in rows) / 1024,
                        "q1_mb": q1 / 1024, "q4_mb": q4 / 1024, "growth": q4 / q1 - 1,
                        "kb_per_doc": slope, "peak_by_500_mb": bounded})
    peak = max(w["peak_mb"] for w in workers)
    growth = max(w["growth"] for w in workers)
    memory_met = peak < 150 and growth <= 0.05
    result = {
        "count": args.count, "jobs": args.jobs, "recycle_after": args.recycle_after,
        "first_s": first, "cached_s": cached_s, "cached_runs_s": cached, "ratio": speedup,
        "target": ">= 100", "met": speedup >= 100,
        "memory": {"workers": workers, "peak_mb": peak, "max_growth": growth,
                   "target": "< 150 MB, flat", "met": memory_met},
        "parent_cpu_s": parent_cpu, "docs_per_s": args.count / first, "machine": machine(),
    }
    rows = [
        ("jobs", f"{args.count} personalised patient handouts, --jobs {args.jobs}, "
                 f"--recycle-after {args.recycle_after or 'never'}"),
        ("first run", f"{first:.1f} s ({args.count / first:.2f} docs/s); parent CPU {parent_cpu:.2f} s "
                      f"({parent_cpu / first:.1%} of one core)"),
        ("cached re-run", f"{cached_s:.2f} s (median of {', '.join(f'{c:.2f}' for c in cached)}; "
                          "`handouts batch` in a fresh process)"),
        ("(c) speed-up", f"{speedup:.0f}x  (target >= 100x: {'met' if speedup >= 100 else 'MISSED'})"),
    ]
    for w in sorted(workers, key=lambda w: w["pid"]):
        rows.append((f"(d) worker {w['pid']}", f"{w['docs']} docs, peak {w['peak_mb']:.1f} MB, "
                                               f"RSS first quarter {w['q1_mb']:.1f} MB, last quarter "
                                               f"{w['q4_mb']:.1f} MB ({w['growth']:+.1%}, "
                                               f"{w['kb_per_doc']:.1f} kB/doc after warm-up; "
                                               f"peak by doc 500: {w['peak_by_500_mb']:.1f} MB)"))
    rows.append(("(d) verdict", f"peak {peak:.1f} MB, growth {growth:+.1%}  "
                                f"(target < 150 MB and flat: {'met' if memory_met else 'MISSED'})"))
    report("(c) cached re-run and (d) memory per worker", rows, result, args.json)


if __name__ == "__main__":
    main()
