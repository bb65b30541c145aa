"""A long practice name in the running header stays 6 mm inside the paper, every word of it.

Beside two marks (a draft in a draft translation: "BORRADOR · TRADUCCIÓN EN BORRADOR"), a
practice name of about 45 letters or more wraps in the top margin, whose lines sit on its
bottom edge: the second line pushed the first up to 2.6 mm from the top of the paper, where
many office printers print nothing (handouts/header_space.py). Read back from the PDF as a
reader's software would (pypdf's text positions and the font's own ascent and descent), on A4
and letter, regular and large print.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from handouts import documents
from handouts.context import Context
from handouts.header_space import HeaderSpace
from handouts.models import Personalisation
from handouts.render import Renderer
from pdfutil import lines, pdf_reader
from samples import ROOT, printed_file, riverside_named
from test_page_edges import nearest_edges

EDGE_MM = 6.0
MM = 72 / 25.4
LONG_NAME = "Riverside Family Medicine and Community Health Partnership"  # 58 letters
LONGER_NAME = ("Riverside Family Medicine, Community Health and Gastroenterology Partnership "
               "of Springfield and the Sangamon Valley")  # 115 letters: three lines and more


@pytest.fixture(scope="module")
def brands(tmp_path_factory) -> Path:
    """A data folder with the riverside brand (its logo too) under each long name."""
    return riverside_named(tmp_path_factory.mktemp("brands"), {"long": LONG_NAME, "longer": LONGER_NAME})


def _spanish_handout(folder: Path, brand: str, paper: str, large_print: bool, tmp_path: Path) -> Path:
    """The sample handout (a draft) in Spanish (a draft translation): two marks top right."""
    ctx = Context.default(data_dirs=[folder]).with_locale("es-US")
    inputs = documents.on_paper(documents.topic_inputs("leaky-gut", brand, ctx), paper)
    view = documents.build_view("patient", inputs, Personalisation(language="es"), ctx, large_print=large_print)
    assert len(view.frame.marks) == 2
    return printed_file(view, tmp_path, f"{brand}-{paper}-{large_print}.pdf")


def _metrics(font: object) -> tuple[float, float]:
    """A font's ascent and descent (positive), per unit of its size, from its descriptor."""
    font = font.get_object() if hasattr(font, "get_object") else font
    descriptor = font.get("/FontDescriptor")  # type: ignore[union-attr]
    if descriptor is None:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]  # type: ignore[index]
    descriptor = descriptor.get_object()
    return float(descriptor["/Ascent"]) / 1000, -float(descriptor["/Descent"]) / 1000


def text_gaps(pdf: Path) -> list[tuple[int, str, float, float, float]]:
    """Each piece of upright text as drawn: its page, its text, and how far (mm) its glyphs' box
    stands from the top, the bottom and the left edge of the paper."""
    found: list[tuple[int, str, float, float, float]] = []
    for number, page in enumerate(pdf_reader(pdf).pages, start=1):
        height = float(page.mediabox.height)

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  number: int = number, height: float = height) -> None:
            matrix = pypdf.mult(tm, cm)
            if not text.strip() or font is None or abs(matrix[1]) > 0.01:
                return  # blank, or the slanted watermark
            ascent, descent = _metrics(font)
            points = size * matrix[3]
            baseline = matrix[5]
            found.append((number, text.strip(), (height - baseline - ascent * points) / MM,
                          (baseline - descent * points) / MM, matrix[4] / MM))

        page.extract_text(visitor_text=visit)
    return found


def _too_near(pdf: Path) -> list[str]:
    return [f"page {page}: {text[:40]!r} {gap:.1f} mm from the {edge} edge"
            for page, text, *gaps in text_gaps(pdf)
            for edge, gap in zip(("top", "bottom", "left"), gaps) if gap < EDGE_MM]


# Large print's 14 pt name never steps down (header_space.NAME_SIZES): there the longer name takes the
# long one's path, to more lines, so large print is laid out under the longer name only.
LONG_NAME_CASES = [(brand, paper, large_print) for brand in ("long", "longer") for paper in ("letter", "a4")
                   for large_print in (False, True) if brand == "longer" or not large_print]


@pytest.mark.parametrize(("brand", "paper", "large_print"), LONG_NAME_CASES,
                         ids=[f"{b}-{p}-{'large-print' if lp else 'regular'}" for b, p, lp in LONG_NAME_CASES])
def test_a_long_name_beside_two_marks_prints_whole_6_mm_inside_the_paper(
        tmp_path: Path, brands: Path, brand: str, paper: str, large_print: bool):
    pdf = _spanish_handout(brands, brand, paper, large_print, tmp_path)
    assert _too_near(pdf) == []
    # every word of the name, on every page after the first (the first has the masthead instead)
    name = LONG_NAME if brand == "long" else LONGER_NAME
    found = lines(pdf)
    for page in range(2, max(line.page for line in found) + 1):
        header = [line for line in found if line.page == page and line.top < 30 * MM and line.x < 90 * MM]
        header.sort(key=lambda line: line.top)
        assert " ".join(line.text for line in header).startswith(name), (page, [line.text for line in header])
    # and the right edge, where the marks end (poppler's word boxes: pypdf gives no widths)
    gap, page, word = nearest_edges(pdf)["right"]
    assert gap >= EDGE_MM, f"page {page}: {word!r} is {gap:.1f} mm from the right edge"


def test_a_header_that_fits_costs_no_second_layout_and_no_room():
    """The sample brand's short name beside its two marks: the kinds' own top margins, laid out once."""
    ctx = Context.default().with_locale("es-US")
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside", ctx),
                                Personalisation(language="es"), ctx)
    made = Renderer()
    calls: list[HeaderSpace] = []
    layout_html = made.layout_html

    def counted(*args, **kwargs):
        calls.append(kwargs["style"].header)
        return layout_html(*args, **kwargs)

    made.layout_html = counted  # type: ignore[method-assign]
    made.layout(view, None)
    assert calls == [HeaderSpace()]


def test_the_first_page_keeps_its_own_top_margin(brands: Path):
    """Page 1 prints the masthead, not the running name: only the pages after it give up room."""
    ctx = Context.default(data_dirs=[brands]).with_locale("es-US")
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "long", ctx),
                                Personalisation(language="es"), ctx)
    made = Renderer()
    pages = made.layout(view, None).document.pages
    first, second = (page._page_box.margin_top * 25.4 / 96 for page in pages[:2])
    # patient.css's 12 mm; a wrapped name's line more (3.5 mm: 9 pt set close, its letters 6 mm inside the paper)
    assert round(first) == 12 and second >= first + 3
    # and the next copy starts from the room measured: one layout
    assert made._header_room[made.header_key(view)] == HeaderSpace(0, round(second))


@pytest.mark.parametrize(("kind", "paper"), [("clinician", "a4"), ("diet-sheet", "letter")])
def test_the_brief_and_the_diet_sheet_give_a_long_name_room_too(tmp_path: Path, brands: Path, kind: str, paper: str):
    """The same margin boxes head the clinician brief and the diet sheet (its landscape diary page too):
    beside two marks, the longer name ran 1.3 mm off the top of the diet sheet's pages.

    One paper each, the two papers between them: the handout above is laid out under this name beside
    these marks on both papers, in the same margin boxes; a brief (four layouts as its name steps down
    and its margin deepens) on each paper cost 6 s of CPU."""
    from dataclasses import replace

    from handouts.views.frame import Mark

    ctx = Context.default(data_dirs=[brands])
    if kind == "diet-sheet":
        inputs = documents.diet_inputs(None, ROOT / "data" / "customisations" / "sam-low-fodmap.yaml", "longer", ctx)
    else:
        inputs = documents.topic_inputs("leaky-gut", "longer", ctx)
    view = documents.build_view(kind, documents.on_paper(inputs, paper), None, ctx)
    marks = (Mark("REVIEW OVERDUE", "check before use"), Mark("DRAFT TRANSLATION", "not yet reviewed"))
    pdf = printed_file(replace(view, frame=replace(view.frame, marks=marks)), tmp_path)
    assert _too_near(pdf) == []
    found = lines(pdf)
    header = sorted((line for line in found if line.page == 2 and line.top < 30 * MM and line.x < 90 * MM),
                    key=lambda line: line.top)
    assert " ".join(line.text for line in header).startswith(LONGER_NAME), [line.text for line in header]
