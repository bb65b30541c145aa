"""All text stays 6 mm inside every edge of the paper, where ordinary office printers print.

Many office printers leave the last 5 to 6 mm of the sheet blank. A large-print Spanish
handout on letter printed its footer's last line ("versión ...") 4 mm from the foot of the
page, every document's running mark ("DRAFT") 4.6 mm from its top, and a diet sheet's
right-hand food column ran 7 mm into the side margin (its two halves were each half the
table wide plus their padding). This walks the sample documents in every kind, language,
paper and size and reads where poppler finds each word.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from handouts.context import Context
from handouts.documents import build_view, diet_inputs, in_language, on_paper, topic_inputs
from samples import printed_file

EDGE_MM = 6.0
MM = 72 / 25.4
DATA = Path(__file__).resolve().parent.parent / "data"
LONG_WORD = "Supercalifragilisticexpialidociousoatmealporridgewithcinnamon"  # 60 letters, no break


def nearest_edges(pdf: Path) -> dict[str, tuple[float, int, str]]:
    """For each edge of the paper, the word nearest it: its distance in mm, its page, its text."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    nearest: dict[str, tuple[float, int, str]] = {}
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        width, height = float(page.get("width", 0)), float(page.get("height", 0))
        for word in page.iter("{http://www.w3.org/1999/xhtml}word"):
            gaps = {"left": float(word.get("xMin", 0)), "right": width - float(word.get("xMax", 0)),
                    "top": float(word.get("yMin", 0)), "bottom": height - float(word.get("yMax", 0))}
            for edge, gap in gaps.items():
                if edge not in nearest or gap / MM < nearest[edge][0]:
                    nearest[edge] = (gap / MM, number, word.text or "")
    return nearest


def _topic_document(kind: str, language: str, paper: str, large_print: bool = False):
    ctx = Context.default().with_locale(language)
    inputs = in_language(on_paper(topic_inputs("leaky-gut", "riverside", ctx), paper), language)
    return build_view(kind, inputs, None, ctx, large_print=large_print)


def _diet_sheet(language: str, paper: str, customisation: Path):
    ctx = Context.default().with_locale(language)
    inputs = in_language(on_paper(diet_inputs(None, customisation, "riverside", ctx), paper), language)
    return build_view("diet-sheet", inputs, None, ctx)


CASES = [
    *[("patient", language, paper, large) for language in ("en-US", "es-US") for paper in ("letter", "a4")
      for large in (False, True)],
    *[("clinician", "en-US", paper, False) for paper in ("letter", "a4")],
    *[("diet-sheet", language, paper, False) for language in ("en-US", "es-US") for paper in ("letter", "a4")],
]


@pytest.mark.parametrize(("kind", "language", "paper", "large_print"), CASES,
                         ids=["-".join([k, lang, p] + (["large"] if lp else [])) for k, lang, p, lp in CASES])
def test_no_text_comes_within_6_mm_of_an_edge(tmp_path, kind, language, paper, large_print):
    if kind == "diet-sheet":
        view = _diet_sheet(language, paper, DATA / "customisations" / "sam-low-fodmap.yaml")
    else:
        view = _topic_document(kind, language, paper, large_print)
    nearest = nearest_edges(printed_file(view, tmp_path))
    assert set(nearest) == {"left", "right", "top", "bottom"}
    for edge, (gap, page, word) in nearest.items():
        assert gap >= EDGE_MM, f"page {page}: {word!r} is {gap:.1f} mm from the {edge} edge"


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_long_extra_food_stays_inside_its_column(tmp_path, paper):
    """A dietitian's own food with a long unbroken name wraps inside its column."""
    customisation = tmp_path / "long-food.yaml"
    customisation.write_text(
        "plan: low-fodmap\n"
        "extra_foods:\n"
        f"  - {{name: Oat {LONG_WORD}, group: drinks, carries: []}}\n"
        f"  - {{name: Rice {LONG_WORD}, group: grains, carries: []}}\n", encoding="utf-8")
    nearest = nearest_edges(printed_file(_diet_sheet("en-US", paper, customisation), tmp_path))
    for edge, (gap, page, word) in nearest.items():
        assert gap >= EDGE_MM, f"page {page}: {word!r} is {gap:.1f} mm from the {edge} edge"


@pytest.mark.parametrize("language", ["en-US", "es-US"])
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_an_overdue_diet_sheets_watermark_stays_inside_its_landscape_diary_page(tmp_path, paper, language):
    """'REVIEW OVERDUE' at 96 pt, two slanted lines hung from 42% of the page's height: on the diary's
    landscape page the 'O' of OVERDUE ran to 0.5 mm from the foot of A4 (4 mm on letter), where the
    printer cuts it. The watermark is centred on the page now, on a portrait page as on a landscape one."""
    from dataclasses import replace

    from handouts.views.frame import MARK_LABELS, MARK_NOTES, Mark

    view = _diet_sheet(language, paper, DATA / "customisations" / "sam-low-fodmap.yaml")
    t = view.frame.words
    overdue = Mark(t.gettext(MARK_LABELS["REVIEW OVERDUE"]), t.gettext(MARK_NOTES["REVIEW OVERDUE"]))
    pdf = printed_file(replace(view, frame=replace(view.frame, marks=(overdue,))), tmp_path)
    for edge, (gap, page, word) in nearest_edges(pdf).items():
        assert gap >= EDGE_MM, f"page {page}: {word!r} is {gap:.1f} mm from the {edge} edge"
