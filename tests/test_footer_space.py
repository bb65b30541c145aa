"""Every page's footer prints whole, inside what a printer can print.

A translated document's footer has a third line (the translation's review state),
and at 14 pt a large-print footer wraps: before, both ran to the paper's edge or
past it, and WeasyPrint drew nothing of the lines past the page, so a large-print
Spanish handout lost its version and its translation line without a word.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import re

import pytest

from handouts import documents
from handouts.context import Context
from handouts.footer_space import CLEARANCE_MM, FooterSpace, fitted
from handouts.models import Personalisation
from pdfutil import lines, pages_text

TODAY = date(2026, 1, 15)
POINTS_PER_MM = 72 / 25.4
LETTER_HEIGHT_PT = 792
PAGE_NUMBER = re.compile(r"(Page|Página) \d+ (of|de) \d+")


def _render(tmp: Path, name: str, *, language: str | None = None, large_print: bool = False,
            kind: str = "patient", brand: str = "default") -> tuple[Path, documents.View]:
    ctx = Context.default(today=TODAY)
    inputs = documents.topic_inputs("leaky-gut", brand, ctx)
    person = Personalisation(language=language) if language else None
    view = documents.build_view(kind, inputs, person, ctx, large_print=large_print)
    out = tmp / f"{name}.pdf"
    out.write_bytes(documents.render(view, "pdf").data)
    return out, view


CASES = {
    "spanish": {"language": "es"},
    "spanish-large-print": {"language": "es", "large_print": True},
    "english-large-print": {"large_print": True},
    "english": {},
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[Path, documents.View]]:
    tmp = tmp_path_factory.mktemp("footer")
    return {name: _render(tmp, name, **options) for name, options in CASES.items()}


@pytest.mark.parametrize("case", list(CASES))
def test_every_footer_line_prints_on_every_page(rendered, case):
    pdf, view = rendered[case]
    frame = view.frame
    wanted = [line for line in (frame.brand.footer, frame.review_line, frame.translation_line) if line]
    # poppler's lines: what lies on the page (pypdf would also read text drawn past its edge)
    seen: dict[int, str] = {}
    for line in sorted(lines(pdf), key=lambda line: (line.page, line.top, line.x)):
        # the page number floats at the right of the footer's first line, on the same row
        seen[line.page] = seen.get(line.page, "") + " " + PAGE_NUMBER.sub("", line.text)
    assert len(seen) == len(pages_text(pdf))
    for number, page in seen.items():
        flat = " ".join(page.split())
        for line in wanted:
            assert " ".join(line.split()) in flat, f"{case}, page {number}: footer line missing: {line!r}"


@pytest.mark.parametrize("case", list(CASES))
def test_no_text_runs_into_the_foot_of_the_page(rendered, case):
    pdf, _ = rendered[case]
    lowest: dict[int, float] = {}
    for line in lines(pdf):
        lowest[line.page] = max(lowest.get(line.page, 0.0), line.top + line.height)
    assert lowest
    for page, bottom in lowest.items():
        clear_mm = (LETTER_HEIGHT_PT - bottom) / POINTS_PER_MM
        # the word boxes include the font's descent: the ink ends a little above them
        assert clear_mm >= CLEARANCE_MM - 0.5, f"{case}, page {page}: text ends {clear_mm:.1f} mm from the edge"


def test_a_translated_handout_keeps_its_page_target(rendered):
    pdf, view = rendered["spanish"]
    pages = len(pages_text(pdf))
    assert documents.page_count_warning("patient-handout", pages, languages=("es",)) is None


def test_footer_space_asks_for_room_only_when_needed():
    assert FooterSpace().css() is None  # the kinds' own margins hold a two-line footer
    assert "--footer-extra-lines: 1" in (FooterSpace(3).css() or "")
    assert fitted(FooterSpace(3), 0.0) == FooterSpace(3)
    assert fitted(FooterSpace(3), 2.2) == FooterSpace(3, 3)  # whole millimetres, rounded up
    assert fitted(FooterSpace(3, 3), 1.0) == FooterSpace(3, 4)


def test_a_two_line_footer_changes_nothing():
    """English documents print as they did: no extra stylesheet, the same margins. Read from the layout
    (no PDF written): the room the renderer measured for the footer is the kind's own."""
    from handouts.render import Renderer

    ctx = Context.default(today=TODAY)
    view = documents.build_view("clinician", documents.topic_inputs("leaky-gut", "default", ctx), None, ctx)
    assert view.frame.footer_lines <= 2
    assert FooterSpace(view.frame.footer_lines).css() is None
    made = Renderer()
    assert made.layout(view, None).pages > 0
    assert made._footer_room[Renderer.footer_key(view)] == FooterSpace(view.frame.footer_lines)


def test_the_frame_counts_its_footer_paragraphs(rendered):
    assert rendered["english"][1].frame.footer_lines == 2
    assert rendered["spanish"][1].frame.footer_lines == 3
    no_brand_words = replace(rendered["english"][1].frame,
                             brand=replace(rendered["english"][1].frame.brand, footer=None))
    assert no_brand_words.footer_lines == 1


def test_the_room_a_wrapped_footer_needs_is_measured_once_per_footer(monkeypatch):
    """The next copy with the same footer (another patient, a fitting candidate) is laid out once."""
    from handouts.render import Renderer

    ctx = Context.default(today=TODAY)
    inputs = documents.topic_inputs("leaky-gut", "default", ctx)
    made = Renderer()
    calls: list[FooterSpace] = []
    layout_html = Renderer.layout_html

    def counting(self, *args, **kwargs):
        calls.append(kwargs["style"].footer)
        return layout_html(self, *args, **kwargs)

    monkeypatch.setattr(Renderer, "layout_html", counting)
    first = documents.build_view("patient", inputs, Personalisation(language="es", patient_name="Ana"), ctx,
                                 large_print=True)
    made.layout(first, None)
    assert len(calls) == 2 and calls[1].extra_mm > 0  # measured, then laid out with the room
    second = documents.build_view("patient", inputs, Personalisation(language="es", patient_name="Luis"), ctx,
                                  large_print=True)
    made.layout(second, None)
    assert len(calls) == 3 and calls[2] == calls[1]  # started from the room measured before


def test_the_room_follows_the_lines_measured_both_ways():
    assert fitted(FooterSpace(3), 2.2) == FooterSpace(3, 3)  # runs 2.2 mm into the clearance
    assert fitted(FooterSpace(3, 3), -0.4) == FooterSpace(3, 3)  # what rounding up left over stays
    assert fitted(FooterSpace(3, 12), -6.6) == FooterSpace(3, 6)  # a 14 pt line (6.4 mm) it does not use
    assert fitted(FooterSpace(3, 5), -9.0) == FooterSpace(3)  # never less than its paragraphs' lines
    assert fitted(FooterSpace(2), -0.9) == FooterSpace(2)  # a footer that fits: nothing to lay out again


def test_room_measured_on_a_longer_document_is_given_back(monkeypatch):
    """The page number beside the footer's first line is wider on a 10-page document ('Página 10
    de 12'), which can wrap the footer to a line more than a 7-page one with the same words needs:
    the room is measured on each document, and what a footer does not use goes back to the text."""
    from handouts.render import Renderer

    ctx = Context.default(today=TODAY)
    inputs = documents.topic_inputs("leaky-gut", "default", ctx)
    view = documents.build_view("patient", inputs, Personalisation(language="es"), ctx, large_print=True)
    key = Renderer.footer_key(view)
    fresh = Renderer()
    pages = fresh.layout(view, None).pages
    needed = fresh._footer_room[key]
    assert needed.extra_mm > 0  # the 14 pt footer wraps: measured
    generous = Renderer()
    generous._footer_room[key] = FooterSpace(needed.lines, needed.extra_mm + 7)  # a line and more to spare
    assert generous.layout(view, None).pages == pages
    assert generous._footer_room[key] == needed
