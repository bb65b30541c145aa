"""Placeholder references for the answer's numbered citations.

An evidence tool's answer cites sources by number and rarely shows them. Each
number becomes a reference that says exactly that (`verified: false`, a title
naming the citation number), so every item can cite honestly now and the editor
knows which records to complete. When the answer does list its references, what
it shows (text, DOI, PMID, URL) is kept, still unverified.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from handouts.importer.outline import Entry, Outline
from handouts.importer.wording import clean

TO_DO = (
    "importer: for each reference, find the source and fill in author, title, container-title, issued\n"
    "and DOI or PMID; set kind, type and verified: true; leave in check only what stays unconfirmed"
)
"""The editor's instruction, a comment above the first placeholder (handouts.importer.emit): in `check`, the brief
printed it to the clinician as 'Not confirmed: Only what the source answer shows is known: find the source ...'."""
_RECORD = ("authors", "title", "journal", "year")
"""What a placeholder never has: the answer names a source by its number or its listing's text, never by fields."""
_IDENTIFIERS = ("DOI", "PMID")
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+?)(?=[.,;)]?(?:\s|$))")
_PMID = re.compile(r"\bPMID:?\s*(\d{1,9})\b")
_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;)]")


def listed_references(outline: Outline) -> dict[int, str]:
    """A numbered reference list at the end of the answer ('1. Smith J ...'), if it has one."""
    listed: dict[int, str] = {}
    for group in outline.groups:
        if group.role != "references":
            continue
        for block in group.blocks:
            number = block.number if isinstance(block, Entry) and block.number else None
            number = number or (block.citations[0] if block.citations else None)
            if number and number not in listed:
                listed[number] = clean(block.text)
    return listed


def placeholder(
    number: int, *, listed: str | None, cited_in: Sequence[str], source_name: str
) -> dict[str, Any]:
    """One reference record for citation `number` of the answer."""
    ref: dict[str, Any] = {
        "id": f"ref-{number}",
        "kind": "other",  # unknown until someone finds the source
        "type": "article-journal",  # CSL has no 'unknown'; the commonest kind of cited evidence
        "title": f"Citation {number} of the source answer (to be completed by the editor)",
    }
    if listed:
        doi, pmid, url = _DOI.search(listed), _PMID.search(listed), _URL.search(listed)
        if doi:
            ref["DOI"] = doi.group(1)
        if pmid:
            ref["PMID"] = pmid.group(1)
        if url and not (doi and "doi.org" in url.group(0)):
            ref["URL"] = url.group(0)
        ref["note"] = f"The source answer's reference {number}: {listed}"
    else:
        where = "; ".join(cited_in) or "nowhere the importer could attach it"
        ref["note"] = f"Placeholder made by handouts import from {source_name}; cited in: {where}."
    ref["verified"] = False
    ref["check"] = unconfirmed(ref)
    return ref


def unconfirmed(ref: Mapping[str, Any]) -> str:
    """What the brief says is not confirmed about a placeholder: the fields it lacks, and that a DOI, PMID or
    URL read from the answer's listing was not checked ('authors, title, journal, year and PMID; the DOI is as
    listed, not checked against the source')."""
    missing = [*_RECORD, *(key for key in _IDENTIFIERS if key not in ref)]
    said = ", ".join(missing[:-1]) + " and " + missing[-1]
    found = [key for key in (*_IDENTIFIERS, "URL") if key in ref]
    if found:
        said += (f"; the {' and '.join(found)} {'is' if len(found) == 1 else 'are'} as listed, "
                 "not checked against the source")
    return said


def placeholders(
    cited_in: Mapping[int, Sequence[str]], listed: Mapping[int, str], source_name: str
) -> list[dict[str, Any]]:
    """A record for every number the answer cites or lists, in number order."""
    return [
        placeholder(n, listed=listed.get(n), cited_in=cited_in.get(n, ()), source_name=source_name)
        for n in sorted(set(cited_in) | set(listed))
    ]
