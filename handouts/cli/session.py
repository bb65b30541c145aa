"""The workspace a command runs in, found once per invocation.

`handouts --config FILE`, else HANDOUTS_CONFIG, else the first handouts.toml in
the current folder or a parent (handouts.workspace). Commands ask here rather
than reading the option themselves, so every command resolves ids the same way.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from handouts import workspace
from handouts.workspace import Workspace

if TYPE_CHECKING:
    from handouts.context import Context

_KEY = "handouts.workspace"


def _root() -> click.Context | None:
    ctx = click.get_current_context(silent=True)
    return ctx.find_root() if ctx else None


def config_option(root: click.Context | None) -> Path | None:
    """The --config value given to `handouts` (also while completing, before any callback runs)."""
    return root.params.get("config") if root else None


def current() -> Workspace | None:
    """The workspace in use, read once per command; None: the shipped data only."""
    root = _root()
    if root is None:
        return workspace.discover()
    if _KEY not in root.meta:
        root.meta[_KEY] = workspace.discover(config_option(root))
    return root.meta[_KEY]  # type: ignore[no-any-return]


MAX_LOOKED_AT = 200
"""Folders beside one another that `workspaces_below` reads the names of, at most (a home folder's few)."""


def workspaces_below(cwd: Path | None = None) -> list[str]:
    """The folders just below this one that hold a workspace ('clinic'), by name: the reader who ran
    `handouts init clinic` and typed the next command before `cd clinic`. Only named, never used."""
    here = cwd or Path.cwd()
    found: list[str] = []
    try:
        with os.scandir(here) as entries:
            for index, entry in enumerate(entries):
                if index >= MAX_LOOKED_AT:
                    break
                if entry.is_dir() and not entry.name.startswith(".") and (
                        Path(entry.path) / workspace.CONFIG_NAME).is_file():
                    found.append(entry.name)
    except OSError:  # an unreadable current folder: nothing to suggest
        return []
    return sorted(found)


def go_there(command: str) -> str:
    """What to type instead, outside a workspace: 'cd clinic' when one is just below, else how to make or name one."""
    below = workspaces_below()
    if len(below) == 1:
        return (f"{below[0]}/ holds one: 'cd {below[0]}' and run it again (or 'handouts --config {below[0]} "
                f"{command}')")
    if below:
        return f"{', '.join(b + '/' for b in below)} hold one each: cd into the practice's and run it again"
    return (f"make one with 'handouts init DIR' and run this inside it (or name it first: 'handouts --config "
            f"DIR/{workspace.CONFIG_NAME} {command}')")


def required(what: str) -> Workspace:
    """The workspace, for commands that only make sense in one (brand new, doctor, upgrade)."""
    from handouts.errors import UsageError

    ws = current()
    if ws is None:
        raise UsageError(f"{what} works in a practice's workspace, and none was found here: "
                         f"{go_there(what.removeprefix('handouts '))}")
    return ws


def today() -> date:
    """Today where the clinic is: the workspace's time zone, else this computer's (handouts.dates)."""
    return workspace.today(current())


def context(today: date | None = None, names: Iterable[str | Path | None] = ()) -> Context:
    """The data folders of the files named, the workspace's, then the shipped ones.

    A file named on the command line that does not exist is a usage error (exit 2), as in
    validate and lint, not content that failed to load (exit 1).
    """
    from handouts.errors import UsageError
    from handouts.lookup import is_path

    names = tuple(names)
    for name in names:
        if name is not None and is_path(name) and not Path(name).exists():
            if os.path.lexists(name):  # a link to nothing, or a link loop: say which, not 'no such file'
                from handouts.inputfile import why_not_a_file

                raise UsageError(f"{name}: {why_not_a_file(Path(name))}")
            raise UsageError(f"{name}: no such file{_id_hint(Path(name).stem, today) or _near_file(Path(name))}")
    return workspace.context(current(), today, names)


ID_FOLDERS = ("topics", "brands", "diets", "customisations")


def _near_file(path: Path) -> str:
    """"; did you mean 'data/topics/leaky-gut.yaml'?" for a misspelt file whose folder holds one close.

    Never among customisations: their file names are often their patients' (the README says so).
    """
    import difflib

    folder = path.parent
    if "customisations" in path.parts or not folder.is_dir():
        return ""
    names = sorted(p.name for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.8)
    return f"; did you mean '{folder / close[0]}'?" if close else ""


def _id_hint(stem: str, today: date | None) -> str:
    """'leaky-gut.yaml', typed where no such file is, is most often the id 'leaky-gut'."""
    from handouts.errors import ContentError
    from handouts.lookup import find_id

    dirs = workspace.context(current(), today, ()).data_dirs
    try:
        known = any(find_id(dirs, folder, stem) for folder in ID_FOLDERS)
    except ContentError:  # a link out of a data folder: an id all the same
        known = True
    return f"; did you mean the id '{stem}'? (ids are written without a folder or .yaml)" if known else ""
