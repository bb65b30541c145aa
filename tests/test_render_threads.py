"""What a render leaves behind holds no Pango object for another thread's garbage collector to free.

The cyclic collector frees a finished render's boxes and styles in whichever thread happens to allocate
(a Dask worker's event loop, another request's thread), while a render there may hold
handouts.render.PANGO and be inside Pango. A PangoLayout freed then can finalize a font, which removes
itself from the font map's cache, a hash table Pango does not lock. Each freeing of a PangoLayout or
PangoContext is recorded here with whether PANGO was held; no timing, no second thread needed.
"""

from __future__ import annotations

import gc
import itertools
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from handouts import documents
from handouts.context import Context
from handouts.render import PANGO, renderer

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def handout() -> Any:
    """The default patient handout's view: pictograms and a few hundred lines of text."""
    return documents.build_view("patient", documents.topic_inputs("leaky-gut", "default"), None, Context.default(TODAY))


@pytest.fixture
def freed(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each PangoLayout and PangoContext WeasyPrint lays text out with from now on, when it is
    freed: whether the freeing thread held PANGO."""
    import weasyprint.text.line_break as line_break

    real = line_break.gobject
    held: list[bool] = []

    def unref(pointer: Any) -> None:
        held.append(PANGO._is_owned())
        real.g_object_unref(pointer)

    monkeypatch.setattr(line_break, "gobject", SimpleNamespace(g_object_unref=unref))
    return held


def _live_pango_layouts() -> int:
    from weasyprint.text.line_break import Layout

    return sum(1 for each in gc.get_objects() if isinstance(each, Layout) and "layout" in vars(each))


def test_a_finished_render_leaves_no_pango_object_for_another_threads_collector(handout, freed):
    """WeasyPrint frees each line's PangoLayout once it is measured or drawn, PANGO held: the boxes
    and styles left to the collector hold none (checked: its collection after a render frees none)."""
    renderer().pdf(handout)
    gc.collect()  # what a collection in another thread would free
    assert freed and all(freed), f"{freed.count(False)} Pango layouts were freed outside PANGO"
    assert _live_pango_layouts() == 0


def test_a_render_that_fails_midway_lets_go_of_its_pango_layouts_and_its_document_first(
        handout, freed, monkeypatch):
    """A fault inside WeasyPrint left the line it was drawing live in the exception's frames, freed
    outside PANGO when the caller dropped the error; and the pictograms kept for the next document
    held the failed one's PDF stream (its boxes: a patient's text) until another write succeeded."""
    import weasyprint.draw.text as draw_text

    drawn, lines = draw_text.draw_first_line, itertools.count()

    def failing(*args: Any, **kwargs: Any) -> Any:
        if next(lines) == 120:  # past the pictograms of the first page
            raise RuntimeError("a fault inside WeasyPrint")
        return drawn(*args, **kwargs)

    monkeypatch.setattr(draw_text, "draw_first_line", failing)
    with pytest.raises(RuntimeError):
        renderer().pdf(handout)
    gc.collect()
    assert freed and all(freed), f"{freed.count(False)} Pango layouts were freed outside PANGO"
    assert _live_pango_layouts() == 0
    kept = getattr(renderer()._pictograms, "images", {})
    assert kept and all(image._svg.stream is None for image in kept.values()), \
        "a kept pictogram holds the failed document's stream"
