"""`make bench`'s table: one row per figure, a script not there yet or failing does not stop the rest."""

from __future__ import annotations

import importlib.util
import sys

from conftest import ROOT


def run_all():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("run_all", ROOT / "bench" / "run_all.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("run_all", module)
    spec.loader.exec_module(module)
    return module


def test_a_script_not_there_yet_is_listed_and_skipped():
    bench = run_all()
    assert bench.run_one("bench_not_written_yet.py", []) == {"absent": True}
    assert bench.rows_of("bench_not_written_yet.py", "(x) later", {"absent": True}) == [
        ("(x) later", "", "", "not present yet")]


def test_one_figure_several_figures_and_a_failure():
    bench = run_all()
    one = bench.rows_of("bench_cold.py", "(e) cold", {"ratio": 1.1234, "target": "<= 1.2", "met": True})
    assert one == [("(e) cold", "1.123", "<= 1.2", "met")]
    several = bench.rows_of("serve_latency.py", "serve", {"rows": [["p50 at 1", "1.05", "", "measured"],
                                                                    ["p95 at 4", "1.9", "<= 2", "met"]]})
    assert several == [("p50 at 1", "1.05", "", "measured"), ("p95 at 4", "1.9", "<= 2", "met")]
    assert bench.rows_of("serve_latency.py", "serve", {"error": "exit status 1"}) == [
        ("serve", "exit status 1", "", "FAILED")]
    printed = bench.table([*one, *several])
    assert printed.splitlines()[0].split() == ["benchmark", "measured", "target", "verdict"]
    assert "p95 at 4" in printed and "1.123" in printed


def test_every_issue_18_benchmark_is_in_make_bench():
    scripts = {script for _, script, *_ in run_all().BENCHES}
    assert {"bench_cold.py", "bench_chromium.py", "serve_latency.py", "bench_memory.py"} <= scripts
