"""`handouts lint`: report format, JSON schema, exit codes (0 clean, 1 errors, 2 usage)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from cliutil import command

ROOT = Path(__file__).resolve().parent.parent
GOOD_PATH = Path(__file__).resolve().parent / "fixtures" / "lint" / "good-topic.yaml"
GOOD = GOOD_PATH.read_text(encoding="utf-8")
SAMPLE = ROOT / "data" / "topics" / "leaky-gut.yaml"
BEFORE_REVIEW = "2025-06-01"  # next_review in the fixture is 2026-01-15
REVIEW_DUE_SOON = "2025-12-20"  # warning only
REVIEW_OVERDUE = "2026-02-01"  # error

FINDING = {
    "type": "object",
    "required": ["line", "col", "rule", "severity", "message", "field"],
    "additionalProperties": False,
    "properties": {
        "line": {"type": "integer", "minimum": 0},
        "col": {"type": "integer", "minimum": 0},
        "rule": {"type": "string", "minLength": 1},
        "severity": {"enum": ["error", "warning", "info"]},
        "message": {"type": "string", "minLength": 1},
        "field": {"type": "string"},
    },
}
SCHEMA = {
    "type": "object",
    "required": ["version", "files", "summary"],
    "properties": {
        "version": {"const": 1},
        "files": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "kind", "grade", "target", "findings"],
                "properties": {
                    "path": {"type": "string"},
                    "kind": {"type": ["string", "null"]},
                    "grade": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["flesch_kincaid", "smog"],
                                "additionalProperties": False,
                                "properties": {"flesch_kincaid": {"type": "number"}, "smog": {"type": "number"}},
                            },
                        ]
                    },
                    "target": {"type": ["integer", "null"]},
                    "findings": {"type": "array", "items": FINDING},
                },
            },
        },
        "summary": {
            "type": "object",
            "required": ["files", "errors", "warnings", "info", "rules"],
            "properties": {
                "files": {"type": "integer"},
                "errors": {"type": "integer"},
                "warnings": {"type": "integer"},
                "info": {"type": "integer"},
                "rules": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}},
            },
        },
    },
}


run = command("lint", catch_exceptions=False)


@pytest.fixture
def topic(tmp_path: Path):
    """Write a variant of the good fixture into a topics/ folder."""

    def _write(text: str = GOOD, name: str = "case.yaml") -> Path:
        path = tmp_path / "topics" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("\nid: lint-good\n", f"\nid: {path.stem}\n", 1), encoding="utf-8")  # its name
        return path

    return _write


# ---------------------------------------------------------------- exit codes


def test_clean_content_exits_0(topic) -> None:
    result = run(str(topic()), "--as-of", BEFORE_REVIEW)
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s), 0 info" in result.output


def test_errors_exit_1(topic) -> None:
    result = run(str(topic()), "--as-of", REVIEW_OVERDUE)
    assert result.exit_code == 1
    assert "review-overdue [error]" in result.output


def test_warnings_alone_exit_0_and_1_with_strict(topic) -> None:
    path = str(topic())
    result = run(path, "--as-of", REVIEW_DUE_SOON)
    assert result.exit_code == 0, result.output
    assert "review-due [warning]" in result.output
    assert run(path, "--as-of", REVIEW_DUE_SOON, "--strict").exit_code == 1


def test_info_never_fails_even_with_strict(topic) -> None:
    path = topic(GOOD.replace("Rest when you can.", "Rest and avoid overexertion."))
    result = run(str(path), "--as-of", BEFORE_REVIEW, "--strict")
    assert result.exit_code == 0, result.output
    assert "long-word [info]" in result.output


def test_invalid_content_exits_1_with_located_messages(topic) -> None:
    path = topic(GOOD.replace("  name: Lint test condition", "  name: Lint test condition\n  nmae: typo"))
    result = run(str(path), "--as-of", BEFORE_REVIEW)
    assert result.exit_code == 1
    assert re.search(r"case\.yaml:8: invalid \[error\]: unknown key 'nmae'", result.output), result.output


def test_yaml_syntax_error_exits_1(topic) -> None:
    result = run(str(topic("id: [unclosed\n")))
    assert result.exit_code == 1
    assert "invalid [error]: YAML syntax" in result.output


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["does-not-exist.yaml"],
        [str(GOOD_PATH), "--max-grade", "20"],
        [str(GOOD_PATH), "--format", "xml"],
        [str(GOOD_PATH), "--as-of", "1 June"],
        [str(GOOD_PATH), "--no-such-option"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run(*args).exit_code == 2


def test_a_folder_without_yaml_is_a_usage_error(tmp_path: Path) -> None:
    result = run(str(tmp_path))
    assert result.exit_code == 2
    assert "no .yaml files" in result.output


# ---------------------------------------------------------------- output


def test_text_report_groups_findings_by_file_with_path_line_rule(topic) -> None:
    first = topic(GOOD.replace("It makes you feel tired.", "It can cause abdominal pain."), "a.yaml")
    topic(GOOD.replace("    URL: https://example.org/guideline\n", ""), "b.yaml")
    result = run(str(first.parent), "--as-of", BEFORE_REVIEW)
    lines = result.output.splitlines()
    a_line = next(i for i, line in enumerate(lines) if "a.yaml:" in line and "jargon" in line)
    b_line = next(i for i, line in enumerate(lines) if "b.yaml:" in line and "reference-unlocatable" in line)
    assert a_line < b_line
    expected_line = GOOD.splitlines().index("  It makes you feel tired.") + 1
    assert re.match(rf".*a\.yaml:{expected_line}: jargon \[warning\]: 'abdominal' .*\(about\)$", lines[a_line])
    # summary: a grade per document and a count per rule
    assert re.search(r"a\.yaml\s+\d+\.\d\s+\d+\.\d\s+-\s+8\s+0\s+1\s+0", result.output), result.output
    assert re.search(r"^jargon\s+1$", result.output, re.MULTILINE)
    assert re.search(r"^reference-unlocatable\s+1$", result.output, re.MULTILINE)
    assert "2 file(s): 0 error(s), 2 warning(s), 0 info" in result.output


def test_json_output_follows_the_documented_schema(topic, tmp_path: Path) -> None:
    bad = topic(GOOD.replace("It makes you feel tired.", "It can cause abdominal pain."), "a.yaml")
    brand = tmp_path / "brands" / "b.yaml"
    brand.parent.mkdir()
    brand.write_text("id: b\nname: B\ncolors:\n  primary: '#123456'\ncontact:\n  phone: 555-0100\n", encoding="utf-8")
    invalid = topic("id: c\n", "c.yaml")
    result = run(str(bad), str(brand), str(invalid), "--format", "json", "--as-of", BEFORE_REVIEW)
    assert result.exit_code == 1
    data = json.loads(result.output)
    jsonschema.validate(data, SCHEMA)
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    a = by_name["a.yaml"]
    assert (a["kind"], a["target"]) == ("topic", 8)
    assert a["grade"]["flesch_kincaid"] > 0
    expected_line = GOOD.splitlines().index("  It makes you feel tired.") + 1
    assert a["findings"] == [{
        "line": expected_line, "col": 16, "rule": "jargon", "severity": "warning",
        "message": a["findings"][0]["message"], "field": "about",
    }]
    assert by_name["b.yaml"] == {"path": by_name["b.yaml"]["path"], "kind": "brand", "grade": None,
                                 "spanish": None, "target": None, "findings": []}
    assert by_name["c.yaml"]["grade"] is None
    assert {f["rule"] for f in by_name["c.yaml"]["findings"]} == {"invalid"}
    summary = data["summary"]
    assert summary["files"] == 3
    assert summary["warnings"] == 1 and summary["errors"] == len(by_name["c.yaml"]["findings"])
    assert summary["rules"]["jargon"] == 1


def test_help_documents_the_json_schema() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for key in ('"files"', '"grade"', '"flesch_kincaid"', '"smog"', '"findings"', '"line"', '"col"',
                '"rule"', '"severity"', '"message"', '"field"', '"summary"'):
        assert key in result.output


# ---------------------------------------------------------------- the shipped sample


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample topic not written yet")
def test_shipped_data_lints_without_errors() -> None:
    result = run(str(ROOT / "data"))
    assert result.exit_code == 0, result.output


def test_folder_walk_skips_the_tools_own_lists_but_a_named_file_is_linted(topic) -> None:
    good = topic()
    own_list = good.parent.parent / "import" / "words.yaml"
    own_list.parent.mkdir()
    own_list.write_text("- not\n- content\n", encoding="utf-8")
    assert run(str(good.parent.parent), "--as-of", BEFORE_REVIEW).exit_code == 0
    assert run(str(own_list)).exit_code == 1
