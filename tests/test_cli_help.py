"""`handouts --help`, the first thing a new user runs: every command on one whole line, every
option explained, and every example a help shows runs as written."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from cliutil import assert_clean_exit, run
from handouts.cli import COMMANDS, SUMMARIES
from test_cli_conventions import ALL
from test_readme import STARTING_BLOCKS, expected_exit
from test_render_cli import DEMO

BIN = Path(sys.executable).parent
HELPS = {name: run(*([] if name == "handouts" else name.split()), "--help").output for name in ALL}
"""Each command's --help, by the words after `handouts` that run it ('handouts' for the group's own)."""
EXAMPLE = re.compile(r"^ {4}(handouts [^ ].*?)(?: {2,}\S.*)?$", re.M)  # an indented block: command, then what it does
QUOTED = re.compile(r"['`](handouts [a-z][^'`]*)['`]")
EXAMPLES = sorted({example for text in HELPS.values() for example in EXAMPLE.findall(text)})
GIVEN = {"jobs.csv": "topic,audience,brand\nleaky-gut,patient,riverside\n",
         "answer.txt": (Path(__file__).parent / "fixtures" / "import" / "gerd-web.txt").read_text(encoding="utf-8")}
"""Files an example names that a reader brings: written into the workspace before it runs."""
TYPED = {"handouts brand new": "Harbour Health\n\n\n(555) 010-0142\n1 Quay Street\n\n#1d4e89\n\n\n\n",
         "--details -": "patient_name: Alex Morgan\nclinician: Dr. Priya Shah\n"}
"""What a reader types into an example that asks (a brand's answers, a patient's details), by a part of it."""
SERVERS = ("handouts serve",)
"""Examples that run until stopped: parsed here, every option and value accepted (test_web_server.py
starts the server)."""
SHELL = re.compile(r"[|&;>`$()]")
"""An example with any of these needs bash (a pipe, a redirect to a file, a substitution): it runs under
bash with the installed command. Every other example runs in-process (a `< FILE` read as standard input)."""


def _words(command: str) -> str:
    return " ".join(shlex.split(command, comments=True))


def _run_elsewhere() -> dict[str, str]:
    """Examples that another test runs as written, by their exact words: parsed here, not run again.

    A README command that test_readme runs to exit 0 (in a copy of data/), and the demo, which
    test_render_cli runs and reads. An example that drifts from those words is no longer here, so it
    runs in full."""
    found = {_words(f"handouts {shlex.join(DEMO)}"): "test_render_cli.py::test_demo_renders_four_pdfs"}
    for block in STARTING_BLOCKS:
        if block.marker is not None and not block.marker.startswith(("continues", "given")):
            continue  # skipped, or a `make -n` block: test_readme does not run its commands
        for part in (block, *block.continued_by):
            for command in part.commands:
                if command.startswith("handouts ") and expected_exit(command) == 0:
                    found.setdefault(_words(command), f"test_readme.py (README.md:{part.line})")
    return found


RUN_ELSEWHERE = _run_elsewhere()
NEWCOMER_TASKS = ("handouts", "init", "brand", "brand new", "render", "diet", "batch", "list", "import", "serve",
                  "validate")
"""The helps a practice's first hour reads: making a workspace and a brand, printing for a patient, a
topic of its own, serving the rooms."""


def test_every_command_is_summed_up_on_one_whole_line():
    """Click cut each command's first sentence to the line: 12 of 16 ended in '...'."""
    assert set(SUMMARIES) == set(COMMANDS)
    shown = run("--help").output
    listed = shown.split("Commands:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(listed) == len(COMMANDS), listed  # one line each: none wrapped
    for line, name in zip(listed, sorted(COMMANDS)):
        assert line.split()[0] == name and line.rstrip().endswith(SUMMARIES[name]), line
        assert "..." not in line


@pytest.mark.parametrize("name", sorted(ALL))
@pytest.mark.parametrize("width", [80, 200])
def test_every_line_of_a_help_fits_an_80_column_terminal(name: str, width: int) -> None:
    """Hand-laid examples, JSON shapes and a --kind's choices ran to 103 columns and wrapped mid-word
    on an 80-column terminal; a wider one shows the same lines (click keeps text to 80)."""
    from click.testing import CliRunner

    from handouts.cli import main

    shown = CliRunner().invoke(main, [*([] if name == "handouts" else name.split()), "--help"],
                               env={"COLUMNS": str(width)}, prog_name="handouts").output  # as a terminal says it
    assert not [line for line in shown.splitlines() if len(line) > 80], shown


def test_the_commands_of_brand_and_users_are_summed_up_whole():
    for group in ("brand", "users"):
        shown = run(group, "--help").output
        assert "..." not in shown.split("Commands:\n", 1)[1], shown


def test_the_list_summary_names_every_list():
    """`handouts list catalogues` was missing from the one line `handouts --help` gives `list`."""
    from handouts.listing import LISTS

    for what in LISTS:
        word = "a topic's items" if what == "items" else what
        assert word in SUMMARIES["list"], (what, SUMMARIES["list"])


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_option_says_what_it_does_and_its_default(name: str) -> None:
    """A help text for each option; one with a default value shows it ([default: ...] or in its words)."""
    for option in ALL[name].params:
        if not isinstance(option, click.Option):
            continue
        words = (option.help or "").strip()
        assert words, f"handouts {name} {option.opts[-1]}: no help text"
        default = option.default
        unset = default in (None, False, ()) or type(default).__name__ == "Sentinel"
        if not unset:
            assert option.show_default or "default" in words.lower(), (
                f"handouts {name} {option.opts[-1]}: its default ({default!r}) is not shown")


@pytest.mark.parametrize("name", sorted(ALL))
def test_an_option_value_is_named_for_what_it_is(name: str) -> None:
    """'--jobs N', '--port PORT', '--reviewer NAME', not click's 'INTEGER RANGE' or 'TEXT' for a name."""
    shown = HELPS[name]
    for generic in ("INTEGER RANGE", "FLOAT RANGE", "DIRECTORY"):
        options = [ln.strip() for ln in shown.splitlines() if ln.lstrip().startswith("-") and generic in ln]
        allowed = [ln for ln in options if generic == "DIRECTORY" and ln.startswith("--data")]
        assert options == allowed, f"handouts {name}: {options}"
    for option in ("--reviewer", "--clinician", "--patient-name", "--id", "--host"):
        assert f"{option} TEXT" not in shown, f"handouts {name}: {option} TEXT"


def test_the_commands_a_new_user_starts_with_show_examples():
    """brand new, import and serve showed none: how to make a brand, a topic or serve the rooms was
    in the README alone."""
    for name in NEWCOMER_TASKS:
        shown = EXAMPLE.findall(HELPS[name])
        assert shown, f"{name} --help shows no example"
        if name != "handouts":
            assert any(example.startswith(f"handouts {name} ") or example == f"handouts {name}"
                       for example in shown), f"{name} --help shows no example of itself: {shown}"
    start = EXAMPLE.findall(HELPS["handouts"])
    for task in ("handouts init", "handouts brand new", "handouts render", "handouts import", "handouts serve"):
        assert any(example.startswith(task) for example in start), f"'handouts --help' starts nobody on {task}"
    assert any("--details -" in example for example in EXAMPLE.findall(HELPS["render"])), (
        "render --help shows no handout for one patient")


def _parse(example: str) -> None:
    """The example's command and options exist and take its values (an unknown option or a bad value raises)."""
    words = shlex.split(example)[1:]
    name = ""
    while words and f"{name} {words[0]}".strip() in ALL:
        name = f"{name} {words.pop(0)}".strip()
    ALL[name].make_context(name, words)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.startswith(SERVERS)])
def test_a_server_example_is_one_the_command_accepts(example: str, clinic: Path) -> None:
    _parse(example)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if _words(e) in RUN_ELSEWHERE])
def test_an_example_another_test_runs_is_one_the_command_accepts(example: str, clinic: Path) -> None:
    """Run as written by the test RUN_ELSEWHERE names; parsed here, in a workspace holding the files it reads."""
    for name, text in GIVEN.items():
        (clinic / name).write_text(text, encoding="utf-8")
    _parse(example)


def test_the_examples_left_to_other_tests_are_the_demo_and_the_readmes():
    """The demo's run is test_render_cli's; the README's commands are test_readme's; a server example is never left."""
    elsewhere = {e: RUN_ELSEWHERE[_words(e)] for e in EXAMPLES if _words(e) in RUN_ELSEWHERE}
    assert elsewhere["handouts demo --out samples"].startswith("test_render_cli.py")
    assert "handouts batch jobs.csv --allow-draft --check" in elsewhere  # README.md's job file, checked
    assert not [e for e in elsewhere if e.startswith(SERVERS)]


def test_every_command_a_help_quotes_exists_with_its_options():
    """'handouts schema --kind personalisation' in render's help names a command and option that exist."""
    quoted = {q for text in HELPS.values() for q in QUOTED.findall(text)}
    assert quoted
    for text in quoted:
        words = text.split()[1:]
        command = ""
        while words and f"{command} {words[0]}".strip() in ALL:
            command = f"{command} {words.pop(0)}".strip()
        assert command, f"'{text}': no such command"
        names = {opt for p in ALL[command].params for opt in getattr(p, "opts", [])}
        for word in words:
            if word.startswith("-") and word != "-":
                assert word in names, f"'{text}': handouts {command} has no option {word}"


@pytest.mark.parametrize("example", [e for e in EXAMPLES
                                     if not e.startswith(SERVERS) and _words(e) not in RUN_ELSEWHERE])
def test_every_example_in_a_help_runs_as_written(example: str, clinic: Path, monkeypatch) -> None:
    """In a fresh workspace, as a reader who has just run `handouts init clinic && cd clinic` types it.

    In-process, as the other command-line tests run `handouts` (the installed command under bash is
    test_readme's and test_wheel's), unless the example needs the shell. On a machine of one CPU:
    a batch without --jobs starts one worker, not one a CPU (each start imports WeasyPrint again;
    how many the default starts is not what an example shows)."""
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    for name, text in GIVEN.items():
        (clinic / name).write_text(text, encoding="utf-8")
    typed = next((text for part, text in TYPED.items() if part in example), "")
    if SHELL.search(example):
        env = {k: v for k, v in os.environ.items() if k != "HANDOUTS_CONFIG"}
        env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
        done = subprocess.run(["bash", "-o", "pipefail", "-c", example], cwd=clinic, env=env, capture_output=True,
                              text=True, timeout=300, input=typed)
        assert done.returncode == 0, (
            f"`{example}` exited {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        assert "Traceback" not in done.stderr
    else:
        words = shlex.split(example)
        assert words[0] == "handouts", example
        if "<" in words:  # `< FILE`: the file is the command's standard input
            at = words.index("<")
            typed = (clinic / words[at + 1]).read_text(encoding="utf-8")
            del words[at:at + 2]
        assert_clean_exit(run(*words[1:], input=typed), 0)
    for index, token in enumerate(tokens := shlex.split(example)):
        if token in ("-o", "--out") and index + 1 < len(tokens):
            assert (clinic / tokens[index + 1]).exists(), f"`{example}` did not write {tokens[index + 1]}"


def test_every_command_and_option_is_in_the_readme():
    """A reader of README.md meets every command and option the tool has (the second spelling
    --customise and --version aside): batch --timeout, import --id and serve --data were missing."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    missing = [f"handouts {name}" for name in ALL if name != "handouts" and f"handouts {name}" not in readme]
    for name, command in ALL.items():
        for option in command.params:
            for opt in getattr(option, "opts", []):
                if opt.startswith("--") and opt not in ("--customise", "--version") and opt not in readme:
                    missing.append(f"{name} {opt}")
    assert not missing, f"README.md never names: {missing}"
