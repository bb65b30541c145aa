"""Every passage of a document's HTML on its pages: nothing dropped while laying them out.

WeasyPrint (70) can lose text without a warning: a box that breaks over a page and is
resumed at the wrong place leaves out the rest of its content. A `column-span: all` block
inside the clinician brief's columns did that after a long dose note, and the brief
printed without the rest of its details. A reader cannot know a line is missing from
paper, so before a PDF is written the text of every text node of the HTML is looked for
in the text laid out on the pages, and a layout that lacks one is refused
(handouts.render), never written.

The comparison ignores what a layout may change without losing a word: whitespace (a line
break replaces a space), hyphens (hyphenation adds one), soft hyphens and zero-width
characters. Generated text (page numbers, a separator drawn by CSS) only adds to the
pages. Each text node is looked for in the text its element has on the pages, wherever
that is: running headers and footers are laid out in the margins of every page. Nothing
here imports WeasyPrint: boxes are read by attribute, like handouts.overflow.

WeasyPrint can also print text twice: a side note of 2,000 characters in the handout's rail,
running over a page, made it lay the steps after it out again, 'What to avoid' on two pages
and on three. The same walk over the boxes counts each element's own text in the pages'
flow (not the margins, whose header and footer repeat on every page by design, nor a fixed
watermark, a table's header row repeated over its pages, or text CSS generates): more of it
than the element holds in the HTML is text printed twice, and the layout is refused too.
Every element is counted, so a node printed twice on one page is caught as well as one
printed again after a page break.

The walk knows the boxes that repeat by design by WeasyPrint 70's names for them (a margin
box, the placeholder left where a fixed or absolutely placed box was taken out of the flow):
the fast way, run for every box. Should a WeasyPrint release name or place them otherwise,
its running footer would count once a page and every document would be refused as printing
text twice. So a repeat is confirmed before a layout is refused, by a second walk that reads
the CSS instead (what lies outside the root element's box, `position: fixed` or `absolute`,
a table's header and footer groups); a repeat the CSS does not confirm is an engine this
check does not know, and fails as that (`EngineMismatch`), never blaming the content.
tests/test_whole_text.py pins the names against the installed WeasyPrint.
"""

from __future__ import annotations

import dataclasses
import html as html_module
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from handouts.errors import RenderError

_HEAD = re.compile(r"<head\b.*?</head>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_IGNORED = re.compile(r"[\s\u00ad\u200b-\u200f\u2060\ufeff\-\u2010\u2011]+")
"""Whitespace, hyphens and the invisible characters a line may break at."""


def squeezed(text: str) -> str:
    """`text` as compared: NFC, without whitespace, hyphens or invisible break characters."""
    return _IGNORED.sub("", unicodedata.normalize("NFC", text))


def passages(html: str) -> list[str]:
    """The text nodes of the document's body, as compared, each once, in order."""
    body = _HEAD.sub(" ", html)
    found = (squeezed(html_module.unescape(node)) for node in _TAG.split(body))
    return list(dict.fromkeys(node for node in found if node))


_REPEATING = frozenset({"MarginBox", "AbsolutePlaceholder"})
"""WeasyPrint 70's boxes whose text may print on every page: a margin box (the running header, the
running footer: a running element is laid out only there) and the placeholder it puts round every
absolutely placed or fixed box (the watermark, fixed on every page; a list's marker). Their classes:
ENGINE_CLASSES."""

ENGINE_CLASSES = {"MarginBox": "weasyprint.formatting_structure.boxes",
                  "TableRowGroupBox": "weasyprint.formatting_structure.boxes",
                  "AbsolutePlaceholder": "weasyprint.layout.absolute"}
"""Where the installed WeasyPrint defines each box class the walk knows by name (a test imports them)."""


class EngineMismatch(RenderError):
    """The walk by WeasyPrint's box names found text printed twice that the CSS does not repeat:
    the installed WeasyPrint lays boxes out otherwise than this check reads them. Said as that,
    not as a layout that printed the content's text twice (RepeatedText names content fields)."""


def _repeats_by_design(box: Any) -> bool:
    """A box whose text may print on several pages: a margin box, a fixed or absolutely placed box,
    a table's header or footer rows (repeated over the pages a table runs on). By the box's type,
    not its style: the check runs for every box of every document."""
    kind = type(box).__name__
    return kind in _REPEATING or (kind == "TableRowGroupBox" and bool(box.is_header or box.is_footer))


def _fixed(box: Any) -> bool:
    """A fixed box laid out again for another page: WeasyPrint 70 puts those among the root box's
    children, without a placeholder (the watermark on pages 2 onwards)."""
    try:
        return bool(box.style["position"] == "fixed")
    except (AttributeError, KeyError, TypeError):
        return False


def _as_counted(text: str) -> str:
    """Text as counted for repeats: as compared, and case-folded (text-transform may make 'ß' 'SS')."""
    return squeezed(text).casefold()


def _own_nodes(element: Any) -> list[str] | None:
    """An element's own text nodes in the HTML: its first, and the one after each child."""
    try:
        return [element.text or "", *(child.tail or "" for child in element)]
    except (AttributeError, TypeError):
        return None  # not an element of the HTML tree


@dataclasses.dataclass(frozen=True)
class Printed:
    """What the pages print, read in one walk over their boxes."""

    text: str
    """Every element's text as compared, joined over every page it runs on, one element a line."""
    repeated: tuple[str, ...]
    """The text nodes (as compared) of the elements whose own text the pages print more than once."""


@dataclasses.dataclass
class _Count:
    """One walk's text by element: all of it, and the part that repeats by design or is generated."""

    by_element: dict[int, list[str]] = dataclasses.field(default_factory=dict)
    elements: dict[int, Any] = dataclasses.field(default_factory=dict)  # those with text in the flow
    boxes: dict[int, int] = dataclasses.field(default_factory=dict)  # how many boxes print it there
    uncounted: dict[int, list[str]] = dataclasses.field(default_factory=dict)

    def add(self, box: Any, text: str, counted: bool) -> None:
        element = getattr(box, "element", None)
        key = id(element)
        self.by_element.setdefault(key, []).append(text)
        if counted and "::" not in (getattr(box, "element_tag", None) or ""):
            self.elements[key] = element
            self.boxes[key] = self.boxes.get(key, 0) + 1
        else:
            self.uncounted.setdefault(key, []).append(text)

    def squeezed(self) -> dict[int, str]:
        """Each element's text on the pages, as compared."""
        return {key: squeezed("".join(texts)) for key, texts in self.by_element.items()}

    def repeated(self, printed_text: dict[int, str] | None = None) -> tuple[str, ...]:
        """The text nodes of the elements whose own text the flow prints more than the HTML holds
        (`printed_text`: self.squeezed(), when already made)."""
        printed_text = self.squeezed() if printed_text is None else printed_text
        found: dict[str, None] = {}
        for key, element in self.elements.items():
            if self.boxes[key] < 2:
                continue  # printed in one box: once (what WeasyPrint lays out again is another box)
            nodes = _own_nodes(element) if element is not None else None
            if nodes is None:
                continue
            printed = len(printed_text[key].casefold())
            if key in self.uncounted:
                printed -= len(_as_counted("".join(self.uncounted[key])))
            if printed > len(_as_counted("".join(nodes))):
                found.update(dict.fromkeys(node for node in map(squeezed, nodes) if node))
        return tuple(found)


def _by_names(page_boxes: list[Any]) -> _Count:
    """One walk over the pages, knowing the boxes that repeat by design by WeasyPrint's names for them."""
    count = _Count()

    def walk(box: Any, counted: bool, root: bool = False) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            count.add(box, text, counted)
        children = getattr(box, "children", None)
        if not children:
            return
        for child in children:
            kind = type(child).__name__  # _repeats_by_design, inline: it runs for every box
            walk(child, counted and not (kind in _REPEATING or kind == "TableRowGroupBox"
                                         and bool(child.is_header or child.is_footer)
                                         or root and _fixed(child)))

    for page_box in page_boxes:
        for child in getattr(page_box, "children", None) or ():  # the root element's box, the margin boxes
            walk(child, not _repeats_by_design(child), root=True)
    return count


_REPEATING_DISPLAY = frozenset({"table-header-group", "table-footer-group"})


def _repeats_by_style(box: Any) -> bool:
    """A box the CSS prints again on other pages: fixed or absolutely placed (out of the flow), or a
    table's header or footer group. Style lookups: for confirming a repeat, not for every render."""
    try:
        display = box.style["display"]  # WeasyPrint's keywords: ('table-header-group',), ('block', 'flow')
        return box.style["position"] in ("fixed", "absolute") or not _REPEATING_DISPLAY.isdisjoint(
            display if isinstance(display, tuple) else (display,))
    except (AttributeError, KeyError, TypeError):
        return False


def _by_style(page_boxes: list[Any]) -> _Count:
    """One walk over the pages, reading what repeats by design from the CSS: everything outside the
    root element's box (the page's margin boxes), and _repeats_by_style."""
    count = _Count()

    def walk(box: Any, counted: bool) -> None:
        counted = counted and not _repeats_by_style(box)
        text = getattr(box, "text", None)
        if isinstance(text, str):
            count.add(box, text, counted)
        for child in getattr(box, "children", None) or ():
            walk(child, counted)

    for page_box in page_boxes:
        for index, child in enumerate(getattr(page_box, "children", None) or ()):
            walk(child, index == 0)  # the root element's box first, then the margin boxes
    return count


def read(page_boxes: Iterable[Any]) -> Printed:
    """The text on the pages (WeasyPrint page boxes), by element, not in the order of the pages: a
    passage broken over a page reads whole even where other text comes between its two parts (the
    page's footer; the other cells of a table row split over the page).

    Every element's own text in the pages' flow is counted against its own text in the HTML: the
    text CSS generates (::before, ::marker) and the boxes that repeat by design are not counted.
    A repeat found is confirmed by the CSS (_by_style) before it is reported; one the CSS does not
    confirm raises EngineMismatch."""
    page_boxes = list(page_boxes)
    count = _by_names(page_boxes)
    printed = count.squeezed()
    repeated = count.repeated(printed)
    if repeated:
        repeated = _by_style(page_boxes).repeated()
        if not repeated:
            raise EngineMismatch(ENGINE_MISMATCH)
    return Printed("\n".join(printed.values()), repeated)


def laid_out_text(page_boxes: Iterable[Any]) -> str:
    """All the text on the pages, as compared: each element's text joined over every page it runs
    on, one element a line (read)."""
    return read(page_boxes).text


def missing(html: str, page_boxes: Iterable[Any]) -> list[str]:
    """The passages of `html` (as compared) that no page prints, in the order they come."""
    printed = laid_out_text(page_boxes)
    return [passage for passage in passages(html) if passage not in printed]


def problems(html: str, page_boxes: Iterable[Any]) -> tuple[list[str], tuple[str, ...]]:
    """The passages no page prints, and those the pages print more than once, from one walk."""
    printed = read(page_boxes)
    return [passage for passage in passages(html) if passage not in printed.text], printed.repeated


ENGINE_MISMATCH = ("the installed WeasyPrint lays out what prints on every page (the running header and "
                   "footer, a fixed watermark) otherwise than handouts reads it to check the printed text: "
                   "nothing was written; install the WeasyPrint release handouts is made for (70)")
LOST = ("the layout left text of the document off its pages (WeasyPrint dropped it while breaking "
        "pages): nothing was written, rather than a PDF a reader cannot know is incomplete")
REPEATED = ("the layout printed text of the document twice (WeasyPrint laid it out again): nothing was "
            "written, rather than a PDF that says part of itself over again")


def _fields(node: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, text) for every string in a view: 'doses[1] (L-glutamine).note'."""
    if isinstance(node, str):
        yield path, node
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            yield from _fields(getattr(node, field.name), f"{path}.{field.name}" if path else field.name)
    elif isinstance(node, (tuple, list)):
        for index, item in enumerate(node):
            named = next((getattr(item, key) for key in ("name", "id", "title")
                          if isinstance(getattr(item, key, None), str)), None)
            yield from _fields(item, f"{path}[{index}]" + (f" ({named})" if named else ""))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _fields(value, f"{path}.{key}")


def lost_fields(view: Any, lost: Iterable[str]) -> list[str]:
    """The fields of `view` whose text holds a lost passage, in the order the passages come;
    'the template's own words' for a passage no field holds."""
    fields = [(path, squeezed(text)) for path, text in _fields(view, "") if text.strip()]
    named: list[str] = []
    for passage in lost:
        holder = next((path for path, text in fields if passage in text), "the template's own words")
        if holder not in named:
            named.append(holder)
    return named
