"""Whether the diet sheet's symptom diary kept its one page, said to the person printing when it did not.

The diary is a sheet of its own that the patient keeps on the fridge (styles/diet.css). Its seven day
rows give up what a deeper header or footer takes from the page, down to 12 mm each, the least that
two lines of handwriting need; past that they stop shrinking and the week runs over two pages.
WeasyPrint lays that out without a word, so the layout is read back: the pages each diary's boxes
are on (one diary per language of the sheet).

The boxes are read by attribute (WeasyPrint 70's page boxes); nothing here imports WeasyPrint.
"""

from __future__ import annotations

from typing import Any

DIARY_CLASS = "diary"
"""The class of the diary's section (templates/partials/diet_diary.html.j2)."""

MIN_ROW_MM = 12
"""The least height of a day's row, as styles/diet.css keeps it."""

DIARY_SPLIT = ("the symptom diary runs over two pages (its last days or the lines under them go overleaf): "
               "the practice's name in the running header and the brand's footer leave too little room on its "
               f"page for seven days at {MIN_ROW_MM} mm each, the least to write in by hand; a shorter practice "
               "name or footer in the brand keeps it on one page")


def _is_diary(box: Any) -> bool:
    element = getattr(box, "element", None)
    return element is not None and DIARY_CLASS in (element.get("class") or "").split()


def diary_pages(document: Any) -> list[int]:
    """For each diary in a laid-out document, in order, how many pages its boxes are on (none: [])."""
    pages: dict[int, set[int]] = {}
    for number, page in enumerate(getattr(document, "pages", ())):
        stack = [getattr(page, "_page_box", None)]
        while stack:
            box = stack.pop()
            if box is None:
                continue
            if _is_diary(box):
                pages.setdefault(id(box.element), set()).add(number)
                continue  # nothing inside a diary is another
            stack.extend(getattr(box, "children", ()) or ())
    return [len(found) for found in pages.values()]


def diary_warnings(document: Any) -> tuple[str, ...]:
    """What to tell the person printing about the diaries of a laid-out document: DIARY_SPLIT when one
    runs past its page."""
    return (DIARY_SPLIT,) if any(count > 1 for count in diary_pages(document)) else ()
