"""A diet sheet past its page target is laid out once more with its food lists set closer.

Three lines of a dietitian's notes pushed Sam's low-FODMAP sheet to 4 pages: the table's hint
moved overleaf and the closing lines (sources, disclaimer) stood on a page of their own, about
nine-tenths blank, before the diary. documents.render now tries the sheet `snug` and keeps it
when it takes fewer pages; a sheet within its target is laid out once, as before.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pypdf

from handouts import documents
from handouts.html import render_html
from samples import printed_file, sheet_with_notes

THREE_NOTES = ["Bring this sheet to your visit.", "Call us if you feel worse.", "Keep the diary every day."]


def test_three_lines_of_notes_keep_the_sheet_on_its_three_pages(tmp_path):
    pdf = printed_file(sheet_with_notes(tmp_path, THREE_NOTES), tmp_path, "notes.pdf")
    pages = [page.extract_text() for page in pypdf.PdfReader(pdf).pages]
    assert len(pages) == 3, [p[:80] for p in pages]
    assert "Based on guidance from" in pages[1] and "Keep the diary every day." in pages[0]
    assert "My symptom diary" in pages[2]


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
