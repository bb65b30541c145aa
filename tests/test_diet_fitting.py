"""A dietitian's notes on page 1 push the reintroduction schedule down, not the sheet past its pages.

Three lines of notes pushed Sam's low-FODMAP sheet to 4 pages: the closing lines (sources,
disclaimer) stood on a page of their own, about nine-tenths blank, before the diary. Laid out
closer (`snug`, kept when it takes fewer pages), it came back to 3, but the table's hint
("Box: your worst symptoms…") stood alone at the top of page 2, away from its table, and four
lines or more made 4 pages again, the last food group and the closing alone on page 3.

Now the closing lines print under the diary (its rows are 3 mm shorter to make room), so the
food lists' page has room for the schedule's last rows; the hint never leaves the last row of
its table, which goes on overleaf under its header row, as a long table does. Up to six lines
of notes keep the sheet on its 3 pages. A sheet still past its target is laid out once more,
closer; a sheet within it is laid out once.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pypdf
import pytest

from handouts import documents
from handouts.html import render_html
from samples import printed_file, sheet_with_notes

THREE_NOTES = ["Bring this sheet to your visit.", "Call us if you feel worse.", "Keep the diary every day."]


HINT = "Box: your worst symptoms that day"
MORE_NOTES = ["Take the green capsule with breakfast.", "Drink water with every meal.", "Walk 20 minutes a day."]


@pytest.mark.parametrize("notes", [THREE_NOTES, THREE_NOTES + MORE_NOTES[:1], THREE_NOTES + MORE_NOTES])
def test_lines_of_notes_keep_the_sheet_on_its_three_pages_and_the_hint_with_its_table(tmp_path, notes):
    pdf = printed_file(sheet_with_notes(tmp_path, notes), tmp_path, "notes.pdf")
    pages = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(pdf).pages]
    assert len(pages) == 3, [p[:80] for p in pages]
    assert notes[-1] in pages[0] and "1. Wheat bread" in pages[0]
    # the hint sits under the table's last row, on its page; the table goes on under its header row
    (last_row,) = [number for number, text in enumerate(pages) if "6. Mushrooms" in text]
    assert HINT in pages[last_row] and pages[last_row].index("6. Mushrooms") < pages[last_row].index(HINT)
    if last_row:
        assert pages[last_row].index("Food to test") < pages[last_row].index("6. Mushrooms")
    assert "Foods to leave out and foods to enjoy" in pages[1] and "Oils and sauces" in pages[1]
    assert "My symptom diary" in pages[2] and "Based on guidance from" in pages[2]


def test_only_a_sheet_past_its_target_is_set_closer(tmp_path):
    view = sheet_with_notes(tmp_path, THREE_NOTES[:1])
    assert not view.snug and 'class="foods snug"' not in render_html(view)
    assert 'class="foods snug"' in render_html(replace(view, snug=True))
    tried: list[bool] = []

    def lay_out(pages_plain: int, pages_snug: int):
        def laid(v):
            tried.append(v.snug)
            return SimpleNamespace(pages=pages_snug if v.snug else pages_plain)
        return laid

    assert documents._fitted(view, lay_out(3, 3)).pages == 3 and tried == [False]  # within target: once
    tried.clear()
    assert documents._fitted(view, lay_out(4, 3)).pages == 3 and tried == [False, True]
    tried.clear()
    kept = documents._fitted(view, lay_out(4, 4))  # no better: the sheet as it was
    assert kept.pages == 4 and tried == [False, True]


def test_a_sheet_snug_leaves_half_blank_is_tried_with_half_the_air(tmp_path):
    """One food more in Maria's longer column put her sheet a page over; snug, its food lists' page
    ended 32 mm above the footer. Half the air (`closer`) is tried then, and only then: a sheet of
    many notes fills snug's page and is laid out twice, as before."""
    view = sheet_with_notes(tmp_path, THREE_NOTES[:1])
    assert 'class="foods closer"' in render_html(replace(view, closer=True))
    tried: list[str] = []

    def lay_out(room_snug: float, pages_closer: int):
        def laid(v):
            tried.append("snug" if v.snug else "closer" if v.closer else "open")
            pages = 4 if not (v.snug or v.closer) else pages_closer if v.closer else 3
            return SimpleNamespace(pages=pages, foot_room_mm=lambda page: room_snug if v.snug else 0.0)
        return laid

    kept = documents._fitted(view, lay_out(room_snug=31.3, pages_closer=3))  # Maria's, a food more
    assert kept.pages == 3 and tried == ["open", "snug", "closer"]
    tried.clear()
    kept = documents._fitted(view, lay_out(room_snug=31.3, pages_closer=4))  # half the air falls short
    assert kept.pages == 3 and tried == ["open", "snug", "closer"]
    tried.clear()
    documents._fitted(view, lay_out(room_snug=9.1, pages_closer=3))  # three lines of notes: snug's page full
    assert tried == ["open", "snug"]
