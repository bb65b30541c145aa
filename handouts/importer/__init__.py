"""Import an evidence tool's answer (plain text) as a draft topic.

One direction, small steps, each a pure function: normalise the characters,
strip the web page's chrome, outline the structure, read markers and doses,
build the topic data, emit YAML with the reviewer's notes. `convert` runs them
all; `check` validates the result with the same rules as `handouts validate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from handouts.errors import HandoutsError
from handouts.importer.build import Draft, build
from handouts.importer.chrome import strip_chrome
from handouts.importer.emit import to_yaml
from handouts.importer.normalise import normalise
from handouts.importer.outline import Entry, outline
from handouts.inputfile import size_text
from handouts.models import Topic
from handouts.models.common import CONTENT_ENTRIES
from handouts.validation import Loc, format_loc
from handouts.yamlsource import MAX_BYTES


class ImportFailure(HandoutsError):
    """The input cannot become a draft (unreadable, empty, nothing that looks like an answer)."""


@dataclass(frozen=True)
class Imported:
    yaml: str
    draft: Draft


def convert(text: str, *, source_name: str = "answer", topic_id: str | None = None, today: date) -> Imported:
    """An answer's text → a draft topic (YAML with review comments)."""
    stripped = strip_chrome(normalise(text))
    if not any(line.strip() for line in stripped.lines):
        raise ImportFailure("no answer text found (the input is empty or only page furniture)")
    shape = outline(stripped.lines)
    if not any(isinstance(b, Entry) or b.text for g in shape.groups for b in g.blocks):
        raise ImportFailure("found a title but no answer text under it")
    draft = build(shape, stripped, source_name=source_name, topic_id=topic_id, today=today)
    if not draft.data.get("sections"):
        raise ImportFailure("found no recommendations, bullets or paragraphs to import as sections")
    if (crowded := _longest_list(draft.data)) is not None:
        where, count = crowded
        raise ImportFailure(f"the draft would have {count} entries in {where}, and a topic's list may hold at most "
                            f"{CONTENT_ENTRIES}; import a shorter answer or split it into several")
    text = to_yaml(draft)
    if len(text) > MAX_BYTES:  # many short bullets: the draft can be 30 times its answer
        raise ImportFailure(f"the draft would be {size_text(len(text))}, and a topic may be at most "
                            f"{size_text(MAX_BYTES)}; import a shorter answer or split it into several")
    return Imported(text, draft)


def _longest_list(data: Any, loc: Loc = ()) -> tuple[str, int] | None:
    """The first list of the draft over a topic's cap (models.common.CONTENT_ENTRIES), and its length: an answer
    of many short bullets under one heading makes a section the model refuses, which is the answer's size, not
    an importer's bug."""
    if isinstance(data, dict):
        items: Any = data.items()
    elif isinstance(data, list):
        if len(data) > CONTENT_ENTRIES:
            return format_loc(loc), len(data)
        items = enumerate(data)
    else:
        return None
    for key, value in items:
        if (found := _longest_list(value, (*loc, key))) is not None:
            return found
    return None


def check(yaml_text: str, name: str = "draft.yaml") -> Topic:
    """Validate a draft with the content rules `handouts validate` applies (raises ContentError)."""
    from handouts.context import Context
    from handouts.loading import validate
    from handouts.yamlsource import parse

    return validate(parse(yaml_text, name), "topic", Context.default())  # type: ignore[return-value]


__all__ = ["ImportFailure", "Imported", "check", "convert"]
