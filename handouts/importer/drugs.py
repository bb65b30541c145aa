"""Guess whether an item prescribes a medicine, from a list of names and the item's wording.

The flag matters because a prescription item's dose must never reach a patient
handout. An item with a dose of a listed drug is one; an item without a dose is
one only when it tells someone to take or give a listed drug, not when it merely
names one in a finding ("Statins lower ..."). Every guess is marked in the draft
for a reviewer; the list itself lives in data/import/prescription-drugs.yaml so
clinicians can correct it without code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

from handouts.resources import asset_dir


def list_path() -> Path:
    return asset_dir("data") / "import" / "prescription-drugs.yaml"


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _key(words: list[str]) -> tuple[str, ...]:
    """'H2-receptor antagonists' and 'h2 receptor antagonist' are the same term."""
    return (*words[:-1], _singular(words[-1])) if words else ()


@cache
def _terms(path: Path) -> tuple[dict[tuple[str, ...], str], int]:
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) or {}
    terms: dict[tuple[str, ...], str] = {}
    for key in ("classes", "names"):
        for term in data.get(key) or ():
            text = str(term).strip().lower()
            terms.setdefault(_key(re.split(r"[-\s]+", text)), text)
    return terms, max((len(k) for k in terms), default=0)


def _words(text: str) -> list[tuple[str, bool, bool]]:
    """Lower-case words, each with whether it starts and ends a hyphenated token.

    A term may not begin or end inside 'non-opioid' or 'anti-tnf', so the word
    boundaries of the original tokens are kept.
    """
    out: list[tuple[str, bool, bool]] = []
    for token in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower()):
        parts = token.split("-")
        out.extend((part, i == 0, i == len(parts) - 1) for i, part in enumerate(parts))
    return out


def _matches(words: list[tuple[str, bool, bool]], path: Path | None) -> Iterator[tuple[str, int, int]]:
    """(term, first word, word after the term) for each listed term in `words`, longest first."""
    terms, longest = _terms(path or list_path())
    start = 0
    while start < len(words):
        found = None
        if words[start][1]:
            for size in range(min(longest, len(words) - start), 0, -1):
                if not words[start + size - 1][2]:
                    continue
                term = terms.get(_key([w for w, _, _ in words[start : start + size]]))
                if term:
                    found = (term, start, start + size)
                    break
        if found:
            yield found
            start = found[2]
        else:
            start += 1


def prescription_term(texts: Iterable[str | None], path: Path | None = None) -> str | None:
    """The first listed prescription drug or class named in `texts` (in order), or None.

    Matches whole words, any case, '-' and ' ' alike, singular or plural; at one
    place in the text the longest term wins ('codeine sulfate' over 'codeine').
    """
    for text in texts:
        if text:
            for term, _, _ in _matches(_words(text), path):
                return term
    return None


# An imperative that opens a clause tells someone to use the drug the clause names:
# "Start metformin", "Consider adding amiloride", "If no response, switch to insulin".
_IMPERATIVES = frozenset(
    """
    start begin initiate give take use add consider prescribe offer switch change continue try treat
    administer reserve titrate increase resume restart choose prefer combine
    """.split()
)
# Wording that recommends a drug named anywhere in the same sentence.
_RECOMMENDING = re.compile(
    r"\b(?:should|must|recommended|preferred|first-line|second-line|indicated|an\s+option|options|"
    r"reserved?|suggested|advised|(?:is|are|be)\s+(?:added|given|used|started|offered|considered|tried))\b",
    re.IGNORECASE,
)
# A verb after a drug's name makes the sentence a statement about it ("Statins lower ...").
_STATING = frozenset(
    """
    is are was were has have had did does do lower lowers reduce reduces improve improves increase
    increases carry carries cause causes show shows slow slows prevent prevents cut cuts halve halves
    appear appears seem seems work works raise raises worsen worsens may might can could
    """.split()
)
# Words that end the name part of a sentence that starts with a drug: what follows says what it is for.
_PURPOSE = frozenset(
    "for to in when if as until where while because instead rather particularly especially".split()
)
_LOOKAHEAD = 6


def _clause_of(sentence: str, term_start: int) -> list[str]:
    """The words of the clause (split at , ; : and brackets) in which word number `term_start` falls."""
    words: list[str] = []
    index = 0
    for clause in re.split(r"[,;:()]", sentence):
        found = [w for w, _, _ in _words(clause)]
        if index <= term_start < index + len(found):
            return found
        index += len(found)
        words = found
    return words


def _instructs(sentence: str, path: Path | None) -> str | None:
    words = _words(sentence)
    for term, first, after in _matches(words, path):
        clause = _clause_of(sentence, first)
        if (clause and clause[0] in _IMPERATIVES) or _RECOMMENDING.search(sentence):
            return term  # "Start metformin ...", "... is preferred"
        if all(w in ("a", "an", "the") for w, _, _ in words[:first]):  # starts with the drug: option or finding
            for word, _, _ in words[after : after + _LOOKAHEAD]:
                if word in _STATING or (word.endswith("ed") and len(word) > 3):
                    break  # "Statins lower ...", "Insulin with glucose lowers ...", "... given after X reduced"
                if word in _PURPOSE:
                    return term  # "Metronidazole or tetracycline for bacterial overgrowth"
            else:
                return term
    return None


def instructed_term(label: str | None, body: str, path: Path | None = None) -> str | None:
    """The listed drug or class an item tells someone to take or give, or None.

    Naming a drug is not enough: "Statins lower cardiovascular events in about 20% of
    patients" is a finding. An item instructs when its label names the drug
    ("Antibiotics: ..."), when the clause naming it opens with an imperative ("Start
    metformin", "Consider adding amiloride"), when the sentence recommends it ("is
    preferred", "should be given"), or when it starts with the drug as an option
    rather than as the subject of a verb ("Metronidazole or tetracycline for ...").
    """
    if label:
        found = prescription_term([label], path)
        if found:
            return found
    for sentence in re.split(r"(?<=[.;!?])\s+|:\s+", body):
        found = _instructs(sentence, path)
        if found:
            return found
    return None
