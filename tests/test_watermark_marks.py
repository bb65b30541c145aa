"""Every page carries every mark that applies, not only the first.

A Spanish handout of content past its review date, whose translation is still a draft, has
two marks: REVISIÓN VENCIDA and TRADUCCIÓN EN BORRADOR. Page 1's masthead shows both; on
pages 2 onwards the watermark printed the first alone, and so did the running mark at the top
right, so a reader of page 2 was not told the translation had never been reviewed.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from handouts.approval import content_hash
from handouts.context import Context
from handouts.documents import build_view, topic_inputs
from handouts.inputs import TopicInputs
from handouts.models import Personalisation
from pdfutil import lines, pdf_reader
from samples import NEXT_REVIEW, printed_file


def _overdue_spanish_handout(tmp_path: Path, also: tuple[str, ...] = ()) -> Path:
    """Leaky gut approved until NEXT_REVIEW, printed in Spanish (a draft translation) 9 days after it."""
    ctx = Context.default(NEXT_REVIEW + timedelta(days=9))
    inputs = topic_inputs("leaky-gut", "riverside", ctx)
    review = inputs.topic.review.model_copy(update={
        "status": "approved", "reviewer": "Dr A", "reviewed": date.today(), "next_review": NEXT_REVIEW,
        "content_sha256": content_hash(inputs.topic)})
    approved = TopicInputs(inputs.topic.model_copy(update={"review": review}), inputs.brand, inputs.brand_folder)
    view = build_view("patient", approved, Personalisation(language="es"), ctx.with_locale("es-US"), also)
    return printed_file(view, tmp_path)


def running_marks(pdf: Path) -> list[list[str]]:
    """Each page's lines in its top margin's right half (the running mark, top right)."""
    found = lines(pdf)
    return [[line.text for line in found if line.page == page and line.top < 12 * 72 / 25.4 and line.x > 200]
            for page in range(1, max(line.page for line in found) + 1)]


def watermarks(pdf: Path) -> list[str]:
    """Each page's watermark: its text drawn at a slant (everything else on the page is upright)."""
    found = []
    for page in pdf_reader(pdf).pages:
        slanted: list[str] = []
        page.extract_text(visitor_text=lambda text, cm, tm, *_: slanted.append(text)
                          if abs(cm[1]) > 0.1 or abs(tm[1]) > 0.1 else None)
        found.append(" ".join(" ".join(slanted).split()))
    return found


def test_every_page_says_both_marks(tmp_path):
    pages = watermarks(_overdue_spanish_handout(tmp_path))
    assert len(pages) >= 2
    for number, watermark in enumerate(pages, start=1):
        assert watermark == "REVISIÓN VENCIDA TRADUCCIÓN EN BORRADOR", f"page {number}: {watermark!r}"


def test_a_two_language_print_says_every_mark_of_every_part(tmp_path):
    """Spanish, then English (the original, so no translation mark): three marks, all on the page."""
    for number, watermark in enumerate(watermarks(_overdue_spanish_handout(tmp_path, also=("en",))), start=1):
        assert watermark == "REVISIÓN VENCIDA TRADUCCIÓN EN BORRADOR REVIEW OVERDUE", \
            f"page {number}: {watermark!r}"


def test_every_page_says_both_marks_at_the_top_on_one_line(tmp_path):
    pages = running_marks(_overdue_spanish_handout(tmp_path))
    assert len(pages) >= 2
    for number, top in enumerate(pages, start=1):
        assert top == ["REVISIÓN VENCIDA · TRADUCCIÓN EN BORRADOR"], f"page {number}: {top!r}"


def test_a_two_language_print_says_each_parts_marks_at_the_top_of_its_pages(tmp_path):
    pages = running_marks(_overdue_spanish_handout(tmp_path, also=("en",)))
    spanish = ["REVISIÓN VENCIDA · TRADUCCIÓN EN BORRADOR"]
    assert pages[0] == spanish and pages[-1] == ["REVIEW OVERDUE"]
    # the Spanish part's 3 pages leave the 4th blank, so that the English starts on a right-hand
    # page: it heads nothing, so it says only that (the watermark still says every mark)
    blank = ["Esta página se dejó en blanco a propósito."]
    assert pages[3] == blank
    assert all(top in (spanish, blank, ["REVIEW OVERDUE"]) for top in pages), pages
