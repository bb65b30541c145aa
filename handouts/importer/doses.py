"""Read doses out of running text: "Loperamide (4-12 mg daily)" → 4 to 12 mg per day.

A pure function from text to structured doses, so every pattern can be tested on
its own. It reads only what the text states (amount or range, unit, how often,
route, timing) and never fills a gap: a dose with no route stays without one.
Units go through the model's own normalisation (µg → mcg) so the importer and
the validator agree on what a unit is; frequencies come out in words, because
abbreviations such as TID are refused by the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Literal

from handouts.doseformat import SINGULAR, format_number
from handouts.models.dose import ROUTE_SYNONYMS, normalise_unit

Amount = Decimal | tuple[Decimal, Decimal]
Role = Literal["dose", "start", "target", "maximum", "then"]

_NUM = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|\.\d+"
_UNIT = (
    r"billion\s+CFUs?|CFUs?|international\s+units|IU|units?|mg/kg/day|mg/kg|mcg/kg|µg/kg|"
    r"mg|mcg|µg|ug|micrograms?|milligrams?|grams?|g|mmol|mEq|mL|millilit(?:re|er)s?|lit(?:re|er)s?|L|"
    r"tablets?|capsules?|sachets?|drops?"
)
_AMOUNT = re.compile(
    rf"(?<![\w.,/])(?P<low>{_NUM})(?:\s*(?:-|to)\s*(?P<high>{_NUM}))?\s*(?P<unit>{_UNIT})"
    r"(?![A-Za-z0-9µ])(?!/(?!\s?(?:day|week)))",  # "mg/day" is a frequency; "mg/m2" is not a unit we know
    re.IGNORECASE,
)
_OF = re.compile(r"\s+(?:of\s+)?elemental\s+[A-Za-z][\w-]*|\s+of\s+[A-Za-z][\w-]*", re.IGNORECASE)
_SEPARATOR = re.compile(r"[\s,]+(?:and\s+|then\s+)?")

_ROUTE = re.compile(
    r"(?P<r>sub-?q|subcut(?:aneous(?:ly)?)?|SQ|SC|orally|by\s+mouth|oral|PO|intravenous(?:ly)?|IV|"
    r"intramuscular(?:ly)?|IM|sublingual(?:ly)?|SL|rectal(?:ly)?|per\s+rectum|PR|topical(?:ly)?|inhaled|"
    r"intranasal(?:ly)?|nasal(?:ly)?|transdermal(?:ly)?)(?![A-Za-z])",
    re.IGNORECASE,
)
_ROUTE_WORDS = {
    "subcutaneous": "subcutaneous",
    "subcutaneously": "subcutaneous",
    "orally": "oral",
    "by mouth": "oral",
    "oral": "oral",
    "intravenous": "intravenous",
    "intravenously": "intravenous",
    "intramuscular": "intramuscular",
    "intramuscularly": "intramuscular",
    "sublingual": "sublingual",
    "sublingually": "sublingual",
    "rectal": "rectal",
    "rectally": "rectal",
    "per rectum": "rectal",
    "topical": "topical",
    "topically": "topical",
    "inhaled": "inhaled",
    "intranasal": "nasal",
    "intranasally": "nasal",
    "nasal": "nasal",
    "nasally": "nasal",
    "transdermal": "transdermal",
    "transdermally": "transdermal",
}

_COUNT_WORDS = r"once|twice|two\s+times|three\s+times|four\s+times|five\s+times|six\s+times|\d+\s+times"
_PER_DAY = r"(?:daily|a\s+day|per\s+day|each\s+day|every\s+day|/\s?day)"
_PER_WEEK = r"(?:weekly|a\s+week|per\s+week|each\s+week|/\s?week)"
_PER_MONTH = r"(?:monthly|a\s+month|per\s+month|each\s+month|every\s+month)"
_PER_YEAR = r"(?:yearly|annually|a\s+year|per\s+year|each\s+year|every\s+year)"
_ALTERNATIVE = re.compile(r"[\s,]*or\s+", re.IGNORECASE)  # "once daily or on alternate days"


def _words(text: str) -> str:
    return " ".join(text.split())


# (pattern, words) in the order they are tried; a function gets the match.
_FREQUENCIES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), words)
    for pattern, words in (
        (
            rf"(?P<a>\d+)\s*(?:-|to)\s*(?P<b>\d+)\s+times\s+{_PER_DAY}",
            lambda m: f"{m['a']} to {m['b']} times daily",
        ),
        (
            rf"(?P<a>{_COUNT_WORDS})\s+or\s+(?P<b>{_COUNT_WORDS})\s+{_PER_DAY}",
            lambda m: f"{_words(m['a'])} or {_words(m['b'])} daily",
        ),
        (rf"(?P<n>{_COUNT_WORDS})\s+{_PER_DAY}", lambda m: f"{_words(m['n'])} daily"),
        (
            rf"(?P<a>\d+)\s*(?:-|to)\s*(?P<b>\d+)\s+times\s+{_PER_WEEK}",
            lambda m: f"{m['a']} to {m['b']} times weekly",
        ),
        (rf"(?P<n>{_COUNT_WORDS})\s+{_PER_WEEK}", lambda m: f"{_words(m['n'])} weekly"),
        (rf"(?P<n>{_COUNT_WORDS})\s+{_PER_MONTH}", lambda m: f"{_words(m['n'])} monthly"),
        (rf"(?P<n>{_COUNT_WORDS})\s+{_PER_YEAR}", lambda m: f"{_words(m['n'])} yearly"),
        (r"every\s+(?P<a>\d+)\s+(?P<u>days|weeks|months)", lambda m: f"every {m['a']} {m['u'].lower()}"),
        (
            r"every\s+(?P<a>\d+)(?:\s*(?:-|to)\s*(?P<b>\d+))?\s*(?:hours|hrs?|h)(?![A-Za-z])",
            lambda m: f"every {m['a']} to {m['b']} hours" if m["b"] else f"every {m['a']} hours",
        ),
        (r"every\s+other\s+day|on\s+alternate\s+days|alternate\s+days", lambda m: "every other day"),
        (_PER_DAY, lambda m: "per day"),
        (_PER_WEEK, lambda m: "per week"),
        (_PER_MONTH, lambda m: "once monthly"),
        (_PER_YEAR, lambda m: "once yearly"),
        (
            r"in\s+(?P<n>\d|two|three|four|five|six)\s+divided\s+doses",
            lambda m: f"in {m['n'].lower()} divided doses",
        ),
        (r"(?:as\s+a\s+)?single\s+dose|once\s+only", lambda m: "as a single dose"),
        (r"per\s+dose", lambda m: "per dose"),
        (r"(?:nightly|every\s+night|each\s+night|at\s+night)", lambda m: "at night"),
        (r"at\s+bedtime|before\s+bed(?:time)?", lambda m: "at bedtime"),
        (r"as\s+needed|when\s+needed|PRN", lambda m: "as needed"),
        # error-prone abbreviations (ISMP), written out because the model refuses them
        (r"QD|OD|q\.d\.", lambda m: "once daily"),
        (r"BID|b\.i\.d\.", lambda m: "twice daily"),
        (r"TID|t\.i\.d\.", lambda m: "three times daily"),
        (r"QID|q\.i\.d\.", lambda m: "four times daily"),
        (r"QHS|HS|h\.s\.", lambda m: "at bedtime"),
        (r"QOD|q\.o\.d\.", lambda m: "every other day"),
        (r"q\s?(?P<a>\d+)\s?h", lambda m: f"every {m['a']} hours"),
    )
)
_AT_TIMES = frozenset({"at bedtime", "at night"})  # a time of day: timing when a frequency is already known

_TIMING = re.compile(
    r"(?:\d+(?:\s*(?:-|to)\s*\d+)?\s*(?:minutes|mins?|hours?|hrs?)\s+(?:before|after|prior\s+to)\s+"
    r"(?:meals|food|eating|breakfast|dinner|each\s+meal|a\s+meal|bedtime)"
    r"|(?:with|before|after)\s+(?:meals|food|each\s+meal|breakfast|dinner|a\s+meal"
    r"|the\s+(?:evening|morning|main|first)\s+meal)"
    r"|over\s+(?:at\s+least\s+)?\d+(?:\s*(?:-|to)\s*\d+)?\s*(?:minutes|mins?|hours?|hrs?)"
    r"|after\s+each\s+(?:loose\s+stool|bowel\s+movement|episode)"
    r"|on\s+an\s+empty\s+stomach|in\s+the\s+(?:morning|evening)"
    r"|at\s+(?:the\s+)?onset(?:\s+of\s+(?:headache|migraine|pain|symptoms))?)(?![A-Za-z])",
    re.IGNORECASE,
)
_TIMING_ABBREVIATIONS = {"AC": "before meals", "PC": "after meals"}

# Between a salt's strength and its elemental content: "325 mg tablet (", "325 mg, ".
_SALT_GAP = re.compile(r"(?:\s+(?:tablets?|capsules?|caplets?))?\s*[(,]\s*(?:containing\s+|providing\s+)?", re.I)
_ELEMENTAL = re.compile(
    r"\s+(?:of\s+)?elemental(?:\s+(?P<element>iron|calcium|magnesium|zinc|potassium|phosphorus))?(?:\s*\))?",
    re.IGNORECASE,
)

_START = re.compile(
    r"(?:starting|start|initially|initial(?:\s+dose)?|begin(?:ning)?)\s+(?:at|with|of|on)?\s*$", re.IGNORECASE
)
_TARGET = re.compile(r"(?:titrat\w*|increas\w*|escalat\w*)\s+(?:up\s+)?(?:to|of)?\s*$", re.IGNORECASE)
_THEN = re.compile(r"(?:\bthen|followed\s+by)\s*$", re.IGNORECASE)
_CONNECTIVES = re.compile(r"[\s,;]*(?:\b(?:then|and|or|followed\s+by)\b[\s,;]*)*$", re.IGNORECASE)
_MAXIMUM = re.compile(
    r"(?:max(?:imum)?\.?(?:\s+(?:daily\s+)?dose)?|up\s+to|not\s+(?:to\s+)?exceed(?:ing)?|no\s+more\s+than)\s*(?:of\s*)?:?\s*$",
    re.IGNORECASE,
)

# Words that end a drug name when reading backwards from "(": "Consider adding L-glutamine (".
_NAME_STOP = frozenset(
    """
    consider considering adding add take taking use using try trial start starting give giving prescribe
    prescribing recommend recommended recommends with or and plus then such as including like e.g. i.e.
    a an the for in to at is are may can should be of aim target dose doses
    """.split()
)
_MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class ParsedDose:
    """One dose as the text states it; `span` is the stretch of text it was read from."""

    amount: Amount
    unit: str
    frequency: str | None = None
    route: str | None = None
    timing: str | None = None
    note: str | None = None
    name: str | None = None
    role: Role = "dose"
    span: tuple[int, int] = (0, 0)
    raw: str = ""


def _decimal(raw: str) -> Decimal | None:
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value > 0 else None


def _unit(raw: str) -> str | None:
    text = _words(raw)
    if text.upper() == "IU":
        return "international units"  # 'IU' is error-prone; the model wants it written out
    try:
        return normalise_unit(text)
    except ValueError:
        return None


def _open_bracket(text: str, position: int) -> int | None:
    """Index of the '(' that encloses `position`, if any."""
    depth = 0
    for index in range(position - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            if depth == 0:
                return index
            depth -= 1
    return None


def _close_bracket(text: str, opening: int) -> int | None:
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return None


def _name_before(text: str, end: int) -> tuple[str, int] | None:
    """The words right before `end` that name what is dosed, and where they start."""
    segment = text[:end].rstrip()
    cut = max(segment.rfind(c) for c in ",:;()")
    words = list(re.finditer(r"[^\s]+", segment[cut + 1 :]))
    kept: list[re.Match[str]] = []
    for word in reversed(words):
        if word.group(0).lower().strip(".") in _NAME_STOP or len(kept) == _MAX_NAME_WORDS:
            break
        kept.insert(0, word)
    if not kept or not re.search(r"[A-Za-z]{2}", " ".join(w.group(0) for w in kept)):
        return None
    start = cut + 1 + kept[0].start()
    return text[start : cut + 1 + kept[-1].end()], start


def _qualifiers(text: str, position: int, stop: int) -> tuple[str | None, str | None, str | None, int]:
    """Frequency, route and timing written right after a unit, and where they end."""
    frequency = route = timing = None
    of = _OF.match(text, position, stop)
    if of:
        position = of.end()  # "2 liters of fluids daily": what the amount is of, then how often
    end = position
    while position < stop:
        gap = _SEPARATOR.match(text, position, stop)
        here = gap.end() if gap else position
        found = _route(text, here, stop)
        if found and route is None:
            route, position = found
            end = position
            continue
        found = _frequency(text, here, stop)
        if found:
            words, after = found
            alternative = _ALTERNATIVE.match(text, after, stop)
            other = _frequency(text, alternative.end(), stop) if alternative else None
            if other:  # "once daily or on alternate days": one dose, its alternative kept
                words, after = f"{words} or {other[0]}", other[1]
            if frequency is None:
                frequency = words
            elif words == "as needed" and "as needed" not in frequency:
                frequency = f"{frequency} as needed"  # "every 8 hours as needed"
            elif words in _AT_TIMES and timing is None:
                timing = words
            else:
                break
            position = end = after
            continue
        found = _timing(text, here, stop)
        if found:
            words, after = found
            timing = f"{timing}, {words}" if timing else words
            position = end = after
            continue
        break
    return frequency, route, timing, end


def _route(text: str, position: int, stop: int) -> tuple[str, int] | None:
    match = _ROUTE.match(text, position, stop)
    if not match:
        return None
    word = _words(match.group("r")).lower()
    return _ROUTE_WORDS.get(word) or ROUTE_SYNONYMS.get(word, word), match.end()


def _frequency(text: str, position: int, stop: int) -> tuple[str, int] | None:
    for pattern, words in _FREQUENCIES:
        match = pattern.match(text, position, stop)
        if match and not (match.end() < len(text) and text[match.end()].isalnum()):
            return words(match), match.end()
    return None


def _timing(text: str, position: int, stop: int) -> tuple[str, int] | None:
    match = _TIMING.match(text, position, stop)
    if match:
        return _words(match.group(0)).replace(" - ", " to ").replace("-", " to "), match.end()
    abbreviation = re.match(r"(AC|PC)(?![A-Za-z])", text[position:stop])
    if abbreviation:
        return _TIMING_ABBREVIATIONS[abbreviation.group(1)], position + abbreviation.end()
    return None


def _stop(text: str, position: int, following: int) -> int:
    """Where the words about one dose end: a bracket, a semicolon, a dash, the next dose."""
    candidates = [following, len(text)]
    for token in (")", "(", ";", " - "):
        found = text.find(token, position)
        if found != -1:
            candidates.append(found)
    return min(candidates)


def _format_amount(amount: Amount, unit: str) -> str:
    """A dose the plan's note names ('then 1 tablet'), counted as doseformat counts a dose's units."""
    if isinstance(amount, tuple):
        return f"{format_number(amount[0])} to {format_number(amount[1])} {unit}"
    return f"{format_number(amount)} {SINGULAR.get(unit, unit) if amount == 1 else unit}"


def _join(*notes: str | None) -> str | None:
    kept = [n for n in notes if n]
    return "; ".join(kept) if kept else None


def _combine(doses: list[ParsedDose], text: str) -> list[ParsedDose]:
    """A plan is one dose, not several.

    'Starting at 10 mg at bedtime, titrating to 25-50 mg' is a starting dose with
    a target; '50-100 mg at onset; max 200 mg/day' is a dose with a ceiling.
    """
    labels = {
        "start": "starting dose",
        "target": "target dose (titrate to this)",
        "maximum": "maximum dose",
        "then": "a follow-on dose",
    }
    out: list[ParsedDose] = []
    for dose in doses:
        if not out:
            out.append(replace(dose, note=_join(labels.get(dose.role), dose.note)))
            continue
        previous = out[-1]
        joinable = previous.unit == dose.unit
        if dose.role == "target" and joinable and previous.role == "start":
            plan = f"titrate to {_format_amount(dose.amount, dose.unit)}"
            if dose.frequency and dose.frequency != previous.frequency:
                plan += f" {dose.frequency}"
        elif dose.role == "then":
            plan = "then " + ", ".join(
                p
                for p in (_format_amount(dose.amount, dose.unit), dose.route, dose.frequency, dose.timing)
                if p
            )
        elif dose.role == "maximum":  # a ceiling, also in another unit: "90 mg/kg/day, maximum 4 g per day"
            plan = f"maximum {_format_amount(dose.amount, dose.unit)}"
            if dose.frequency:
                plan += f" {dose.frequency}"
        else:
            out.append(replace(dose, note=_join(labels.get(dose.role), dose.note)))
            continue
        span = (previous.span[0], max(previous.span[1], dose.span[1]))
        out[-1] = replace(
            previous,
            note=_join(previous.note, plan, dose.note),
            name=previous.name,  # words before a later bracket ("... once daily (maximum") name nothing
            span=span,
            raw=_words(text[span[0] : span[1]]),
        )
    return out


def _amount(match: re.Match[str]) -> tuple[Amount, str] | None:
    """The amount and controlled unit of an `_AMOUNT` match, or None when it is not a dose."""
    unit = _unit(match.group("unit"))
    low = _decimal(match.group("low"))
    high = _decimal(match.group("high")) if match.group("high") else None
    if unit is None or low is None or (match.group("high") and (high is None or not low < high)):
        return None
    return ((low, high) if high is not None else low), unit


def _elemental(text: str, match: re.Match[str], following: re.Match[str] | None) -> tuple[str, int] | None:
    """A salt's elemental content right after its strength, as a note, and where reading resumes.

    "325 mg tablet (100 mg elemental) twice daily" and "(325 mg, 65 mg elemental iron, once
    daily)" state one dose: the product strength, with the elemental amount beside it.
    """
    if following is None or not _SALT_GAP.fullmatch(text, match.end(), following.start()):
        return None
    words = _ELEMENTAL.match(text, following.end())
    amount = _amount(following)
    if not words or amount is None:
        return None
    element = f" {words.group('element').lower()}" if words.group("element") else ""
    return f"{_format_amount(*amount)} elemental{element}", words.end()


def parse_doses(text: str) -> list[ParsedDose]:
    """Every dose stated in `text`, in order. Amounts without a known unit are not doses."""
    matches = list(_AMOUNT.finditer(text))
    found: list[ParsedDose] = []
    merged: set[int] = set()
    for index, match in enumerate(matches):
        read = _amount(match)
        if read is None or index in merged:
            continue
        amount, unit = read
        later = index + 1
        elemental = _elemental(text, match, matches[later] if later < len(matches) else None)
        position = match.end()
        if elemental:
            merged.add(later)
            later += 1
            position = elemental[1]
        following = matches[later].start() if later < len(matches) else len(text)
        stop = _stop(text, position, following)
        frequency, route, timing, end = _qualifiers(text, position, stop)
        before = text[: match.start()]
        context = before[-40:]
        role: Role = (
            "start"
            if _START.search(context)
            else "target"
            if _TARGET.search(context)
            else "maximum"
            if _MAXIMUM.search(context)
            else "then"
            if _THEN.search(context)
            else "dose"
        )
        opening = _open_bracket(text, match.start())
        name: tuple[str, int] | None
        note = None
        if opening is not None:
            name = _name_before(text, opening)
            closing = _close_bracket(text, opening)
            span = (name[1] if name else opening, (closing + 1) if closing is not None else end)
            rest = text[end:stop]
            for context_words in (_START, _TARGET, _MAXIMUM, _THEN, _CONNECTIVES):
                rest = context_words.sub("", rest)  # the words that introduce the next dose
            rest = rest.strip(" ,;")
            if rest:
                note = f"the source adds: '{_words(rest)}'"  # words in the brackets the parser did not read
        else:
            name = None if role != "dose" else _name_before(text, match.start())
            span = (name[1] if name else match.start(), end)
        found.append(
            ParsedDose(
                amount=amount,
                unit=unit,
                frequency=frequency,
                route=route,
                timing=timing,
                note=_join(elemental[0] if elemental else None, note),
                name=name[0] if name else None,
                role=role,
                span=span,
                raw=_words(text[span[0] : span[1]]),
            )
        )
    return _combine(found, text)
