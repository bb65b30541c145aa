"""`handouts approve` never rewrites the samples that ship with handouts, in a workspace or not.

Reproduction: outside a workspace, `handouts approve leaky-gut --reviewer X`
(or the path of any file under the package's data/) rewrote the shipped sample
in place: in a checkout a file under version control, installed a file in
site-packages that every practice on the machine then printed as approved by X.
Inside a workspace it was already refused (test_workspace).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cliutil import run
from conftest import DATA
from handouts.workspace import ENV_VAR
from samples import NEXT_REVIEW


@pytest.fixture
def nowhere(tmp_path: Path, monkeypatch) -> Path:
    """A current folder with no workspace in it or above it."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("content, shown", [
    ("leaky-gut", "data/topics/leaky-gut.yaml"),
    (str(DATA / "diets" / "trigger-foods.yaml"), "diets/trigger-foods.yaml"),
    (str(DATA / "foods" / "catalogue.yaml"), "foods/catalogue.yaml"),
])
def test_approve_outside_a_workspace_refuses_a_shipped_sample_and_says_to_make_a_workspace(nowhere, content, shown):
    files = {path: path.read_bytes() for path in DATA.rglob("*.yaml")}
    result = run("approve", content, "--reviewer", "Dr Ada Lane", "--next-review", NEXT_REVIEW)
    assert result.exit_code == 2, result.output
    assert shown in result.stderr
    assert "is a sample that ships with handouts: it is not approved in place" in result.stderr
    assert "Make a workspace (`handouts init FOLDER`" in result.stderr
    assert {path: path.read_bytes() for path in DATA.rglob("*.yaml")} == files  # nothing written


def test_a_translation_of_a_shipped_sample_is_not_approved_in_place_either(nowhere):
    before = (DATA / "topics" / "leaky-gut.yaml").read_bytes()
    result = run("approve", "leaky-gut", "--lang", "es", "--reviewer", "Dra. Ana Ruiz")
    assert result.exit_code == 2
    assert "is a sample that ships with handouts" in result.stderr
    assert (DATA / "topics" / "leaky-gut.yaml").read_bytes() == before


def test_a_copy_outside_a_workspace_is_still_approved(nowhere):
    copy = nowhere / "leaky-gut.yaml"
    copy.write_bytes((DATA / "topics" / "leaky-gut.yaml").read_bytes())
    result = run("approve", copy, "--reviewer", "Dr Ada Lane", "--next-review", NEXT_REVIEW)
    assert result.exit_code == 0, result.output
    assert "reviewer: Dr Ada Lane" in copy.read_text(encoding="utf-8")
