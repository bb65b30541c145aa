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


def test_an_id_no_other_file_answers_to_is_a_located_warning(tmp_path):
    """Found as 'case' but linked and audited as 'my-own-topic': validate and lint said nothing."""
    path = tmp_path / "topics" / "case.yaml"
    path.parent.mkdir()
    text = (ROOT / "data" / "topics" / "leaky-gut.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("\nid: leaky-gut\n", "\nid: my-own-topic\n"), encoding="utf-8")
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("id:"))
    result = run("validate", path)
    assert_clean_exit(result, 0)  # a warning: the file still loads, under its file name
    assert (f"case.yaml:{line}:1: warning: id: id 'my-own-topic' is not the file's name: commands and the web app "
            "find this file as 'case', while links, feeds and audit lines for it name 'my-own-topic'") in result.output
    assert "change the id to 'case' or rename the file to my-own-topic.yaml" in result.output
    assert "is another file's" not in result.output
    assert f"case.yaml:{line}: id-file-name [warning]" in run("lint", path).output


def test_an_imported_topic_given_another_id_is_warned(tmp_path):
    """`handouts import ANSWER --id reflux -o topics/gerd.yaml`: commands find 'gerd', links name 'reflux'."""
    out = tmp_path / "topics" / "gerd.yaml"
    out.parent.mkdir()
    imported = run("import", ROOT / "tests" / "fixtures" / "import" / "gerd-web.txt", "--id", "reflux", "-o", out)
    assert_clean_exit(imported, 0)
    result = run("validate", out)
    assert "warning: id: id 'reflux' is not the file's name" in result.output
    assert "change the id to 'gerd'" in result.output


def test_an_id_that_is_the_file_name_is_left_alone(tmp_path):
    path = tmp_path / "topics" / "my-own-topic.yaml"
    path.parent.mkdir()
    text = (ROOT / "data" / "topics" / "leaky-gut.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("\nid: leaky-gut\n", "\nid: my-own-topic\n"), encoding="utf-8")
    result = run("validate", path)
    assert_clean_exit(result, 0)
    assert "id-file-name" not in run("lint", path).output and "warning: id:" not in result.output


def test_the_shipped_files_are_named_for_their_ids():
    result = run("validate", ROOT / "data")
    assert_clean_exit(result, 0)
    assert "is another file's" not in result.output
