"""One table in the tagged PDF, however many pages it is printed over.

WeasyPrint 70 builds the structure tree page by page, so a table split over two
pages (a diet sheet's reintroduction schedule below a long note, the brief's
dosing table) became two /Table elements, the second opening with the header
row WeasyPrint repeats at the top of the page: a screen reader announced a
second table and read its column headers again in the middle of the rows.

Here the part of a table on a later page is a continuation: its header row, a
printed repeat, is drawn as an artifact and left out of the tree, and its rows
join the first part's /Table. Its cells keep pointing at their column headers
(/Headers) through the first part's header cells.

A row is split only when it is taller than a page (every table's rows avoid a
break inside them): a cell holding a pasted essay. Each page's piece of it was a
/TR of its own, so a screen reader read one row as several, each cell's words cut
off mid-sentence. The piece that goes on overleaf now joins the row it continues:
its cells' contents join the same cells of that /TR. handouts.pdftags calls these
from its wrappers of WeasyPrint's tagging; the boxes are read by attribute
(WeasyPrint 70's box tree) and the structure elements are pydyf dictionaries.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_FIRST_PARTS = "_handouts_first_parts"
"""The attribute on WeasyPrint's pydyf PDF (one per document written) that keeps each table's first part:
[its HTML element, its /Table, the HTML element of the last body row tagged so far]."""


def _tag(node: Any) -> str:
    return str(getattr(node, "tag", "")).rsplit("}", 1)[-1]


def _body_rows(table: Any) -> Iterator[Any]:
    for group in table.children:
        if not (getattr(group, "is_header", False) or getattr(group, "is_footer", False)):
            yield from group.children


def continued(table: Any) -> bool:
    """Whether a table box (WeasyPrint's TableBox) on a page starts after the table's first body row:
    the second or a later part of a table split over pages."""
    first = next(_body_rows(table), None)
    row = getattr(first, "element", None)
    if row is None or table.element is None:
        return False
    rows = (tr for group in table.element if _tag(group) in ("tbody", "tr")
            for tr in ([group] if _tag(group) == "tr" else group) if _tag(tr) == "tr")
    return next(rows, None) is not row


def repeated_headers(page_box: Any, boxes: Any) -> frozenset[int]:
    """The ids of every box in the header rows printed again above a continued table on this page."""
    found: set[int] = set()
    stack = [child for child in page_box.children if not isinstance(child, boxes.MarginBox)]
    while stack:
        box = stack.pop()
        box = getattr(box, "_box", box)
        if isinstance(box, boxes.TableBox) and continued(box):
            for group in box.children:
                if getattr(group, "is_header", False):
                    stack_group = [group]
                    while stack_group:
                        inner = stack_group.pop()
                        found.add(id(inner))
                        stack_group.extend(getattr(inner, "children", ()))
        stack.extend(getattr(box, "children", ()))
    return frozenset(found)


def stand_in_for(header_group: Any) -> None:
    """Give each cell of a repeated header row the placeholder WeasyPrint's table code writes a header
    id into (it links the rows' cells to their headers after building them); the group is not tagged."""
    import pydyf

    for row in header_group.children:
        for cell in row.children:
            cell.mark = pydyf.Dictionary({"A": pydyf.Dictionary({"O": "/Table"})})


def _table_box(box: Any) -> Any:
    """The TableBox of a table wrapper (or the box itself)."""
    if getattr(box, "is_table_wrapper", False):
        return box.get_wrapped_table()
    return box


def join(element: Any, box: Any, pdf: Any) -> bool:
    """For the /Table `element` WeasyPrint made of a table `box`: when it continues a table begun on an
    earlier page, move its rows into that table's element and return True (the caller drops it);
    else remember it as the table's first part and return False."""
    table = _table_box(box)
    node = getattr(table, "element", None)
    if node is None:
        return False
    first_parts: dict[int, list[Any]] = pdf.__dict__.setdefault(_FIRST_PARTS, {})
    first = first_parts.get(id(node))
    rows = list(_body_rows(table))
    last_row = getattr(rows[-1], "element", None) if rows else None
    if first is None or not continued(table):
        first_parts.setdefault(id(node), [node, element, last_row])
        return False
    first_element = first[1]
    renamed = _header_ids(table, element, first_element)
    for reference in element["K"]:
        kid = _object(pdf, reference)
        if kid is None:
            continue
        _rename_headers(kid, renamed, pdf)
    if rows and getattr(rows[0], "element", None) is first[2]:  # a row on two pages: split inside
        _join_row(element, first_element, pdf)
    for reference in element["K"]:
        kid = _object(pdf, reference)
        if kid is None:
            continue
        kid["P"] = first_element.reference
        first_element["K"].append(reference)
    element["K"] = type(element["K"])([])
    element.free = "f"  # never referenced: not written
    first[2] = last_row
    return True


def _join_row(part: Any, first: Any, pdf: Any) -> None:
    """The first /TR of a table's later `part` (the rest of a row split over the page break) joined to
    the last /TR of the table so far (`first`): each cell's contents appended to the same cell's.

    Left as it is when the two rows do not match cell for cell, or a cell holds marked content
    directly (the page's parent tree points at the cell itself, which would be dropped)."""
    group = _object(pdf, part["K"][0]) if len(part["K"]) else None
    before = _object(pdf, first["K"][-1]) if len(first["K"]) else None
    if group is None or before is None or not len(group["K"]) or not len(before["K"]):
        return
    row, earlier = _object(pdf, group["K"][0]), _object(pdf, before["K"][-1])
    if row is None or earlier is None or row.get("S") != "/TR" or earlier.get("S") != "/TR":
        return
    cells = [_object(pdf, reference) for reference in row["K"]]
    targets = [_object(pdf, reference) for reference in earlier["K"]]
    if len(cells) != len(targets) or any(
            cell is None or target is None or cell.get("S") != target.get("S")
            or any(not isinstance(kid, bytes) for kid in cell["K"])
            for cell, target in zip(cells, targets, strict=True)):
        return
    for cell, target in zip(cells, targets, strict=True):
        for reference in cell["K"]:
            kid = _object(pdf, reference)
            if kid is not None:
                kid["P"] = target.reference
            target["K"].append(reference)
        cell.free = "f"
    row.free = "f"
    del group["K"][0]
    if not len(group["K"]):
        group.free = "f"
        del part["K"][0]


def _header_ids(table: Any, part: Any, first: Any) -> dict[str, Any]:
    """The header ids WeasyPrint gave the repeated header's placeholders, each mapped to the id of the
    same cell in the first part's header (ids are '<table object>-<row>-<column>')."""
    import pydyf

    renamed: dict[str, Any] = {}
    prefix, first_prefix = f"{part.number}-", f"{first.number}-"
    for group in table.children:
        if getattr(group, "is_header", False):
            for row in group.children:
                for cell in row.children:
                    key = getattr(cell, "mark", {}).get("ID")
                    text = getattr(key, "string", None)
                    if isinstance(text, str) and text.startswith(prefix):
                        renamed[text] = pydyf.String(first_prefix + text[len(prefix):])
    return renamed


def _object(pdf: Any, reference: Any) -> Any:
    if not isinstance(reference, bytes):
        return None  # a marked-content id
    return pdf.objects[int(reference.split()[0])]


def _rename_headers(element: Any, renamed: dict[str, Any], pdf: Any) -> None:
    import pydyf

    stack = [element]
    while stack:
        item = stack.pop()
        if not hasattr(item, "get"):
            continue
        attributes = item.get("A")
        headers = attributes.get("Headers") if hasattr(attributes, "get") else None
        if headers is not None:
            attributes["Headers"] = pydyf.Array(
                renamed.get(getattr(key, "string", None), key) for key in headers)
        stack.extend(kid for reference in item.get("K", ()) if (kid := _object(pdf, reference)) is not None)
