"""handouts users add | remove: the practice's user file for `handouts serve`'s login."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from handouts.cli import exits, groups, private, session
from handouts.errors import UsageError, display_path

HOW = """the workspace names no user file: add these lines to its handouts.toml, then run this again:

    [serve]
    users = "users.txt\""""


def _user_file() -> Path:
    ws = session.required(f"handouts users {click.get_current_context().info_name}")
    if ws.serve.users is None:
        raise UsageError(HOW)
    return ws.serve.users


def _at_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _password() -> str:
    """Asked at a terminal, without echo, twice (click asks again when the two differ)."""
    try:
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True))
    except click.Abort:
        raise KeyboardInterrupt from None


def _piped_password() -> str:
    """Two lines from standard input, read as they are: getpass would warn that it cannot hide
    what nobody types, and click would ask again, reading on past the two lines, when they differ."""
    lines = [line.rstrip("\r\n") for line in (sys.stdin.readline(4096), sys.stdin.readline(4096)) if line]
    if len(lines) < 2:
        raise UsageError("standard input ended before the password was given twice (pipe two lines: the "
                         "password, then the same again); nothing was written")
    if lines[0] != lines[1]:
        raise UsageError("the two passwords given differ (pipe two lines: the password, then the same again); "
                         "nothing was written")
    return lines[0]


@click.group(cls=groups.CommandGroup, epilog=exits.epilog("done"))
def users() -> None:
    """Who may sign in to `handouts serve` (the user file [serve] users names in handouts.toml)."""


@users.command(epilog=exits.epilog("the user was added, or their password changed"))
@click.argument("name")
def add(name: str) -> None:
    """Add user NAME, or change their password. Asks for the password (twice; piped: two lines).

    The file keeps a salted scrypt hash of it, never the password.
    """
    from handouts import users as userfile

    path = _user_file()
    userfile.check_name(name)
    private.holding_a_secret()  # the password, in the clear until it is hashed
    password = _password() if _at_terminal() else _piped_password()
    new = userfile.add(path, name, password)
    click.echo(f"{'added' if new else 'changed the password of'} {name} in {display_path(path)}")


@users.command(short_help="Remove user NAME: they can no longer sign in.",
               epilog=exits.epilog("the user was removed"))
@click.argument("name")
def remove(name: str) -> None:
    """Remove user NAME: they can no longer sign in (a session they have ends at their next click)."""
    from handouts import users as userfile

    path = _user_file()
    userfile.remove(path, name)
    click.echo(f"removed {name} from {display_path(path)}")


@users.command("list", short_help="List who may sign in (names only).",
               epilog=exits.epilog("listed", "the user file could not be read"))
def list_users() -> None:
    """List who may sign in (names only: the file holds nothing else to show)."""
    from handouts import users as userfile

    path = _user_file()
    names = sorted(userfile.read(path))
    for name in names:
        click.echo(name)
    if not names:
        click.echo(f"no users in {display_path(path)} yet: add each with 'handouts users add NAME'", err=True)
