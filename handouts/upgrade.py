"""`handouts upgrade`: move a workspace's files to the content schema this handouts reads.

Each content file in the workspace's data folders gets the migrations for its kind
(handouts.migrations), read and written with ruamel's round trip so comments and
layout stay; a file the migrations do not change is left byte for byte as it was.
A dry run returns the same changes as unified diffs and writes nothing; a file of one
patient's details (a customisation, a personalisation) shows only the paths and lines of
the fields that change, never their values: a dry run's output lands on a terminal that
may be shared or logged.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts import copies, migrations, workspace
from handouts.atomic import write_atomic
from handouts.errors import ContentError, HandoutsError, Problem, UsageError, display_path
from handouts.workspace import Workspace

SCHEMA_LINE = re.compile(r"^(\s*schema\s*=\s*)(\d+)", re.MULTILINE)
WITHHELD = "(value withheld: patient details)"
SHOWN_KEY = re.compile(r"[a-z][a-z0-9_-]{0,79}")
"""A mapping key a field diff names: a field's or an id's form. Any other key (a name typed where a
field belongs) could be a patient's detail itself, and is withheld as a value is."""


@dataclass(frozen=True)
class Change:
    """One file's text before and after the upgrade."""

    path: Path
    before: str
    after: str
    patient_details: bool = False  # one patient's file (handouts.kinds): its diff names fields, not values

    def diff(self) -> str:
        """A unified diff; for a patient's file, one line per field that changes, its value withheld."""
        shown = display_path(self.path)
        if self.patient_details:
            fields = _field_changes(self.before, self.after)
            return "".join(f"{shown}:{line}: {field}: {how} {WITHHELD}\n" for line, field, how in fields) or \
                f"{shown}: only its layout changes, no field's value (the file is patient details)\n"
        return "".join(difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            fromfile=f"a/{shown}", tofile=f"b/{shown}",
        ))


@dataclass(frozen=True)
class Plan:
    workspace: Workspace
    target: int
    steps: tuple[migrations.Migration, ...]
    changes: tuple[Change, ...]  # content files, then handouts.toml

    @property
    def current(self) -> bool:
        return not self.steps


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)  # the shipped files' layout
    return yaml


def _fields(text: str) -> dict[str, tuple[int, Any]]:
    """Each scalar of a YAML text by its path (`notes`, `allergies[0]`, `phase_lengths.elimination`), with
    the line it is on."""
    data = _yaml().load(text.removeprefix("\ufeff"))
    found: dict[str, tuple[int, Any]] = {}

    def walk(node: Any, path: str, line: int) -> None:
        if isinstance(node, dict):
            if not node:
                found[path] = (line, "{}")
            for key, value in node.items():
                named = key if isinstance(key, str) and SHOWN_KEY.fullmatch(key) else "(a key withheld)"
                walk(value, f"{path}.{named}" if path else named, node.lc.key(key)[0] + 1)
        elif isinstance(node, list):
            if not node:
                found[path] = (line, "[]")
            for index, value in enumerate(node):
                walk(value, f"{path}[{index}]", node.lc.item(index)[0] + 1)
        else:
            found[path] = (line, node)

    walk(data, "", 1)
    return found


def _field_changes(before: str, after: str) -> list[tuple[int, str, str]]:
    """(line, field path, 'removed' / 'added' / 'changed') for each scalar an upgrade changes, in line order:
    a removed field's line is in the file as it was, the others' in the file as it will be."""
    old, new = _fields(before), _fields(after)
    changes = [(line, path, "removed") for path, (line, _) in old.items() if path not in new]
    changes += [(line, path, "added" if path not in old else "changed") for path, (line, value) in new.items()
                if path not in old or old[path][1] != value]
    return sorted(changes, key=lambda change: (change[0], change[2] != "removed", change[1]))


def _kind_of(path: Path, data: Any) -> str | None:
    from handouts.kinds import CONTENT_KINDS

    for kind in CONTENT_KINDS.values():
        if path.parent.name == kind.folder:
            return kind.name
    keys = set(data) if isinstance(data, dict) else set()
    best = max(CONTENT_KINDS.values(), key=lambda k: len(k.sniff & keys))
    return best.name if best.sniff & keys else None


def _content_files(ws: Workspace) -> Iterator[Path]:
    from handouts.loading import content_files, is_support_data

    for path in content_files(ws.data_dirs):
        if not is_support_data(path):
            yield path


def _migrate(path: Path, steps: tuple[migrations.Migration, ...]) -> Change | None:
    from ruamel.yaml.error import YAMLError

    from handouts.yamlsource import as_read, parse, read_saved_text

    shown, saved = read_saved_text(path)  # read once, guarded as content is: a FIFO, its size, UTF-16 by name
    text = as_read(saved)
    parse(text, shown)  # the content reader's limits first: a hostile file is a located error, not a hang
    yaml = _yaml()
    try:
        data = yaml.load(text)
    except YAMLError as exc:
        raise ContentError([Problem(display_path(path), 0, 0, "", f"YAML syntax: {exc}")]) from None
    kind = _kind_of(path, data)
    original = deepcopy(data)
    for step in steps:
        if kind in step.kinds:
            step.change(data)
    if data == original:
        return None
    out = io.StringIO()
    yaml.dump(data, out)
    from handouts.kinds import CONTENT_KINDS

    private = kind is not None and CONTENT_KINDS[kind].patient_details
    return Change(path, saved, _as_saved(out.getvalue(), saved), patient_details=private)


LINE_END = re.compile(r"\r\n|\r|\n")  # the line ends as_read makes LF: Windows', an old Mac's, Unix's


def _lines(text: str) -> tuple[list[str], list[str]]:
    """`text`'s lines and, for each, its own line end ('' for a last line without one)."""
    parts = LINE_END.split(text)
    ends = LINE_END.findall(text)
    if parts[-1] == "":  # the text ends with a line end: no last, empty line
        parts.pop()
    return parts, ends + [""] * (len(parts) - len(ends))


def _as_saved(written: str, saved: str) -> str:
    """`written` (ruamel's: LF line ends, no byte-order mark) with the line ends and mark of the file as
    it was saved, so a file Windows saved keeps its CRLF and changes only where the migration did.

    Each line the migration kept keeps its own line end, and a line it changed the one it replaced:
    a file edited on Windows and on a Mac (some lines CRLF, some LF) took the first line's end
    throughout, and every other line of it showed as changed. A line the migration added gets the
    file's most common end."""
    mark = "\ufeff" if saved.startswith("\ufeff") else ""
    old_lines, old_ends = _lines(saved.removeprefix("\ufeff"))
    new_lines, _ = _lines(written.removeprefix("\ufeff"))
    usual = max(dict.fromkeys(end for end in old_ends if end), key=old_ends.count, default="\n")
    ends = [usual] * len(new_lines)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for _tag, old_from, old_to, new_from, new_to in matcher.get_opcodes():
        for offset in range(min(old_to - old_from, new_to - new_from)):  # kept, or replaced line by line
            ends[new_from + offset] = old_ends[old_from + offset] or usual
    if not written.endswith("\n") and ends:
        ends[-1] = ""
    return mark + "".join(line + end for line, end in zip(new_lines, ends, strict=True))


def plan(ws: Workspace) -> Plan:
    """What `handouts upgrade` would change; nothing is written."""
    target = migrations.SCHEMA_VERSION
    if ws.schema > target:
        raise UsageError(f"{display_path(ws.config)}: this workspace follows content schema {ws.schema}, made by a "
                         f"newer handouts than this one (which reads schema {target}); install a newer handouts")
    steps = tuple(migrations.steps(ws.schema, target))
    if not steps:
        return Plan(ws, target, (), ())
    changes = [c for c in (_migrate(p, steps) for p in _content_files(ws)) if c is not None]
    config_text = workspace.config_text(ws.config)  # guarded as when the workspace was read, its line ends kept
    new_config, count = SCHEMA_LINE.subn(lambda m: f"{m.group(1)}{target}", config_text, count=1)
    if count != 1:
        raise HandoutsError(f"{display_path(ws.config)}: cannot find its 'schema = N' line to update")
    changes.append(Change(ws.config, config_text, new_config))
    return Plan(ws, target, steps, tuple(changes))


def apply(upgrade: Plan) -> None:
    """Write every change (each file atomically), then keep the record of copies true.

    An unedited copy of a shipped file stays unedited after the migration (the shipped
    file gets the same migration in the release that brings it), so its recorded sha256
    becomes the migrated file's; an edited copy stays an edit.
    """
    root = upgrade.workspace.root
    recorded = {c.path: c for c in copies.read(root)}
    for change in upgrade.changes:
        rel = change.path.resolve().relative_to(root).as_posix() if change.path.resolve().is_relative_to(root) else None
        entry = recorded.get(rel) if rel else None
        unedited = entry is not None and copies.sha256_file(change.path) == entry.sha256
        write_atomic(change.path, change.after.encode("utf-8"))
        if entry is not None and unedited:
            digest = copies.sha256_file(change.path)
            assert digest is not None
            recorded[entry.path] = copies.Copy(entry.path, entry.shipped, digest)
    if recorded:
        copies.write(root, recorded.values())
