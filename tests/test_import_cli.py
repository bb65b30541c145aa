"""`handouts import`: files in, drafts out, exit codes, no overwrite without --force, atomic writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cliutil import command
from cliutil import run as cli
from handouts.cli import COMMANDS
from handouts.context import Context
from handouts.importer.files import write_atomic
from handouts.loading import load_topic

CTX = Context.default()

FIXTURES = Path(__file__).parent / "fixtures" / "import"
GERD = FIXTURES / "gerd-web.txt"
IRON = FIXTURES / "iron-deficiency-structured.txt"
SEEDS = [FIXTURES / "seed-leaky-gut-web.txt", FIXTURES / "seed-leaky-gut-structured.txt"]
# one of each style whose bottom line carries citations, and salt, weight-based and IV doses
CITED_BOTTOM_LINES = [FIXTURES / "osteoporosis-web.txt", FIXTURES / "pediatric-pneumonia-structured.txt"]


run = command("import", catch_exceptions=False)


def test_import_writes_a_draft_that_validate_accepts(tmp_path):
    out = tmp_path / "draft.yaml"
    result = run(str(GERD), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "references not yet identified" in result.output
    assert load_topic(out, CTX).review.status == "draft"
    validated = cli("validate", out)
    assert validated.exit_code == 0, validated.output
    assert not list(tmp_path.glob(".*part")), "no temp file left behind"


def test_without_o_the_draft_goes_to_stdout():
    result = cli("import", IRON)
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "# Draft topic imported by `handouts import` from iron-deficiency-structured.txt"
    )
    assert "\nid: iron-deficiency-anemia" in result.stdout


def test_standard_input_with_dash():
    result = run("-", input=IRON.read_bytes())
    assert result.exit_code == 0
    assert "imported by `handouts import` from standard input" in result.stdout


def test_id_option_sets_the_topic_id(tmp_path):
    out = tmp_path / "d.yaml"
    assert run(str(IRON), "-o", str(out), "--id", "iron-deficiency").exit_code == 0
    assert load_topic(out, CTX).id == "iron-deficiency"


def test_a_draft_written_into_a_topics_folder_takes_the_file_name_as_its_id(clinic):
    """`handouts import answer.txt -o data/topics/gerd.yaml`, as a new user types it: the topic is found
    as 'gerd' by its file name, so its id is 'gerd' too, where it was the condition's
    'gastroesophageal-reflux-disease-gerd', an id no file answers to (links and audit lines led nowhere)."""
    result = cli("import", str(GERD), "-o", "data/topics/gerd.yaml")
    assert result.exit_code == 0, result.output
    assert "draft 'gerd'" in result.output
    assert load_topic(clinic / "data" / "topics" / "gerd.yaml", CTX).id == "gerd"
    elsewhere = run(str(GERD), "-o", "draft.yaml")  # not a folder found by name: the condition's id
    assert "draft 'gastroesophageal-reflux-disease-gerd'" in elsewhere.output
    chosen = run(str(GERD), "--id", "reflux", "-o", "data/topics/reflux-draft.yaml")
    assert "draft 'reflux'" in chosen.output


def test_an_existing_output_is_refused_without_force(tmp_path):
    out = tmp_path / "draft.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    result = run(str(GERD), "-o", str(out))
    assert result.exit_code == 2
    assert "exists; use --force" in result.output
    assert out.read_text(encoding="utf-8") == "keep me\n"
    result = run(str(GERD), "-o", str(out), "--force")
    assert result.exit_code == 0
    assert load_topic(out, CTX).id == "gastroesophageal-reflux-disease-gerd"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no answer text found"),
        (b"  \r\n\t\n", "no answer text found"),
        (b"Medical Advisory Board\nArticle Review Status\nSubmitted\nPersonalize\n", "no answer text found"),
        (b"What is the treatment for nothing?\n", "no answer text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"caf\xe9 latte\n", "not UTF-8"),
        # where, as a line an editor jumps to (it said 'at byte 40213')
        (b"What is GERD?\n\nIt is caf\xe9 reflux.\n", "not UTF-8 text (invalid continuation byte at line 3, "
                                                      "column 10)"),
    ],
    ids=["empty", "blank", "chrome-only", "title-only", "binary", "latin-1", "latin-1-located"],
)
def test_unusable_input_exits_1_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "answer.txt"
    path.write_bytes(content)
    out = tmp_path / "draft.yaml"
    result = run(str(path), "-o", str(out))
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_missing_file_exits_2_and_a_folder_exits_1(tmp_path):
    result = run(str(tmp_path / "nope.txt"))  # a mistyped path: usage, as in every command
    assert result.exit_code == 2 and "nope.txt: no such file" in result.output
    result = run(str(tmp_path))
    assert result.exit_code == 1 and "is a folder" in result.output


def test_utf16_and_bom_files_are_read(tmp_path):
    text = IRON.read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-8-sig"):
        path = tmp_path / f"answer-{encoding}.txt"
        path.write_text(text, encoding=encoding)
        result = run(str(path))
        assert result.exit_code == 0, result.output
        assert "\nid: iron-deficiency-anemia" in result.stdout


@pytest.mark.parametrize(
    "args",
    [[], ["a.txt", "b.txt"], [str(GERD), "--id", "Not A Slug"], [str(GERD), "--bogus"], [str(GERD), "-o"]],
    ids=["no-args", "two-args", "bad-id", "unknown-option", "o-without-value"],
)
def test_usage_errors_exit_2(args):
    result = cli("import", *args)
    assert result.exit_code == 2, result.output


def test_help_is_listed():
    result = cli("--help")
    assert "import" in result.output
    assert COMMANDS["import"] == ("handouts.cli.import_cmd", "import_answer")


def test_a_real_process_prints_no_traceback(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "handouts", "import", str(empty)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "no answer text found" in done.stderr and "Traceback" not in done.stderr


def test_import_does_not_load_weasyprint(tmp_path):
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom handouts.cli import main\n"
        f"r = CliRunner().invoke(main, ['import', {str(IRON)!r}])\n"
        "assert r.exit_code == 0, r.output\nprint('weasyprint' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


# --- atomic writing -----------------------------------------------------------------


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "draft.yaml"
    target.write_text("old\n", encoding="utf-8")

    def boom(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new\n", force=True)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.yaml"]


def test_without_force_an_existing_file_is_never_replaced(tmp_path):
    target = tmp_path / "draft.yaml"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_atomic(target, "new\n", force=False)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.yaml"]
    write_atomic(tmp_path / "sub" / "fresh.yaml", "new\n", force=False)
    assert (tmp_path / "sub" / "fresh.yaml").read_text(encoding="utf-8") == "new\n"


# --- the drafts render as clinician briefs ------------------------------------------


@pytest.mark.skipif("render" not in COMMANDS, reason="`handouts render` is not available yet")
@pytest.mark.parametrize("answer", [*SEEDS, GERD, IRON, *CITED_BOTTOM_LINES], ids=lambda p: p.name)
def test_drafts_render_as_clinician_briefs(tmp_path, answer):
    draft = tmp_path / "draft.yaml"
    assert run(str(answer), "-o", str(draft)).exit_code == 0
    pdf = tmp_path / "draft.pdf"
    result = cli("render", draft, "--audience", "clinician", "-o", pdf)
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF")
