"""docs/architecture.md names the package as it is: every module it names exists, and its
Python examples run, so a new contributor reading it finds what it says where it says."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT

DOC = ROOT / "docs" / "architecture.md"
TEXT = DOC.read_text(encoding="utf-8")
EXAMPLE_ONLY = ("wallet-card",)  # "Adding a document kind" names the files a new kind would add
PATH = re.compile(r"`((?:handouts|templates|styles|tests)/[\w./-]*)`")
BARE_MODULE = re.compile(r"`(\w+\.py)`")
PYTHON = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def test_every_path_it_names_exists():
    named = sorted(set(PATH.findall(TEXT)))
    assert len(named) > 30, named
    missing = [p for p in named if not any(w in p for w in EXAMPLE_ONLY) and not (ROOT / p).exists()]
    assert not missing, f"docs/architecture.md names what the checkout lacks: {missing}"


def test_every_module_named_by_its_file_name_alone_exists_in_the_package():
    """Table rows name a folder's modules short (`allergens.py` after `handouts/diet/policy.py`)."""
    modules = {p.name for p in (ROOT / "handouts").rglob("*.py")}
    missing = sorted({m for m in BARE_MODULE.findall(TEXT) if m not in modules})
    assert not missing, f"docs/architecture.md names modules the package lacks: {missing}"


@pytest.mark.parametrize("index", range(len(PYTHON.findall(TEXT))))
def test_its_python_examples_run(index: int, tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "my-practice")  # the folder the first example names
    program = tmp_path / "example.py"
    program.write_text(PYTHON.findall(TEXT)[index], encoding="utf-8")
    done = subprocess.run([sys.executable, str(program)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]


def web_table() -> set[str]:
    """The modules the web app's table names, one row each."""
    section = TEXT[TEXT.index("## The web app"):]
    section = section[:section.index("\n## ")] if "\n## " in section else section
    return set(re.findall(r"^\| `(handouts/web/[\w/]+\.py)` \|", section, re.M))


def test_every_web_module_has_its_line_in_the_web_apps_table():
    """A new contributor looking for where the app throttles sign-ins or logs a print found 13 of its
    modules nowhere in this file; each module under handouts/web/ now has one line saying its job."""
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "handouts" / "web").rglob("*.py")
               if p.name != "__init__.py"}
    assert len(modules) > 30
    missing = sorted(modules - web_table())
    assert not missing, f"docs/architecture.md's web app table lacks: {missing}"
