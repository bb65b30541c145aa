"""The running header: the practice's name top left, the review mark top right, each on one line.

The two top margin boxes have fixed widths (styles/base.css, large-print.css), which
spares WeasyPrint laying their text out again and again to share the width. The
widths must hold every mark the tool prints, in every language it speaks, at the
regular and the large-print size: a mark broken over two lines reads as two words.
A document with no mark (reviewed content) gives the practice's name the whole width
instead (styles/unmarked.css), so a long name is not broken for a box that stays empty.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.approve import approve_file
from handouts.context import Context
from handouts.models import Personalisation
from handouts.views.frame import MARK_LABELS, Mark
from pdfutil import lines
from samples import copy_of, riverside_named

TODAY = date(2026, 1, 15)
POINTS_PER_MM = 72 / 25.4
MARK_WORDS = (*MARK_LABELS.values(), "DRAFT TRANSLATION")


@pytest.mark.parametrize("large_print", [False, True], ids=["regular", "large-print"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_longest_mark_prints_on_one_line_in_the_top_margin(tmp_path: Path, language: str, large_print: bool):
    ctx = Context.default(today=TODAY)
    person = Personalisation(language=language) if language != "en" else None
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside", ctx), person, ctx,
                                large_print=large_print)
    t = view.frame.words  # the document's own language
    longest = max((t.gettext(word) for word in MARK_WORDS), key=len)
    view = replace(view, frame=replace(view.frame, marks=(Mark(longest, "note"),)))
    out = tmp_path / "handout.pdf"
    out.write_bytes(documents.render(view, "pdf").data)
    top_margin = [line for line in lines(out) if line.page == 2 and line.top < 12 * POINTS_PER_MM]
    assert any(line.text == longest for line in top_margin), (longest, [line.text for line in top_margin])
    practice = view.frame.brand.name
    assert any(line.text == practice for line in top_margin), (practice, [line.text for line in top_margin])


@pytest.mark.parametrize("large_print", [False, True], ids=["regular", "large-print"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_both_marks_print_whole_in_the_top_margin(tmp_path: Path, language: str, large_print: bool):
    """The longest review mark and the translation's: on one line beside the practice's name, or in
    large print (14 pt: both and the name are wider than A4) one a line, the first 6 mm inside the
    paper's edge. Only the first printed there before. Stacked, no separator ends the first line
    ('REVISIÓN VENCIDA ·' did): it stands only between marks on one line."""
    ctx = Context.default(today=TODAY)
    person = Personalisation(language=language) if language != "en" else None
    view = documents.build_view("patient", documents.on_paper(documents.topic_inputs("leaky-gut", "riverside", ctx),
                                                              "a4"), person, ctx, large_print=large_print)
    t = view.frame.words
    both = (max((t.gettext(word) for word in MARK_LABELS.values()), key=len), t.gettext("DRAFT TRANSLATION"))
    view = replace(view, frame=replace(view.frame, marks=tuple(Mark(label, "note") for label in both)))
    out = tmp_path / "handout.pdf"
    out.write_bytes(documents.render(view, "pdf").data)
    page = [line for line in lines(out) if line.page == 2]
    practice = next(line for line in page if line.text == view.frame.brand.name)
    top_margin = sorted((line for line in page if line.top <= practice.top + 1 and line.x > practice.x + 50),
                        key=lambda line: line.top)
    expected = [both[0], both[1]] if large_print else [f"{both[0]} · {both[1]}"]
    assert [line.text for line in top_margin] == expected
    assert top_margin[0].top >= 6 * POINTS_PER_MM


LONG_NAMES = {
    # Each wraps in the width left beside a mark (65%, 55% in large print) and fits the whole width.
    False: "Riverside Community Gastroenterology, Hepatology and Nutrition Partnership of Springfield",
    True: "Riverside Community Gastroenterology and Nutrition Partnership",
}


@pytest.fixture(scope="module")
def reviewed_folder(tmp_path_factory) -> Path:
    """A data folder with the sample topic approved (so it prints no mark) and a brand for each long name."""
    folder = tmp_path_factory.mktemp("reviewed")
    topic = copy_of(folder)
    approve_file(topic, "Dr Ada Lane", Context.default(today=TODAY, data_dirs=[folder]),
                 on=date(2026, 1, 10), next_review=date(2027, 1, 10))
    return riverside_named(folder, {f"long-{int(large_print)}": name for large_print, name in LONG_NAMES.items()})


@pytest.mark.parametrize("large_print", [False, True], ids=["regular", "large-print"])
def test_with_no_mark_a_long_practice_name_takes_the_whole_top_margin(
        tmp_path: Path, reviewed_folder: Path, large_print: bool):
    ctx = Context.default(today=TODAY, data_dirs=[reviewed_folder])
    inputs = documents.topic_inputs("leaky-gut", f"long-{int(large_print)}", ctx)
    view = documents.build_view("patient", inputs, None, ctx, large_print=large_print)
    assert not view.frame.marks  # reviewed English: nothing prints top right
    out = tmp_path / "handout.pdf"
    out.write_bytes(documents.render(view, "pdf").data)
    # Above 10 mm: the margin box, whose lines sit on its bottom edge; the page's text starts below 11 mm.
    top_margin = [line.text for line in lines(out) if line.page == 2 and line.top < 10 * POINTS_PER_MM]
    assert top_margin == [LONG_NAMES[large_print]]
