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


def _texts(box: Any, by_element: dict[int, list[str]]) -> None:
    text = getattr(box, "text", None)
    if isinstance(text, str):
        by_element.setdefault(id(getattr(box, "element", None)), []).append(text)
    for child in getattr(box, "children", None) or ():
        _texts(child, by_element)


def laid_out_text(page_boxes: Iterable[Any]) -> str:
    """All the text on the pages (WeasyPrint page boxes), as compared: each element's text joined
    over every page it runs on, one element a line.

    By element, not in the order of the pages: a passage broken over a page reads whole even
    where other text comes between its two parts (the page's footer; the other cells of a table
    row split over the page)."""
    by_element: dict[int, list[str]] = {}
    for page_box in page_boxes:
        _texts(page_box, by_element)
    return "\n".join(squeezed("".join(texts)) for texts in by_element.values())


def missing(html: str, page_boxes: Iterable[Any]) -> list[str]:
    """The passages of `html` (as compared) that no page prints, in the order they come."""
    printed = laid_out_text(page_boxes)
    return [passage for passage in passages(html) if passage not in printed]


LOST = ("the layout left text of the document off its pages (WeasyPrint dropped it while breaking "
        "pages): nothing was written, rather than a PDF a reader cannot know is incomplete")


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
