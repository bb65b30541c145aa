"""Run every benchmark, each in its own process, and print one table (`make bench`).

    python bench/run_all.py              the full targets (a 2,000-job batch: several minutes)
    python bench/run_all.py --quick      scaled down, for a quick look (figures less stable)
    python bench/run_all.py --only cold --only chromium    some of them (names as in BENCHES)

Each benchmark prints its own details as it goes; the table at the end holds the
ratios that bench/RESULTS.md records, with the machine and its load. A script that
is not there (yet) is listed as such and the others still run; one that fails is
marked FAILED and the others still run.

The contract with each script: run with --json, its last line of output is one JSON
object holding either
  "ratio", "target", "met"          one figure (the label comes from BENCHES), or
  "rows": [[label, measured, target, verdict], ...]   several figures, e.g. web p50 and
                                    p95 at 1, 4 and 16 clinicians; measured is shown as
                                    given (a string), verdict is "met", "MISSED" or a word,
and optionally "machine" (see _common.machine).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

BENCHES = [
    # (name, script, label, full-size arguments, --quick arguments)
    ("cold", "bench_cold.py", "(e) cold `handouts render` / `weasyprint` command", [], ["--rounds", "3"]),
    ("chromium", "bench_chromium.py", "(h) warm per document, ours / headless Chromium", [], ["--rounds", "5"]),
    ("serve", "serve_latency.py", "serve: click to PDF", [], ["--rounds", "5"]),
    ("overhead", "bench_overhead.py", "(a) per document, ours / bare WeasyPrint (warm)", [], ["--rounds", "10"]),
    ("scaling", "bench_scaling.py", "(b) throughput, 2 workers / 1 worker", [], ["--count", "40"]),
    ("batch", "bench_batch.py", "(c) first run / fully cached re-run", [], ["--count", "200"]),
    ("cluster", "bench_cluster.py", "(f) throughput, Dask cluster of 2 / local pool of 2", [],
     ["--count", "40", "--rounds", "1"]),
    ("memory", "bench_memory.py", "(m) memory growth per handout, ours / bare WeasyPrint", [], ["--count", "60"]),
]
"""Issue #18's figures first (cold start, warm per document, the web app), then issue #5's and #19's, then a long-running service's memory."""

FORMATS = {"bench_batch.py": "{:.0f}x", "bench_scaling.py": "{:.2f}x", "bench_cluster.py": "{:.2f}x"}
HEADER = ("benchmark", "measured", "target", "verdict")


def run_one(script: str, arguments: list[str]) -> dict[str, Any]:
    """Run one script with --json, echo its report, return its JSON (or {"error": why})."""
    path = HERE / script
    if not path.is_file():
        return {"absent": True}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(path), "--json", *arguments], text=True, stdout=subprocess.PIPE)
    lines = done.stdout.strip().splitlines()
    print("\n".join(lines[:-1]), flush=True)
    try:
        result = json.loads(lines[-1])
        if not isinstance(result, dict):
            raise ValueError
    except (IndexError, ValueError):
        return {"error": f"exit status {done.returncode}"}
    result["seconds"] = time.perf_counter() - started
    return result


def rows_of(script: str, label: str, result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """The table rows one script's result gives."""
    if result.get("absent"):
        return [(label, "", "", "not present yet")]
    if "error" in result:
        return [(label, result["error"], "", "FAILED")]
    rows: list[tuple[str, str, str, str]] = []
    if "rows" in result:
        rows.extend(tuple(str(cell) for cell in row[:4]) + ("",) * (4 - len(row[:4]))  # type: ignore[misc]
                    for row in result["rows"])
    elif "ratio" in result:
        verdict = "met" if result.get("met") else "MISSED"
        rows.append((label, FORMATS.get(script, "{:.3f}").format(result["ratio"]), str(result.get("target", "")),
                     verdict))
    else:
        rows.append((label, "(see its output above)", "", ""))
    if script == "bench_batch.py" and "memory" in result:
        memory = result["memory"]
        rows.append(("(d) peak memory per worker, growth first→last quarter",
                     f"{memory['peak_mb']:.0f} MB, {memory['max_growth']:+.1%}", memory["target"],
                     "met" if memory["met"] else "MISSED"))
    if script == "bench_cluster.py" and "night" in result:
        night = result["night"]
        rows.append(("(g) cluster path per document: client + scheduler CPU / render",
                     f"{result['overhead']:.1%} ({result['overhead_ms']:.0f} ms)", "", "measured"))
        rows.append(("    600,000 documents in 8 h: workers needed (+25%)",
                     f"{night['workers_needed']:.0f} ({night['workers_with_headroom']:.0f})", "", "see RESULTS.md"))
    return rows


def table(rows: list[tuple[str, str, str, str]]) -> str:
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(HEADER, widths)).rstrip(),
             "  ".join("-" * width for width in widths)]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller runs")
    parser.add_argument("--only", action="append", choices=[name for name, *_ in BENCHES], metavar="NAME",
                        help="run only this benchmark (repeatable): " + ", ".join(name for name, *_ in BENCHES))
    args = parser.parse_args()

    chosen = [bench for bench in BENCHES if not args.only or bench[0] in args.only]
    load_start = os.getloadavg()[0]
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    results = {script: run_one(script, quick if args.quick else full) for _, script, _, full, quick in chosen}
    load_end = os.getloadavg()[0]

    rows = [row for _, script, label, _, _ in chosen for row in rows_of(script, label, results[script])]
    machine = next((r["machine"] for r in results.values() if isinstance(r.get("machine"), dict)), None)
    if machine is None:
        from _common import machine as this_machine

        machine = this_machine()
    print()
    print(f"machine: {machine.get('nproc', os.cpu_count())} CPUs, {machine.get('cpu', '?')}, "
          f"Python {machine.get('python', sys.version.split()[0])} ({machine.get('interpreter', '?')}), "
          f"WeasyPrint {machine.get('weasyprint', '?')}")
    print(f"run: started {started}, load average (1 min) {load_start:.1f} at the start, {load_end:.1f} at the end"
          f"{' (--quick)' if args.quick else ''}")
    print(table(rows))


if __name__ == "__main__":
    main()
