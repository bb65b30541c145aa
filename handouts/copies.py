"""The record of the shipped files a workspace copied, with their sha256 when copied.

`handouts init` writes it (shipped.toml, beside handouts.toml). With it, `handouts
doctor` can tell a practice's own edit from a fix made since in the shipped data:
the copy, the shipped file now and the record are three versions to compare.
`handouts upgrade` keeps it true for unedited copies it migrates.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from handouts import __version__
from handouts.atomic import write_atomic
from handouts.errors import ContentError, Problem, display_path

RECORD_NAME = "shipped.toml"
MAX_RECORD_BYTES = 4 * 1024 * 1024

_HEADER = """\
# Written by handouts: the shipped sample files copied into this workspace, with the
# sha256 of each as it was copied, so `handouts doctor` can tell your edits from fixes
# made since in the shipped data. Do not edit; delete an entry to stop checking a file.
"""


@dataclass(frozen=True)
class Copy:
    """One copied file: where it is in the workspace, where it came from, its sha256 then."""

    path: str  # relative to the workspace folder, POSIX form
    shipped: str  # relative to the shipped data folder, POSIX form
    sha256: str


def sha256_file(path: Path) -> str | None:
    """The file's sha256, or None when it does not exist."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def read(root: Path) -> tuple[Copy, ...]:
    """The record in workspace `root` (empty when there is none: a workspace made by hand)."""
    path = root / RECORD_NAME
    if not path.is_file():
        return ()
    from handouts.inputfile import InputRefused, read_bytes

    shown = display_path(path)
    try:
        data = tomllib.loads(read_bytes(path, MAX_RECORD_BYTES, "the record of copies").decode("utf-8"))
    except (InputRefused, OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ContentError([Problem(shown, 0, 0, "", f"cannot read the record of copies: {exc}")]) from None
    copies = []
    for index, entry in enumerate(data.get("copies") or []):
        if not (isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("path", "shipped", "sha256"))):
            raise ContentError([Problem(shown, 0, 0, f"copies[{index}]", "expected path, shipped and sha256")])
        copies.append(Copy(entry["path"], entry["shipped"], entry["sha256"]))
    return tuple(copies)


def write(root: Path, copies: Iterable[Copy]) -> None:
    """Replace the record atomically (TOML written by hand: the standard library only reads it)."""
    lines = [_HEADER, f"handouts = {json.dumps(__version__)}", ""]
    for copy in sorted(copies, key=lambda c: c.path):
        lines += ["[[copies]]", f"path = {json.dumps(copy.path)}", f"shipped = {json.dumps(copy.shipped)}",
                  f"sha256 = {json.dumps(copy.sha256)}", ""]
    write_atomic(root / RECORD_NAME, "\n".join(lines).encode("utf-8"))
