"""Language tags on the PDF's structure elements, which WeasyPrint 70 leaves out.

WeasyPrint writes the document's language (/Lang in the catalogue, from
<html lang>) and a structure tree for tagged PDF, but no /Lang on a structure
element whose HTML element says its own language (<div lang="en"> in a Spanish
handout). Screen readers then read the English part of a bilingual handout,
or an English note, with Spanish pronunciation. PDF/UA asks for the change of
language to be marked (ISO 14289-1, 7.2).

WeasyPrint builds the tree in one recursive function, weasyprint.pdf.tags.
_build_box_tree, that yields each element it makes for a box. `install` wraps
it so each element made for a box whose HTML element has a `lang` attribute
gets that /Lang. It is private API of the pinned WeasyPrint (>=70,<71): the
test that reads /Lang back from a bilingual handout fails if an upgrade moves
it, and the wrapper then does nothing rather than break rendering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

_MARK = "_handouts_lang"


def _lang_of(box: Any) -> str | None:
    inner = getattr(box, "_box", box)  # an absolutely placed box's placeholder
    node = getattr(inner, "element", None)
    if node is None or getattr(inner, "element_tag", None) in ("html", "body"):
        return None
    lang = node.get("lang")
    return str(lang) if lang else None


def install() -> bool:
    """Wrap WeasyPrint's structure builder once per process; False if it is not where expected."""
    try:
        import pydyf
        from weasyprint.pdf import tags
    except ImportError:  # pragma: no cover - WeasyPrint is a dependency
        return False
    original: Callable[..., Iterator[Any]] | None = getattr(tags, "_build_box_tree", None)
    if original is None:
        return False
    if getattr(original, _MARK, False):
        return True

    def build_box_tree(box: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        lang = _lang_of(box)
        for element in original(box, *args, **kwargs):
            if lang and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    setattr(build_box_tree, _MARK, True)
    tags._build_box_tree = build_box_tree
    return True
