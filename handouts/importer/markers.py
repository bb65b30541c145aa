"""Numbered citation markers: "... quality of life 1.", "... adaptation 1, 3", "[2]", "³".

Evidence tools print a citation as a bare number after the sentence or bullet it
backs. A bare number is also how doses, ages, days and years are written, so a
number only counts as a marker where a marker can stand: after a word, a closing
bracket or a full stop, and before the end of the line or a punctuation mark that
ends a clause. A marker never takes a unit: "for 2 weeks" is a duration, while
in "every 6 months 4" the 4 follows a complete quantity and can only be a marker.

Some positions are doubtful on their own: after a quantity ("a fall of about
15 mmol/L 2", "at 1 year 8") or after a word that usually labels a number but
here has an article ("at each visit 4", against "at visit 4"). There the
answer's own numbering decides: evidence tools number their sources in order
of first use, so a doubtful number is a marker only if the answer has already
cited it or it is the next new number. Still-doubtful cases stay in the text: a
missed marker shows up as an item "without citation" for the editor, while a
dose misread as a marker would silently lose a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

MAX_MARKER = 99  # answers cite a handful of sources; three digits is a dose, four a year

_BARE = re.compile(r"(?P<gap>[ ]+)(?P<nums>\d{1,2}(?:[ ]?,[ ]?\d{1,2})*)(?![\d.,]\d)")
_BRACKETED = re.compile(r"[ ]?\[(?P<nums>\d{1,3}(?:[ ]?[,-][ ]?\d{1,3})*)\]")
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT = re.compile(
    rf"(?<=[A-Za-z).,;:%])(?P<nums>[{_SUPERSCRIPT_DIGITS}]+(?:[,˒][ ]?[{_SUPERSCRIPT_DIGITS}]+)*)"
)

# Words after which a number is an amount: "under 12", "about 10", "more than 3".
_AMOUNT_BEFORE = frozenset(
    """
    a an at to of is are was were be been by than from and or in on per every about approximately
    around aged age over under below above least most within after before for with plus minus
    times no nos number exceeding exceeds between nearly almost roughly
    """.split()
)
# An amount after "the": "the first 2", "the only 3"; an adverb otherwise: "calcium first 2".
_ORDER_WORDS = frozenset("first last only top".split())
# Words after which a number names something: "type 2", "day 1", "stage 3", "vitamin D 3".
_LABEL_BEFORE = frozenset(
    """
    step stage grade type phase class level version score week month year day hour page chapter
    figure fig table section part item tier category group arm cycle line visit dose trimester
    omega vitamin covid nyha gold meld bmi ref reference question answer
    """.split()
)
# ... unless an article or ordinal says the word is not a label: "each visit 4", "the first week 2".
_DETERMINERS = frozenset(
    """
    a an the each every per this that any same first second third fourth fifth last next previous
    one single whole entire initial final following
    """.split()
)
# A number, a range or a ratio: "15", "0.6-1.0", "140/90", "≥30".
_QUANTITY = re.compile(r"^[~<>≤≥]?\d+(?:[.,]\d+)?(?:[-/]\d+(?:[.,]\d+)?)*$")
# A unit as written after a number: "mg", "mmol/L", "mL/min/1.73", "m2", "years", "%".
_UNIT = re.compile(r"^(?:%|[A-Za-zµ]{1,12}[23²³]?(?:/[A-Za-zµ0-9.]{1,8}[23²³]?)*)$")

Verdict = Literal["marker", "doubtful"] | None


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


def _at_clause_end(before: str, rest: str) -> tuple[bool, bool]:
    """(whether a marker can stand here, whether it is mid-sentence: '... medicine 2, the concept')."""
    rest = rest.rstrip()
    mid_sentence = bool(re.match(r", [a-z]", rest))
    end = (
        rest == ""
        or mid_sentence
        or bool(re.match(r"[.:;](?:\s|$)", rest))
        or (before[-1] == "." and bool(re.match(r"\s+[A-Z]", rest)))
    )
    return end, mid_sentence


def _after_quantity(tokens: list[str]) -> bool:
    """Whether the text ends with an amount and its unit: '15 mmol/L', '30 mL/min/1.73 m2', '1 year'."""
    units = 0
    for token in reversed(tokens[-3:]):
        token = token.strip("([\"',;:")
        if _QUANTITY.match(token):
            return units > 0
        if units == 2 or not _UNIT.match(token) or token.lower() in _AMOUNT_BEFORE:
            return False
        units += 1
    return False


def _verdict(text: str, match: re.Match[str]) -> Verdict:
    """Whether a bare number is a marker, is one only if the answer's numbering agrees, or is not."""
    before = text[: match.start()]
    if not before:
        return None
    end, mid_sentence = _at_clause_end(before, text[match.end() :])
    if not end or (mid_sentence and not before[-1].isalpha()):
        return None
    tokens = before.split()
    token = tokens[-1].lstrip("([\"'")
    previous = tokens[-2].strip("([\"',;:") if len(tokens) > 1 else ""
    if _after_quantity(tokens):
        return "doubtful"  # "15 mmol/L 2", "1.73 m2 5", "at 1 year 8": nothing else follows a quantity
    if before[-1] in ").]%'\"":
        return "marker"
    if not before[-1].isalpha():
        return None
    word = token.lower()
    if len(re.sub(r"[^a-z]", "", word)) == 1:
        return None  # "vitamin D 3", "B 12"
    if word in _AMOUNT_BEFORE:
        return None
    if word in _ORDER_WORDS:
        return None if previous.lower() in ("the", "a", "an") else "doubtful"
    if word in _LABEL_BEFORE:
        # "800-1200 mg per day 1", "at each visit 4"; but "on day 1", "type 2"
        return "doubtful" if previous.lower() in _DETERMINERS else None
    return "marker"


def _fits(numbers: Iterable[int], earlier: list[int]) -> bool:
    """Whether the numbers fit an answer that numbers its sources in order of first use."""
    used = set(earlier)
    following = max(earlier, default=0) + 1
    for n in numbers:
        if n in used:
            continue
        if n != following:
            return False
        used.add(n)
        following += 1
    return True


def may_have_marker(text: str) -> bool:
    """Whether `text` has a number standing where a marker can stand, doubtful ones included.

    For telling a heading from a sentence, before the answer's numbering is known:
    "Fall of about 15 mmol/L 2" is not a heading whatever its 2 turns out to be.
    """
    return bool(_BRACKETED.search(text) or _SUPERSCRIPT.search(text)) or any(
        _verdict(text, match) for match in _BARE.finditer(text)
    )


def extract_markers(text: str, earlier: Iterable[int] = ()) -> Marked:
    """Split citation markers off `text`: "pain 1, 3." → ("pain.", (1, 3)).

    `earlier` is the numbers the answer cited before this text, in order of first
    use; doubtful positions are markers only when they fit that numbering. With
    none given, only a first citation (1) fits.
    """
    found: list[tuple[int, int, list[int], bool]] = []
    for match in _BRACKETED.finditer(text):
        found.append((match.start(), match.end(), _numbers(match.group("nums")), True))
    for match in _SUPERSCRIPT.finditer(text):
        found.append((match.start(), match.end(), _numbers(_translate_superscript(match.group("nums"))), True))
    for match in _BARE.finditer(text):
        if any(s <= match.start() < e for s, e, _, _ in found):
            continue
        verdict = _verdict(text, match)
        if verdict:
            found.append((match.start(), match.end(), _numbers(match.group("nums")), verdict == "marker"))
    found.sort()
    seen = list(dict.fromkeys(earlier))
    numbers: list[int] = []
    pieces: list[str] = []
    position = 0
    for start, end, nums, certain in found:
        if not nums or any(not 1 <= n <= MAX_MARKER for n in nums):
            continue
        if not certain and not _fits(nums, seen):
            continue
        pieces.append(text[position:start])
        position = end
        numbers.extend(n for n in nums if n not in numbers)
        seen.extend(n for n in nums if n not in seen)
    pieces.append(text[position:])
    clean = "".join(pieces)
    clean = re.sub(r"\s+([.,;:])", r"\1", clean) if numbers else clean
    return Marked(" ".join(clean.split()), tuple(numbers))
