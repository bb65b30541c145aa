"""make demo installs what running needs; only make test adds the test tools."""

from __future__ import annotations

import subprocess

from conftest import ROOT


def recipe(target: str) -> list[str]:
    """What `make TARGET` would run on a fresh machine (every step, as if nothing were installed)."""
    # --no-print-directory: under `make test` this runs as a sub-make, which would add
    # "make[1]: Entering/Leaving directory" lines to the recipe
    done = subprocess.run(["make", "--no-print-directory", "-n", "-B", target], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if not line.startswith("make[")]


def test_demo_installs_the_runtime_only():
    steps = recipe("demo")
    installs = [s for s in steps if "pip install" in s and "--upgrade pip" not in s]
    assert installs == [".venv/bin/python -m pip install --quiet -e ."], installs
    assert not any("[test]" in s for s in steps)
    assert steps[-1] == ".venv/bin/handouts demo --out out"


def test_test_installs_the_test_extras():
    assert any("pip install" in s and "'.[test]'" in s for s in recipe("test"))


def test_bench_sets_up_what_it_needs_and_is_no_part_of_test():
    steps = recipe("bench")
    assert any("pip install" in s and "'.[test]'" in s for s in steps)  # pypdf, selenium
    assert any("system-deps.sh test" in s for s in steps)  # chromium, chromedriver
    assert steps[-1] == ".venv/bin/python bench/run_all.py"
    assert not any("run_all" in s or "bench/" in s for s in recipe("test"))
