"""(b) Batch throughput with 2 worker processes over 1, on the same jobs.

The jobs are personalised patient handouts (one topic, different names, so
different files), rendered with --force into a fresh folder, once with
--jobs 1 and once with --jobs 2. Target: >= 1.85x on a 2-core machine.

Two figures per setting:
- steady state: documents per second between the first and the last finished
  document, i.e. with every worker warm (the pool's own efficiency);
- wall: the whole run, including starting the workers (import WeasyPrint,
  configure fonts: about a second, paid once per worker in parallel).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from _common import machine, parser, patients_csv, report


def run_once(jobs_file: Path, workers: int) -> dict[str, float]:
    from handouts.batch.jobs import JobFile, OutputPattern
    from handouts.batch.runner import Options, run_batch

    out = Path(tempfile.mkdtemp(prefix=f"bench-scaling-{workers}-"))
    finished: list[float] = []
    source = JobFile(jobs_file, OutputPattern("{row}.pdf"))
    options = Options(out_dir=out, jobs=workers, force=True, allow_draft=True, as_of=date.today())
    start = time.perf_counter()
    summary = run_batch(source, options, total=source.total,
                        observer=lambda job, outcome: finished.append(time.perf_counter()))
    wall = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    assert summary.failed == 0 and summary.rendered == source.total, summary.failures[:1]
    # steady state: skip the first document of each worker (the pool was warming up)
    warm = sorted(finished)[workers - 1:]
    steady = (len(warm) - 1) / (warm[-1] - warm[0])
    return {"wall_s": wall, "docs_per_s_wall": summary.rendered / wall, "docs_per_s_steady": steady}


def main() -> None:
    args_parser = parser(__doc__)
    args_parser.add_argument("--count", type=int, default=120, help="documents per run (default 120)")
    args = args_parser.parse_args()

    jobs_file = patients_csv(Path(tempfile.mkdtemp(prefix="bench-scaling-")) / "jobs.csv", args.count)
    one = run_once(jobs_file, 1)
    two = run_once(jobs_file, 2)
    steady = two["docs_per_s_steady"] / one["docs_per_s_steady"]
    wall = two["docs_per_s_wall"] / one["docs_per_s_wall"]
    result = {"one": one, "two": two, "ratio": steady, "ratio_wall": wall, "count": args.count,
              "target": ">= 1.85", "met": steady >= 1.85, "machine": machine()}
    report("(b) throughput, 2 workers over 1", [
        ("jobs", f"{args.count} personalised patient handouts"),
        ("1 worker", f"{one['docs_per_s_steady']:.2f} docs/s steady, {one['docs_per_s_wall']:.2f} docs/s wall "
                     f"({one['wall_s']:.1f} s)"),
        ("2 workers", f"{two['docs_per_s_steady']:.2f} docs/s steady, {two['docs_per_s_wall']:.2f} docs/s wall "
                      f"({two['wall_s']:.1f} s)"),
        ("speed-up", f"{steady:.2f}x steady, {wall:.2f}x wall  "
                     f"(target >= 1.85x: {'met' if steady >= 1.85 else 'MISSED'})"),
    ], result, args.json)


if __name__ == "__main__":
    main()
