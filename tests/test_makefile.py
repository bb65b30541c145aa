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


PICK = ROOT / ".ci" / "python.sh"


def pick(*candidates: str) -> str:
    done = subprocess.run(["bash", str(PICK), *candidates], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_make_builds_the_environment_with_the_picked_interpreter():
    steps = recipe(".venv/bin/python")
    chosen = pick()
    assert f"{chosen} -m venv .venv" in steps, steps


def test_the_first_interpreter_that_is_new_enough_and_can_make_an_environment_wins(tmp_path):
    import sys

    old = tmp_path / "python3.10"
    old.write_text("#!/bin/sh\nexec " + sys.executable + " -c 'import sys; sys.exit(1)'\n")
    old.chmod(0o755)
    no_venv = tmp_path / "python-without-venv"  # Debian's python3 before python3-venv is installed
    no_venv.write_text("#!/bin/sh\necho 'No module named ensurepip' >&2; exit 1\n")
    no_venv.chmod(0o755)
    assert pick(str(tmp_path / "missing"), str(old), str(no_venv), sys.executable) == sys.executable
    assert pick(str(old), str(no_venv)) == "python3"  # the Makefile's version check then says what to do
