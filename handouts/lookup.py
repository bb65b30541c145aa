"""Find content files by id across ordered data folders, or say clearly that there is none.

A practice's folders come first and the shipped data last, so a practice's copy of
`leaky-gut` wins over the shipped one. An unknown id is a usage error with a
suggestion and the list of known ids, never a path inside the installed package.

Nothing here imports pydantic: batch job lists and shell completion use it too.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from handouts.datafolder import link_leaving
from handouts.errors import ContentError, Problem, UsageError, display_path
from handouts.inputfile import why_not_a_file

YAML_SUFFIXES = (".yaml", ".yml")


def is_path(name_or_path: str | Path) -> bool:
    """A value names a file (rather than an id) when it ends in .yaml/.yml or has a folder part."""
    text = str(name_or_path)
    return isinstance(name_or_path, Path) or text.endswith(YAML_SUFFIXES) or "/" in text


def _files(root: Path, folder: str) -> list[Path]:
    return [p for p in (root / folder).glob("*.yaml") if not p.name.startswith(".")] if (root / folder).is_dir() else []


def ids(data_dirs: Iterable[Path], folder: str) -> list[str]:
    """Ids of the YAML files in `folder` across every data folder, sorted; links out of a data
    folder are left out (`links_leaving` names them).

    Only a link can lead out of its data folder: a file that is none, in a kind folder that is
    none, is listed without following its path (the web app lists on every request, and
    resolving every file took 10 ms for 200 topics)."""
    found: set[str] = set()
    for root in data_dirs:
        kind = root / folder
        if not kind.is_dir():
            continue
        every_file = kind.is_symlink() or ".." in root.parts  # where a plain file may still lead out
        try:
            with os.scandir(kind) as entries:
                names = [(entry.name, every_file or entry.is_symlink()) for entry in entries
                         if entry.name.endswith(".yaml") and not entry.name.startswith(".")]
        except PermissionError:  # as glob() does: a folder this user may not read lists nothing
            continue
        found.update(name.removesuffix(".yaml") for name, linked in names
                     if not (linked and link_leaving(kind / name)))
    return sorted(found)


def links_leaving(data_dirs: Iterable[Path], folder: str) -> list[tuple[Path, str]]:
    """The files in `folder` that are links out of their data folder, and why they are not read."""
    return [(p, why) for root in data_dirs for p in sorted(_files(root, folder)) if (why := link_leaving(p))]


def find_id(data_dirs: Iterable[Path], folder: str, name: str) -> Path | None:
    """The file for id `name` in the first data folder that has it, or None.

    A link there out of its data folder is not read: ContentError located at the link
    (handouts.datafolder), rather than the id reported as unknown or the shipped file of
    that id used instead of the practice's. So is anything else of that name that is not a
    file (a folder, a link to nothing or a link loop, as a network drive that is not mounted
    leaves): the practice's copy is broken, and the shipped one is not it.
    """
    if name in ("", ".", "..") or "/" in name or "\\" in name:  # an id is a file's name, never a path
        return None
    for root in data_dirs:
        candidate = root / folder / f"{name}.yaml"
        if candidate.is_file():
            why = link_leaving(candidate)
            if why:
                raise ContentError([Problem(display_path(candidate), 0, 0, "", why)])
            return candidate
        if os.path.lexists(candidate):
            raise ContentError([Problem(display_path(candidate), 0, 0, "", why_not_a_file(candidate))])
    return None


class UnknownId(UsageError):
    """An id no data folder has: the command line adds where it looked when no workspace was in use,
    and the command that takes it when it is another kind's id (a plan's, given to render)."""

    name: str | None = None


def unknown(name: str, known: Sequence[str], what: str) -> UsageError:
    """'no topic 'leaky'; did you mean 'leaky-gut'? (topics: leaky-gut)': the message for an unknown id."""
    hint = _hint(name, known)
    listing = ", ".join(known) or "none"
    error = UnknownId(f"no {what} '{name}'{hint} ({what}s: {listing})")
    error.name = name
    return error


def _hint(name: str, known: Sequence[str]) -> str:
    """'; did you mean 'x'?' for a near miss or the start of an id ('sam' → 'sam-low-fodmap'), else ''."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if not close and len(name) >= 2:
        close = [k for k in known if k.startswith(name)][:1]
    return f"; did you mean '{close[0]}'?" if close else ""


def suggestion(name: str, known: Sequence[str]) -> str:
    """'; did you mean 'x'?', or '': for a message naming ids of several kinds at once."""
    return _hint(name, known)


def find(data_dirs: Sequence[Path], folder: str, name_or_path: str | Path, what: str | None = None) -> Path:
    """A file by path, or by id in the first data folder that has it; UsageError for an unknown id."""
    if is_path(name_or_path):
        return Path(name_or_path)
    name = str(name_or_path)
    found = find_id(data_dirs, folder, name)
    if found is None:
        raise unknown(name, ids(data_dirs, folder), what or folder.rstrip("s"))
    return found


def find_any(data_dirs: Sequence[Path], folders: Sequence[str], name: str) -> list[Path]:
    """Files named `name` (an existing path) or with id `name` in any of `folders`.

    For commands that take content of every kind (validate, lint): an id names the
    first file with that id in each folder. Unknown: a usage error with a suggestion.
    """
    path = Path(name)
    if os.path.lexists(path):  # a link to nothing or a link loop too: reading it says which
        return [path]
    if is_path(name):
        raise UsageError(f"{name}: no such file or folder (it does not exist)")
    found = [p for p in (find_id(data_dirs, folder, name) for folder in folders) if p is not None]
    if found:
        return found
    known = sorted({i for folder in folders for i in ids(data_dirs, folder)})
    hint = _hint(name, known)
    raise UnknownId(f"no file, folder or id '{name}'{hint} (ids in {', '.join(folders)}: {', '.join(known) or 'none'})")
