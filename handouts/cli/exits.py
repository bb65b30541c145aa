"""Exit statuses, and the one place where errors become output.

Commands raise HandoutsError (or let the library raise it) and never print or
exit for an error themselves; LazyGroup.invoke sends every error through
`report_and_exit`. The README's "Command-line conventions" lists the same statuses.
"""

from __future__ import annotations

import contextlib
import signal
import textwrap
from collections.abc import Iterator
from types import FrameType
from typing import NoReturn

import click

from handouts.errors import HandoutsError

OK = 0
FAILED = 1  # invalid content, a document or job that failed
USAGE = 2  # a bad option or argument
INTERRUPTED = 128 + signal.SIGINT  # 130: Ctrl-C
TERMINATED = 128 + signal.SIGTERM  # 143: SIGTERM (kill, a service manager, a container stopping)

STATUSES = {
    OK: "success",
    FAILED: "invalid content, or a document or job that failed",
    USAGE: "usage error: a bad option or argument",
    INTERRUPTED: "interrupted (Ctrl-C)",
    TERMINATED: "terminated (SIGTERM)",
}
"""Every status a command can end with, and what it means for all of them."""


class Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt so `finally` blocks and atomic writes clean up first.

    A BaseException, so `except Exception` in library code does not swallow it.
    """


def _raise_terminated(signum: int, frame: FrameType | None) -> NoReturn:
    raise Terminated


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """While a command runs, SIGTERM unwinds it like Ctrl-C instead of killing it mid-write."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread (e.g. a test runner's worker): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def report_and_exit(exc: HandoutsError | KeyboardInterrupt | Terminated, usage_ctx: click.Context) -> NoReturn:
    """Print what a person needs (never a traceback) and end with the matching status.

    Usage errors print like click's own (usage line, hint, message) so a bad
    option reads the same whether click or the library found it.
    """
    if isinstance(exc, KeyboardInterrupt):
        click.echo("\ninterrupted", err=True)
        raise click.exceptions.Exit(INTERRUPTED)
    if isinstance(exc, Terminated):
        click.echo("terminated", err=True)
        raise click.exceptions.Exit(TERMINATED)
    if exc.exit_code == USAGE:
        raise click.UsageError(str(exc), ctx=usage_ctx) from None
    for line in exc.lines():
        click.echo(line, err=True)
    raise click.exceptions.Exit(exc.exit_code)


def epilog(success: str, failure: str | None = None, *, interrupt: str | None = STATUSES[INTERRUPTED]) -> str:
    """The end of a command's --help: its exit statuses, in the words of that command."""
    rows = [(OK, success)]
    if failure:
        rows.append((FAILED, failure))
    rows.append((USAGE, STATUSES[USAGE]))
    if interrupt:
        rows.append((INTERRUPTED, interrupt))
    rows.append((TERMINATED, STATUSES[TERMINATED]))
    # kept as written (\b), so a long meaning is wrapped here, under its own first line, not at the terminal's edge
    return "\b\nExit status:\n" + "\n".join(
        textwrap.fill(meaning, 78, initial_indent=f"  {code:<4} ", subsequent_indent=" " * 7) for code, meaning in rows)
