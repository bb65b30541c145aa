"""Place issues at `path:line:col` using the YAML positions of handouts.yamlsource.

Positions are known for keys and list items. A finding about one sentence of a
folded paragraph goes further: it counts words from the key to reach the line
the sentence starts on, and checks the word it lands on, falling back to the
key's own line when the file's text does not match (escapes, anchors).
"""

from __future__ import annotations

import re
from typing import Any

from handouts.lint.findings import Finding, Issue
from handouts.validation import format_loc
from handouts.yamlsource import Loc, Source

_TOKEN = re.compile(r"\w+")
MAX_SCAN_LINES = 400


def data_loc(data: Any, loc: Loc) -> tuple[Loc, Any]:
    """The longest prefix of `loc` that exists in the data, and the value there.

    A plain-string localized text has no language key: ("about", "en") -> ("about",).
    """
    kept: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
        kept.append(part)
    return tuple(kept), node


def word_position(lines: list[str], key: tuple[int, int], value: str, offset: int) -> tuple[int, int] | None:
    """Line and column of the word at `offset` in `value`, the scalar after the key at `key`."""
    tokens = _TOKEN.findall(value)
    index = len(_TOKEN.findall(value[:offset]))
    if index >= len(tokens) or not 0 < key[0] <= len(lines):
        return None
    colon = lines[key[0] - 1].find(":", key[1] - 1)
    if colon < 0:
        return None
    seen = 0
    for number in range(key[0] - 1, min(len(lines), key[0] - 1 + MAX_SCAN_LINES)):
        begin = colon + 1 if number == key[0] - 1 else 0
        for match in _TOKEN.finditer(lines[number], begin):
            if seen == index:
                return (number + 1, match.start() + 1) if match.group(0) == tokens[index] else None
            seen += 1
    return None


def place(issue: Issue, source: Source, lines: list[str]) -> Finding:
    """At the deepest place the file has; named by the field the issue is about, even one not written yet
    ('about' missing from a draft is placed at its parent but still named, as validate names it)."""
    loc, node = data_loc(source.data, issue.loc)
    line, col = source.position(loc)
    if issue.offset is not None and isinstance(node, str):
        line, col = word_position(lines, (line, col), node, issue.offset) or (line, col)
    named = loc if isinstance(node, str) else issue.loc  # a plain text's language is no field of its own
    return Finding(source.path, line, col, issue.rule, issue.severity, issue.message, format_loc(named))
