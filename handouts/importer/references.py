"""Placeholder references for the answer's numbered citations.

An evidence tool's answer cites sources by number and rarely shows them. Each
number becomes a reference that says exactly that in the data (`identified: false`,
`cited_as: citation 1 of the imported answer`, `verified: false`), so every item can
cite honestly now, the brief prints the record as a marked gap, and the editor knows
which records to complete. When the answer does list its references, what it shows
(text, DOI, PMID, URL) is kept, still unverified.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from handouts.importer.outline import Entry, Outline
from handouts.importer.wording import clean

TO_DO = (
    "importer: for each reference, find the source and fill in author, title, container-title, issued\n"
    "and DOI or PMID; remove identified and cited_as; set kind and type, and verified: true once the\n"
    "record is checked against the source; leave in check only what stays unconfirmed"
)
"""The editor's instruction, a comment above the first placeholder (handouts.importer.emit): in `check`, the brief
printed it to the clinician as 'Not confirmed: Only what the source answer shows is known: find the source ...'."""
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
        "identified": False,  # the brief prints a gap, and approve refuses it, until the source is found
        "cited_as": f"citation {number} of the imported answer",
        "kind": "other",  # unknown until someone finds the source
        "type": "article-journal",  # CSL has no 'unknown'; the commonest kind of cited evidence
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
    ref["verified"] = False  # kept when the gap is filled in: the completed record is checked before it is true
    check = unconfirmed(ref)
    if check:
        ref["check"] = check
    return ref


def unconfirmed(ref: Mapping[str, Any]) -> str | None:
    """What the brief says is not confirmed beside a gap: that a DOI, PMID or URL read from the answer's listing
    was not checked ('the DOI is as listed, not checked against the source'). That the rest of the record is
    missing the gap itself says."""
    found = [key for key in ("DOI", "PMID", "URL") if key in ref]
    if not found:
        return None
    return (f"the {' and '.join(found)} {'is' if len(found) == 1 else 'are'} as listed, "
            "not checked against the source")


def placeholders(
    cited_in: Mapping[int, Sequence[str]], listed: Mapping[int, str], source_name: str
) -> list[dict[str, Any]]:
    """A record for every number the answer cites or lists, in number order."""
    return [
        placeholder(n, listed=listed.get(n), cited_in=cited_in.get(n, ()), source_name=source_name)
        for n in sorted(set(cited_in) | set(listed))
    ]
