"""An en-dash range's figures never part at a line's end: '2–' at the end of one line and
'8 mg' at the start of the next reads as a dose of 2, or of 8 (the pharmacist's review).
A line may break after an en dash, so the range is held together as a figure is to its unit."""

from __future__ import annotations

import re
from datetime import date

import pytest

from handouts import documents
from handouts.context import Context
from handouts.doseformat import bind_units
from handouts.models import Personalisation
from pdfutil import pages_text
from samples import printed_file

CTX = Context.default(date(2025, 8, 1))
DASH_AT_LINE_END = re.compile(r"\d[ \u00a0]*\u2013[ \u00a0\u2060]*\n")


@pytest.mark.parametrize("text, bound", [
    ("take 2\u20138 mg daily", "take 2\u2013\u20608\u00a0mg daily"),
    ("take 2 \u2013 8 mg daily", "take 2\u00a0\u2013\u2060\u00a08\u00a0mg daily"),
    ("see pages 12\u201315", "see pages 12\u2013\u206015"),
    ("a pause \u2013 then 8 mg", "a pause \u2013 then 8\u00a0mg"),  # a dash between words is left alone
])
def test_a_ranges_figures_are_bound_to_each_other(text, bound):
    assert bind_units(text) == bound


@pytest.mark.parametrize("language, sentence", [
    ("en", "Take 2\u20138 mg, then 400\u2013800 mg."),
    ("es", "Tome 2\u20138 mg, luego 400\u2013800 mg."),
])
def test_a_note_on_the_handout_never_ends_a_line_on_a_ranges_dash(tmp_path, language, sentence):
    """A clinician's note prints through the same binding as every text (a topic's patient text may
    state no dose the brief does not print)."""
    notes = " ".join(f"{'x' * (1 + n % 13)} {sentence}" for n in range(36))  # some copy's dash ends a line
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "default", CTX),
                                Personalisation(language=language, notes=notes), CTX)
    pages = pages_text(printed_file(view, tmp_path))
    flat = " ".join(pages).replace("\u2060", "")
    assert "2\u20138" in flat and "400\u2013800" in flat, flat[:500]
    assert [m.group(0) for page in pages for m in DASH_AT_LINE_END.finditer(page)] == []
