"""Small, pure text helpers shared by the builder: the answer's words, tidied, never reworded."""

from __future__ import annotations

import re
import unicodedata

MAX_ID_LENGTH = 60
_MINOR_WORDS = frozenset("a an and as at but by for from in of on or the to with".split())


def clean(text: str) -> str:
    """The answer's wording, with 'µg' written 'mcg' (ISMP: 'µg' is misread as 'mg')."""
    text = re.sub(r"(?<=[\d\s])µg\b", "mcg", text)
    return " ".join(text.split()).strip()


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def slugify(text: str, max_length: int = MAX_ID_LENGTH) -> str:
    """A valid id from any text: 'Crohn's Disease (CD)' → 'crohns-disease-cd'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().replace("'", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug or "item"


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:])\s+(?=[A-Z\"'(])", text) if s]


def without_leadin(text: str) -> str:
    """Drop closing sentences that only introduce a list ('... the following key points:')."""
    parts = sentences(text)
    while len(parts) > 1 and parts[-1].rstrip().endswith(":"):
        parts.pop()
    return " ".join(parts)


def is_title_case(text: str) -> bool:
    """'Treatment for Leaky Gut Syndrome' is; 'Treatment for leaky gut' is not."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    return bool(words) and all(
        w[0].isupper() for i, w in enumerate(words) if i == 0 or w.lower() not in _MINOR_WORDS
    )


def sentence_case(text: str) -> str:
    """'Leaky Gut Syndrome (LGS)' → 'leaky gut syndrome (LGS)'; eponyms ("Crohn's") and acronyms stay."""

    def word(match: re.Match[str]) -> str:
        w = match.group(0)
        return w if "'" in w or not (w[0].isupper() and w[1:].islower()) else w.lower()

    return re.sub(r"[A-Za-z][A-Za-z']*", word, text)
