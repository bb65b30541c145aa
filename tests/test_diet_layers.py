"""The diet library is domain logic: it never depends on how a sheet is laid out."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DIET = Path(__file__).resolve().parent.parent / "handouts" / "diet"


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


@pytest.mark.parametrize("path", sorted(DIET.glob("*.py")), ids=lambda p: p.name)
def test_no_diet_module_imports_the_views(path):
    assert not {n for n in imported(path) if n == "handouts.views" or n.startswith("handouts.views.")}


def test_the_check_sees_an_import_of_the_views(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from handouts.views.diet import diet_view\n", encoding="utf-8")
    assert "handouts.views.diet" in imported(probe)
