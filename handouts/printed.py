"""The texts a topic prints, read from its raw data, and words they must never contain.

Rules that judge wording (error-prone abbreviations, internal provenance words)
walk every text field once, here, rather than keeping their own list of fields:
a field added to the model later is checked without anyone remembering to.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from handouts.resources import asset_dir
from handouts.yamlsource import Loc

NOT_TEXT = frozenset({
    "id", "citations", "kind", "type", "audience", "status", "grade", "strength", "route", "unit",
    "urgent", "prescription", "answers_question", "system", "code", "amount", "verified", "content_sha256",
    "DOI", "PMID", "PMCID", "URL", "issued", "last_updated", "reading_grade_target",
})
"""Keys whose values are identifiers, codes or flags, not words a reader reads."""

NOT_PRINTED = frozenset({"review", "supports", "cited_as"})
"""The review block (who reviewed, recorded by `handouts approve`) and what a reference
`supports` (notes for the editor) never reach a page as running text; a reference's
`cited_as` ('citation 1 of the imported answer') prints only inside the marked gap of a
source not yet identified, which only a draft may have (rules.draft_gaps)."""


def printed_texts(data: Any, *, references: bool = True) -> Iterator[tuple[Loc, str]]:
    """(loc, text) for every string a document of this topic can print.

    `references=False` leaves out the reference records: their titles are other
    people's words, quoted as published.
    """
    skip = NOT_TEXT | NOT_PRINTED | (frozenset() if references else frozenset({"references"}))

    def walk(node: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
        if isinstance(node, str):
            yield loc, node
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and key not in skip:
                    yield from walk(value, (*loc, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, (*loc, index))

    yield from walk(data, ())


@cache
def internal_word_patterns(path: Path | None = None) -> tuple[re.Pattern[str], ...]:
    path = path or asset_dir("data") / "lint" / "internal-words.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(re.compile(p, re.IGNORECASE) for p in data.get("patterns", []))


def internal_words(text: str) -> list[str]:
    """Words about how the content was made ('seed 001', 'importer', 'placeholder'), in order."""
    spans = sorted((m.start(), m.end()) for p in internal_word_patterns() for m in p.finditer(text))
    merged: list[list[int]] = []
    for start, end in spans:  # 'the seed' and "seed's" in "the seed's" are one finding
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [text[start:end] for start, end in merged]
