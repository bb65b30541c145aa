"""The running header: the practice's name top left, the review mark top right, each on one line.

The two top margin boxes have fixed widths (styles/base.css, large-print.css), which
spares WeasyPrint laying their text out again and again to share the width. The
widths must hold every mark the tool prints, in every language it speaks, at the
regular and the large-print size: a mark broken over two lines reads as two words.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.context import Context
from handouts.models import Personalisation
from handouts.views.frame import MARK_LABELS, Mark
from pdfutil import lines

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
    view = replace(view, frame=replace(view.frame, marks=(Mark(longest, "note"), *view.frame.marks[1:])))
    out = tmp_path / "handout.pdf"
    out.write_bytes(documents.render(view, "pdf").data)
    top_margin = [line for line in lines(out) if line.page == 2 and line.top < 12 * POINTS_PER_MM]
    assert any(line.text == longest for line in top_margin), (longest, [line.text for line in top_margin])
    practice = view.frame.brand.name
    assert any(line.text == practice for line in top_margin), (practice, [line.text for line in top_margin])
