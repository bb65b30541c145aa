"""Numbered citation markers: "... quality of life 1.", "... adaptation 1, 3", "[2]", "³".

Evidence tools print a citation as a bare number after the sentence or bullet it
backs. A bare number is also how doses, ages, days and years are written, so a
number only counts as a marker where a marker can stand: after a word, a closing
bracket or a full stop, and before the end of the line or a punctuation mark that
ends a clause. Doubtful cases stay in the text: a missed marker shows up as an
item "without citation" for the editor, while a dose misread as a marker would
silently lose a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_MARKER = 99  # answers cite a handful of sources; three digits is a dose, four a year

_BARE = re.compile(r"(?P<gap>[ ]+)(?P<nums>\d{1,2}(?:[ ]?,[ ]?\d{1,2})*)(?![\d.,]\d)")
_BRACKETED = re.compile(r"[ ]?\[(?P<nums>\d{1,3}(?:[ ]?[,-][ ]?\d{1,3})*)\]")
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT = re.compile(
    rf"(?<=[A-Za-z).,;:%])(?P<nums>[{_SUPERSCRIPT_DIGITS}]+(?:[,˒][ ]?[{_SUPERSCRIPT_DIGITS}]+)*)"
)

# Words after which a number is part of the sentence, not a citation ("type 2", "day 1").
_NOT_BEFORE = frozenset(
    """
    a an at to of is are was were be been by than from and or in on per every about approximately
    around aged age over under only least most within after before for with plus minus
    step stage grade type phase class level version number no nos score week month year day hour
    page chapter figure fig table section part item tier category group arm cycle line visit dose
    omega vitamin covid nyha gold meld bmi top first last times ref reference question answer
    """.split()
)
_PERIOD_WORDS = frozenset({"day", "week", "month", "year", "hour"})
_RATE_WORDS = frozenset({"per", "a", "each", "every", "an"})


@dataclass(frozen=True)
class Marked:
    """Text with its citation markers removed, and the marker numbers in order of use."""

    text: str
    numbers: tuple[int, ...]


def _numbers(raw: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*,\s*", raw.strip()):
        if "-" in part:
            low, _, high = (p.strip() for p in part.partition("-"))
            if low.isdigit() and high.isdigit() and int(low) < int(high) <= int(low) + 20:
                out.extend(range(int(low), int(high) + 1))
                continue
        if part.isdigit():
            out.append(int(part))
    return out


def _translate_superscript(raw: str) -> str:
    return raw.translate(str.maketrans(_SUPERSCRIPT_DIGITS, "0123456789")).replace("˒", ",")


def _bare_marker_allowed(text: str, match: re.Match[str]) -> bool:
    start, end = match.start(), match.end()
    before = text[:start]
    if not before or before[-1] not in ").]%'\"" and not before[-1].isalpha():
        return False
    rest = text[end:].rstrip()
    mid_sentence = bool(re.match(r", [a-z]", rest))  # "... in conventional medicine 2, the concept ..."
    if not (
        rest == ""
        or mid_sentence
        or re.match(r"[.:;](?:\s|$)", rest)
        or (before[-1] == "." and re.match(r"\s+[A-Z]", rest))
    ):
        return False
    if mid_sentence and not before[-1].isalpha():
        return False
    if before[-1] in ")]%'\"":
        return True
    tail = re.findall(r"[A-Za-z][A-Za-z'-]*", before)
    last = tail[-1].lower() if tail else ""
    previous = tail[-2].lower() if len(tail) > 1 else ""
    if len(last) == 1:
        return False  # "vitamin D 3", "B 12"
    if last in _PERIOD_WORDS and previous in _RATE_WORDS:
        return True  # "800-1200 mg per day 1"
    return last not in _NOT_BEFORE


def extract_markers(text: str) -> Marked:
    """Split citation markers off `text`: "pain 1, 3." → ("pain.", (1, 3))."""
    found: list[tuple[int, int, list[int]]] = []
    for match in _BRACKETED.finditer(text):
        found.append((match.start(), match.end(), _numbers(match.group("nums"))))
    for match in _SUPERSCRIPT.finditer(text):
        found.append((match.start(), match.end(), _numbers(_translate_superscript(match.group("nums")))))
    for match in _BARE.finditer(text):
        if any(s <= match.start() < e for s, e, _ in found):
            continue
        if _bare_marker_allowed(text, match):
            found.append((match.start(), match.end(), _numbers(match.group("nums"))))
    found.sort()
    numbers: list[int] = []
    pieces: list[str] = []
    position = 0
    for start, end, nums in found:
        if not nums or any(not 1 <= n <= MAX_MARKER for n in nums):
            continue
        pieces.append(text[position:start])
        position = end
        numbers.extend(n for n in nums if n not in numbers)
    pieces.append(text[position:])
    clean = "".join(pieces)
    clean = re.sub(r"\s+([.,;:])", r"\1", clean) if found else clean
    return Marked(" ".join(clean.split()), tuple(numbers))
