"""A typo in an output folder's name stops the command; it never makes a stray folder (handouts.cli.folders).

One output file (-o, --fhir) goes only into a folder that exists; an output folder
(--out, handouts.toml's output, init's DIR) is made if missing, but only its last level.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cliutil import assert_clean_exit, run
from handouts.cli import folders
from handouts.errors import UsageError

ANSWER = Path(__file__).parent / "fixtures" / "import" / "gerd-web.txt"


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """An empty current folder with one folder in it, 'handouts/', that a typo can come close to."""
    (tmp_path / "handouts").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _only_the_original_folder(here: Path) -> None:
    assert sorted(p.name for p in here.iterdir()) == ["handouts"]
    assert list((here / "handouts").iterdir()) == []


@pytest.mark.parametrize("args", [
    ("render", "leaky-gut", "--audience", "patient", "--patient-name", "Zebulon Quixote", "-o", "handuots/lee.pdf"),
    ("render", "leaky-gut", "--audience", "clinician", "--format", "html", "-o", "handuots/lee.html"),
    ("diet", "low-fodmap", "-o", "handuots/lee.pdf"),
    ("import", str(ANSWER), "-o", "handuots/lee.pdf"),
])
def test_one_output_file_into_a_mistyped_folder_is_refused_with_a_suggestion(here, args):
    result = run(*args)
    assert_clean_exit(result, 2)
    assert "there is no folder handuots/" in result.stderr
    assert f"(did you mean 'handouts/{Path(args[-1]).name}'?)" in result.stderr
    assert "nothing was written" in result.stderr
    assert "Zebulon" not in result.output
    _only_the_original_folder(here)


def test_a_fhir_file_into_a_missing_folder_is_refused_before_the_pdf_is_written(here):
    result = run("render", "leaky-gut", "--audience", "clinician", "-o", "handouts/lee.pdf",
                 "--fhir", "handuots/lee.fhir.json")
    assert_clean_exit(result, 2)
    assert "--fhir handuots/lee.fhir.json: there is no folder handuots/" in result.stderr
    _only_the_original_folder(here)


def test_a_folder_far_from_any_name_is_named_without_a_suggestion(here):
    result = run("render", "leaky-gut", "--audience", "clinician", "-o", "reports/2025/lee.pdf")
    assert_clean_exit(result, 2)
    assert "-o reports/2025/lee.pdf: there is no folder reports/2025/; nothing was written" in result.stderr
    assert "did you mean" not in result.stderr
    _only_the_original_folder(here)


@pytest.mark.parametrize("args", [
    ("batch", "--topics", "leaky-gut", "--out", "handuots/pdf"),
    ("demo", "--out", "handuots/pdf"),
    ("init", "handuots/pdf"),
])
def test_an_output_folder_is_made_only_inside_a_folder_that_exists(here, args):
    result = run(*args)
    assert_clean_exit(result, 2)
    assert "there is no folder handuots/ to make pdf/ in (did you mean 'handouts/pdf'?)" in result.stderr
    assert "only its last level" in result.stderr
    _only_the_original_folder(here)


def test_an_output_that_is_a_file_is_refused(here):
    (here / "handouts" / "notes.txt").write_text("x", encoding="utf-8")
    result = run("render", "leaky-gut", "--audience", "clinician", "-o", "handouts/notes.txt/lee.pdf")
    assert_clean_exit(result, 2)
    assert "handouts/notes.txt is a file, not a folder" in result.stderr


def test_the_workspaces_output_folder_follows_the_folder_rule(clinic):
    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('output = "out"', 'output = "build/pdf"'),
                      encoding="utf-8")
    result = run("render", "leaky-gut", "--audience", "clinician")
    assert_clean_exit(result, 2)
    assert "output = " in result.stderr and "handouts.toml" in result.stderr
    assert "there is no folder" in result.stderr and "to make pdf/ in" in result.stderr
    assert not (clinic / "build").exists()


def test_what_the_rule_lets_through(tmp_path):
    """The checks make nothing themselves: the writer makes the one new level afterwards."""
    folders.check_file(None)
    folders.check_file(Path("-"))
    folders.check_file(tmp_path / "lee.pdf")
    folders.check_file(Path("lee.pdf"))  # the current folder
    folders.check_folder(tmp_path)
    folders.check_folder(tmp_path / "new")
    assert not (tmp_path / "new").exists()
    with pytest.raises(UsageError, match="there is no folder .*new/ to make deeper/ in"):
        folders.check_folder(tmp_path / "new" / "deeper")
    with pytest.raises(UsageError, match="there is no folder .*new/"):
        folders.check_file(tmp_path / "new" / "lee.pdf")


def test_the_writer_itself_still_refuses_a_file_in_the_way(tmp_path):
    """What the command line now checks first, the library's writer refuses on its own too."""
    from handouts.atomic import WriteError, write_atomic

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(WriteError, match="a file of that name is in the way"):
        write_atomic(blocker / "brief.pdf", b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]
