"""`handouts --help`, the first thing a new user runs: every command on one whole line."""

from __future__ import annotations

from cliutil import run
from handouts.cli import COMMANDS, SUMMARIES


def test_every_command_is_summed_up_on_one_whole_line():
    """Click cut each command's first sentence to the line: 12 of 16 ended in '...'."""
    assert set(SUMMARIES) == set(COMMANDS)
    shown = run("--help").output
    listed = shown.split("Commands:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(listed) == len(COMMANDS), listed  # one line each: none wrapped
    for line, name in zip(listed, sorted(COMMANDS)):
        assert line.split()[0] == name and line.rstrip().endswith(SUMMARIES[name]), line
        assert "..." not in line


def test_the_commands_of_brand_and_users_are_summed_up_whole():
    for group in ("brand", "users"):
        shown = run(group, "--help").output
        assert "..." not in shown.split("Commands:\n", 1)[1], shown
