"""A handout past its page target is laid out again with fewer ruled write-in lines, and written once.

The search (handouts.fitting) starts where the first layout's overflow says and must land
where trying one line fewer at a time lands; the PDF must be byte for byte what rendering
every candidate in full made before.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import date

import pytest

from handouts import documents
from handouts.context import Context
from handouts.fitting import fewest_cuts
from handouts.models import Personalisation
from handouts.overflow import Overflow
from handouts.render import Layout, Renderer, renderer

TODAY = date(2026, 1, 15)
# Four notes run a handout with four ruled lines one line past its two pages (the demo's two
# notes did, before the text column used the page's full width).
FOUR_NOTES = ("Try one change at a time for two weeks.\nBring your food diary to the next visit.\n"
              "Call us if the belly pain comes back.\nEat breakfast before you take the tablet.")
TARGET = 2


def view(notes: str | None, brand: str = "riverside"):
    ctx = Context.default(TODAY)
    person = Personalisation(patient_name="Alex Morgan", clinician="Dr. Priya Shah", notes=notes)
    return documents.build_view("patient", documents.topic_inputs("leaky-gut", brand, ctx), person, ctx)


def rendered_as_before(v, variant: str = "ua"):
    """What documents.render made before layouts were weighed: a full render per candidate."""
    made = renderer().pdf(v, variant)
    if (made.pages or 0) <= TARGET:
        return made
    for fewer in range(v.write_lines - 1, documents.MIN_WRITE_LINES - 1, -1):
        candidate = renderer().pdf(replace(v, write_lines=fewer), variant)
        if (candidate.pages or 0) <= TARGET:
            return candidate
    return made


@pytest.fixture
def counted(monkeypatch):
    """Counts the layouts made (with their ruled lines) and the PDFs written."""
    from weasyprint.document import Document

    seen: dict[str, list[int]] = {"layouts": [], "writes": []}
    lay_out, write_pdf = Renderer.layout, Document.write_pdf

    def layout(self, v, variant="ua"):
        seen["layouts"].append(v.write_lines)
        return lay_out(self, v, variant)

    def write(self, *args, **kwargs):
        seen["writes"].append(len(self.pages))
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(Renderer, "layout", layout)
    monkeypatch.setattr(Document, "write_pdf", write)
    return seen


def test_an_over_target_handout_is_laid_out_twice_and_written_once(counted):
    v = view(FOUR_NOTES)
    printed = documents.render(v)
    assert printed.pages == TARGET
    assert counted["layouts"] == [4, 3]  # four ruled lines run to a third page; three fit
    assert counted["writes"] == [TARGET]  # one PDF, of the layout kept


def test_a_handout_that_fits_is_laid_out_and_written_once(counted):
    assert documents.render(view(None)).pages == TARGET
    assert counted["layouts"] == [4]
    assert counted["writes"] == [TARGET]


def test_page_count_lays_out_and_writes_nothing(counted):
    assert documents.page_count(view(FOUR_NOTES)) == TARGET
    assert counted["layouts"] == [4, 3]
    assert counted["writes"] == []


@pytest.mark.parametrize("notes, variant", [(FOUR_NOTES, "ua"), (None, "ua"), (FOUR_NOTES, "archive")])
def test_the_pdf_is_byte_for_byte_what_rendering_every_candidate_made(notes, variant):
    v = view(notes)
    assert documents.render(v, "pdf", variant).data == rendered_as_before(v, variant).data


def test_the_first_layout_says_how_many_ruled_lines_must_go():
    over = renderer().layout(view(FOUR_NOTES)).overflow(TARGET)
    assert over is not None and over.write_line is not None
    assert over.write_line == pytest.approx((7.5 / 25.4 + 0.8 / 72) * 96, abs=0.01)  # 7.5 mm and its 0.8 pt rule
    assert 0 < over.past - over.room <= over.write_line  # one line's height brings the disclaimer back
    assert over.lines_to_cut() == 1
    assert renderer().layout(view(None)).overflow(TARGET) is None


def test_a_page_count_layout_cannot_be_written():
    with pytest.raises(ValueError, match="page count only"):
        renderer().write(renderer().layout(view(None), None))


# -- the search, against trying one line fewer at a time ---------------------------------


@dataclass
class FakeLayout:
    lines: int
    pages: int
    cut_estimate: int | None

    def overflow(self, target: int) -> Overflow | None:
        if self.pages <= target or self.cut_estimate is None:
            return None if self.pages <= target else Overflow(10.0, 0.0, None)
        return Overflow(self.cut_estimate * 10.0, 0.0, 10.0)


def one_at_a_time(lines: int, fits: set[int], fewest: int) -> int:
    for n in range(lines - 1, fewest - 1, -1):
        if n in fits:
            return n
    return lines


@pytest.mark.parametrize("lines, fewest", [(4, 2), (6, 2), (5, 0), (2, 2)])
def test_the_search_lands_where_cutting_one_line_at_a_time_lands(lines, fewest):
    """Every threshold (fewer lines never lengthen a document) and every estimate, right or wrong."""
    for threshold, estimate in itertools.product(range(fewest - 1, lines), [None, *range(0, lines + 3)]):
        fits = {n for n in range(fewest, lines) if n <= threshold}
        made: list[int] = []

        def lay_out(n: int) -> FakeLayout:
            made.append(n)
            return FakeLayout(n, TARGET if n in fits else TARGET + 1, estimate)

        first = FakeLayout(lines, TARGET + 1, estimate)
        chosen = fewest_cuts(first, lines, lay_out, TARGET, fewest)
        assert chosen.lines == one_at_a_time(lines, fits, fewest), (threshold, estimate)
        assert len(made) == len(set(made)), "a line count laid out twice"
        if estimate is not None and lines - estimate == chosen.lines and chosen.lines < lines - 1:
            assert len(made) <= 2  # a right estimate: its own layout and the one line more that does not fit


def test_layout_is_the_renderers_public_shape():
    laid = renderer().layout(view(None))
    assert isinstance(laid, Layout) and laid.pages == TARGET and laid.writable


def test_boxes_not_where_weasyprint_70_keeps_them_give_no_estimate_rather_than_an_error():
    from types import SimpleNamespace

    moved = Layout(SimpleNamespace(pages=[object(), object(), object()]), {}, True)
    assert moved.pages == 3 and moved.overflow(TARGET) is None
