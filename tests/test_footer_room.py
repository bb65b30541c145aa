"""The page footer takes as few lines as its words need, and the page number never wraps.

A large-print Spanish handout's footer printed six lines at 14 pt (44 mm of every page):
the page number had a fixed column of 30% of the width for its short label, and the
footer's three paragraphs each wrapped in what was left beside it. The page number now
floats at the right of the footer's first line, as wide as its label, and the words run
the whole width below it (styles/base.css); the bottom margin follows the lines printed
(handouts/footer_space.py).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest

from handouts import documents, i18n
from handouts import render as render_module
from handouts.context import Context
from handouts.footer_space import CLEARANCE_MM
from handouts.models import Personalisation
from handouts.views import frame

TODAY = date(2026, 1, 15)
MM = 72 / 25.4
FOOTER_PT = {False: 8.0, True: 14.0}  # the footer's type: regular, large print (never smaller)
PAGE_NUMBER_PT = {False: 8.5, True: 14.0}
RIGHT_MARGIN_MM = {False: 20.0, True: 17.0}  # the text column's right edge: patient.css, large-print.css
BLANK_PAGES = 9  # pages put in front of the handout, so that page numbers reach two digits


@dataclass(frozen=True)
class Word:
    page: int
    left: float
    right: float
    top: float
    bottom: float
    text: str


def words(pdf: Path) -> list[Word]:
    """Every word poppler finds on the pages, with its box in points (what lies on the paper)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    found = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        for word in page.iter("{http://www.w3.org/1999/xhtml}word"):
            found.append(Word(number, float(word.get("xMin", 0)), float(word.get("xMax", 0)),
                              float(word.get("yMin", 0)), float(word.get("yMax", 0)), word.text or ""))
    return found


def page_size(pdf: Path) -> tuple[float, float]:
    xml = subprocess.run(["pdftotext", "-bbox", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    page = next(ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml)).iter("{http://www.w3.org/1999/xhtml}page"))
    return float(page.get("width", 0)), float(page.get("height", 0))


def rows(found: list[Word]) -> list[list[Word]]:
    """Words on one baseline, top to bottom, each row left to right."""
    grouped: dict[float, list[Word]] = {}
    for word in found:
        key = next((top for top in grouped if abs(top - word.top) < 0.8), word.top)
        grouped.setdefault(key, []).append(word)
    return [sorted(grouped[top], key=lambda w: w.left) for top in sorted(grouped)]


def footer_rows(found: list[Word], page: int, label_start: str, large_print: bool) -> list[list[Word]]:
    """The footer's rows on one page: at the footer's size, from the row its page number is on down."""
    # a word box's height: about 1.24 x the size in this face
    sizes = (FOOTER_PT[large_print] * 1.24, PAGE_NUMBER_PT[large_print] * 1.24)
    on_page = [w for w in found if w.page == page and any(abs(w.bottom - w.top - size) < 0.3 for size in sizes)]
    starts = [w.top for w in on_page if w.text == label_start]
    assert starts, f"page {page}: no page number at {FOOTER_PT[large_print]} pt"
    return rows([w for w in on_page if w.top >= max(starts) - 0.8])


PINNED_VERSION = "c7842a6c"
"""The sample topic's version when the rows below were counted."""


def padded_handout(tmp: Path, brand: str, language: str, large_print: bool, monkeypatch) -> tuple[Path, str]:
    """The patient handout after BLANK_PAGES empty pages (two-digit page numbers), and its page label."""
    # The review line ends with the content's version, a hash whose letters and figures differ in
    # width: at 14 pt in Spanish that line is within a few points of the column's width, so an edit
    # anywhere in the topic could move "versión ..." to a line of its own. One version, so the rows
    # counted below are the layout's, not the latest edit's.
    monkeypatch.setattr(frame, "content_version", lambda content: PINNED_VERSION)
    ctx = Context.default(today=TODAY)
    person = Personalisation(language=language) if language != "en" else None
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", brand, ctx), person, ctx,
                                large_print=large_print)
    plain = render_module.render_html
    breaks = '<div style="break-after: page"></div>' * BLANK_PAGES
    monkeypatch.setattr(render_module, "render_html", lambda v: plain(v).replace("<main>", "<main>" + breaks, 1))
    out = tmp / f"{brand}-{language}-{'large' if large_print else 'regular'}.pdf"
    out.write_bytes(render_module.Renderer().pdf(view).data)
    return out, view.frame.words.gettext(render_module.PAGE_LABEL)


# Footer rows under Riverside (letter, its words in each language, its phone number
# '(217) 555-0142'): the brand's words, the review line and (Spanish) the translation
# line. At regular size none wraps; at 14 pt the brand's words take two lines, the rest
# one each, but for the Spanish translation line, which ends with the translation's own
# version ("versión d0f62b9b", kept whole) and takes two. Before: 4 and 6 at 14 pt.
ROWS = {("en", False): 2, ("es", False): 3, ("en", True): 3, ("es", True): 5}
LANGUAGES = ["en", "es"]


def test_every_language_the_tool_prints_its_words_in_is_checked():
    """A new catalogue brings a new page label ('Page %(page)s of %(pages)s'): add it below."""
    assert list(i18n.languages()) == LANGUAGES


@pytest.mark.parametrize("large_print", [False, True], ids=["regular", "large-print"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_number_holds_its_longest_label_on_one_line_beside_the_footer(tmp_path, monkeypatch,
                                                                              language, large_print):
    pdf, label = padded_handout(tmp_path, "riverside", language, large_print, monkeypatch)
    found = words(pdf)
    pages = max(w.page for w in found)
    assert pages >= 10
    width, height = page_size(pdf)
    column_right = width - RIGHT_MARGIN_MM[large_print] * MM
    for page in range(10, pages + 1):
        wanted = (label % {"page": page, "pages": pages}).split()  # e.g. 'Página 10 de 12'
        footer = footer_rows(found, page, wanted[0], large_print)
        first = footer[0]
        texts = [w.text for w in first]
        at = len(texts) - len(wanted)
        assert texts[at:] == wanted, f"page {page}: the page number is not whole on one line: {texts}"
        number = first[at:]
        # at the text column's right edge, clear of the footer's words on its line
        assert abs(number[-1].right - column_right) < 1.0, (page, number[-1].right, column_right)
        if at:
            assert number[0].left - first[at - 1].right >= 5 * MM, f"page {page}: {texts}"
        # nothing else in the footer runs past it
        assert max(w.right for row in footer for w in row) <= number[-1].right + 0.5
        assert len(footer) == ROWS[language, large_print], (page, [" ".join(w.text for w in r) for r in footer])
        if large_print:  # where the brand's words wrap, their phone number is never split
            assert any("(217) 555-0142," in " ".join(w.text for w in row) for row in footer), \
                (page, [" ".join(w.text for w in r) for r in footer])
        clear_mm = (height - max(w.bottom for row in footer for w in row)) / MM
        # the word boxes include the font's descent: the ink ends a little above them
        assert clear_mm >= CLEARANCE_MM - 0.5, f"page {page}: the footer ends {clear_mm:.1f} mm from the edge"
        # and the bottom margin is no deeper than its lines need: fewer lines, more page for the text
        assert clear_mm <= CLEARANCE_MM + 2.5, f"page {page}: {clear_mm:.1f} mm of idle margin under the footer"


def test_a_large_print_spanish_footer_on_a4_takes_six_lines_not_seven(tmp_path):
    """Harbourside prints on A4 (6 mm narrower than letter) with its English words (it gives no
    Spanish): the review line wraps once more there, the rest as on letter. It wraps before
    "versión 2a03e874", not between the two: the hash printed alone on a fourth line. The
    translation line's own version is kept whole the same way."""
    ctx = Context.default(today=TODAY)
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "harbourside", ctx),
                                Personalisation(language="es"), ctx, large_print=True)
    pdf = tmp_path / "a4.pdf"
    pdf.write_bytes(documents.render(view, "pdf").data)
    found = words(pdf)
    _, height = page_size(pdf)
    for page in range(1, max(w.page for w in found) + 1):
        footer = footer_rows(found, page, "Página", True)
        assert len(footer) <= 6, (page, [" ".join(w.text for w in r) for r in footer])
        assert any("01632 960 014," in " ".join(w.text for w in row) for row in footer), \
            (page, [" ".join(w.text for w in r) for r in footer])
        for version in (view.frame.version, view.frame.translation.version):
            assert [" ".join(w.text for w in row) for row in footer if version in (w.text for w in row)] \
                == [f"versión {version}"], (page, [" ".join(w.text for w in r) for r in footer])
        clear_mm = (height - max(w.bottom for row in footer for w in row)) / MM
        assert CLEARANCE_MM - 0.5 <= clear_mm <= CLEARANCE_MM + 2.5, (page, clear_mm)
