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
Only an element whose text runs on more than one page is counted: WeasyPrint's repeats come
after a page break, on the pages after the first copy. A repeat on the first copy's own page
would not be caught; counting every element would cost the check twice what it did.
"""

from __future__ import annotations

import dataclasses
import html as html_module
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

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
absolutely placed or fixed box (the watermark, fixed on every page; a list's marker)."""


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


def read(page_boxes: Iterable[Any]) -> Printed:
    """The text on the pages (WeasyPrint page boxes), by element, not in the order of the pages: a
    passage broken over a page reads whole even where other text comes between its two parts (the
    page's footer; the other cells of a table row split over the page).

    Repeats are counted for the elements whose text runs on more than one page, where WeasyPrint
    repeats it (laying out again what a page break had placed), against the element's own text in
    the HTML: the text CSS generates (::before, ::marker) and the boxes that repeat by design are
    not counted. The others are compared for losses alone, so the check costs about what it did
    (0.1 ms more on a handout's 0.55 ms, under 1 ms more on a brief's 5.5 ms)."""
    by_element: dict[int, list[str]] = {}
    page_of: dict[int, int] = {}  # where each element's counted text was last seen
    several: dict[int, Any] = {}  # elements whose counted text runs on more than one page
    uncounted: dict[int, list[str]] = {}  # text of an element that repeats by design, or generated

    def walk(box: Any, page: int, counted: bool, root: bool = False) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            element = getattr(box, "element", None)
            key = id(element)
            by_element.setdefault(key, []).append(text)
            if counted and "::" not in (getattr(box, "element_tag", None) or ""):
                seen = page_of.get(key, page)
                if seen != page:
                    several[key] = element
                page_of[key] = page
            else:
                uncounted.setdefault(key, []).append(text)
        children = getattr(box, "children", None)
        if not children:
            return
        for child in children:
            kind = type(child).__name__  # _repeats_by_design, inline: it runs for every box
            walk(child, page, counted and not (kind in _REPEATING or kind == "TableRowGroupBox"
                                               and bool(child.is_header or child.is_footer)
                                               or root and _fixed(child)))

    for page, page_box in enumerate(page_boxes):
        for child in getattr(page_box, "children", None) or ():  # the root element's box, the margin boxes
            walk(child, page, not _repeats_by_design(child), root=True)
    repeated: dict[str, None] = {}
    for key, element in several.items():
        nodes = _own_nodes(element) if element is not None else None
        printed = len(_as_counted("".join(by_element[key]))) - len(_as_counted("".join(uncounted.get(key, ()))))
        if nodes is not None and printed > len(_as_counted("".join(nodes))):
            repeated.update(dict.fromkeys(node for node in map(squeezed, nodes) if node))
    return Printed("\n".join(squeezed("".join(texts)) for texts in by_element.values()), tuple(repeated))


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


LOST = ("the layout left text of the document off its pages (WeasyPrint dropped it while breaking "
        "pages): nothing was written, rather than a PDF a reader cannot know is incomplete")
REPEATED = ("the layout printed text of the document twice (WeasyPrint laid it out again while breaking "
            "pages): nothing was written, rather than a PDF that says part of itself over again")


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
