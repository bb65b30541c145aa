"""A content file's name is its id: a copied file that keeps the old `id:` is a warning saying how to fix it."""

from __future__ import annotations

import shutil

import pytest

from cliutil import assert_clean_exit, run
from samples import ROOT


@pytest.mark.parametrize(("folder", "source", "copy"), [
    ("topics", "leaky-gut.yaml", "ibs.yaml"),
    ("brands", "default.yaml", "bay-clinic.yaml"),
    ("diets", "low-fodmap.yaml", "low-fodmap-2.yaml"),
])
def test_a_copy_that_keeps_the_old_id_is_a_located_warning(tmp_path, folder, source, copy):
    """Found as 'ibs' but linked and fed as 'leaky-gut': an infobutton for the copy led to the original."""
    path = tmp_path / folder / copy
    path.parent.mkdir(parents=True)
    shutil.copyfile(ROOT / "data" / folder / source, path)
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("id:"))
    result = run("validate", path)
    assert_clean_exit(result, 0)  # a warning: the file still loads, under its file name
    declared = source.removesuffix(".yaml")
    assert f"{copy}:{line}:1: warning: id: id '{declared}' differs from the file name '{copy}'" in result.output
    assert f"rename the file to {declared}.yaml or change the id to '{copy.removesuffix('.yaml')}'" in result.output
    linted = run("lint", path, "--format", "json")
    assert '"id-file-name"' in linted.output


def test_a_file_manager_copy_is_told_to_rename_only(tmp_path):
    path = tmp_path / "topics" / "leaky-gut copy.yaml"
    path.parent.mkdir()
    shutil.copyfile(ROOT / "data" / "topics" / "leaky-gut.yaml", path)
    result = run("validate", path)
    assert "rename the file to leaky-gut.yaml" in result.output and "change the id" not in result.output


def test_the_shipped_files_are_named_for_their_ids():
    result = run("validate", ROOT / "data")
    assert_clean_exit(result, 0)
    assert "id-file-name" not in result.output and "differs from the file name" not in result.output
