"""Which food opens a food group's "Enjoy:" line: one that fits on the label's line.

The label is bound to the first food (a label alone at a line's end, its foods on the next
line, reads as a heading with nothing under it), and a food's allergen tag is bound to its name
(a tag at a line's start reads as the next food's). With both bound, a first food whose name
and tag cannot share a line with the label ("Disfrute: ☐ Leche de almendra (contiene nueces de
árbol)", wider than a column) would push past the column's edge: so the first food that fits
opens the line and the others follow in their order. Where none fits, nothing is bound, and the
label keeps the line to itself as before.

Widths come from the body font's own advances (Atkinson Hyperlegible, the only face a sheet's
food lists are set in), against the narrowest column any paper gives (A4), so a group lists its
foods in the same order on every paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Protocol, TypeVar

from handouts.unbroken import NO_BREAK_SPACE, name_pieces

PT = 25.4 / 72  # millimetres in a point

COLUMN_MM = (210 - 2 * (13 + 8 * 25.4 / 96)) / 2 - 3.5
"""A food column's width on A4, the narrower paper (styles/diet.css: the page's side margins, two
columns, 3.5 mm between them)."""
SAFETY_MM = 0.5  # rounding: without kerning the advances measured 0.3-0.5 mm over the printed widths
BOX_MM = 3.5 + 2 * 1.1 * PT + 1.2  # the tick box: its width, border and margin (.box)
TAG_MM = 2 * 0.6 + 2 * 0.6 * PT  # a "contains" tag's padding and border (.contains-tag)
BODY_PT, TAG_PT = 12.0, 9.0


class _Food(Protocol):
    """What the choice reads of a listed food (views.diet_model.FoodItem has it)."""

    name: str
    contains_text: str


F = TypeVar("F", bound=_Food)


@cache
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Each character's advance in ems, and a wide default for characters the face lacks."""
    from fontTools.ttLib import TTFont

    from handouts.resources import body_faces

    face = next(f for f in body_faces() if f.style == "normal" and (f.weight == 700) == bold)
    with TTFont(str(face.path), lazy=True) as font:
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        widths = {code: metrics[glyph][0] / per_em for code, glyph in (font.getBestCmap() or {}).items()}
    return widths, 1.0


def text_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """About how wide `text` prints at `size_pt` in the body face."""
    widths, default = _advances(bold)
    return sum(widths.get(ord(char), default) for char in text) * size_pt * PT


def _tag_mm(contains_text: str) -> float:
    return text_mm(" ", BODY_PT) + text_mm(contains_text, TAG_PT) + TAG_MM if contains_text else 0.0


def fits_line(name: str, contains_text: str) -> bool:
    """Whether a food's box, name and tag fit one line of a food column: a name of up to three
    words that does not is bound by no-break spaces but may break at a hyphen after its first word
    (templates/diet.html.j2), rather than run past the column."""
    return BOX_MM + text_mm(name, BODY_PT) + _tag_mm(contains_text) <= COLUMN_MM - SAFETY_MM


def too_wide(name: str) -> bool:
    """Whether a word of a food's name is wider than a food column with its box (a pasted code, a
    name with no spaces): kept on one line it ran past the column and off the paper, so the
    template lets it break where it must (base.css's overflow-wrap)."""
    return BOX_MM + max((text_mm(word, BODY_PT) for word in name.split()), default=0.0) > COLUMN_MM - SAFETY_MM


def first_unit_mm(label: str, food: _Food) -> float:
    """How wide the label and a food's first unbreakable piece print together: the label, its
    box and the name's first piece, and its tag when the name is one piece that fits a line (the
    tag stays with the name's last piece); of a one-piece name too long for that, its first word."""
    pieces = name_pieces(food.name)
    first = pieces[0] if pieces else ""
    whole = len(pieces) == 1 and fits_line(food.name, food.contains_text)
    if len(pieces) == 1 and not whole:
        first = first.partition(NO_BREAK_SPACE)[0]
    width = text_mm(label + " ", BODY_PT, bold=True) + BOX_MM + text_mm(first, BODY_PT)
    return width + (_tag_mm(food.contains_text) if whole else 0.0)


def fits_after(label: str, food: _Food) -> bool:
    return first_unit_mm(label, food) <= COLUMN_MM - SAFETY_MM


def lead_first(label: str, foods: Sequence[F]) -> tuple[tuple[F, ...], bool]:
    """The foods with the first that fits on the label's line at their head, the rest in order,
    and whether one does (the template then binds the label to it)."""
    for index, food in enumerate(foods):
        if fits_after(label, food):
            return (food, *foods[:index], *foods[index + 1:]), True
    return tuple(foods), False
