"""Nothing the content says may be lost from paper without a word.

A dose note of a few hundred words in the clinician brief's details made WeasyPrint lose the
rest of the brief (or fail): the dosing table ran the page's width as `column-span: all` inside
the details' two columns, and WeasyPrint resumed it at the wrong place after a page break. The
table now sits outside the columns; and every render checks that each passage of its HTML is
on the pages (handouts.whole_text), refusing to write a PDF that lacks one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest

from handouts import documents, whole_text
from handouts.context import Context
from handouts.errors import ContentError, LostText, RepeatedText
from handouts.models.topic import SIDE_NOTE_CHARACTERS
from pdfutil import text
from samples import edited_copy

TODAY = date(2026, 1, 15)
DOSE = "          unsupported: None of the references gives 5 to 10 g a day in leaky gut."
WORDS = " ".join(f"word{i:03d}" for i in range(500))  # 4,500 characters
NOTE = f"Dose note {WORDS} end of the note."


def _brief(tmp_path, paper: str | None = None):
    topic = edited_copy(tmp_path, (DOSE, f"{DOSE}\n          note: {NOTE}"))
    inputs = documents.topic_inputs(topic, "riverside")
    if paper:
        inputs = documents.on_paper(inputs, paper)
    return documents.build_view("clinician", inputs, None, Context.default(TODAY))


@pytest.mark.parametrize("paper", [None, "a4"])
def test_a_long_dose_note_prints_whole_and_the_brief_goes_on_after_it(tmp_path, paper):
    out = documents.write_document(_brief(tmp_path, paper), tmp_path / "brief.pdf")
    printed = text(out)
    assert all(word in printed for word in WORDS.split())
    assert "end of the note." in printed
    # what follows the dosing table is there too, to the end of the brief
    assert "Recommendations" in printed and "Evidence by source" in printed
    assert "It is also said to have improved physical functioning, energy, mood and sleep" in printed


P, CELL, FOOTER = object(), object(), object()  # the elements text boxes are laid out for


def _page(*texts: tuple[object, str]) -> SimpleNamespace:
    return SimpleNamespace(children=[SimpleNamespace(text=t, element=e, children=()) for e, t in texts])


def test_a_passage_broken_over_pages_counts_as_printed_whatever_comes_between():
    html = "<html><head><title>T</title></head><body><p>The whole sen&shy;tence, cut-off here.</p>"
    pages = [_page((P, "The whole sen‐"), (CELL, "another cell"), (FOOTER, "Page 1 of 2")),
             _page((FOOTER, "Page 2 of 2"), (P, "tence, cut off"), (P, " here."), (CELL, "Page 2"))]
    assert whole_text.missing(html + "<p>Page 2</p></body></html>", pages) == []


def test_a_passage_the_pages_lack_is_reported():
    html = "<body><p>First part.</p><p>Second part, left off.</p></body>"
    pages = [_page((P, "First part."), (CELL, "Second part,"), (FOOTER, "left off."))]
    assert whole_text.missing(html, pages) == ["Secondpart,leftoff."]


def test_a_brief_that_lost_text_is_refused_naming_the_field_and_nothing_is_written(tmp_path, monkeypatch):
    view = _brief(tmp_path)
    real = whole_text.read

    def without_the_note(boxes):
        printed = real(boxes)
        return replace(printed, text=printed.text.replace(whole_text.squeezed(NOTE), ""))

    monkeypatch.setattr(whole_text, "read", without_the_note)
    out = tmp_path / "brief.pdf"
    with pytest.raises(LostText) as refused:
        documents.write_document(view, out)
    message = str(refused.value)
    assert "clinician brief lost text from" in message and "(L-glutamine).note" in message
    assert "nothing was written" in message and "word001" not in message
    assert not out.exists()


SIDE_EN = """        FODMAP stands for fermentable oligo-, di- and monosaccharides and
        polyols, which gut germs break down into gas.
"""
SIDE_ES = """        FODMAP son las siglas en inglés de oligosacáridos, disacáridos, monosacáridos y
        polioles fermentables, que los microbios del intestino convierten en gases.
"""


def _side_note(length: int, words: str) -> str:
    return (words * (length // len(words) + 1))[:length].strip()


def test_a_side_note_longer_than_the_rail_holds_is_refused_where_it_is_written(tmp_path):
    """A side note that ran over a page made WeasyPrint print the sections after it twice."""
    topic = edited_copy(tmp_path, (SIDE_EN, "        " + _side_note(SIDE_NOTE_CHARACTERS + 1, "Gas and bloating. ") + "\n"))
    with pytest.raises(ContentError) as refused:
        documents.topic_inputs(topic, "riverside")
    line = topic.read_text(encoding="utf-8").splitlines().index("    note:") + 1  # the low FODMAP section's
    assert f"leaky-gut.yaml:{line}:5: sections[1].note: the side note in 'en' is {SIDE_NOTE_CHARACTERS + 1} " \
           f"characters: at most {SIDE_NOTE_CHARACTERS}" in str(refused.value)


@pytest.mark.parametrize("paper,tag,large", [("letter", "en-US", False), ("a4", "es-US", False),
                                             ("letter", "es-US", True), ("a4", "en-US", True)])
def test_a_side_note_as_long_as_allowed_prints_whole_and_the_steps_after_it_once(tmp_path, paper, tag, large):
    note = _side_note(SIDE_NOTE_CHARACTERS, " ".join(f"gas{i:03d}" for i in range(100)))
    topic = edited_copy(tmp_path, (SIDE_EN, f"        {note}\n"), (SIDE_ES, f"        {note}\n"))
    ctx = Context.default(TODAY).with_locale(tag)
    inputs = documents.on_paper(documents.topic_inputs(topic, "riverside"), paper)
    if tag != "en-US":
        inputs = documents.in_language(inputs, tag)
    printed = text(documents.render(documents.build_view("patient", inputs, None, ctx, large_print=large)).data)
    assert all(word in printed.split() for word in note.split())
    avoid = "Eat fewer processed foods" if tag == "en-US" else "Coma menos alimentos procesados"
    assert printed.count(avoid) == 1


def test_the_check_catches_weasyprints_own_silent_drop(tmp_path):
    """The brief laid out as it was (the dosing table `column-span: all` inside the columns): with a
    dose note of about 480-510 characters WeasyPrint left out the table's note and the Recommendations
    heading, without a warning. Written, that layout is refused.

    The length that makes WeasyPrint drop them depends on everything above the table: when the brief's
    spacing or the table's columns change, find it again by laying out notes of 20 to 200 words as below
    (shorter ones print whole; longer ones make WeasyPrint fail outright, which is not this check's)."""
    from handouts.html import render_html
    from handouts.render import renderer

    note = " ".join(f"w{i:04d}" for i in range(82))  # 491 characters: the middle of the lengths dropped
    topic = edited_copy(tmp_path, (DOSE, f"{DOSE}\n          note: {note}"))
    view = documents.build_view("clinician", documents.topic_inputs(topic, "riverside"), None, Context.default(TODAY))
    html = render_html(view)
    into, out_of = '</div><section class="dosing">', '</section><div class="columns"><h2 class="recs-title">'
    assert html.count(into) == 1 and html.count(out_of) == 1
    spanning = (html.replace(into, '<section class="dosing" style="column-span: all">')
                .replace(out_of, '</section><h2 class="recs-title">'))
    laid = renderer().layout_html(spanning, view.frame.kind, view.frame.brand, "ua")
    lost = whole_text.missing(spanning, [page._page_box for page in laid.document.pages])
    assert "Recommendations" in lost
    with pytest.raises(LostText):
        renderer().write(laid)


def _box(kind: str = "BlockBox", **fields: object) -> SimpleNamespace:
    """A laid-out box of WeasyPrint's type `kind` (read by its type's name and attributes)."""
    return type(kind, (SimpleNamespace,), {})(**{"children": (), **fields})


def _text(element: ElementTree.Element, text: str, tag: str = "p") -> SimpleNamespace:
    return _box("TextBox", text=text, element=element, element_tag=tag)


def _pages(*bodies: list[SimpleNamespace]) -> list[SimpleNamespace]:
    """Page boxes, each a root box holding one page's boxes."""
    return [_box("PageBox", children=[_box(children=body)]) for body in bodies]


def test_an_element_whose_text_the_pages_print_twice_is_reported_with_its_text_nodes():
    heading = ElementTree.fromstring("<h2>What to avoid</h2>")
    step = ElementTree.fromstring("<li><strong>Eat fewer processed foods.</strong> Both may make it worse.</li>")
    split = ElementTree.fromstring("<p>A paragraph that a page break cuts in two.</p>")
    first = [_text(split, "A paragraph that a page"), _text(heading, "What to avoid"),
             _text(step, "Both may make it worse.", "li")]
    again = [_text(split, "break cuts in two."), _text(heading, "What to avoid"), _text(step, "Both may make it worse.", "li")]
    assert whole_text.read(_pages(first, again)).repeated == ("Whattoavoid", "Bothmaymakeitworse.")
    assert whole_text.read(_pages(first, again[:1])).repeated == ()  # a paragraph over a page: once


def test_text_printed_on_every_page_by_design_is_not_counted_as_repeated():
    """The running header and footer (margin boxes), the watermark (fixed: in a placeholder on its
    own page, laid out again among the root box's children on the others), a table's header row
    over the pages the table runs on, and text CSS generates (a list's marker)."""
    mark = ElementTree.fromstring("<div>REVIEW OVERDUE</div>")
    practice = ElementTree.fromstring("<p>Riverside Family Practice</p>")
    header = ElementTree.fromstring("<th>Food to test</th>")
    item = ElementTree.fromstring("<li>Rice</li>")

    def page(number: int) -> SimpleNamespace:
        watermark = _box(style={"position": "fixed"}, children=[_text(mark, "REVIEW OVERDUE", "div")])
        return _box("PageBox", children=[
            _box(children=[_box("AbsolutePlaceholder", children=[watermark]) if number == 0 else watermark,
                           _box("TableRowGroupBox", is_header=True, is_footer=False,
                                children=[_text(header, "Food to test", "th")]),
                           _text(item, "•", "li::marker"), *([_text(item, "Rice", "li")] if number == 0 else [])]),
            _box("MarginBox", children=[_text(practice, "Riverside Family Practice")])])

    assert whole_text.read([page(number) for number in range(3)]).repeated == ()


def _with_side_note(node: object, note: str) -> object:
    """The view with its first side note replaced by `note` (the loader refuses one past 500 characters)."""
    import dataclasses

    from handouts.views.patient import ActionBlock

    if isinstance(node, ActionBlock) and node.notes:
        return replace(node, notes=(note, *node.notes[1:]))
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return replace(node, **{f.name: _with_side_note(getattr(node, f.name), note)
                                for f in dataclasses.fields(node) if f.init})
    if isinstance(node, tuple):
        return tuple(_with_side_note(item, note) for item in node)
    return node


def test_a_layout_that_prints_the_steps_twice_is_refused_naming_the_fields_and_nothing_is_written(tmp_path):
    """A side note of 2,000 characters ran over a page in the handout's rail, and WeasyPrint printed
    the steps after it twice ('What to avoid' on pages 2 and 3). Loading refuses such a note now;
    a layout that repeats text all the same is refused, never written."""
    ctx = Context.default(TODAY)
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside", ctx), None, ctx)
    long_note = " ".join(f"gas{i:03d}" for i in range(400))[:2000]
    out = tmp_path / "handout.pdf"
    with pytest.raises(RepeatedText) as refused:
        documents.write_document(_with_side_note(view, long_note), out)
    message = str(refused.value)
    assert message.startswith("the patient handout printed text twice from ")
    assert "avoid[0] (avoid-processed-food-alcohol).action" in message and "nothing was written" in message
    assert "Eat fewer processed foods" not in message and "gas001" not in message
    assert not out.exists()


def test_a_node_printed_twice_on_one_page_is_reported():
    """Only an element whose text ran over more than one page was counted: the same heading
    laid out twice on one page printed unremarked."""
    heading = ElementTree.fromstring("<h2>What to avoid</h2>")
    step = ElementTree.fromstring("<li><strong>Eat fewer processed foods.</strong> Both may make it worse.</li>")
    bold = step[0]
    page = [_text(heading, "What to avoid"), _text(bold, "Eat fewer processed foods.", "strong"),
            _text(step, "Both may make it", "li"), _text(step, "worse.", "li"), _text(heading, "What to avoid")]
    assert whole_text.read(_pages(page)).repeated == ("Whattoavoid",)
    assert whole_text.read(_pages(page[:-1])).repeated == ()  # a step over two lines: once


def _line_of(page_boxes: list, text: str) -> tuple[object, object]:
    """The line box that prints `text` on the pages, and the box that holds it."""
    def find(box: object, parent: object) -> tuple[object, object] | None:
        for child in getattr(box, "children", None) or ():
            if type(child).__name__ == "LineBox" and any(getattr(t, "text", None) == text
                                                          for t in getattr(child, "children", ())):
                return child, box
            if (found := find(child, box)) is not None:
                return found
        return None

    for page_box in page_boxes:
        if (found := find(page_box, None)) is not None:
            return found
    raise AssertionError(f"{text!r} is not on the pages")


def test_a_layout_that_prints_a_heading_twice_on_its_page_is_refused_and_nothing_is_written(tmp_path, monkeypatch):
    """A real layout of the handout, with the line of 'What to avoid' laid out twice on its own
    page (as a WeasyPrint fault would): refused, naming the field, never written."""
    from handouts.render import Renderer

    laid_out = Renderer.layout

    def twice(self, view, variant="ua"):
        layout = laid_out(self, view, variant)
        line, block = _line_of([page._page_box for page in layout.document.pages], "What to avoid")
        block.children = [*block.children, line.copy()]
        return layout

    monkeypatch.setattr(Renderer, "layout", twice)
    ctx = Context.default(TODAY)
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside", ctx), None, ctx)
    out = tmp_path / "handout.pdf"
    with pytest.raises(RepeatedText) as refused:
        documents.write_document(view, out)
    assert str(refused.value).startswith("the patient handout printed text twice from the template's own words: ")
    assert not out.exists()


def test_text_on_every_page_in_boxes_weasyprint_names_otherwise_fails_as_that_not_as_a_repeat():
    """Were a WeasyPrint release to rename its margin box, the walk by names would count the running
    footer once a page, as printed three times: every document refused as repeating its text. The
    CSS does not confirm it (the footer lies outside the root element's box), so it fails as an
    engine this check does not know, and no content field is blamed."""
    footer = ElementTree.fromstring("<p>Riverside Family Practice · Questions? Call us.</p>")
    body = ElementTree.fromstring("<p>Body text.</p>")
    pages = [_box("PageBox", children=[_box(children=[_text(body, "Body text.")] if number == 0 else []),
                                       _box("PageMarginArea", children=[_text(footer, footer.text)])])
             for number in range(3)]
    with pytest.raises(whole_text.EngineMismatch) as failed:
        whole_text.read(pages)
    assert "nothing was written" in str(failed.value) and "Riverside" not in str(failed.value)
    assert not isinstance(failed.value, RepeatedText)


def test_the_weasyprint_boxes_the_check_knows_by_name_are_where_it_looks():
    """Pins WeasyPrint's internals the walk reads by name (whole_text.ENGINE_CLASSES): should a release
    rename or move them, this fails here, in the test run, not as refused documents. A fixed watermark
    in a placeholder on page 1 and among the root box's children after it, a running footer in margin
    boxes, a table's header row over the pages it runs on, a list's markers: the walk by names and the
    walk by the CSS agree that nothing is printed twice, and nothing is lost."""
    import importlib

    from weasyprint import HTML

    for name, module in whole_text.ENGINE_CLASSES.items():
        assert hasattr(importlib.import_module(module), name), f"{module}.{name} is gone"
    rows = "".join(f"<tr><td>Food {i}</td><td>Note {i}</td></tr>" for i in range(90))
    html = ("<html><head><style>@page { size: a6; margin: 15mm; @bottom-left { content: element(foot) } }"
            " .foot { position: running(foot) } .mark { position: fixed; top: 40%; }"
            " .corner { position: absolute; top: 0; right: 0; }</style></head><body>"
            "<div class='mark'>DRAFT</div><p class='foot'>Riverside Family Practice</p>"
            "<div class='corner'>Corner</div><ol><li>One</li><li>Two</li></ol>"
            f"<table><thead><tr><th>Food to test</th><th>Note</th></tr></thead><tbody>{rows}</tbody></table>"
            "</body></html>")
    pages = [page._page_box for page in HTML(string=html).render().pages]
    assert len(pages) >= 3

    def kinds(box: object, found: list[tuple[int, str, bool]], page: int, depth: int = 0) -> list:
        for child in getattr(box, "children", None) or ():
            style = getattr(child, "style", None)
            found.append((page, type(child).__name__, depth == 1 and style is not None
                          and style["position"] == "fixed"))
            kinds(child, found, page, depth + 1)
        return found

    found: list[tuple[int, str, bool]] = []
    for number, page in enumerate(pages):
        kinds(page, found, number)
    assert {kind for page, kind, _ in found if page == 0} >= {"AbsolutePlaceholder", "MarginBox", "TableRowGroupBox"}
    assert all(any(page == n and fixed for page, _, fixed in found) for n in range(1, len(pages))), \
        "the fixed watermark is no longer among the root box's children on the pages after the first"
    assert [page.children[0].element_tag for page in pages] == ["html"] * len(pages)
    assert all(type(child).__name__ == "MarginBox" for page in pages for child in page.children[1:])
    assert whole_text.read(pages).repeated == ()
    assert whole_text._by_names(pages).repeated() == whole_text._by_style(pages).repeated() == ()
    assert whole_text.missing(html, pages) == []
