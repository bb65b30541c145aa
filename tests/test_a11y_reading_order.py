"""The order a screen reader reads a page in (the structure tree's) is the order a person reads it in.

Read back from the PDF: each piece of tagged text with where it starts on its page (pypdf), in
the tree's order. The diet sheet, in one language and in two (with the page left blank before
each part's diary), and the patient handout in two languages are checked on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from io import BytesIO

import pypdf
import pytest

from handouts import documents
from handouts.context import Context
from handouts.models import Personalisation
from pdfutil import marked_text
from samples import ROOT, printed
from test_a11y_pdf_tags import _elements

TODAY = date(2026, 1, 15)
SAM = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"
LINE = 8.0
"""Points a piece may start above the one read before it and still be on the same line (a heading's
bigger text beside its hint, a superscript)."""
COLUMN = 60.0
"""Points right of the piece before that a piece must start to begin a column beside it (the diet sheet's
steps side by side, its two columns of foods): narrower than any column, wider than an indent."""


@dataclass(frozen=True)
class Piece:
    page: int
    text: str
    x: float
    top: float
    """Of its first glyph's baseline, points from the page's top."""
    caption: bool
    """Part of a figure's caption."""


@cache
def _stream_order(data: bytes) -> tuple[dict[tuple[int, int], tuple[float, float]], dict[int, list[int]]]:
    """Where each (page, marked-content id) starts drawing text, and each page's ids in the order drawn.

    Read once per document (both tests on a sheet read it); the tests only read what it returns."""
    where: dict[tuple[int, int], tuple[float, float]] = {}
    drawn: dict[int, list[int]] = {}
    for number, page in enumerate(pypdf.PdfReader(BytesIO(data)).pages):
        height = float(page.mediabox.height)
        stack: list[int | None] = []
        order: list[int] = drawn.setdefault(number, [])

        def before(op: bytes, args: list, *_: object) -> None:
            if op in (b"BDC", b"BMC"):
                props = args[1] if op == b"BDC" and len(args) > 1 else None
                stack.append(props.get("/MCID") if isinstance(props, dict) else None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(value: str, cm: list, tm: list, *_: object) -> None:
            marks = [mcid for mcid in stack if mcid is not None]
            if value.strip() and marks and (number, marks[-1]) not in where:
                matrix = pypdf.mult(tm, cm)
                where[(number, marks[-1])] = (matrix[4], height - matrix[5])
                order.append(marks[-1])

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return where, drawn


def _read(data: bytes) -> list[Piece]:
    """Each piece of tagged text with words in it, in the structure tree's order."""
    tagged, _ = marked_text(data)
    where, _ = _stream_order(data)
    pieces = []
    for element in _elements(data):
        for mcid in element.content:
            key = (element.page, mcid)
            if element.page is not None and tagged.get(key, "").strip():
                x, top = where[key]
                pieces.append(Piece(element.page, tagged[key], x, top,
                                    "/Caption" in (element.role, *element.ancestors)))
    return pieces


def _read_back_up(pieces: list[Piece]) -> list[str]:
    """Each step of the reading that goes back up the page without moving right into another column: a
    line read after one printed below it. A drawing's caption in the rail, beside the text it goes with,
    is read after that text, as it is where large print puts it under the text: the same tags."""
    found = []
    for before, piece in zip(pieces, pieces[1:]):
        if (piece.page == before.page and piece.top < before.top - LINE and piece.x < before.x + COLUMN
                and not piece.caption):
            found.append(f"page {piece.page + 1}: {before.text.strip()[:40]!r} then {piece.text.strip()[:40]!r}")
    return found


@pytest.fixture(scope="module")
def diet_sheets() -> dict[str, bytes]:
    ctx = Context.default(TODAY)
    english = documents.diet_inputs(None, SAM, "riverside", ctx)
    return {
        "en": printed(documents.build_view("diet-sheet", english, None, ctx)).data,
        "en+es": printed(documents.build_view("diet-sheet", english, None, ctx, ("es",))).data,
    }


@pytest.fixture(scope="module")
def handout_in_two_languages() -> bytes:
    """A Spanish handout with the English after it, as test_a11y_pdf_tags prints it."""
    ctx = Context.default(TODAY)
    inputs = documents.topic_inputs("leaky-gut", "riverside", ctx)
    return printed(documents.build_view("patient", inputs, Personalisation(language="es"), ctx, also=("en",))).data


@pytest.mark.parametrize("sheet", ["en", "en+es"])
def test_the_diet_sheet_is_read_in_the_order_it_is_drawn(diet_sheets, sheet):
    """Nothing on the diet sheet floats beside its text, so the order its text is drawn in (pypdf's) is
    the page's order: the tree reads every page's words in that order. A list's bullets are drawn after
    their items and read before each, as they are seen."""
    data = diet_sheets[sheet]
    tagged, _ = marked_text(data)
    _, drawn = _stream_order(data)
    read: dict[int, list[int]] = {}
    for piece_page, mcid in ((element.page, mcid) for element in _elements(data) for mcid in element.content):
        if piece_page is not None and tagged.get((piece_page, mcid), "").strip():
            read.setdefault(piece_page, []).append(mcid)
    assert len(drawn) >= (3 if sheet == "en" else 7)
    for page, order in drawn.items():
        words = [mcid for mcid in order if tagged[(page, mcid)].strip() not in ("◦", "•")]
        assert [mcid for mcid in read.get(page, []) if mcid in words] == words, page


@pytest.mark.parametrize("sheet", ["en", "en+es"])
def test_the_diet_sheet_never_reads_back_up_the_page(diet_sheets, sheet):
    pieces = _read(diet_sheets[sheet])
    assert len({piece.page for piece in pieces}) >= 3
    assert _read_back_up(pieces) == []


def test_the_handout_in_two_languages_never_reads_back_up_the_page(handout_in_two_languages):
    pieces = _read(handout_in_two_languages)
    assert len({piece.page for piece in pieces}) == len(pypdf.PdfReader(BytesIO(handout_in_two_languages)).pages)
    assert _read_back_up(pieces) == []
    assert [piece for piece in pieces if piece.caption]  # the rail's captions are there, read after their text
