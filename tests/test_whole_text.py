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
    455-character dose note WeasyPrint left out the table's note and the Recommendations heading,
    without a warning. Written, that layout is refused."""
    from handouts.html import render_html
    from handouts.render import renderer

    note = " ".join(f"w{i:04d}" for i in range(76))  # 455 characters
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
