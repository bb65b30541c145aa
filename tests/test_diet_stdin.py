"""`diet --customize -`: a customisation read from standard input, so no file name (so often the
patient's own) shows in the process list or the shell's history.

The sheets are written as HTML (the same view as the PDF) to keep these cheap.
"""

from __future__ import annotations

from pathlib import Path

from cliutil import assert_clean_exit, command
from handouts.cli import details

ROOT = Path(__file__).resolve().parent.parent
SAM = (ROOT / "data" / "customisations" / "sam-low-fodmap.yaml").read_text(encoding="utf-8")
NAME = "Quxzyplonk Marker"
TYPED = SAM.replace("Sam Rivera", NAME)

run = command("diet")


def test_a_customisation_on_standard_input_prints_as_the_same_file_would(tmp_path):
    result = run("--customize", "-", "--format", "html", "--as-of", "2025-08-01", "-o", tmp_path / "s.html",
                 input=TYPED)
    assert_clean_exit(result, 0)
    sheet = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert NAME in sheet and "Jordan Lee, RD" in sheet, "the plan it names, for the patient it names"
    assert ("<standard input>:8:22: warning: enjoy[1]: carries an allergy of this patient (allergies[0])"
            in result.stderr)
    assert NAME not in result.output


def test_its_default_name_is_the_plan_s_not_a_patient_s(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert_clean_exit(run("--customize", "-", "--format", "html", "--as-of", "2025-08-01", input=TYPED), 0)
    assert [p.name for p in tmp_path.iterdir()] == ["customised-low-fodmap.html"]


def test_problems_are_located_in_standard_input_without_repeating_what_was_typed(tmp_path):
    typed = TYPED.replace("avoid: [grapes]", f"avoid: [grapes]\nnotez: {NAME} again")
    result = run("--customize", "-", "--format", "html", "--as-of", "2025-08-01", "-o", tmp_path / "s.html",
                 input=typed)
    assert_clean_exit(result, 1)
    assert "<standard input>:10:1: notez:" in result.output
    assert "Quxzyplonk" not in result.output
    assert not (tmp_path / "s.html").exists()


def test_one_refused_at_print_is_located_in_standard_input(tmp_path):
    """A follow-up already past with no start date is refused at print: at its line, as in a file
    ('c.yaml:5:1: follow_up: ...'); from standard input it said only 'error: follow_up: ...'."""
    typed = TYPED.replace("start_date: 2025-09-01\n", "")
    result = run("--customize", "-", "--format", "html", "--as-of", "2025-10-10", "-o", tmp_path / "s.html",
                 input=typed)
    assert_clean_exit(result, 1)
    assert "<standard input>:5:1: follow_up: the follow-up has passed" in result.output, result.output
    assert "2025-09-29" not in result.output and NAME not in result.output
    assert not (tmp_path / "s.html").exists()


def test_a_customisation_naming_no_plan_needs_one_on_the_command_line(tmp_path):
    typed = TYPED.replace("plan: low-fodmap\n", "")
    result = run("--customize", "-", "--format", "html", "-o", tmp_path / "s.html", input=typed)
    assert_clean_exit(result, 2)
    assert "does not say which plan it is for" in result.output
    assert_clean_exit(run("low-fodmap", "--customize", "-", "--format", "html", "--as-of", "2025-08-01",
                          "-o", tmp_path / "s.html", input=typed), 0)


def test_nothing_on_standard_input_is_an_error_not_a_blank_sheet(tmp_path):
    result = run("low-fodmap", "--customize", "-", "--format", "html", "-o", tmp_path / "s.html", input="")
    assert_clean_exit(result, 1)
    assert "<standard input>: no details were given (expected lines such as 'plan: low-fodmap')" in result.output
    assert not (tmp_path / "s.html").exists()


def test_it_is_read_only_after_core_dumps_are_forbidden(monkeypatch, core_dumps_forbidden, tmp_path):
    real = details.read_customisation

    def read(*args: object, **kwargs: object):
        core_dumps_forbidden.append("read the customisation")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(details, "read_customisation", read)
    assert_clean_exit(run("--customize", "-", "--format", "html", "--as-of", "2025-08-01",
                          "-o", tmp_path / "s.html", input=TYPED), 0)
    assert core_dumps_forbidden[:2] == ["forbidden", "read the customisation"]
