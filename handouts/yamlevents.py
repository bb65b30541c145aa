"""The event loop behind handouts.yamlsource.parse: ruamel's parser events → plain data and positions.

Kept apart so that ruamel.yaml is imported only when a file is parsed: a render
whose content all comes from the content cache (handouts.contentcache) never
imports it. The rules it enforces, and why, are in handouts.yamlsource; its
limits, in handouts.yamlspec.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentStartEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import ScalarNode

from handouts import yamlspec as limits
from handouts.errors import ContentError, HandoutsError, Problem
from handouts.yamlspec import Loc

_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {ScalarEvent: _STR, SequenceStartEvent: "tag:yaml.org,2002:seq",
                 MappingStartEvent: "tag:yaml.org,2002:map"}
_NO_KEY = object()


class _Stop(HandoutsError):
    """A located problem found while building; becomes a ContentError."""

    def __init__(self, mark: Any, message: str):
        super().__init__(message)
        self.mark = mark


@dataclass
class _Open:
    """A list or mapping whose end event has not come yet."""

    value: dict[Any, Any] | list[Any]
    loc: Loc
    anchor: str | None
    nodes: int = 1
    chars: int = 0
    key: Any = _NO_KEY  # a mapping's key waiting for its value


@dataclass(frozen=True)
class _Anchored:
    value: Any
    nodes: int
    chars: int


_SURROGATE = re.compile("[\ud800-\udfff]")


def _at(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _Builder:
    """Plain data and positions from a stream of parser events, one event at a time."""

    def __init__(self, yaml: YAML):
        self.resolver = yaml.resolver
        self.constructor = yaml.constructor
        self.positions: dict[Loc, tuple[int, int]] = {}
        self.stack: list[_Open] = []
        self.anchors: dict[str, _Anchored | None] = {}  # None: still open
        self.aliases = self.alias_nodes = self.alias_chars = 0
        self.documents = 0
        self.root: Any = None

    def feed(self, event: Any) -> None:
        if isinstance(event, ScalarEvent):
            self._check_tag(event)
            if (half := _SURROGATE.search(event.value)) is not None:
                # a "\ud800" escape: no character, and no page can be encoded with it
                raise _Stop(event.start_mark, f"'\\u{ord(half.group()):04x}' is half of a UTF-16 surrogate pair, "
                            "not a character: write the character itself")
            value, tag = self._scalar(event)
            if event.anchor:
                self.anchors[event.anchor] = _Anchored(value, 1, len(event.value))
            self._add(value, event.start_mark, 1, len(event.value), merge=tag == "tag:yaml.org,2002:merge")
        elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            self._check_tag(event)
            if len(self.stack) >= limits.MAX_DEPTH:
                raise _Stop(event.start_mark,
                            f"nested more than {limits.MAX_DEPTH} levels deep; content needs far fewer")
            top = self.stack[-1] if self.stack else None
            if top is not None and isinstance(top.value, dict) and top.key is _NO_KEY:
                raise _Stop(event.start_mark, "a key must be plain text, not a list or mapping")
            loc = self._place(event.start_mark)
            if event.anchor:
                self.anchors[event.anchor] = None
            self.stack.append(_Open({} if isinstance(event, MappingStartEvent) else [], loc, event.anchor))
        elif isinstance(event, CollectionEndEvent):
            done = self.stack.pop()
            if done.anchor:
                self.anchors[done.anchor] = _Anchored(done.value, done.nodes, done.chars)
            self._attach(done.value, done.nodes, done.chars)
        elif isinstance(event, AliasEvent):
            self._alias(event)
        elif isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _Stop(event.start_mark, "a second YAML document ('---'); a content file holds one")

    def _check_tag(self, event: Any) -> None:
        tag = event.tag
        if tag is not None and str(tag) != _ALLOWED_TAGS[type(event)]:
            raise _Stop(event.start_mark, f"YAML tags like '{tag}' are not supported; write the value "
                        "without a tag (in quotes if it is text)")

    def _scalar(self, event: Any) -> tuple[Any, str]:
        text = event.value
        if event.tag is not None:
            return text, _STR
        tag = str(self.resolver.resolve(ScalarNode, text, event.implicit))
        if tag == _STR:
            return text, tag
        if tag == "tag:yaml.org,2002:null":
            return None, tag
        node = ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
        try:
            if tag == "tag:yaml.org,2002:bool":
                return self.constructor.construct_yaml_bool(node), tag
            if tag == "tag:yaml.org,2002:int":
                digits = sum(ch.isalnum() for ch in text)
                if digits > limits.MAX_INT_DIGITS:
                    raise _Stop(event.start_mark, f"a number with {digits} digits; put it in quotes if it is text")
                return int(self.constructor.construct_yaml_int(node)), tag
            if tag == "tag:yaml.org,2002:float":
                return float(self.constructor.construct_yaml_float(node)), tag
            if tag == "tag:yaml.org,2002:timestamp":
                return self._timestamp(node, text)
        except (ValueError, OverflowError) as exc:
            raise _Stop(event.start_mark, f"'{text[:40]}' is not a valid value: {exc}") from None
        return text, tag  # '<<', '=': text unless used as a key

    def _timestamp(self, node: ScalarNode, text: str) -> tuple[Any, str]:
        """A date (or date and time); one that is no such day ('2025-02-30') is left as text.

        Then the field that wants a date reports it, at its own line and with how to write one
        (handouts.dates), and a field of text keeps what was written. YAML's own error named
        no field, and repeated the value, which may be a patient's visit date.
        """
        try:
            value = self.constructor.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return text, _STR
        if isinstance(value, datetime):
            return value, "tag:yaml.org,2002:timestamp"
        return date(value.year, value.month, value.day), "tag:yaml.org,2002:timestamp"

    def _place(self, mark: Any) -> Loc:
        """Record where the next value goes in its parent; return its loc."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            loc = (*top.loc, len(top.value))
            self.positions[loc] = _at(mark)
            return loc
        return (*top.loc, top.key)

    def _add(self, value: Any, mark: Any, nodes: int, chars: int, merge: bool = False) -> None:
        """A finished scalar or alias: a key, a mapping value or a list item."""
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.value, dict) and top.key is _NO_KEY:
            if merge:
                raise _Stop(mark, "merge keys ('<<') are not supported; write the keys out")
            key = value if isinstance(value, str) else str(value)
            loc = (*top.loc, key)
            if key in top.value:
                line, _ = self.positions[loc]
                raise _Stop(mark, f"duplicate key '{key}' (first at line {line})")
            self.positions[loc] = _at(mark)
            top.key = key
            top.nodes += nodes
            top.chars += chars
            return
        self._place(mark)
        self._attach(value, nodes, chars)

    def _attach(self, value: Any, nodes: int, chars: int) -> None:
        """Put a finished value into its parent (or make it the document)."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        else:
            top.value[top.key] = value
            top.key = _NO_KEY
        top.nodes += nodes
        top.chars += chars

    def _alias(self, event: Any) -> None:
        name = event.anchor
        if name not in self.anchors:
            raise _Stop(event.start_mark, f"alias '*{name}' has no anchor '&{name}' before it")
        anchored = self.anchors[name]
        if anchored is None:
            raise _Stop(event.start_mark, f"alias '*{name}' is inside its own anchor '&{name}'")
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.value, dict) and top.key is _NO_KEY:
            raise _Stop(event.start_mark, f"an alias ('*{name}') cannot be a key")
        self.aliases += 1
        self.alias_nodes += anchored.nodes
        self.alias_chars += anchored.chars
        if self.aliases > limits.MAX_ALIASES:
            raise _Stop(event.start_mark, f"more than {limits.MAX_ALIASES} aliases ('*name') in one file")
        if self.alias_nodes > limits.MAX_ALIAS_NODES or self.alias_chars > limits.MAX_ALIAS_CHARS:
            raise _Stop(event.start_mark, (
                f"aliases expand to more than {limits.MAX_ALIAS_NODES:,} values or "
                f"{limits.MAX_ALIAS_CHARS // 1024 // 1024} MiB "
                f"of text (at '*{name}'); write the content out or use fewer aliases"))
        self._add(anchored.value, event.start_mark, anchored.nodes, anchored.chars)


def _syntax_problem(exc: MarkedYAMLError, path: str, text: str) -> Problem:
    from handouts import yamlhints

    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    what = exc.problem or exc.context or "invalid YAML"
    if "found character '\\t'" in str(exc):
        what = "a tab character; indent YAML with spaces"
    elif exc.problem and mark:
        lines = text.splitlines()
        line_text = lines[mark.line] if mark.line < len(lines) else ""
        context_line = exc.context_mark.line + 1 if exc.context_mark else None
        what = yamlhints.plain(exc.problem, exc.context or "", line_text, mark.column, context_line)
    return Problem(path, line, col, "", f"YAML syntax: {what}")


def _character_problem(exc: ReaderError, text: str, path: str) -> Problem:
    """A character YAML may not hold (NUL, a control character): at its line and column, by its code.

    ruamel's own message names '<unicode string>' and a character offset, neither of which
    a person can find in an editor, where the character is usually invisible too.
    """
    position = exc.position if isinstance(exc.position, int) and 0 <= exc.position <= len(text) else 0
    before = text[:position]
    line, col = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else 0
    return Problem(path, line, col, "", f"YAML syntax: the character U+{code:04X} (a control character, "
                                        "invisible in most editors) cannot be written in YAML; delete it")


def build(text: str, path: str) -> tuple[Any, dict[Loc, tuple[int, int]]]:
    """The document's plain data and the position of every node; any problem is a located ContentError."""
    yaml = YAML(typ="safe", pure=True)
    builder = _Builder(yaml)
    event = None
    try:
        for event in yaml.parse(text):
            builder.feed(event)
    except _Stop as stop:
        line, col = _at(stop.mark)
        raise ContentError([Problem(path, line, col, "", stop.message)]) from None
    except MarkedYAMLError as exc:
        raise ContentError([_syntax_problem(exc, path, text)]) from None
    except ReaderError as exc:
        raise ContentError([_character_problem(exc, text, path)]) from None
    except YAMLError as exc:
        raise ContentError([Problem(path, 0, 0, "", f"YAML syntax: {exc}")]) from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        # the parser's own failure on odd input: still a located message, never a traceback
        line, col = _at(event.start_mark) if event is not None else (0, 0)
        raise ContentError([Problem(path, line, col, "", f"YAML cannot be read here ({type(exc).__name__})")]) from None
    return builder.root, builder.positions
