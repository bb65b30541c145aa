"""Print doses the way medication-safety practice requires (ISMP's error-prone list).

Leading zero (0.5 mg), no trailing zero (5 mg, never 5.0 mg), 'mcg' not 'µg',
'units' not 'U' or 'IU', frequencies in words, a space between number and unit,
ranges as '4 to 12 mg'. Every document formats doses through these functions.

A number and its unit never part at a line's end: '1,200' at the end of one line
and 'mg' at the start of the next reads as two figures, or as a dose without a
unit. A structured dose is written with no-break spaces (format_amount), and every
text a document prints binds each number to the unit after it (bind_units: the
templates' environment applies it to every value it prints, in every language), and
the figures of an en-dash range to each other ('2–8 mg' never breaks after the dash).
"""

from __future__ import annotations

import re
from decimal import Decimal

from handouts.models.dose import Dose

NO_BREAK_SPACE = "\u00a0"

UNIT_WORDS: tuple[str, ...] = (
    "mg", "g", "mcg", "µg", "μg", "kg", "mL", "ml", "L", "mmol", "mEq", "units?", "IU", "CFU",
    "billion", "million", "milligrams?", "micrograms?", "grams?", "millilit(?:er|re)s?", "lit(?:er|re)s?",
    "tablets?", "capsules?", "drops?", "sachets?", "puffs?", "teaspoons?", "tablespoons?",
    "unidad(?:es)?", "miligramos?", "microgramos?", "gramos?", "mililitros?", "litros?",
    "comprimidos?", "tabletas?", "cápsulas?", "gotas?", "sobres?", "cucharadas?", "cucharaditas?",
)
"""Words a dose's figure is followed by, in the languages the content is written in: the dose
units (handouts.models.dose.UNITS), their spellings in running text, and their Spanish names."""

_NUMBER_THEN_UNIT = re.compile(rf"(?<![\w.,])(\d+(?:[.,]\d+)*) (?=(?:{'|'.join(UNIT_WORDS)})(?!\w))")
"""A figure ('5', '0.5', '1,200', '2,5') and the single space before a unit word."""

_COUNT_THEN_CFU = re.compile(r"(?<=\b[bm]illion) (?=CFU\b)")

WORD_JOINER = "\u2060"
_DASH_RANGE = re.compile(r"(?<=\d)( ?)\u2013( ?)(?=\d)")
"""A range's en dash between figures ('2–8 mg', '2 – 8 mg'). A line may break after an en dash, and
'2–' at one line's end with '8 mg' under it reads as a dose of 2, or of 8; a no-break space
alone does not hold (a break after a dash is allowed before one), a word joiner does."""


def _bind_range(match: re.Match[str]) -> str:
    before = NO_BREAK_SPACE if match.group(1) else ""
    after = NO_BREAK_SPACE if match.group(2) else ""
    return f"{before}\u2013{WORD_JOINER}{after}"

ROUTE_WORDS = {
    "oral": "by mouth",
    "sublingual": "under the tongue",
    "subcutaneous": "injected under the skin (subcutaneous)",
    "intramuscular": "injected into a muscle (intramuscular)",
    "intravenous": "intravenous",
    "topical": "on the skin",
    "inhaled": "inhaled",
    "rectal": "rectal",
    "nasal": "in the nose",
    "transdermal": "skin patch (transdermal)",
}


def format_number(value: Decimal | int | float) -> str:
    """'0.5', '5', '12.5', '1,000' — never '.5' or '5.0'."""
    number = Decimal(str(value)).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    text = f"{number:,f}"
    return text


def bind_units(text: str) -> str:
    """`text` with a no-break space between each figure and the unit after it ('1,200\u00a0mg'), and
    each en-dash range's figures held together ('2–\u20608\u00a0mg')."""
    text = _DASH_RANGE.sub(_bind_range, text)
    return _COUNT_THEN_CFU.sub(NO_BREAK_SPACE, _NUMBER_THEN_UNIT.sub(rf"\1{NO_BREAK_SPACE}", text))


SINGULAR: dict[str, str] = {
    "tablets": "tablet", "capsules": "capsule", "sachets": "sachet", "drops": "drop", "units": "unit",
    "international units": "international unit",
}
"""The dose model's counted units, as one of them is written: '1 tablet', never '1 tablets'."""


def format_amount(dose: Dose) -> str:
    """'10 mg', '4 to 12 mg', '0.5 mcg', with no-break spaces where a line must not break: after the
    low figure of a range (a line never ends on a bare '4') and before the unit."""
    if isinstance(dose.amount, tuple):
        low, high = dose.amount
        return f"{format_number(low)}{NO_BREAK_SPACE}to {format_number(high)}{NO_BREAK_SPACE}{dose.unit}"
    unit = SINGULAR.get(dose.unit, dose.unit) if dose.amount == 1 else dose.unit
    return f"{format_number(dose.amount)}{NO_BREAK_SPACE}{unit}"


def format_route(dose: Dose) -> str:
    return ROUTE_WORDS.get(dose.route or "", dose.route or "")


def format_dose(dose: Dose) -> str:
    """The whole dose on one line: '100 mcg injected under the skin, three times daily, 30 minutes before meals'."""
    parts = [format_amount(dose)]
    if dose.route:
        parts[0] += f" {format_route(dose)}"
    parts += [p for p in (dose.frequency, dose.timing) if p]
    line = ", ".join(parts)
    return f"{line} ({dose.note})" if dose.note else line
