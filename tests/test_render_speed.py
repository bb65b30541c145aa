"""What makes a warm render cheaper changes nothing on the page, and stays in place.

The renderer keeps parsed stylesheets and our pictograms between documents and hands
WeasyPrint stylesheets with their custom properties already substituted
(handouts.cssvars). Each document kind is rendered both ways and must look the same;
a second render must not parse a stylesheet or load a pictogram again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts import cssvars, documents
from handouts.context import Context
from handouts.kinds import DOCUMENT_KINDS
from handouts.models import Personalisation
from handouts.render import PageStyle, Renderer
from handouts.views.frame import BrandView
from pageimages import compare

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 1, 15)
PERSON = Personalisation(patient_name="Alex Morgan", clinician="Dr. Priya Shah", visit_date=date(2025, 7, 14),
                         notes="Try one change at a time for two weeks.")


@pytest.fixture(scope="module")
def views() -> dict[str, object]:
    ctx = Context.default(TODAY)
    topic = documents.topic_inputs("leaky-gut", "riverside", ctx)
    diet = documents.diet_inputs("low-fodmap", ROOT / "data" / "customisations" / "sam-low-fodmap.yaml",
                                 "riverside", ctx)
    return {
        "patient": documents.build_view("patient", topic, PERSON, ctx),
        "clinician": documents.build_view("clinician", topic, None, ctx),
        "diet-sheet": documents.build_view("diet-sheet", diet, None, ctx),
    }


@pytest.mark.parametrize("name", ["patient", "clinician", "diet-sheet"])
def test_the_warm_renderer_prints_what_the_stylesheets_as_written_print(views, name):
    as_written = Renderer(resolve_custom_properties=False, share_pictograms=False)
    warm = Renderer()
    # the second document is the one that reuses sheets and pictograms; the brief's one-page summary
    # is laid out with the brief's own sheets (the same kind, brand and page style) and has no pictogram
    warm.pdf(documents.summary_of(views[name]) if name == "clinician" else views[name])
    before, after = as_written.pdf(views[name]).data, warm.pdf(views[name]).data
    if before != after:  # identical files look identical; otherwise the pages must
        difference = compare(before, after, dpi=60)
        assert difference.within(pixels=0), difference


def _count_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[object]:
    calls: list[object] = []
    original = getattr(owner, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args[1] if len(args) > 1 else kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_a_second_document_parses_no_stylesheet_and_loads_no_pictogram(views, monkeypatch):
    import handouts.render as render
    from handouts.fetcher import RestrictedFetcher

    parsed: list[object] = []
    original_css = render.CSS

    def css(*args: object, **kwargs: object) -> object:
        parsed.append(kwargs.get("string", args))
        return original_css(*args, **kwargs)

    monkeypatch.setattr(render, "CSS", css)
    fetched = _count_calls(monkeypatch, RestrictedFetcher, "fetch")
    renderer = Renderer()
    renderer.pdf(views["patient"])
    assert parsed and any("/icons/" in str(url) for url in fetched)  # the first one does both
    parsed.clear()
    fetched.clear()

    renderer.pdf(views["patient"])
    assert parsed == []
    assert [url for url in fetched if "/icons/" in str(url)] == []
    # a brand's own files are read for every document: a clinic may change its logo while the app runs
    assert any(str(url).endswith("logo.svg") for url in fetched)


def test_pictograms_are_shared_only_within_a_thread(views):
    import threading

    renderer = Renderer()
    renderer.pdf(views["patient"])
    here = renderer._image_cache()
    there: list[dict[str, object]] = []
    thread = threading.Thread(target=lambda: there.append(renderer._image_cache()))
    thread.start()
    thread.join()
    assert here and all("/icons/" in url for url in here)
    assert there == [{}]


def _brand(primary: str = "#1f4e79", accent: str = "#4a5a68") -> BrandView:
    return BrandView(name="Clinic", logo_path=None, logo_alt=None, primary=primary, accent=accent,
                     contact_lines=(), phone=None, website=None, emergency="", emergency_number=None,
                     footer=None, paper="letter", folder=None)


@pytest.mark.parametrize("kind", sorted(DOCUMENT_KINDS))
@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("marks", [0, 1, 2])
def test_every_shipped_stylesheet_takes_the_fast_path(kind, large_print, marks):
    sources = Renderer.stylesheet_sources(kind, _brand(), (), PageStyle(large_print, "Page %(page)s of %(pages)s",
                                                                        marked=marks > 0, two_marks=marks > 1))
    resolved = cssvars.resolve(sources)
    assert resolved is not None, "a stylesheet declares a custom property outside :root, or uses a var() fallback"
    assert not any("var(" in css for css in resolved)
    assert any("var(" in css for css in sources)  # there was something to resolve


def test_the_brand_colours_win_over_the_defaults_in_base_css():
    base = ":root { --brand-primary: #1f4e79; --ink: #111; }\nh1 { color: var(--brand-primary); }"
    brand = ":root { --brand-primary: #7a1f1f; }"
    resolved = cssvars.resolve([base, brand])
    assert resolved is not None
    assert "h1 { color: #7a1f1f; }" in resolved[0]


def test_a_custom_property_made_of_others_is_resolved_through():
    resolved = cssvars.resolve([":root { --a: 2mm; --b: var(--a) var(--a); }\np { margin: var(--b); }"])
    assert resolved is not None and "p { margin: 2mm 2mm; }" in resolved[0]


@pytest.mark.parametrize("css", [
    ".box { --rail: 40mm; } .rail { width: var(--rail); }",  # an element overrides it
    ":root { --rail: 40mm; } .rail { width: var(--rail, 35mm); }",  # a fallback
    ":root { --rail: 40mm; } .rail { width: var(--gutter); }",  # never declared
    ":root { --a: var(--b); --b: var(--a); } p { margin: var(--a); }",  # a cycle
    ":root { --rail: 40mm !important; } .rail { width: var(--rail); }",
    "@media print { :root { --rail: 40mm; } } .rail { width: var(--rail); }",
])
def test_what_static_substitution_could_get_wrong_keeps_the_stylesheets_as_written(css):
    assert cssvars.resolve([css]) is None


def test_a_render_collects_the_young_generations_less_often_and_puts_the_threshold_back(views, monkeypatch):
    import gc

    from handouts import collector

    seen: list[tuple[int, int, int]] = []
    original = Renderer._layout

    def layout(self: Renderer, *args: object, **kwargs: object) -> object:
        seen.append(gc.get_threshold())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Renderer, "_layout", layout)
    before = gc.get_threshold()
    Renderer().pdf(views["patient"])
    assert seen == [(collector.THRESHOLD, *before[1:])]
    assert gc.get_threshold() == before


def test_renders_in_two_threads_share_one_raise_and_an_app_without_collection_is_left_alone(monkeypatch):
    import gc

    from handouts import collector

    before = gc.get_threshold()
    with collector.fewer_collections():
        with collector.fewer_collections():  # a second thread's render
            assert gc.get_threshold()[0] == collector.THRESHOLD
        assert gc.get_threshold()[0] == collector.THRESHOLD  # the first is still running
    assert gc.get_threshold() == before

    monkeypatch.setattr(gc, "get_threshold", lambda: (0, 10, 10))
    set_to: list[tuple[int, ...]] = []
    monkeypatch.setattr(gc, "set_threshold", lambda *values: set_to.append(values))
    with collector.fewer_collections():
        pass
    assert set_to == [(0, 10, 10)]  # put back as it was, never raised


def test_a_one_document_command_line_collects_no_cyclic_garbage_in_its_process(monkeypatch, capsys):
    """`handouts render` and `handouts diet` make one document and end: their collections walked what
    start-up made, about 60 ms of a cold render. A program running a command in its own process (these
    tests, an EHR integration) passes its arguments and keeps its collector."""
    import gc
    import sys

    from cliutil import run
    from handouts.cli import main

    set_to: list[tuple[int, ...]] = []
    monkeypatch.setattr(gc, "set_threshold", lambda *values: set_to.append(values))
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "")  # main() as its process's command line sets it: undone after
    for command, off in (("render", True), ("diet", True), ("validate", False)):
        monkeypatch.setattr(sys, "argv", ["handouts", command, "--help"])
        with pytest.raises(SystemExit) as done:
            main.main()  # as the `handouts` script calls it
        assert done.value.code == 0 and set_to == ([(0,)] if off else []), command
        set_to.clear()
    assert run("render", "--help").exit_code == 0 and set_to == []
    assert not main.own_process
