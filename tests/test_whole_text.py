"""Nothing the content says may be lost from paper without a word.

A dose note of a few hundred words in the clinician brief's details made WeasyPrint lose the
rest of the brief (or fail): the dosing table ran the page's width as `column-span: all` inside
the details' two columns, and WeasyPrint resumed it at the wrong place after a page break. The
table now sits outside the columns.
"""

from __future__ import annotations

from datetime import date

import pytest

from handouts import documents
from handouts.context import Context
from pdfutil import text
from samples import edited_copy

TODAY = date(2026, 1, 15)
DOSE = "          unsupported: None of the references gives 5 to 10 g a day in leaky gut."
WORDS = " ".join(f"word{i:03d}" for i in range(500))  # 4,500 characters
NOTE = f"Dose note {WORDS} end of the note."


def _brief(tmp_path, paper: str | None = None):
    topic = edited_copy(tmp_path, (DOSE, f"{DOSE}\n          note: {NOTE}"))
    inputs = documents.topic_inputs(topic, "riverside")
    if paper:
        inputs = documents.on_paper(inputs, paper)
    return documents.build_view("clinician", inputs, None, Context.default(TODAY))


@pytest.mark.parametrize("paper", [None, "a4"])
def test_a_long_dose_note_prints_whole_and_the_brief_goes_on_after_it(tmp_path, paper):
    out = documents.write_document(_brief(tmp_path, paper), tmp_path / "brief.pdf")
    printed = text(out)
    assert all(word in printed for word in WORDS.split())
    assert "end of the note." in printed
    # what follows the dosing table is there too, to the end of the brief
    assert "Recommendations" in printed and "Evidence by source" in printed
    assert "improved upper and lower gastrointestinal symptoms, physical functioning" in printed
