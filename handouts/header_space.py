"""Room at the head of each page for the whole running header, inside what a printer can print.

The top margin prints the practice's name at the left and the document's marks at the right
(styles/base.css), each in a box of fixed width, set on the margin's bottom edge: a line
that does not fit wraps, and the lines above it climb towards the paper's edge. Beside two
marks, a practice name of about 45 letters or more ("Riverside Family Medicine and Community
Health Partnership") wrapped to a second line whose top sat 2.6 mm from the edge, where many
office printers print nothing: the name was cut on paper, and WeasyPrint does not say when a
margin box's text overflows it.

After laying out, the renderer measures the top margin boxes and, when a line comes within
CLEARANCE_MM of the paper's edge, lays the document out again with a deeper top margin, by
the millimetres it lacked; a header that fits costs nothing. The name is never shortened:
every word of it prints. The first page is measured apart from the others: it carries the
full masthead, so its top margin prints the marks alone (no running name), and a long name
need not take room from it.

The boxes are read by attribute (WeasyPrint 70's page boxes); nothing here imports WeasyPrint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from handouts.footer_space import CLEARANCE_MM

_PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class HeaderSpace:
    """The top margins, in whole millimetres, that the measured running header needs: of the first
    page and of the pages after it (0: the margin the kind's stylesheets give)."""

    first_mm: int = 0
    rest_mm: int = 0
    name_pt: float = 0.0
    """The running name's size on the pages after the first (0: the stylesheet's): smaller when at its
    own it wraps past NAME_ROOM_PT (see NAME_SIZES)."""

    def css(self) -> str | None:
        """The stylesheet layer that deepens the top margins (None: the kinds' own margins do)."""
        rules = ([f"@page :first {{ margin-top: {self.first_mm}mm; }}\n"] if self.first_mm else []) + \
                ([f"@page {{ @top-left {{ font-size: {self.name_pt:g}pt; }} }}\n"] if self.name_pt else []) + \
                ([f"@page :nth(n+2) {{ margin-top: {self.rest_mm}mm; }}\n",
                  # what a page of its own that must fit (the diet sheet's diary) gives up to it
                  f":root {{ --header-rest: {self.rest_mm}mm; }}\n"] if self.rest_mm else [])
        return "".join(rules) or None


NAME_ROOM_PT = 2 * 9 * 1.1
"""The height a running name may take on the pages after the first: two lines of its 9 pt, set at
1.1 (styles/base.css). The letter low-fodmap sheet keeps its 3 pages under a top margin of 15 mm,
which two such lines beside the marks fill, and makes 5 at 16 mm: a 170-letter name beside REVIEW
OVERDUE wrapped to three lines (19 mm), beside two marks to four (22 mm), a 200-letter name beside
DRAFT to three, and each sheet printed 5 pages, not 3."""

NAME_SIZES = (7.0, 6.0)
"""The sizes a running name that wraps past NAME_ROOM_PT steps down to, in turn: two lines at 7 pt,
three at 6 pt, take the room of two at 9. The name is never cut, and the first page's masthead prints
it at full size. Below 6 pt (bold) it would be hard to read: past that the top margin deepens
instead. Large print's 14 pt name never steps down."""

_PX_PER_PT = 96 / 72


def _name_lines(page: Any) -> tuple[int, float] | None:
    """The lines of a page's running name (its @top-left box) and their size in pt (None: no name)."""
    for box in getattr(getattr(page, "_page_box", None), "children", ()):
        if str(getattr(box, "at_keyword", "")) == "@top-left" and box.children:
            return len(box.children), box.style["font_size"] / _PX_PER_PT
    return None


def _name_size(pages: list[Any], now_pt: float) -> float:
    """The running name's size that `pages` need: a step smaller than now when its lines pass NAME_ROOM_PT."""
    try:
        found = [each for each in map(_name_lines, pages) if each]
    except (AttributeError, TypeError, KeyError):
        return now_pt
    if not found:
        return now_pt
    lines, size = max(found)
    if size > 9.05 or lines * size * 1.1 <= NAME_ROOM_PT + 0.1:
        return now_pt
    smaller = [step for step in NAME_SIZES if step < size - 0.05]
    return smaller[0] if smaller else now_pt


def _top_box_lines(page: Any) -> list[float]:
    """The top of each line's letters in a page's top margin boxes, in px from the paper's edge.

    A line set closer than its type (styles/base.css: a running name's lines at 1.1) has letters
    that stand out of its box by half the difference: measured from the box, a wrapped name's top
    line printed 5.8 mm from the edge."""
    tops: list[float] = []
    for box in getattr(getattr(page, "_page_box", None), "children", ()):
        if str(getattr(box, "at_keyword", "")).startswith("@top"):
            for line in box.children:
                letters = max((child.height for child in getattr(line, "children", ()) or ()
                               if type(child).__name__ == "TextBox"), default=line.height)
                tops.append(line.position_y - max(0.0, letters - line.height) / 2)
    return tops


def _needed(pages: list[Any], now_mm: int) -> int:
    """The top margin `pages` need: as deep as it is, by the millimetres their highest header line
    runs into the clearance (or less by those it stops short of it, back to the kind's own)."""
    margin = lines = None
    try:
        for page in pages:
            tops = _top_box_lines(page)
            if tops:
                top = min(tops)
                lines = top if lines is None else min(lines, top)
                margin = page._page_box.margin_top
    except (AttributeError, TypeError):
        return now_mm  # boxes laid out otherwise than WeasyPrint 70 does: nothing to measure
    if lines is None or margin is None:
        return now_mm
    short = (CLEARANCE_MM * _PX_PER_MM - lines) / _PX_PER_MM
    if short <= 0 and not now_mm:
        return 0  # the kind's own margin holds it
    return max(0, math.ceil(margin / _PX_PER_MM + short - 0.05))


def fitted(space: HeaderSpace, document: Any) -> HeaderSpace:
    """The top margins a header laid out in `space` needs: its lines CLEARANCE_MM inside the paper."""
    pages = list(getattr(document, "pages", ()))
    return HeaderSpace(_needed(pages[:1], space.first_mm), _needed(pages[1:], space.rest_mm),
                       _name_size(pages[1:], space.name_pt))
