"""Where a command may write: a file into a folder that exists, a folder into one that exists.

`-o handuots/lee.pdf` used to make the folder `handuots/` as well as the PDF: a typo in a
folder name left a new folder, and a patient's handout in it, where nobody would look.
The rule for every command (the README's "Command-line conventions" says the same):

- one output file (-o, --fhir): its folder must exist; nothing makes it.
- an output folder (--out, the workspace's output folder, init's DIR): it is made if
  missing, but only its last level, like `mkdir` without -p: the folder it goes in must
  exist. The subfolders a command makes inside it (a brand's, a --pattern's) are its own.

A missing folder is a usage error (exit 2) naming it, before anything is read or
written, with a suggestion when a folder beside it has a close name.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from handouts.errors import UsageError
from handouts.inputfile import why_not_a_folder

STDOUT = Path("-")


def _missing(path: Path) -> tuple[Path, str]:
    """The deepest folder of `path` that exists, and the name below it that does not."""
    parts = path.parts
    base = Path(parts[0]) if path.is_absolute() else Path(".")
    for part in parts[1:] if path.is_absolute() else parts:
        if not (base / part).is_dir():
            return base, part
        base = base / part
    return base, ""


def _hint(path: Path, tail: Path | None = None) -> str:
    """" (did you mean 'handouts/lee.pdf'?)" when a folder beside the missing one has a close name."""
    base, name = _missing(path)
    try:
        folders = [p.name for p in base.iterdir() if p.is_dir()]
    except OSError:
        return ""
    close = difflib.get_close_matches(name, folders, n=1, cutoff=0.75)
    if not close:
        return ""
    rest = path.relative_to(base / name) if path != base / name else Path()
    fixed = (base / close[0] / rest) if base != Path(".") else (Path(close[0]) / rest)
    if tail is not None:
        fixed = fixed / tail
    return f" (did you mean '{fixed}'?)"


def _shown(folder: Path) -> str:
    return f"{folder}/" if str(folder) not in ("", ".", "/") else str(folder)


def check_file(path: Path | None, option: str = "-o") -> None:
    """One output file goes into a folder that exists; UsageError naming the missing folder otherwise."""
    if path is None or path == STDOUT:
        return
    named = f"{option} {path}".strip()
    folder = path.parent
    if folder.is_dir():
        _refuse_link(path)
        return
    if why := why_not_a_folder(folder):
        raise UsageError(f"{named}: {folder} {why}; nothing was written")
    if folder.exists():
        raise UsageError(f"{named}: {folder} is a file, not a folder; nothing was written")
    raise UsageError(f"{named}: there is no folder {_shown(folder)}{_hint(folder, Path(path.name))}; nothing "
                     "was written (one output file goes only into a folder that exists: make a new one first)")


def _refuse_link(path: Path) -> None:
    """A link (a loop, to nothing, to a file), a FIFO or a device where the file goes: the writer refuses it,
    but only after the work (a render of seconds, a patient's details typed): said first, in its words."""
    from handouts.atomic import WriteError, check_target
    from handouts.errors import display_path

    try:
        check_target(path)
    except WriteError as exc:
        raise exc.at(display_path(path)) from None


def check_folder(path: Path | None, option: str = "--out") -> None:
    """An output folder exists, or can be made as one new level inside a folder that exists."""
    if path is None or path.is_dir():
        return
    named = f"{option} {path}".strip()
    if why := why_not_a_folder(path):
        raise UsageError(f"{named}: {why}; nothing was written")
    if path.exists():
        raise UsageError(f"{named}: is a file, not a folder; nothing was written")
    parent = path.parent
    if parent.is_dir():
        return
    if parent.exists():
        raise UsageError(f"{named}: {parent} is a file, not a folder; nothing was written")
    raise UsageError(f"{named}: there is no folder {_shown(parent)} to make {path.name}/ in"
                     f"{_hint(parent, Path(path.name))}; nothing was written (an output folder is made if "
                     "missing, but only its last level, as mkdir does: make the folders above it first)")


def check_default_output(cli: Path | None, ws: object) -> None:
    """Without -o / --out, the workspace's output folder (handouts.toml: output) is one to make too."""
    folder = getattr(ws, "output", None)
    if cli is None and folder is not None:
        from handouts.errors import display_path

        check_folder(folder, f"output = {display_path(folder)} (in {display_path(ws.config)}):")  # type: ignore[attr-defined]
