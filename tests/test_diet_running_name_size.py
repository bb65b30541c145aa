"""A very long practice name keeps the diet sheet at its page target, every word of it on every page.

The letter low-fodmap sheet keeps its 3 pages under a top margin of 15 mm and makes 5 at 16 mm. A
170-letter name beside REVIEW OVERDUE wrapped to three lines in the running header (19 mm), beside two
marks to four (22 mm); a 200-letter name beside the plan's DRAFT to three; on A4, the 200-letter name
beside two marks to five: each sheet printed 5 pages, not 3. A running name that wraps past two lines
of its 9 pt now steps down to 7 pt, then 6 pt, on the pages after the first (handouts/header_space.py);
the first page's masthead prints it at full size.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.context import Context
from handouts.kinds import DOCUMENT_KINDS
from handouts.views.frame import Mark
from pdfutil import pages_text
from samples import printed_file, riverside_named
from test_diet_diary_header_room import NAME_170

NAME_200 = NAME_170 + " of Central Illinois and its Neighbouring Counties"
OVERDUE = (Mark("REVIEW OVERDUE", "check before use"),)
TWO = (Mark("REVIEW OVERDUE", "check before use"), Mark("DRAFT TRANSLATION", "not yet reviewed"))


@pytest.fixture(scope="module")
def brands(tmp_path_factory) -> Path:
    """A data folder with the riverside brand under a 170-letter and a 200-letter name."""
    assert len(NAME_200) >= 200
    return riverside_named(tmp_path_factory.mktemp("brands"), {"long170": NAME_170, "long200": NAME_200})


@pytest.mark.parametrize(("brand", "name", "marks", "paper"), [
    ("long170", NAME_170, OVERDUE, "letter"),
    ("long170", NAME_170, TWO, "letter"),
    ("long200", NAME_200, None, "letter"),  # the plan's own mark, DRAFT
    ("long200", NAME_200, TWO, "a4"),
])
def test_a_very_long_name_keeps_the_sheet_at_its_page_target(tmp_path: Path, brands: Path, brand: str, name: str,
                                                             marks: tuple[Mark, ...] | None, paper: str):
    ctx = Context.default(date(2026, 1, 15), data_dirs=[brands])
    view = documents.build_view("diet-sheet", documents.on_paper(documents.diet_inputs("low-fodmap", None, brand, ctx),
                                                                 paper), None, ctx)
    if marks is not None:
        view = replace(view, frame=replace(view.frame, marks=marks))
    pages = [" ".join(page.split()) for page in pages_text(printed_file(view, tmp_path, "sheet.pdf"))]
    assert len(pages) == DOCUMENT_KINDS["diet-sheet"].page_target_for() == 3
    for number, page in enumerate(pages, 1):
        missing = [word for word in name.split() if word not in page]
        assert not missing, (number, missing)
    assert all(name in page for page in pages)  # whole, in order: the masthead's, then the running header's
