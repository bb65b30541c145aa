"""How far a laid-out document runs past its page target, read from WeasyPrint's page boxes.

A patient handout that runs past its target is laid out again with fewer ruled
write-in lines (handouts.fitting). The first layout already says roughly how
many lines must go: the height of what spilled onto the pages past the target,
less the room left at the foot of the last page within it, against the height
of one ruled line. That is an estimate, not a promise (a heading kept with its
paragraph, a margin dropped at a page break): handouts.fitting starts its
search there and checks each layout it makes, so the result never depends on it.

The boxes are read by attribute (WeasyPrint 70's box tree); nothing here imports
WeasyPrint.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

WRITE_LINE_CLASS = "write-line"
"""The class of one ruled write-in line in templates/patient.html.j2 (its height is styles' business)."""


@dataclass(frozen=True)
class Overflow:
    """Heights in CSS pixels: `past`, the content on the pages after the target; `room`, the blank
    foot of the target's last page; `write_line`, one ruled line (None: the document has none)."""

    past: float
    room: float
    write_line: float | None

    def lines_to_cut(self) -> int | None:
        """The ruled lines whose height would bring the spilled content back (at least one);
        None when the document has no ruled lines to measure."""
        if not self.write_line:
            return None
        return max(1, math.ceil((self.past - self.room) / self.write_line - 1e-6))


def _classes(box: Any) -> tuple[str, ...]:
    element = getattr(box, "element", None)
    return tuple((element.get("class") or "").split()) if element is not None else ()


def _in_flow(box: Any) -> bool:
    """Whether a box takes room on its page: not absolutely placed, fixed or running into a margin."""
    try:
        return not (box.is_absolutely_positioned() or box.is_running())
    except (AttributeError, KeyError, TypeError):
        return True


def _leaves(box: Any) -> Iterator[Any]:
    """The lowest boxes that take room: lines of text, and blocks without children (a ruled line)."""
    children = getattr(box, "children", None)
    if type(box).__name__ == "LineBox" or not children:
        yield box
        return
    for child in children:
        if _in_flow(child):
            yield from _leaves(child)


def _bottom(boxes: Iterable[Any], top: float) -> float:
    """Where the content of a page ends (its content area's top when it has none)."""
    return max((leaf.position_y + leaf.margin_height() for box in boxes for leaf in _leaves(box)), default=top)


def _flow(page_box: Any) -> list[Any]:
    """A page's own content: the root element's boxes, not the margin boxes (header, footer, page number)."""
    return [child for child in page_box.children if type(child).__name__ != "MarginBox" and _in_flow(child)]


def _write_line(page_boxes: Sequence[Any]) -> float | None:
    for page_box in page_boxes:
        for leaf in (leaf for box in _flow(page_box) for leaf in _leaves(box)):
            if WRITE_LINE_CLASS in _classes(leaf):
                return float(leaf.margin_height())
    return None


def foot_room(page_box: Any) -> float:
    """The blank foot of one page: from where its content ends to the bottom of its content area."""
    top = page_box.content_box_y()
    return max(0.0, top + page_box.height - _bottom(_flow(page_box), top))


def measure_overflow(page_boxes: Sequence[Any], target: int) -> Overflow | None:
    """How far the pages run past `target` (WeasyPrint page boxes, in order); None when they fit."""
    if target < 1 or len(page_boxes) <= target:
        return None
    past = 0.0
    for page_box in page_boxes[target:]:
        top = page_box.content_box_y()
        past += _bottom(_flow(page_box), top) - top
    return Overflow(past, foot_room(page_boxes[target - 1]), _write_line(page_boxes))
