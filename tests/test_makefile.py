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
    assert any(step.startswith(f"{chosen} -m venv .venv ") for step in steps), steps


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


def fake_python(path, body: str):
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def test_a_python_that_cannot_make_a_venv_is_named_with_the_package_to_install(tmp_path):
    """Debian's python3 without python3-venv: make went on to `python3 -m venv`, which failed halfway."""
    python = fake_python(tmp_path / "python3", """case "$2" in
  *ensurepip*) echo "No module named ensurepip" >&2; exit 1;;
  *-venv*) echo python3.11-venv;;
  *) exit 0;;
esac
""")
    done = subprocess.run(["bash", str(ROOT / ".ci" / "system-deps.sh"), "runtime", str(python)],
                          capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "HANDOUTS_SYSDEPS_INSTALL": "no"})
    assert done.returncode == 1
    assert "missing system packages:" in done.stderr and "python3.11-venv" in done.stderr
    assert "sudo apt-get install" in done.stderr and "python3.11-venv" in done.stderr.split("sudo apt-get install")[1]


def test_a_venv_that_fails_halfway_is_removed_so_the_next_make_makes_it_again(tmp_path):
    """Left behind, .venv/bin/python (with no pip in it) satisfied make's target: after installing
    python3-venv, `make demo` failed on 'No module named pip' until .venv was deleted by hand."""
    import shutil

    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(ROOT / ".ci", tmp_path / ".ci")
    python = fake_python(tmp_path / "python3", """if [ "$1" = -m ] && [ "$2" = venv ]; then
  mkdir -p "$3/bin" && touch "$3/bin/python"; echo "ensurepip is not available" >&2; exit 1
fi
exit 0
""")
    done = subprocess.run(["make", f"PYTHON={python}", ".venv/bin/python"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0 and "ensurepip is not available" in done.stderr
    assert not (tmp_path / ".venv").exists()


def test_plain_make_says_what_to_run_and_makes_nothing(tmp_path):
    """`make` alone ran the first rule: it made .venv and stopped, with no word of demo or test."""
    import shutil

    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(ROOT / ".ci", tmp_path / ".ci")
    done = subprocess.run(["make", "--no-print-directory"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("make demo ") and "\nmake test " in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [".ci", "Makefile"]
