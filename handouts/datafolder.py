"""A data folder's files are its own: no link out of it, and no folder anyone can write to.

What a practice's data folders hold is what prints: the topics, brands and plans behind
every handout. Two ways around that are closed here, as handouts.toml's own check
(workspace.refuse_untrusted) closes them for the settings file:

- a symbolic link in a kind folder (topics/, brands/, ...), or a kind folder that is a
  link, whose target lies outside the data folder: reading it would print whatever file
  it points at, wherever that is (another user's folder, a file being edited elsewhere).
  Reading such a file is refused, located at the link (yamlsource.read_text); listing
  and id lookups skip it with a warning. Links that stay inside the data folder, and a
  data folder that is itself a link (handouts.toml names it), are fine.
- a data folder, or a kind folder in it, that any user of the computer may write to:
  anyone could add or replace a topic. The sticky bit (as on /tmp) does not help: it
  stops others replacing a file, not adding `topics/leaky-gut.yaml`, which would print
  instead of the shipped topic of that id. The workspace is refused with the fix
  (`chmod o-w ...`), like a handouts.toml anyone may change; so is a folder named with
  `serve --data`, and the data folder of a file named on the command line (searched
  first for every id the command looks up).

Only the standard library: reading any YAML file asks `link_leaving`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from handouts.errors import UsageError, display_path

KIND_FOLDERS = frozenset({"topics", "brands", "personalisations", "foods", "diets", "customisations"})
"""The data folder's kind folders (handouts.kinds.CONTENT_KINDS' `folder`s; a test keeps them equal)."""


def data_folder_of(path: Path) -> Path | None:
    """The data folder a file in a kind folder belongs to (as written, links not followed); None elsewhere."""
    path = Path(os.path.abspath(path))
    return path.parent.parent if path.parent.name in KIND_FOLDERS else None


def link_leaving(path: Path) -> str | None:
    """Why `path` may not be read, when following links takes it out of its data folder; else None."""
    root = data_folder_of(path)
    if root is None:
        return None
    try:
        target, inside = path.resolve(), root.resolve()
    except (OSError, RuntimeError):  # a link loop: reading it fails with its own message
        return None
    if target.is_relative_to(inside):
        return None
    return (f"a symbolic link to {target}, outside the data folder {display_path(root)}/: files are read only "
            "from inside their data folder; copy the file in instead of linking to it")


def refuse_writable_by_all(folder: Path, config: Path | None = None) -> None:
    """A data folder (or a kind folder in it) that every user may write to: UsageError with the fix.

    `config`: the handouts.toml that names the folder; None for one named on the command line
    (serve --data), which is refused the same way: naming a folder trusts its owner, not everyone.
    """
    if getattr(os, "geteuid", None) is None:  # Windows: folders are not shared this way
        return
    for candidate in (folder, *(folder / name for name in sorted(KIND_FOLDERS))):
        try:
            mode = candidate.stat().st_mode
        except OSError:
            continue
        if stat.S_ISDIR(mode) and mode & stat.S_IWOTH:  # sticky or not: anyone may still add a file
            where = "" if candidate == folder else f" (in the data folder {display_path(folder)}/)"
            unused = (f"the workspace {display_path(config)} is not used" if config is not None
                      else "the data folder is not used")
            raise UsageError(
                f"{display_path(candidate)}/{where} can be changed by any user of this computer: whoever can "
                f"write there chooses the topics and brands you print, so {unused}. Make it writable by the "
                f"practice alone: chmod o-w {candidate}")
