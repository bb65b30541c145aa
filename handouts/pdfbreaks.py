"""One structure element for a paragraph, a list or a section a page or column break cuts.

WeasyPrint 70 builds the structure tree from the laid-out boxes, page by page, so a block
split by a page break became two elements, one on each page, and one split by a column
break (the clinician brief's details, in two columns) two elements side by side: a screen
reader read a broken paragraph as two paragraphs, and announced a list broken between its
items as two lists, each with its own count ("list, 3 items", then "list, 1 item"); an
item broken in the middle was two items.

Here an element joins the one just before it when both were made of the same box (one
HTML element, or the same anonymous block of it, such as a column): the first element of
a page's tree and the last of the page before, two kids side by side. The later one's
kids move, in reading order, to the end of the earlier one's, and the same is done one
level down (the paragraph inside the section, the item inside the list), as far as both
sides of the break go. Text is always in a kid element of its own, which carries its own
/Pg, so the page's parent tree (each marked-content id to its element) stays true; an
element holding marked content or an annotation itself (a link, a figure) is left as it
is, and so is a table (handouts.pdftables joins its parts).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

_KEYS = "_handouts_box_keys"
"""The attribute on WeasyPrint's pydyf PDF (one per document written): each element's number, mapped to
what it was made of (its HTML element, its tag with any pseudo-element, whether it is an anonymous block,
the kind of box: two anonymous boxes of one element side by side, a line of text and a row of table cells,
are not parts of one)."""
_LAST = "_handouts_last_element"
"""The attribute on the same PDF: the page last tagged, and the element its tree ends with."""
_JOINED = {"/P", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/L", "/LI", "/LBody", "/Div", "/Sect", "/Part",
           "/Art", "/BlockQuote", "/Caption", "/NonStruct"}
"""Roles of the block elements a page break may cut (tables are joined by handouts.pdftables)."""


def remember(element: Any, box: Any, pdf: Any) -> None:
    """Note what a block-level `element` was made of, so that its part on the next page can be found."""
    from weasyprint.css import AnonymousStyle
    from weasyprint.formatting_structure import boxes

    inner = getattr(box, "_box", box)  # an absolutely placed box's placeholder
    node = getattr(inner, "element", None)
    if node is None or element["S"] not in _JOINED or not isinstance(inner, boxes.BlockLevelBox):
        return
    if inner.style["position"] == "fixed":
        return  # printed again on every page: each copy is not a part of the one before
    anonymous = isinstance(inner.style, AnonymousStyle)
    pdf.__dict__.setdefault(_KEYS, {})[element.number] = (id(node), inner.element_tag, anonymous, type(inner))


def join_kids(element: Any, pdf: Any) -> None:
    """Join each kid of `element` to the kid before it where both are parts of one box (cut by a column
    break; a page break is found by `joined`, as each page's tree is built on its own)."""
    kids = element["K"]
    keys: dict[int, Any] = pdf.__dict__.get(_KEYS, {})
    index = 1
    while index < len(kids):
        key = keys.get(_number(kids[index]))
        if key is not None and key == keys.get(_number(kids[index - 1])) and _join(
                _element(pdf, kids[index - 1]), _element(pdf, kids[index]), pdf):
            del kids[index]
        else:
            index += 1


def joined(elements: Iterable[Any], pdf: Any, page_number: int) -> Iterator[Any]:
    """The top-level elements of page `page_number`'s tree, the first one left out when it joined the
    element the page before ends with (it continues it)."""
    found = list(elements)
    last = pdf.__dict__.get(_LAST)
    ends = found[-1] if found else None
    if found and last is not None and last[0] == page_number - 1 and _join(last[1], found[0], pdf):
        found.pop(0)
        ends = found[-1] if found else last[1]  # a page wholly inside it: the next may continue it still
    pdf.__dict__[_LAST] = None if ends is None else (page_number, ends)
    yield from found


def _join(first: Any, later: Any, pdf: Any) -> bool:
    """Move the kids of `later` (the part of a block after a page or column break) to the end of
    `first`'s, joining its first kid to `first`'s last where that one is cut too; False, and nothing
    moved, when `later` does not continue `first` or holds content of its own (the parent tree points
    at it)."""
    keys: dict[int, Any] = pdf.__dict__.get(_KEYS, {})
    key = keys.get(later.number)
    if key is None or key != keys.get(first.number) or first["S"] != later["S"]:
        return False
    kids = [_element(pdf, reference) for reference in later["K"]]
    if any(kid is None for kid in kids):
        return False  # a marked-content id, or an annotation's reference: the parent tree points here
    if kids and len(first["K"]):
        before = _element(pdf, first["K"][-1])
        if before is not None and _join(before, kids[0], pdf):
            kids.pop(0)
    for kid in kids:
        kid["P"] = first.reference
        first["K"].append(kid.reference)
    del later["K"][:]
    later.free = "f"  # never referenced: not written
    return True


def _number(reference: Any) -> int | None:
    """The object number of a kid's reference ('12 0 R'); None for a marked-content id."""
    return int(reference.split()[0]) if isinstance(reference, bytes) else None


def _element(pdf: Any, reference: Any) -> Any:
    """The structure element a kid reference points at; None for marked content or an annotation."""
    number = _number(reference)
    kid = None if number is None else pdf.objects[number]
    return kid if kid is not None and kid.get("Type") == "/StructElem" else None
