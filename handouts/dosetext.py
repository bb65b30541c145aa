"""The dose a sentence states ('800 to 1,200 mg', 'dos cápsulas'), read as figures and a dose unit.

The patient handout prints its texts as written, and the brief prints each item's structured
dose with its source; a figure typed into a patient text is checked against those doses
(handouts.rules.patient_dose_in_brief), so a patient never reads a dose the brief does not
show, nor a different one. '1,200' is twelve hundred and '2,5' two and a half, in English
and in Spanish alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

NUMBER_WORDS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
}
FRACTIONS: dict[str, Decimal] = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75")}

UNIT_SPELLINGS: tuple[tuple[str, str], ...] = (
    (r"mg|milligrams?|miligramos?", "mg"),
    (r"mcg|µg|μg|micrograms?|microgramos?", "mcg"),
    (r"g|grams?|gramos?", "g"),
    (r"ml|millilit(?:er|re)s?|mililitros?", "mL"),
    (r"l|lit(?:er|re)s?|litros?", "L"),
    (r"units?|unidad(?:es)?|iu|international\s+units", "units"),
    (r"billion\s+cfus?|mil\s+millones\s+de\s+ufc", "billion CFU"),
    (r"cfus?|ufc", "CFU"),
    (r"mmol", "mmol"),
    (r"meq", "mEq"),
    (r"tablets?|tabletas?|pills?|pastillas?|comprimidos?|caplets?", "tablets"),
    (r"capsules?|c[áa]psulas?", "capsules"),
    (r"drops?|gotas?", "drops"),
    (r"sachets?|sobres", "sachets"),
)
"""A unit as running text spells it, in English or Spanish, and the dose model's unit it means.
Measures the dose model has no unit for (teaspoons, puffs) are not read: a patient text that states one
is refused, as a dose the brief cannot print (handouts.rules.patient_dose_in_brief)."""

SAME_UNIT: dict[str, str] = {"international units": "units"}
"""Dose-model units that a patient text writes the same way."""

_FIGURE = re.compile(r"\d+(?:[.,]\d+)*|[½¼¾]|[a-z]+", re.IGNORECASE)
_PER_WEIGHT = re.compile(r"\s*/\s*kg(?:\s*/\s*day)?\b")


@dataclass(frozen=True)
class StatedDose:
    """Figures (one, or a range's two) and a dose-model unit."""

    amounts: tuple[Decimal, ...]
    unit: str

    def __str__(self) -> str:
        return " to ".join(format(a.normalize(), "f") for a in self.amounts) + f" {self.unit}"


def read_number(text: str) -> Decimal | None:
    """'1,200' (en) → 1200, '2,5' (es) → 2.5, 'two' → 2, '½' → 0.5; None for what is no number.

    A point or comma before exactly three figures groups thousands; before one, two or four
    or more it is a decimal mark, in either language (the ISMP check refuses the Spanish
    ambiguity '1.000 mg' anyway)."""
    word = text.lower()
    if word in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[word])
    if text in FRACTIONS:
        return FRACTIONS[text]
    if not text[:1].isdigit():
        return None
    grouped = re.sub(r"[.,](?=\d{3}(?!\d))", "", text)
    try:
        return Decimal(grouped.replace(",", "."))
    except InvalidOperation:
        return None


def read_unit(text: str) -> str | None:
    """The dose model's unit for a unit as written ('milligrams' → 'mg'), or None."""
    spoken = " ".join(text.split()).lower()
    for pattern, unit in UNIT_SPELLINGS:
        if re.fullmatch(pattern, spoken):
            return unit
    return None


def read_dose(found: str, after: str) -> StatedDose | None:
    """The dose in `found` (a match of handouts.rules.DOSE_IN_TEXT); `after` is the text that
    follows it, for a per-weight unit ('10 mg' then '/kg'). None when its unit is none of the
    dose model's."""
    figures = list(_FIGURE.finditer(found))
    amounts = [n for n in (read_number(f.group()) for f in figures) if n is not None]
    last = max((f for f in figures if read_number(f.group()) is not None), key=lambda f: f.end(),
               default=None)
    if not amounts or last is None:
        return None
    unit = read_unit(found[last.end():])
    if unit is None:
        return None
    per_weight = _PER_WEIGHT.match(after)
    if per_weight:
        unit += "/" + "/".join(part.strip() for part in per_weight.group().split("/")[1:])
    return StatedDose(tuple(amounts[:2]), unit)


def structured(amount: object, unit: object) -> StatedDose | None:
    """A structured dose of the raw data ({amount: [2, 2.5], unit: L}) read the same way, or None."""
    if not isinstance(unit, str):
        return None
    values = amount if isinstance(amount, list) else [amount]
    try:
        amounts = tuple(Decimal(str(v)) for v in values if isinstance(v, (int, float, str)) and not isinstance(v, bool))
    except InvalidOperation:
        return None
    if not amounts or len(amounts) != len(values):
        return None
    from handouts.models.dose import normalise_unit  # the model's own reading of a typed unit

    try:
        model_unit = normalise_unit(unit)
    except ValueError:
        return None
    return StatedDose(amounts, SAME_UNIT.get(model_unit, model_unit))


def same_dose(stated: StatedDose, dose: StatedDose) -> bool:
    return stated.unit == dose.unit and stated.amounts == dose.amounts
