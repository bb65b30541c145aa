"""Jargon in patient text, with the plain word to use instead.

A term is fine when its plain word stands in the same sentence ("intestinal
permeability (leaky gut)"): the design forbids jargon *without* a plain word,
and naming the term a patient will hear from a doctor is often kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from handouts.lint.findings import Issue
from handouts.lint.texts import PatientText, sentences
from handouts.lint.wordlists import JargonTerm


@dataclass(frozen=True)
class JargonHit:
    start: int  # offset in the text
    end: int
    found: str  # as written in the text
    term: JargonTerm


def _phrase(words: str) -> str:
    return r"[\s\-]+".join(re.escape(part) for part in re.split(r"[\s\-]+", words.strip()))


@lru_cache(maxsize=16)
def _matcher(terms: tuple[JargonTerm, ...]) -> re.Pattern[str]:
    """One regex for all terms, longest first, so 'intestinal permeability' beats 'intestinal'."""
    order = sorted(range(len(terms)), key=lambda i: -len(terms[i].term))
    alternatives = "|".join(f"(?P<t{i}>{_phrase(terms[i].term)}(?:e?s)?)" for i in order)
    return re.compile(rf"(?<![\w\-])(?:{alternatives})(?![\w\-])", re.IGNORECASE)


def _mentions(sentence: str, plain: str) -> bool:
    return re.search(rf"(?<!\w){_phrase(plain)}(?!\w)", sentence, re.IGNORECASE) is not None


def find_jargon(text: str, terms: Sequence[JargonTerm]) -> list[JargonHit]:
    """Jargon in `text` that no plain word explains within the same sentence."""
    terms = tuple(terms)
    if not terms:
        return []
    pattern = _matcher(terms)
    hits = []
    for sentence in sentences(text):
        for match in pattern.finditer(sentence.text):
            term = terms[int(match.lastgroup[1:])]  # type: ignore[index]
            if any(_mentions(sentence.text, plain) for plain in term.plain):
                continue
            start = sentence.start + match.start()
            hits.append(JargonHit(start, start + len(match.group(0)), match.group(0), term))
    return hits


def check_jargon(text: PatientText, terms: Sequence[JargonTerm]) -> Iterator[Issue]:
    """`terms` is the list for the text's language (handouts.lint.wordlists.jargon_terms_for)."""
    for hit in find_jargon(text.text, terms):
        yield Issue(
            "jargon", "warning",
            f"'{hit.found}' is jargon for patients; say '{hit.term.suggestion}' (or explain it in the same sentence)",
            text.text_loc, hit.start,
        )
