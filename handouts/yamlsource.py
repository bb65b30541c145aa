"""Read YAML into plain data plus the line and column of every key and item.

ruamel.yaml's parser keeps positions (PyYAML's C parser does not), which is what
lets every validation error point at `file:line:col`. Plain data is built here,
in one loop over the parser's events, rather than by ruamel's constructor:

- nothing recurses, so nesting cannot exhaust the stack, and nesting deeper than
  MAX_DEPTH stops the parse at the first level too deep (ruamel's scanner slows
  down quadratically with flow nesting, so the check must come early);
- an alias (`*name`) shares the anchored value instead of copying it, and the
  aliases of a file may add at most MAX_ALIAS_NODES nodes and MAX_ALIAS_CHARS
  characters of text to it: a "billion laughs" file stops at the alias that
  crosses the cap, before anything large exists;
- only the plain YAML types are built (text, numbers, true/false, null, dates,
  lists, mappings): tags (`!foo`), merge keys (`<<`), keys that are lists or
  mappings and integers too long to be a number are located errors;
- every problem is `file:line:col: message`, never a traceback.

Positions inside an aliased value are those of the alias, where an editor
would look. The event loop is in handouts.yamlevents, imported on the first parse;
the limits and `Loc`, which both use, are in handouts.yamlspec.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.datafolder import link_leaving
from handouts.encoding import NotUTF8, utf8_text
from handouts.errors import ContentError, Problem, display_path
from handouts.inputfile import InputRefused, read_bytes, why_not_a_file
from handouts.yamlspec import MAX_BYTES, Loc  # Loc: imported from here by most of the package


@dataclass(frozen=True)
class Source:
    """A YAML document as plain data, with the 1-based position of every node."""

    path: str
    data: Any
    positions: Mapping[Loc, tuple[int, int]] = field(default_factory=dict)
    lines: bool = True
    """False for data that never was text (a caller's mapping): it has no line to name, so its problems
    say `NAME: field: ...`, not a made-up `NAME:1:1`."""

    def position(self, loc: Loc) -> tuple[int, int]:
        """The deepest known position along `loc` (a missing key points at its parent); (0, 0), no line,
        for data that has none."""
        if not self.lines:
            return (0, 0)
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.positions:
                return self.positions[loc[:cut]]
        return (1, 1)


def parse(text: str, path: str) -> Source:
    """Parse YAML text; every problem (syntax, limits, unsupported YAML) is a located ContentError."""
    if len(text) > MAX_BYTES:
        raise ContentError([Problem(path, 0, 0, "", f"is {len(text):,} characters; a content file may be at "
                                    f"most {MAX_BYTES // 1024 // 1024} MiB")])
    from handouts.yamlevents import build  # ruamel.yaml: imported only when something is parsed

    data, positions = build(text, path)
    if data is None:  # a save cut short (a full disk, an editor that crashed) or a file never written
        raise ContentError([Problem(path, 1, 1, "", "the file is empty (or holds only comments): expected "
                                    "keys at the top of the file, one 'key: value' a line")])
    if not isinstance(data, dict):
        raise ContentError([Problem(path, 1, 1, "", "expected a mapping of keys at the top of the file")])
    return Source(path, data, positions)


def read(path: Path) -> Source:
    """Read a YAML file from disk; unreadable, odd or oversized files become a ContentError."""
    shown, text = read_text(path)
    return parse(text, shown)


def read_text(path: Path, limit: int = MAX_BYTES, called: str = "a content file") -> tuple[str, str]:
    """(the path as messages show it, the file's text); unreadable, odd or oversized (more than `limit`
    bytes: '... `called` may be at most ...') files become a ContentError. Split from `read` so the content
    cache can key on the text before anything parses it."""
    shown, saved = read_saved_text(path, limit, called)
    return shown, as_read(saved)


def as_read(saved: str) -> str:
    """`saved` with every line end LF, as text mode reads a file (Windows' CRLF, an old Mac's CR)."""
    return saved.replace("\r\n", "\n").replace("\r", "\n")


def read_saved_text(path: Path, limit: int = MAX_BYTES, called: str = "a content file") -> tuple[str, str]:
    """As read_text, the text as saved: its line ends and byte-order mark kept, for a writer that must
    keep them (upgrade rewrites a practice's files, which Windows saves with CRLF)."""
    shown = display_path(path)
    leaving = link_leaving(path)
    if leaving:  # a link out of a practice's data folder prints whatever it points at
        raise ContentError([Problem(shown, 0, 0, "", leaving)])
    try:
        raw = read_bytes(path, limit, called)
        text = utf8_text(raw)
    except InputRefused as exc:
        raise ContentError([Problem(shown, 0, 0, "", str(exc))]) from None
    except FileNotFoundError:  # nothing there, or a link to nothing
        raise ContentError([Problem(shown, 0, 0, "", why_not_a_file(path))]) from None
    except IsADirectoryError:
        raise ContentError([Problem(shown, 0, 0, "", "is a folder, expected a YAML file")]) from None
    except NotUTF8 as exc:
        raise ContentError([Problem(shown, exc.line, exc.column, "", exc.message)]) from None
    except OSError as exc:
        why = why_not_a_file(path) if exc.errno == errno.ELOOP else f"cannot read: {exc.strerror}"
        raise ContentError([Problem(shown, 0, 0, "", why)]) from None
    return shown, text

