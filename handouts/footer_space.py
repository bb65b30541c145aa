"""Room at the foot of each page for the whole page footer, inside what a printer can print.

Each page's bottom margin holds the footer (the brand's words, the review line,
a translation's line) in one box the width of the text, with the page number at
the right of its first line (styles/base.css: the words run under it, the whole
width, so a 14 pt footer wraps to as few lines as its words need). Many office printers leave the last 5 to 6 mm
of the sheet blank, so a footer that runs to the edge loses its last line on
paper, and WeasyPrint does not say when a margin box's text overflows it. In a
large-print or translated document that line is the review state of the text
or of its translation: what a reader must not lose.

The stylesheets size every kind's bottom margin for a two-line footer and grow it
by `--footer-extra-lines` footer lines (styles/base.css); the renderer sets that
from the footer's paragraphs, an estimate that is right unless a line wraps.
After laying out, it measures the bottom margin boxes and, when one runs into
the last CLEARANCE_MM of the page, lays the document out again with the
difference added (`--footer-extra`); when a footer takes fewer lines than the
room it was given (room measured on another document with the same words), with
the room taken away. A footer that fits costs nothing.

The boxes are read by attribute (WeasyPrint 70's page boxes); nothing here imports
WeasyPrint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

CLEARANCE_MM = 6.0
"""Paper between the last footer line's box and the foot of the page: 6 mm (17 pt), which ordinary
office printers print inside (many leave the last 5 to 6 mm of the sheet blank). At 3.5 mm a
large-print Spanish handout's last footer line ("versión ...") sat 4 mm from the edge, where it
may be cut. Every kind's bottom margin holds a two-line footer at this clearance
(tests/test_page_edges.py)."""

_PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class FooterSpace:
    """What the stylesheets are told about the footer: its paragraphs (`lines`) and, when the
    measured footer needs more, the millimetres to add to the bottom margin (`extra_mm`)."""

    lines: int = 2
    extra_mm: int = 0

    def css(self) -> str | None:
        """The stylesheet layer that deepens the bottom margin (None: the kinds' own margins do)."""
        extra_lines = max(0, self.lines - 2)
        if not extra_lines and not self.extra_mm:
            return None
        return f":root {{ --footer-extra-lines: {extra_lines}; --footer-extra: {self.extra_mm}mm; }}\n"


def balance_mm(document: Any) -> float:
    """How many millimetres the deepest bottom margin box of any page runs into the clearance
    (positive), or how many it stops short of it (negative: room the footer does not use).

    A margin box's height is fixed by the page margin; its lines stack from its top (the
    footer is aligned to the top of its box), so what does not fit runs below it. 0 when
    no box could be measured."""
    worst: float | None = None
    for page in getattr(document, "pages", ()):
        page_box = getattr(page, "_page_box", None)
        for box in getattr(page_box, "children", ()):
            if not str(getattr(box, "at_keyword", "")).startswith("@bottom"):
                continue
            try:
                content = sum(child.margin_height() for child in box.children)
                over = content + CLEARANCE_MM * _PX_PER_MM - box.height
            except (AttributeError, TypeError):
                continue  # a box laid out otherwise than WeasyPrint 70 does: nothing to measure
            worst = over if worst is None else max(worst, over)
    return (worst or 0.0) / _PX_PER_MM


def fitted(space: FooterSpace, balance: float) -> FooterSpace:
    """The room a footer laid out in `space` needs, measured `balance` millimetres into (or short
    of) the clearance: whole millimetres, rounded up, never less than its paragraphs' lines.

    It shrinks as well as grows: how many lines the footer wraps to depends on the page
    number beside its first line ('Página 10 de 12' is wider than 'Página 2 de 7'), so the
    room measured on one document may be a line more than the next one with the same words needs.
    """
    return FooterSpace(space.lines, max(0, math.ceil(space.extra_mm + balance - 0.05)))
