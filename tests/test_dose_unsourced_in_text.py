"""An item whose text states a dose no reference gives says so beside its citations.

Reproduction: the brief's dosing table read "No verified source for this dose" for octreotide,
but its recommendation read "octreotide 100 mcg subcutaneously three times a day ... [13, 14]":
the item's citations (which back the treatment) right after the figure, read as the figure's
source. The same for loperamide's "4 to 12 mg a day" and codeine's "15 to 60 mg".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.context import Context
from pdfutil import text
from samples import printed_file

CTX = Context.default(date(2025, 8, 1))
MARK = "[dose unverified]"


@pytest.fixture(scope="module")
def view():
    return documents.build_view("clinician", documents.topic_inputs("leaky-gut", "default", CTX), None, CTX)


def items(view) -> dict:
    return {item.id: item for section in view.sections for item in section.items}


def test_a_cited_item_stating_a_dose_without_a_source_is_marked(view):
    marked = {key for key, item in items(view).items() if item.dose_unsourced}
    assert marked == {"loperamide", "codeine", "octreotide"}


def test_a_dose_with_its_own_source_or_an_item_without_one_is_not(view):
    found = items(view)
    assert not found["tricyclic-antidepressant"].dose_unsourced  # its 10 mg cites its source
    assert not found["calcium"].dose_unsourced  # the whole item is marked [no verified source] already
    assert not found["probiotics"].dose_unsourced  # no dose stated


def test_the_brief_prints_the_mark_right_after_the_items_citations(view, tmp_path: Path):
    body = text(printed_file(view, tmp_path))
    assert "30 minutes before meals. [13, 14] " + MARK in body
    assert "loperamide before food. [13–15] " + MARK in body
    assert body.count(MARK) == 3
