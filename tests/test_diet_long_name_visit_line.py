"""A patient's name of up to the 120 letters a name may have keeps the letter diet sheet's schedule whole on page 1.

Sam's sample low-FODMAP sheet (riverside, US Letter) has a few millimetres to spare on page 1. In its
cell beside the dietitian and the date, a long name dropped under its "For:" label and took three lines:
the schedule's rows 5 and 6 printed overleaf, away from the rest of it. A long name now has the line to
itself, the dietitian and the next visit on the line under it (templates/diet.html.j2, styles/diet.css).
On the diary's page, a name past 100 letters took three lines at the head and the closing lines went to
a fourth page of their own; it prints a point smaller, on one line.
"""

from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PdfReader

from handouts import documents
from handouts.context import Context
from handouts.html import render_html
from handouts.models.common import NAME_CHARACTERS
from handouts.render import renderer
from pdfutil import lines
from samples import ROOT, printed

LONGEST = ("Maria Fernanda Gonzalez-Villanueva de la Cruz Rodriguez-Santos y Fernandez-Montenegro "
           "de las Heras Castillo-Bustamante Ortiz Alvarez")[:NAME_CHARACTERS]


def _sam_sheet(patient: str, **more: str):
    """Sam's sample sheet (riverside: letter paper) for a patient of this name (and `more` fields so changed)."""
    ctx = Context.default()
    inputs = documents.diet_inputs(None, ROOT / "data/customisations/sam-low-fodmap.yaml", "riverside", ctx)
    custom = inputs.customisation.model_copy(update={"patient": patient, **more})
    return documents.build_view("diet-sheet", replace(inputs, customisation=custom), None, ctx)


def test_the_longest_name_leaves_the_schedule_whole_on_page_1_and_the_sheet_on_3_pages():
    view = _sam_sheet(LONGEST)
    assert len(LONGEST) == NAME_CHARACTERS and view.frame.brand.paper == "letter"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(printed(view).data)).pages]
    first = " ".join(pages[0].split())
    for row in ("1. Wheat bread", "4. Honey", "5. Avocado", "6. Mushrooms"):
        assert row in first, f"{row!r} is not on page 1"
    assert "Box: your worst symptoms" in first
    assert "Castillo-Bustamante" in first and "Next visit:" in first
    assert len(pages) == 3 and "My symptom diary" in pages[2]
    assert "Based on guidance from" in pages[2], "the closing lines stay under the diary"


def test_a_long_name_has_its_own_line_and_a_short_one_sits_beside_the_others():
    assert '<div class="visit visit-long">' in render_html(_sam_sheet(LONGEST[:40]))
    assert '<div class="visit">' in render_html(_sam_sheet("Sam Rivera"))


def _text_boxes(box):
    """Every piece of text laid out under `box`, with its box."""
    if getattr(box, "text", None):
        yield box.text, box
    for child in getattr(box, "children", ()) or ():
        yield from _text_boxes(child)


def test_a_long_dietitian_name_starts_beside_its_label():
    dietitian = LONGEST[:60]
    layout = renderer().layout(_sam_sheet("Sam Rivera", dietitian=dietitian), None)
    found = dict(_text_boxes(layout.document.pages[0]._page_box))
    label, name = found["Dietitian:"], next(box for text, box in found.items() if text.startswith(dietitian[:14]))
    assert abs(label.position_y - name.position_y) < 1, "the name dropped under its label"


def test_two_120_letter_names_on_letter_keep_each_label_beside_its_name_and_break_under_the_header():
    """A 120-letter patient's name and a 120-letter dietitian's: 'Dietitian:' stood on a line of its own
    over the name's two lines. It now starts the name's first line, as 'For:' does. Even so the visit
    takes five lines, and page 1 lacks 12 mm for the last two rows and the hint at the sheet's sizes;
    moving the whole step overleaf would push the food lists to a third page and the sheet to five.
    So the schedule breaks where a table goes on: rows 1-4, then its header row again over 5-6 and the
    hint, which never part from the row before them; the sheet keeps its 3 pages."""
    view = _sam_sheet(LONGEST, dietitian=LONGEST)
    pages = [[" ".join(line.split()) for line in page.extract_text().splitlines()]
             for page in PdfReader(io.BytesIO(printed(view).data)).pages]
    assert len(pages) == 3
    assert any(line.startswith("Dietitian: Maria Fernanda") for line in pages[0]), pages[0][:12]

    def on(start: str) -> list[int]:
        return [n for n, page in enumerate(pages) if any(line.startswith(start) for line in page)]

    assert [on(row) for row in ("1. Wheat bread", "4. Honey", "5. Avocado", "6. Mushrooms", "Box: your worst")] \
        == [[0], [0], [1], [1], [1]]
    assert on("Food to test") == [0, 1], "the table's header row heads its rows on page 2 too"


def test_a_90_letter_name_on_the_spanish_a4_sheet(tmp_path):
    """Sam's sheet in Spanish on A4 under a 90-letter name. The schedule is one step on one page, as
    under a short name (test_languages_pdf): it went on overleaf after its third row. On the diary's
    page a name too long to sit beside the week's blank (in English, of 85 to 100 letters) dropped to the
    next line 12 mm in, the gap that stood before it, or, as this one, left 'Nombre:' and its first words
    beside the blank and 'Montenegro de l' alone at the margin under them. A name that does not fit
    beside now has the line under it to itself, whole, from the margin."""
    ctx = Context.default().with_locale("es")
    inputs = documents.diet_inputs(None, ROOT / "data/customisations/sam-low-fodmap.yaml", "riverside", ctx)
    inputs = documents.on_paper(documents.in_language(inputs, "es"), "a4")
    name = LONGEST[:90]
    custom = inputs.customisation.model_copy(update={"patient": name})
    pdf = tmp_path / "hoja.pdf"
    pdf.write_bytes(printed(documents.build_view("diet-sheet", replace(inputs, customisation=custom), None, ctx)).data)
    found = lines(pdf)
    assert max(line.page for line in found) == 5
    steps = {key: sorted({line.page for line in found if key in line.text}) for key in
             ("Paso 2: Volver a comer", "1. Pan de trigo", "3. Leche de vaca", "4. Miel", "6. Hongos", "Casilla:")}
    assert all(on == [2] for on in steps.values()), steps
    week = next(line for line in found if line.text.startswith("Semana que empieza el:"))
    label = next(line for line in found if line.text.startswith("Nombre:"))
    assert label.page == week.page == 5 and label.top > week.top + 10, "on the line under the week's"
    assert abs(label.x - week.x) < 1, f"indented {label.x - week.x:.1f} pt"
    assert label.text == f"Nombre: {name}"
