"""One option vocabulary and one ending for every --help (handouts/cli/options.py, exits.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from cliutil import run
from handouts.cli import COMMANDS, exits, main, options

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "content"
REPORTING = ("validate", "lint", "batch", "list", "doctor")
DOCUMENT = ("render", "diet")


def _commands() -> dict[str, click.Command]:
    """Every command, subcommands of groups too ('brand new'), by the words that run it."""
    ctx = click.Context(main, info_name="handouts")
    found: dict[str, click.Command] = {}
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        assert command is not None
        found[name] = command
        if isinstance(command, click.Group):
            for sub, subcommand in command.commands.items():
                found[f"{name} {sub}"] = subcommand
    return found


def _options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option)]


def _shape(option: click.Option) -> dict[str, object]:
    """What must be the same wherever a name appears: type and range, flag, repeatable, short form."""
    return {
        "type": option.type.to_info_dict(),
        "is_flag": option.is_flag,
        "multiple": option.multiple,
        "names": sorted(option.opts + option.secondary_opts),
    }


ALL = {"handouts": main, **_commands()}


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_option_name_is_in_the_vocabulary(name):
    for option in _options(ALL[name]):
        for opt in option.opts + option.secondary_opts:
            if opt.startswith("--"):
                assert opt in options.VOCABULARY, f"handouts {name} {opt}: not in options.VOCABULARY; add it there"
                assert re.fullmatch(r"--[a-z]+(-[a-z]+)*", opt), f"{opt}: lower-case words joined by hyphens"
            else:
                assert options.SHORT_NAMES.get(opt) in option.opts, f"handouts {name} {opt}: not an allowed short form"


def test_the_help_option_follows_the_rule_too():
    top = click.Context(main, info_name="handouts", **main.context_settings)
    for name, command in ALL.items():
        ctx = top if command is main else click.Context(command, info_name=name, parent=top)
        help_option = command.get_help_option(ctx)
        assert help_option is not None and sorted(help_option.opts) == ["--help", "-h"]


def test_a_name_has_one_type_and_range_in_every_command():
    seen: dict[str, tuple[str, dict[str, object]]] = {}
    for name, command in ALL.items():
        for option in _options(command):
            long = next(o for o in option.opts if o.startswith("--"))
            if long == "--format":
                continue  # two kinds of command, two sets of values: checked below
            shape = _shape(option)
            first = seen.setdefault(long, (name, shape))
            assert shape == first[1], f"{long} differs between handouts {first[0]} and handouts {name}"
    assert {"--as-of", "--lang", "--max-grade", "--brand", "--output"} <= seen.keys()


def test_max_grade_is_a_whole_grade_like_a_topics_reading_grade_target():
    from handouts.models import Topic

    field = Topic.model_fields["reading_grade_target"]
    bounds = {type(m).__name__: m for m in field.metadata}
    for name in ("render", "lint"):
        (option,) = [o for o in _options(ALL[name]) if o.name == "max_grade"]
        assert isinstance(option.type, click.IntRange)
        assert (option.type.min, option.type.max) == (bounds["Ge"].ge, bounds["Le"].le)


@pytest.mark.parametrize("name", ["render", "lint"])
def test_max_grade_says_how_each_language_is_graded(name):
    """Spanish texts are graded on the INFLESZ scale, not by Flesch-Kincaid: the help said only the latter."""
    (option,) = [o for o in _options(ALL[name]) if o.name == "max_grade"]
    for text in (option.help or "", options.VOCABULARY["--max-grade"]):
        assert "English by Flesch-Kincaid" in text and "Spanish" in text and "INFLESZ" in text, text
    shown = run(name, "--help").output
    assert "INFLESZ" in shown and "Flesch-Kincaid" in shown


def test_format_means_the_file_for_documents_and_the_report_for_reporting_commands():
    for name, command in ALL.items():
        formats = [o for o in _options(command) if "--format" in o.opts]
        if name in DOCUMENT:
            assert formats and tuple(formats[0].type.choices) == options.DOCUMENT_FORMATS, name
        elif name in REPORTING:
            assert formats and tuple(formats[0].type.choices) == options.REPORTING_FORMATS, name
            assert formats[0].default == "text", name
        else:
            assert not formats, f"handouts {name} has --format: add it to DOCUMENT or REPORTING here and in the rule"


def test_every_name_in_the_vocabulary_is_used():
    used = {opt for command in ALL.values() for o in _options(command) for opt in o.opts + o.secondary_opts}
    used.add("--help")
    assert set(options.VOCABULARY) - used == set(), "remove names no command has (or add the option)"


def test_old_spellings_are_gone():
    used = {opt for command in ALL.values() for o in _options(command) for opt in o.opts + o.secondary_opts}
    assert not {"--today", "--language", "--json"} & used


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_help_ends_with_the_exit_statuses(name):
    args = ["--help"] if name == "handouts" else [*name.split(), "--help"]
    result = run(*args, catch_exceptions=False)
    assert result.exit_code == 0
    head, sep, tail = result.output.rstrip().rpartition("\n  Exit status:\n")
    assert sep, f"handouts {name} --help does not end with its exit statuses:\n{result.output}"
    lines = tail.splitlines()
    assert all(len(line) <= 80 for line in lines), f"an exit status wider than a terminal:\n{tail}"
    rows = [re.fullmatch(r"\s+(\d+)\s+(\S.*)", line) for line in lines if not line.startswith(" " * 7)]
    assert all(rows), f"only status lines after 'Exit status:':\n{tail}"
    codes = [int(row.group(1)) for row in rows]  # type: ignore[union-attr]
    assert set(codes) <= set(exits.STATUSES) and codes == sorted(codes)
    assert {exits.OK, exits.USAGE, exits.TERMINATED} <= set(codes)


def test_readme_states_the_rule_and_every_exit_status():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command-line conventions", 1)[1].split("\n## ", 1)[0]
    for code, meaning in exits.STATUSES.items():
        assert re.search(rf"\b{code}\b[^\n]*{re.escape(meaning)}", section), f"README: exit {code} {meaning}"
    for name in ("--as-of", "--format", "--lang", "--max-grade", "-o, --output", "--out"):
        assert f"`{name}" in section, f"README conventions do not mention {name}"
    assert "handouts/cli/options.py" in section


# --- --format json: reporting commands print JSON on stdout, and nothing else there ------


def test_validate_format_json_reports_every_file_and_problem():
    result = run("validate", "--format", "json", FIXTURES / "minimal-topic.yaml", FIXTURES / "five-mistakes.yaml")
    assert result.exit_code == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["version"] == 1
    assert report["summary"] == {"files": 2, "valid": 1, "invalid": 1}
    good, bad = sorted(report["files"], key=lambda f: f["valid"], reverse=True)
    assert good["valid"] and good["problems"] == [] and good["path"].endswith("minimal-topic.yaml")
    assert not bad["valid"] and len(bad["problems"]) == 5
    first = bad["problems"][0]
    assert (first["line"], first["col"], first["field"]) == (19, 21, "sections[0].recommendations[0].citations[0]")
    assert first["severity"] == "error" and "did you mean 'test-guideline'?" in first["message"]


def test_validate_format_json_with_only_valid_files_exits_0():
    result = run("validate", "--format", "json", str(ROOT / "data" / "brands"))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["invalid"] == 0 and report["summary"]["files"] >= 2


def test_lint_format_json_is_json_on_stdout():
    result = run("lint", "--format", "json", "--as-of", "2025-06-01", str(ROOT / "data" / "brands"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["files"] >= 2
