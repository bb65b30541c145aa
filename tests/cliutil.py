"""Run `handouts` in-process the one way every command-line test does, and check how it exited."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from click.testing import CliRunner, Result

from handouts.cli import main


def run(*args: object, input: bytes | str | None = None, catch_exceptions: bool = True) -> Result:
    """`handouts ARGS...` (paths and numbers are passed as their str), named `handouts` in usage lines.

    catch_exceptions=False lets an escaped exception fail the test with its traceback.
    """
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=catch_exceptions,
                              prog_name="handouts")


def command(*words: str, catch_exceptions: bool = True) -> Callable[..., Result]:
    """`run` bound to a subcommand (or to none), for a file that tests only that one: `run = command("diet")`."""
    return partial(run, *words, catch_exceptions=catch_exceptions)


def assert_clean_exit(result: Result, code: int) -> None:
    """The exit code is `code` and no exception other than the exit escaped."""
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
