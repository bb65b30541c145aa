"""Read YAML into plain data plus the line and column of every key and item.

ruamel.yaml's round-trip loader keeps positions (PyYAML does not), which is what
lets every validation error point at `file:line:col`. The round-trip loader builds
only plain mappings, sequences and scalars: no tags run code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from handouts.errors import ContentError, Problem, display_path

Loc = tuple[str | int, ...]

MAX_BYTES = 5 * 1024 * 1024  # content files are small; refuse anything absurd


@dataclass(frozen=True)
class Source:
    """A YAML document as plain data, with the 1-based position of every node."""

    path: str
    data: Any
    positions: Mapping[Loc, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Loc) -> tuple[int, int]:
        """The deepest known position along `loc` (a missing key points at its parent)."""
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.positions:
                return self.positions[loc[:cut]]
        return (1, 1)


def _plain(node: Any, loc: Loc, positions: dict[Loc, tuple[int, int]]) -> Any:
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            line, col = node.lc.key(key)
            positions[(*loc, str(key))] = (line + 1, col + 1)
            out[str(key) if not isinstance(key, str) else key] = _plain(value, (*loc, str(key)), positions)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            line, col = node.lc.item(index)
            positions[(*loc, index)] = (line + 1, col + 1)
            items.append(_plain(value, (*loc, index), positions))
        return items
    if isinstance(node, datetime):
        return node
    if isinstance(node, date):
        return date(node.year, node.month, node.day)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def parse(text: str, path: str) -> Source:
    """Parse YAML text; syntax errors become a located ContentError."""
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        node = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or exc.context or "invalid YAML"
        if "found character '\\t'" in str(exc):
            what = "a tab character; indent YAML with spaces"
        raise ContentError([Problem(path, line, col, "", f"YAML syntax: {what}")]) from None
    except YAMLError as exc:
        raise ContentError([Problem(path, 0, 0, "", f"YAML syntax: {exc}")]) from None
    positions: dict[Loc, tuple[int, int]] = {}
    data = _plain(node, (), positions)
    if not isinstance(data, dict):
        raise ContentError([Problem(path, 1, 1, "", "expected a mapping of keys at the top of the file")])
    return Source(path, data, positions)


def read(path: Path) -> Source:
    """Read a YAML file from disk; unreadable files become a ContentError."""
    shown = display_path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ContentError([Problem(shown, 0, 0, "", f"file is larger than {MAX_BYTES // 1024 // 1024} MiB")])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(shown, 0, 0, "", "no such file")]) from None
    except IsADirectoryError:
        raise ContentError([Problem(shown, 0, 0, "", "is a folder, expected a YAML file")]) from None
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(shown, 0, 0, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    except OSError as exc:
        raise ContentError([Problem(shown, 0, 0, "", f"cannot read: {exc.strerror}")]) from None
    return parse(text, shown)
