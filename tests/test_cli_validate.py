"""`handouts validate`: every problem located, exit 0 valid / 1 invalid / 2 usage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cliutil import assert_clean_exit, run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "content"
MINIMAL_PATH = FIXTURES / "minimal-topic.yaml"
MINIMAL = MINIMAL_PATH.read_text(encoding="utf-8")
FIVE_MISTAKES = FIXTURES / "five-mistakes.yaml"
REC = "sections[0].recommendations[0]"

# (line:col, field) of each mistake in five-mistakes.yaml
FIVE = [
    ("19:21", f"{REC}.citations[0]"),
    ("20:9", f"{REC}.cautoins"),
    ("23:11", f"{REC}.dose.unit"),
    ("27:5", "when_to_get_help[0].urgent"),
    ("30:5", "references[0].type"),
]


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "handouts", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


# --- exit 0: valid -----------------------------------------------------------------


def test_valid_file_exits_0_and_says_ok():
    result = run("validate", str(MINIMAL_PATH))
    assert_clean_exit(result, 0)
    assert "ok  " in result.stdout and "minimal-topic.yaml" in result.stdout
    assert "1 file(s) checked: 1 valid, 0 invalid" in result.stdout
    assert result.stderr == ""


def test_quiet_valid_run_prints_nothing():
    result = run("validate", "-q", str(MINIMAL_PATH))
    assert_clean_exit(result, 0)
    assert result.output == ""


def test_validate_the_shipped_data_folder_exits_0():
    result = run("validate", str(ROOT / "data"))
    assert_clean_exit(result, 0)
    assert "leaky-gut.yaml" in result.stdout
    assert " 0 invalid" in result.stdout


# --- exit 1: invalid, with every problem located ---------------------------------------


def test_five_mistakes_are_all_reported_by_the_cli():
    result = run("validate", str(FIVE_MISTAKES))
    assert_clean_exit(result, 1)
    problem_lines = [line for line in result.stderr.splitlines() if "five-mistakes.yaml:" in line]
    assert len(problem_lines) == 5, result.stderr
    for line, (where, field) in zip(problem_lines, FIVE):
        assert f"five-mistakes.yaml:{where}: {field}: " in line
    assert "did you mean 'test-guideline'?" in problem_lines[0]
    assert "did you mean 'cautions'?" in problem_lines[1]
    assert "'cc' is an error-prone abbreviation" in problem_lines[2]
    assert "required key is missing" in problem_lines[4]
    assert "1 file(s) checked: 0 valid, 1 invalid" in result.stderr


def test_five_mistakes_in_a_real_process_exit_1_without_traceback():
    proc = run_process("validate", "tests/fixtures/content/five-mistakes.yaml")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    for where, field in FIVE:
        assert f"tests/fixtures/content/five-mistakes.yaml:{where}: {field}: " in proc.stderr


def test_console_script_reports_the_same_problems():
    script = Path(sys.executable).parent / "handouts"
    assert script.exists(), f"console script not installed at {script}"
    proc = subprocess.run(
        [str(script), "validate", "tests/fixtures/content/five-mistakes.yaml"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert sum("five-mistakes.yaml:" in line for line in proc.stderr.splitlines()) == 5


def test_yaml_syntax_error_is_located_and_exits_1(write):
    path = write("topic.yaml", MINIMAL.replace("    title: First line\n", "     title: First line\n"))
    result = run("validate", str(path))
    assert_clean_exit(result, 1)
    assert f"{path}:12:" in result.stderr
    assert "YAML syntax:" in result.stderr


def test_yaml_syntax_error_in_a_real_process_has_no_traceback(write):
    path = write("topic.yaml", MINIMAL.replace("    title: First line\n", "     title: First line\n"))
    proc = run_process("validate", str(path))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"{path}:12:" in proc.stderr and "YAML syntax:" in proc.stderr


def test_tab_indented_file_says_tabs_are_the_problem(write):
    path = write("topic.yaml", MINIMAL.replace("  name: Test condition\n", "\tname: Test condition\n"))
    result = run("validate", str(path))
    assert_clean_exit(result, 1)
    assert f"{path}:5:" in result.stderr
    assert "tab character; indent YAML with spaces" in result.stderr


def test_file_of_unknown_kind_gets_a_clear_message(write):
    path = write("mystery.yaml", "flavour: vanilla\n")
    result = run("validate", str(path))
    assert_clean_exit(result, 1)
    assert "cannot tell what kind of file this is" in result.stderr
    assert "topic" in result.stderr and "brand" in result.stderr


def test_kind_option_treats_every_file_as_that_kind(write):
    path = write("mystery.yaml", "id: clinic\nname: Clinic\ncolors: {primary: '#1d4e89'}\n")
    assert run("validate", "--kind", "brand", str(path)).exit_code == 0
    result = run("validate", "--kind", "topic", str(path))
    assert_clean_exit(result, 1)
    assert "unknown key 'colors'" in result.stderr


# --- folders ---------------------------------------------------------------------------


def test_folder_is_walked_recursively(tmp_path):
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / "a.yaml").write_text(MINIMAL)
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "b.yml").write_text(MINIMAL)
    (tmp_path / "deep" / "notes.txt").write_text("not yaml: [")
    result = run("validate", str(tmp_path))
    assert_clean_exit(result, 0)
    assert "2 file(s) checked: 2 valid, 0 invalid" in result.stdout
    assert "a.yaml" in result.stdout and "b.yml" in result.stdout


def test_invalid_file_deep_in_a_folder_fails_the_run(tmp_path):
    (tmp_path / "good.yaml").write_text(MINIMAL)
    deep = tmp_path / "x" / "y" / "bad.yaml"
    deep.parent.mkdir(parents=True)
    deep.write_text(MINIMAL.replace("citations: [test-guideline]\nwhen", "citations: [nope]\nwhen"))
    result = run("validate", str(tmp_path))
    assert_clean_exit(result, 1)
    assert f"{deep}:17:" in result.stderr
    assert "2 file(s) checked: 1 valid, 1 invalid" in result.stderr


def test_every_file_is_checked_even_after_a_bad_one(tmp_path):
    for name in ("a.yaml", "c.yaml"):
        (tmp_path / name).write_text("flavour: vanilla\n")
    (tmp_path / "b.yaml").write_text(MINIMAL)
    result = run("validate", str(tmp_path))
    assert_clean_exit(result, 1)
    assert result.stderr.count("cannot tell what kind") == 2
    assert "3 file(s) checked: 1 valid, 2 invalid" in result.stderr


# --- exit 2: usage errors -------------------------------------------------------------


def test_no_paths_is_a_usage_error():
    result = run("validate")
    assert_clean_exit(result, 2)
    assert "give files, folders or ids to check" in result.output


def test_nonexistent_path_is_a_usage_error(tmp_path):
    result = run("validate", str(tmp_path / "nope.yaml"))
    assert_clean_exit(result, 2)
    assert "does not exist" in result.output


def test_unknown_kind_option_is_a_usage_error():
    result = run("validate", "--kind", "recipe", str(MINIMAL_PATH))
    assert_clean_exit(result, 2)
    assert "recipe" in result.output


def test_folder_without_yaml_files_is_a_usage_error(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    result = run("validate", str(tmp_path))
    assert_clean_exit(result, 2)
    assert "no .yaml files found" in result.output


def test_usage_error_in_a_real_process_exits_2(tmp_path):
    proc = run_process("validate", str(tmp_path / "nope.yaml"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr


# --- the command itself ---------------------------------------------------------------


def test_python_m_handouts_help_works():
    proc = run_process("--help")
    assert proc.returncode == 0, proc.stderr
    assert "validate" in proc.stdout and "schema" in proc.stdout


def test_validate_help_documents_exit_codes():
    result = run("validate", "--help")
    assert_clean_exit(result, 0)
    assert "Exit status:\n    0    all valid\n    1    some content invalid\n    2    usage error" in result.output


def test_version_option():
    from handouts import __version__

    result = run("--version")
    assert_clean_exit(result, 0)
    assert __version__ in result.output


# --- brands: checked completely, in words -----------------------------------------------


@pytest.mark.parametrize("colour", ["blue", "#12345", "1d4e89", "#12345g"])
def test_a_colour_is_explained_in_words_not_as_a_pattern(write, colour):
    brand = write("brands/b.yaml", f"id: b\nname: B\ncolors:\n  primary: '{colour}'\ncontact:\n  phone: '1'\n")
    result = run("validate", str(brand))
    assert result.exit_code == 1
    assert "b.yaml:4:3: colors.primary:" in result.stderr
    assert f"'{colour}' is not a colour handouts can use: write it as #RRGGBB" in result.stderr
    assert "pattern" not in result.stderr and "[0-9a-fA-F]" not in result.stderr


def test_a_brand_colour_too_light_for_text_and_no_phone_are_warnings_that_name_the_shade(write):
    from handouts.colour import readable_on_white

    shade, darkened = readable_on_white("#ffcc00")
    assert darkened
    brand = write("brands/b.yaml", "id: b\nname: B\ncolors:\n  primary: '#ffcc00'\n")
    result = run("validate", str(brand))
    assert result.exit_code == 0, result.output  # it prints, but deserves a look
    assert (f"b.yaml:4:3: warning: colors.primary: #ffcc00 is too light for text on white (1.5:1, below 4.5:1): "
            f"text will print in the darker {shade} instead") in result.stderr
    assert "warning: no phone number (contact.phone)" in result.stderr
    assert "1 file(s) checked: 1 valid, 0 invalid" in result.stdout
