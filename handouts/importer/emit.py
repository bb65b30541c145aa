"""Draft → YAML text with the reviewer's notes as comments.

ruamel.yaml's round-trip types carry comments, so the notes sit next to what they
are about: the to-do list at the top, "importer: ..." at the end of a guessed
key's line, and a note above an item that was split from another.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from handouts.importer.build import Draft, Loc, wrap_review

MAPPING_INDENT = 2
SEQUENCE_OFFSET = 2
WIDTH = 96
_TOP_LEVEL_GAPS = (
    "review",
    "bottom_line",
    "sections",
    "algorithm",
    "monitoring",
    "pitfalls",
    "emerging",
    "evidence_by_source",
    "disclaimer",
    "references",
)


def _commented(value: Any) -> Any:
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _commented(item)
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_commented(item) for item in value)
        if value and all(isinstance(item, (str, int, float)) for item in value):
            seq.fa.set_flow_style()  # citations: [ref-1, ref-3]; amount: [4, 12]
        return seq
    return value


def _attach(root: CommentedMap, loc: Loc, note: str) -> None:
    """Put `note` at the end of a key's line, or above a list item."""
    node: Any = root
    column = 0  # where the keys of `node` start
    for part in loc[:-1]:
        if isinstance(node, CommentedMap):
            node = node[part]
            if isinstance(node, CommentedSeq):
                column += SEQUENCE_OFFSET
        else:
            node = node[part]
            column += SEQUENCE_OFFSET
    last = loc[-1]
    if isinstance(node, CommentedSeq) and isinstance(last, int):
        node.yaml_set_comment_before_after_key(last, before=note, indent=column)
    elif isinstance(node, CommentedMap) and last in node:
        node.yaml_add_eol_comment(f"# {note}", last)


def to_yaml(draft: Draft) -> str:
    """The draft as YAML text, notes included."""
    root = _commented(draft.data)
    header = draft.header + ["", "To do before review:"] + wrap_review(draft.review)
    root.yaml_set_start_comment("\n".join(header))
    for key in _TOP_LEVEL_GAPS:
        if key in root:
            root.yaml_set_comment_before_after_key(key, before="\n")
    for loc, note in draft.comments.items():
        _attach(root, loc, note)
    yaml = YAML(typ="rt", pure=True)
    yaml.width = WIDTH
    yaml.allow_unicode = True
    yaml.indent(mapping=MAPPING_INDENT, sequence=MAPPING_INDENT + SEQUENCE_OFFSET, offset=SEQUENCE_OFFSET)
    buffer = io.StringIO()
    yaml.dump(root, buffer)
    return buffer.getvalue()
