"""Guess whether an item is about a prescription medicine, from a list of names.

The flag matters because a prescription item's dose must never reach a patient
handout. Guessing "prescription" when unsure is the safe direction, and every
guess is marked in the draft for a reviewer; the list itself lives in
data/import/prescription-drugs.yaml so clinicians can correct it without code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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


def prescription_term(texts: Iterable[str | None], path: Path | None = None) -> str | None:
    """The first listed prescription drug or class named in `texts` (in order), or None.

    Matches whole words, any case, '-' and ' ' alike, singular or plural; at one
    place in the text the longest term wins ('codeine sulfate' over 'codeine').
    """
    terms, longest = _terms(path or list_path())
    for text in texts:
        if not text:
            continue
        words = _words(text)
        for start, (_, starts, _) in enumerate(words):
            if not starts:
                continue
            for size in range(min(longest, len(words) - start), 0, -1):
                if not words[start + size - 1][2]:
                    continue
                found = terms.get(_key([w for w, _, _ in words[start : start + size]]))
                if found:
                    return found
    return None
