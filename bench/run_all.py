"""Run every benchmark, each in its own process, and print one table (`make bench`).

    python bench/run_all.py            the full targets (a 2,000-job batch: several minutes)
    python bench/run_all.py --quick    scaled down, for a quick look (figures less stable)

Each benchmark prints its own details as it goes; the table at the end holds
the ratios that bench/RESULTS.md records.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

BENCHES = [
    # (script, label, full-size arguments, --quick arguments)
    ("bench_overhead.py", "(a) per document, ours / bare WeasyPrint (warm)", [], ["--rounds", "10"]),
    ("bench_scaling.py", "(b) throughput, 2 workers / 1 worker", [], ["--count", "40"]),
    ("bench_batch.py", "(c) first run / fully cached re-run", [], ["--count", "200"]),
    ("bench_cold.py", "(e) cold `handouts render` / `weasyprint`", [], ["--rounds", "3"]),
    ("serve_latency.py", "serve: click to PDF, median / 300 ms budget", [], ["--rounds", "5"]),
    ("bench_cluster.py", "(f) throughput, Dask cluster of 2 / local pool of 2", [], ["--count", "40", "--rounds", "1"]),
]
"""Every script takes --json and then ends with one JSON line: {"ratio", "target", "met", ...}."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller runs")
    args = parser.parse_args()

    results: dict[str, dict] = {}
    for script, _, full, quick in BENCHES:
        cmd = [sys.executable, str(HERE / script), "--json", *(quick if args.quick else full)]
        done = subprocess.run(cmd, text=True, stdout=subprocess.PIPE)
        lines = done.stdout.strip().splitlines()
        print("\n".join(lines[:-1]), flush=True)
        try:
            results[script] = json.loads(lines[-1])
        except (IndexError, ValueError):
            results[script] = {"error": f"exit status {done.returncode}"}

    rows = []
    for script, label, _, _ in BENCHES:
        result = results[script]
        if "error" in result:
            rows.append((label, result["error"], "", "FAILED"))
            continue
        fmt = {"bench_batch.py": "{:.0f}x", "bench_scaling.py": "{:.2f}x", "bench_cluster.py": "{:.2f}x"}.get(
            script, "{:.3f}")
        rows.append((label, fmt.format(result["ratio"]), str(result["target"]), "met" if result["met"] else "MISSED"))
        if script == "bench_batch.py":
            memory = result["memory"]
            rows.append(("(d) peak memory per worker, growth first→last quarter",
                         f"{memory['peak_mb']:.0f} MB, {memory['max_growth']:+.1%}", memory["target"],
                         "met" if memory["met"] else "MISSED"))
        if script == "bench_cluster.py":
            night = result["night"]
            rows.append(("(g) cluster path per document: client + scheduler CPU / render",
                         f"{result['overhead']:.1%} ({result['overhead_ms']:.0f} ms)", "", "measured"))
            rows.append(("    600,000 documents in 8 h: workers needed (+25%)",
                         f"{night['workers_needed']:.0f} ({night['workers_with_headroom']:.0f})", "",
                         "see RESULTS.md"))

    machine = next((r["machine"] for r in results.values() if "machine" in r), {})
    print()
    print(f"machine: {machine.get('nproc')} CPUs, {machine.get('cpu')}, Python {machine.get('python')}, "
          f"WeasyPrint {machine.get('weasyprint')}, load {machine.get('load_1min')}")
    widths = [max(len(str(row[i])) for row in [("benchmark", "measured", "target", "verdict"), *rows])
              for i in range(4)]
    for index, row in enumerate([("benchmark", "measured", "target", "verdict"), *rows]):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)))
        if index == 0:
            print("  ".join("-" * width for width in widths))


if __name__ == "__main__":
    main()
