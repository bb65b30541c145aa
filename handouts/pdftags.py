"""What a screen reader meets in our PDFs, where WeasyPrint 70's tagging falls short of PDF/UA.

WeasyPrint writes a structure tree for tagged PDF, but:

- no /Lang on a structure element whose HTML element says its own language
  (<div lang="en"> in a Spanish handout). Screen readers then read the English
  part of a bilingual handout, or an English note, with Spanish pronunciation.
  PDF/UA asks for the change of language to be marked (ISO 14289-1, 7.2).
- no /Scope on a header cell, though the HTML says it (<th scope="col">). Some
  readers associate headers only through /Scope, and checkers flag a table whose
  header cells carry none (the pdfua checker's UA-15-003).
- the page margins' text (the running footer, the page number, the practice's
  name and mark at the top of later pages) is tagged, but its elements are left
  out of the tree: content that is neither real content nor an artifact
  (ISO 14289-1, 7.1). Running heads and page numbers are pagination artifacts.
  The footer's words (the practice's footer, the review line: the content's review
  state and dates) were then never heard at all. An element in the margins marked
  role="contentinfo" is read once: where it is last printed, as that page's last
  element (the end of the document, or of its part in a document in two languages);
  its other copies stay artifacts, and so does anything in it marked aria-hidden (the
  page number).
- `aria-hidden="true"` is ignored: the DRAFT watermark, drawn on every page, was
  read as a word at the top of every page. Marked hidden, it is an artifact; the
  masthead's "DRAFT: not clinically approved" says it once, in words.
- `role="img"` and `aria-label` are ignored: a write-in blank (the line for the
  practice's phone, the ruled lines for the patient's notes, a box to score a
  symptom) was an empty /Span or /Div, so a screen reader passed over it
  silently and the label before it ("Our phone:") seemed to lead nowhere. Such
  an element becomes a /Figure whose /Alt is its label, as an <img alt> is.
- a link's description (its annotation's /Contents, which PDF/UA asks for and screen
  readers announce) is its address: 'mailto:care@...'. A link whose HTML names it
  (aria-label: 'Email care@...', in the document's language) is described so.
- a table split over pages became a /Table per page, the second opening with the
  header row printed again: one table now, its repeated header an artifact
  (handouts.pdftables). So did a paragraph, a list, a list item or a section a page or
  column break cuts: one element each now (handouts.pdfbreaks).
- an anonymous block inside a heading (the title before the block-level purpose
  line in <h1>) got the heading's own tag: an H1 inside the H1, listed twice
  among the headings.
- <figure> is a /NonStruct: a grouping with no meaning, which consumers are told
  not to interpret (ISO 32000-1, 14.8.4.2). PDF 1.7 has no other way to tie a
  /Caption to its /Figure (the PDF Association's Tagged PDF Best Practice Guide:
  Syntax, 2019, puts the caption right after the figure), so the figure's own
  element is what keeps the drawing and its caption one unit: a /Div, the
  generic block-level group.
- <header> is a /NonStruct too: the masthead (the logo, the practice's name and
  how to reach it, the DRAFT mark in words) and the handout's title block (its
  title, whom it is for). Each is read, once, where it prints (a later part of a
  document in two languages has its own, in its language; the name repeated at
  the top of later pages is a margin artifact), so it is a /Div grouping its
  /Figure and /P, not an artifact. The practice's name stays a paragraph, not a
  heading: the title is the document's one H1, and a heading above it would put
  the practice first among the headings a reader jumps by.
- every box becomes an element, so a box that draws no words left an empty one:
  a clearing ::after, a checkbox's ::before, each ruled line inside a write-in
  figure, a spacer, the empty piece of an inline cut by a line break. An auditor
  reads them as structure with nothing in it, and screen readers may stop on
  them. They are dropped (the pages print the same); an empty table cell stays,
  as it is a blank to write in, and so does a figure, which is heard by its /Alt.

WeasyPrint builds the tree in one recursive function, weasyprint.pdf.tags.
_build_box_tree, that yields each element it makes for a box, and marks the
content it draws through Stream.marked. `install` wraps both (and the page's
drawing, to know which boxes are in the margins). They are private API of the
pinned WeasyPrint (>=70,<71): the tests that read these tags back fail if an
upgrade moves them, and each wrapper then does nothing rather than break rendering.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from handouts import pdfbreaks, pdftables

_MARK = "_handouts_tags"
_SCOPES = {"col": "/Column", "row": "/Row", "colgroup": "/Column", "rowgroup": "/Row"}
_KEPT_EMPTY = {"/TD", "/TH", "/Figure"}
"""Roles whose element stands for something with no marked content: a blank cell, a drawn figure."""
_UNNESTED = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/P", "/Caption"}
"""Tags an anonymous box must not repeat inside its own element (a heading in a heading)."""
_GROUPS = {"figure", "header"}
"""HTML elements WeasyPrint tags /NonStruct that group content a reader hears as one unit: /Div."""


class _Artifacts(threading.local):
    """Per thread (a web server renders in several): what the page being drawn or tagged leaves out."""

    margin: frozenset[int] = frozenset()
    """ids of the boxes in the page's margins."""
    hidden: frozenset[int] = frozenset()
    """ids of the HTML elements marked aria-hidden, and of everything inside them."""
    repeated: frozenset[int] = frozenset()
    """ids of the boxes of a header row printed again above the rest of a table (handouts.pdftables)."""
    once: frozenset[int] = frozenset()
    """ids of the boxes (and their content) of each role="contentinfo" element in the margins, on the
    last page that prints it: the document being written's copy that a screen reader reads."""


_STATE = _Artifacts()


def _element(box: Any) -> Any:
    return getattr(getattr(box, "_box", box), "element", None)  # an absolutely placed box's placeholder


def _lang_of(box: Any) -> str | None:
    inner = getattr(box, "_box", box)
    node = getattr(inner, "element", None)
    if node is None or getattr(inner, "element_tag", None) in ("html", "body"):
        return None
    lang = node.get("lang")
    return str(lang) if lang else None


def _descendants(box: Any) -> Iterator[Any]:
    stack = [box]
    while stack:
        item = stack.pop()
        item = getattr(item, "_box", item)
        yield item
        stack.extend(getattr(item, "children", ()))


def _page_state(page_box: Any) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """The ids of the page's margin boxes and their content, of its hidden elements, and of the boxes
    of header rows repeated above a continued table (looked for only in a document with a header row)."""
    from weasyprint.formatting_structure import boxes

    margin = frozenset(id(box) for child in page_box.children if isinstance(child, boxes.MarginBox)
                       for box in _descendants(child))
    hidden: set[int] = set()
    headed = False
    for child in page_box.children:
        root = getattr(child, "element", None)
        if root is not None and not isinstance(child, boxes.MarginBox):
            for node in root.iter():
                if node.get("aria-hidden") == "true" and id(node) not in hidden:
                    hidden.update(id(inner) for inner in node.iter())
                headed = headed or node.tag == "thead"
            break
    repeated = pdftables.repeated_headers(page_box, boxes) if headed else frozenset()
    return margin, frozenset(hidden), repeated


def _is_artifact(box: Any) -> bool:
    return ((id(box) in _STATE.margin and id(box) not in _STATE.once) or id(_element(box)) in _STATE.hidden
            or id(box) in _STATE.repeated)


def _read_once(page_boxes: Iterator[Any]) -> frozenset[int]:
    """The ids of the boxes of each margin element marked role="contentinfo", on the last page that
    prints it (a later part of a document in two languages has its own, read at the end of that part)."""
    from weasyprint.formatting_structure import boxes

    last: dict[int, Any] = {}
    for page_box in page_boxes:
        stack = [child for child in page_box.children if isinstance(child, boxes.MarginBox)]
        while stack:
            item = stack.pop()
            box = getattr(item, "_box", item)
            node = getattr(box, "element", None)
            if node is not None and node.get("role") == "contentinfo":
                last[id(node)] = box
            else:
                stack.extend(getattr(box, "children", ()))
    return frozenset(id(inner) for box in last.values() for inner in _descendants(box))


@contextmanager
def _state_of(page_box: Any) -> Iterator[None]:
    before = (_STATE.margin, _STATE.hidden, _STATE.repeated)
    _STATE.margin, _STATE.hidden, _STATE.repeated = _page_state(page_box)
    try:
        yield
    finally:
        _STATE.margin, _STATE.hidden, _STATE.repeated = before


def _install_drawing() -> bool:
    """Margin and hidden content drawn as /Artifact, never given a marked-content id (but for the copy
    of a role="contentinfo" element that is read once)."""
    from weasyprint import document
    from weasyprint.pdf.stream import Stream

    draw_page: Callable[..., Any] = document.draw_page
    written: Callable[..., Any] = document.Document.write_pdf
    marked: Callable[..., Any] = Stream.marked
    if getattr(marked, _MARK, False):
        return True

    def draw(page_box: Any, stream: Any) -> Any:
        with _state_of(page_box):
            return draw_page(page_box, stream)

    def write_pdf(self: Any, *args: Any, **kwargs: Any) -> Any:
        before, _STATE.once = _STATE.once, _read_once(page._page_box for page in self.pages)
        try:
            return written(self, *args, **kwargs)
        finally:
            _STATE.once = before

    @contextmanager
    def marked_or_artifact(self: Any, box: Any, tag: str) -> Iterator[None]:
        manager = self.artifact() if self._tags is not None and _is_artifact(box) else marked(self, box, tag)
        with manager:
            yield

    setattr(marked_or_artifact, _MARK, True)
    document.draw_page = draw
    document.Document.write_pdf = write_pdf  # type: ignore[method-assign]
    Stream.marked = marked_or_artifact  # type: ignore[method-assign]
    return True


def _left_out(box: Any, tags: dict[Any, Any]) -> bool:
    """True for a box drawn as an artifact, left out of the tree, when none of its content was tagged
    (were any, WeasyPrint's own tagging of it keeps the page's marked-content ids whole)."""
    from weasyprint.formatting_structure import boxes

    if not (isinstance(box, boxes.MarginBox) or id(_element(box)) in _STATE.hidden):
        return False
    return not any(inner in tags for inner in _descendants(box))


def _name_image(element: Any, box: Any, label: str) -> None:
    """A drawn, wordless element named in the HTML (role="img", aria-label) as a figure with that name,
    its bounding box given as WeasyPrint gives an <img>'s."""
    import pydyf

    inner = getattr(box, "_box", box)
    x, y = inner.content_box_x(), inner.content_box_y()
    element["S"] = "/Figure"
    element["Alt"] = pydyf.String(label)
    element["A"] = pydyf.Dictionary({"O": "/Layout", "BBox": pydyf.Array((x, y, x + inner.width, y + inner.height))})


def _retag(element: Any, box: Any, parent: Any) -> None:
    import pydyf
    from weasyprint.css import AnonymousStyle

    lang = _lang_of(box)
    if lang and "Lang" not in element:
        element["Lang"] = pydyf.String(lang)
    kind = element["S"]
    node = _element(box)
    annotation = getattr(getattr(box, "_box", box), "link_annotation", None)
    if annotation is not None and node is not None and (label := node.get("aria-label")):
        annotation["Contents"] = pydyf.String(label)  # what the link does, not its address
    if node is not None and node.get("role") == "img" and (label := node.get("aria-label")):
        _name_image(element, box, label)
    elif kind == "/TH" and node is not None and (scope := _SCOPES.get(node.get("scope", "col"))):
        element["A"]["Scope"] = scope  # WeasyPrint itself treats a <th> without scope as a column's
    elif (kind in _UNNESTED and isinstance(getattr(box, "style", None), AnonymousStyle)
          and parent.get("S") == kind):
        element["S"] = "/NonStruct"
    elif (kind == "/NonStruct" and getattr(getattr(box, "_box", box), "element_tag", None) in _GROUPS
          and not isinstance(getattr(box, "style", None), AnonymousStyle)):
        element["S"] = "/Div"  # a drawing and its caption, a masthead, a title block: one unit each


def _holds_nothing(element: Any) -> bool:
    """An element with neither content nor a kid left (its empty kids were dropped before it was built)."""
    return not len(element["K"]) and element["S"] not in _KEPT_EMPTY


def _said_in_its_language(element: Any, box: Any) -> None:
    """/Lang on a margin element read in the body, from the language it inherits: a later part's footer
    (in English in a Spanish handout) sits under the document's root, no longer in its part's element."""
    import pydyf

    lang = (getattr(box, "style", None) or {}).get("lang")
    if lang and "Lang" not in element:
        element["Lang"] = pydyf.String(str(lang))


def install() -> bool:
    """Wrap WeasyPrint's tagging once per process; False if it is not where expected."""
    try:
        from weasyprint.pdf import tags
        from weasyprint.formatting_structure import boxes
    except ImportError:  # pragma: no cover - WeasyPrint is a dependency
        return False
    original: Callable[..., Iterator[Any]] | None = getattr(tags, "_build_box_tree", None)
    if original is None:
        return False
    if getattr(original, _MARK, False):
        return True
    try:
        _install_drawing()
    except (ImportError, AttributeError):  # pragma: no cover - moved by an upgrade: tests say so
        return False

    def build_box_tree(box: Any, parent: Any, pdf: Any, page_number: int, nums: Any, annotations: Any,
                       tag_map: dict[Any, Any], *args: Any, **kwargs: Any) -> Iterator[Any]:
        if isinstance(box, boxes.PageBox):
            with _state_of(box):
                yield from pdfbreaks.joined(
                    original(box, parent, pdf, page_number, nums, annotations, tag_map, *args, **kwargs),
                    pdf, page_number)
            return
        if isinstance(box, boxes.MarginBox) and any(id(inner) in _STATE.once for inner in _descendants(box)):
            for child in box.children:  # the footer, read here once: the page's last element
                for element in build_box_tree(child, parent, pdf, page_number, nums, annotations, tag_map,
                                              *args, **kwargs):
                    _said_in_its_language(element, child)
                    yield element
            return
        if _left_out(box, tag_map):
            return
        if id(box) in _STATE.repeated and getattr(box, "is_header", False):
            pdftables.stand_in_for(box)  # a printed repeat: drawn as an artifact, not tagged again
            return
        for element in original(box, parent, pdf, page_number, nums, annotations, tag_map, *args, **kwargs):
            if element["S"] == "/Table" and pdftables.join(element, box, pdf):
                continue  # its rows joined the table's first part, on an earlier page
            _retag(element, box, parent)
            if _holds_nothing(element):
                element.free = "f"  # never referenced: not written
                continue
            pdfbreaks.join_kids(element, pdf)
            pdfbreaks.remember(element, box, pdf)
            yield element

    setattr(build_box_tree, _MARK, True)
    tags._build_box_tree = build_box_tree
    return True
