"""A copy that kept the `id:` of the file it came from is a warning saying how to fix it (handouts/file_rules.py)."""

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
    assert f"{copy}:{line}:1: warning: id: id '{declared}' is another file's" in result.output
    assert f"change the id to '{copy.removesuffix('.yaml')}'" in result.output
    assert '"id-file-name"' in run("lint", path, "--format", "json").output


def test_a_file_manager_copy_beside_its_original_is_told_to_rename(tmp_path):
    topics = tmp_path / "topics"
    topics.mkdir()
    shutil.copyfile(ROOT / "data" / "topics" / "leaky-gut.yaml", topics / "leaky-gut.yaml")
    shutil.copyfile(ROOT / "data" / "topics" / "leaky-gut.yaml", topics / "leaky-gut copy.yaml")
    result = run("validate", topics / "leaky-gut copy.yaml")
    assert "name the file in lower-case words joined by '-'" in result.output
    assert "id-file-name" not in run("lint", topics / "leaky-gut.yaml").output  # the original is itself


def test_an_id_no_other_file_answers_to_is_left_alone(tmp_path):
    path = tmp_path / "topics" / "case.yaml"
    path.parent.mkdir()
    text = (ROOT / "data" / "topics" / "leaky-gut.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("\nid: leaky-gut\n", "\nid: my-own-topic\n"), encoding="utf-8")
    result = run("validate", path)
    assert_clean_exit(result, 0)
    assert "is another file's" not in result.output


def test_the_shipped_files_are_named_for_their_ids():
    result = run("validate", ROOT / "data")
    assert_clean_exit(result, 0)
    assert "is another file's" not in result.output
