"""A figure and its unit never part at a line's end, in the brief or the handout, in English or Spanish.

Reproduction: the shipped brief's dosing table printed "None of the references gives 800 to
1,200" / "mg a day." (the unit alone at the start of the next line), and a dose cell could
end a line on "10 to 50" with "billion CFU" under it: a pharmacist checking the page reads a
figure with no unit, or two figures.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from handouts import documents
from handouts.context import Context
from handouts.doseformat import bind_units, format_amount
from handouts.models import Dose, Personalisation
from handouts.unbroken import keep_last_words
from pdfutil import pages_text
from samples import edited_copy, printed_file

CTX = Context.default(date(2025, 8, 1))
NBSP = "\u00a0"
UNIT_AT_LINE_START = re.compile(r"\d[\d.,]*[ \u00a0]*\n[ \u00a0]*(?:mg|mcg|g|L|billion|CFU|unidades)\b")
"""A line ending on a figure, the next starting with its unit."""


@pytest.mark.parametrize("text, bound", [
    ("gives 800 to 1,200 mg a day.", f"gives 800 to 1,200{NBSP}mg a day."),
    ("Aim for 2 to 2.5 L of fluids", f"Aim for 2 to 2.5{NBSP}L of fluids"),
    ("10 to 50 billion CFU", f"10 to 50{NBSP}billion{NBSP}CFU"),
    ("Tome 2,5 mg o 2 cápsulas", f"Tome 2,5{NBSP}mg o 2{NBSP}cápsulas"),
    ("Step 2 Loperamide, in 2023 Lancet", "Step 2 Loperamide, in 2023 Lancet"),  # no unit: nothing bound
])
def test_a_figure_is_bound_to_its_unit_in_running_text(text, bound):
    assert bind_units(text) == bound


def test_a_structured_dose_keeps_its_figure_with_its_unit_and_the_low_figure_with_to():
    assert format_amount(Dose(amount=[Decimal(800), Decimal(1200)], unit="mg")) == f"800{NBSP}to 1,200{NBSP}mg"


def test_a_paragraphs_last_words_and_its_units_are_both_bound():
    assert keep_last_words("Take it with 250 mL.") == f"Take it with{NBSP}250{NBSP}mL."


def padded(sentence: str, times: int = 40) -> str:
    """`sentence` again and again, each time one letter longer before it: wherever the column
    ends, some copy's figure falls at a line's end."""
    return " ".join(f"{'x' * (1 + n % 9)} {sentence}" for n in range(times))


def unit_at_line_start(pages: list[str]) -> list[str]:
    """Each figure and unit parted at a line's end, on pages as pypdf reads them."""
    return [m.group(0) for page in pages for m in UNIT_AT_LINE_START.finditer(page)]


def test_the_shipped_brief_never_leaves_a_unit_at_a_lines_start(tmp_path):
    view = documents.build_view("clinician", documents.topic_inputs("leaky-gut", "default", CTX), None, CTX)
    assert unit_at_line_start(pages_text(printed_file(view, tmp_path))) == []


def test_a_long_note_in_the_dosing_tables_narrow_column_keeps_figures_with_units(tmp_path):
    path = edited_copy(tmp_path, ("unsupported: None of the references gives 800 to 1,200 mg a day.",
                                  f"unsupported: {padded('then 1,200 mg or 2.5 g,')}"))
    view = documents.build_view("clinician", documents.topic_inputs(path, "default", CTX), None, CTX)
    pages = pages_text(printed_file(view, tmp_path))  # read once: a long brief takes pypdf a second
    assert "1,200" in " ".join(pages) and unit_at_line_start(pages) == []


@pytest.mark.parametrize("language, old, sentence", [
    ("en", "breaths. Make one of them part of your day.", "Some take 800 to 1,200 mg or 2 to 2.5 L."),  # the brief's doses
    ("es", "empeorar los problemas del intestino.", "Algunos toman 800 a 1200 mg o 2 a 2,5 L."),
])
def test_the_patient_handout_keeps_figures_with_units_in_each_language(tmp_path, language, old, sentence):
    path = edited_copy(tmp_path, (old, f"{old} {padded(sentence, 25)}"))
    person = Personalisation(language=language)
    view = documents.build_view("patient", documents.topic_inputs(path, "default", CTX), person, CTX)
    pages = pages_text(printed_file(view, tmp_path))
    assert sentence.split()[2] in " ".join(pages) and unit_at_line_start(pages) == []
