"""Structured doses. Printing rules (ISMP) live in handouts.doseformat."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, Tag, field_validator

from handouts.models.common import Sourced, Text
from handouts.models.shapes import WRONG_SHAPE, shape_of

UNITS: tuple[str, ...] = (
    "mg", "g", "mcg", "kg", "mL", "L", "mmol", "mEq",
    "units", "international units", "CFU", "billion CFU",
    "mg/kg", "mcg/kg", "mg/kg/day", "drops", "tablets", "capsules", "sachets",
)
"""Controlled list: anything else is an error, so a typo never prints as a dose."""

# Spellings people type, mapped to the controlled unit. Keys are lower case.
UNIT_SYNONYMS: dict[str, str] = {
    "µg": "mcg", "μg": "mcg", "ug": "mcg", "microgram": "mcg", "micrograms": "mcg",
    "milligram": "mg", "milligrams": "mg", "gram": "g", "grams": "g", "gm": "g",
    "ml": "mL", "millilitre": "mL", "milliliter": "mL", "millilitres": "mL",
    "milliliters": "mL", "l": "L", "litre": "L", "liter": "L", "litres": "L", "liters": "L",
    "unit": "units", "cfu": "CFU", "cfus": "CFU", "billion cfu": "billion CFU",
    "billion cfus": "billion CFU", "µg/kg": "mcg/kg", "μg/kg": "mcg/kg",
    "tablet": "tablets", "capsule": "capsules", "sachet": "sachets", "drop": "drops",
}

# Error-prone forms (ISMP list) that must never be stored, with what to write instead.
UNIT_FORBIDDEN: dict[str, str] = {
    "u": "units", "iu": "units (or 'international units')", "cc": "mL",
}

FREQUENCY_FORBIDDEN: dict[str, str] = {
    "qd": "once daily", "q.d.": "once daily", "od": "once daily", "daily": "",
    "bid": "twice daily", "b.i.d.": "twice daily", "tid": "three times daily",
    "t.i.d.": "three times daily", "qid": "four times daily", "q.i.d.": "four times daily",
    "qhs": "at bedtime", "hs": "at bedtime", "h.s.": "at bedtime", "qod": "every other day",
    "q.o.d.": "every other day", "qw": "once weekly", "prn": "as needed", "ac": "before meals",
    "pc": "after meals",
}
FREQUENCY_FORBIDDEN.pop("daily")  # 'daily' is a plain word, not an abbreviation

Route = Literal[
    "oral", "sublingual", "subcutaneous", "intramuscular", "intravenous",
    "topical", "inhaled", "rectal", "nasal", "transdermal",
]
ROUTE_SYNONYMS: dict[str, str] = {
    "po": "oral", "by mouth": "oral", "sq": "subcutaneous", "sc": "subcutaneous",
    "subq": "subcutaneous", "sub-q": "subcutaneous", "subcut": "subcutaneous",
    "im": "intramuscular", "iv": "intravenous", "sl": "sublingual", "pr": "rectal",
}

MAX_WHOLE_DIGITS, MAX_DECIMALS = 9, 6
"""The largest and finest amount a dose prints exactly (999,999,999 and 0.000001): any unit's dose fits."""


def printable_amount(value: Decimal) -> Decimal:
    """An amount the page prints as written. '1e999' passed validate and stopped every render with a
    traceback (too large for the printed number's precision); '1e-9999999' printed as '0'."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite: pydantic refuses infinity and NaN
    while len(digits) > 1 and digits[-1] == 0 and exponent < 0:  # 2.50 is 2.5
        digits, exponent = digits[:-1], exponent + 1
    if value.adjusted() >= MAX_WHOLE_DIGITS or -exponent > MAX_DECIMALS:
        raise ValueError(f"'{value}' is not an amount a dose can print: write at most {MAX_WHOLE_DIGITS} digits "
                         f"before the point and {MAX_DECIMALS} after it, e.g. 0.125, 2.5 or 1000")
    return value


Amount = Annotated[Decimal, Field(gt=0, description="A positive number"), AfterValidator(printable_amount)]


def _two_amounts(value: Any) -> Any:
    """A range is [low, high]: said so, rather than pydantic's 'required key is missing' for [5]."""
    if isinstance(value, (list, tuple)) and len(value) != 2:
        raise ValueError(f"a dose range is two numbers, [low, high]; this list has {len(value)}")
    return value


def _amount_shape(value: Any) -> str | None:
    """'range' for a list; 'number' for a number or text ('2.5'), which Decimal reads or explains."""
    shape = shape_of(value)
    return {"list": "range", "number": "number", "text": "number"}.get(shape or "")


DoseAmount = Annotated[
    Annotated[Amount, Tag("number")] | Annotated[tuple[Amount, Amount], BeforeValidator(_two_amounts), Tag("range")],
    Discriminator(_amount_shape, custom_error_type=WRONG_SHAPE,
                  custom_error_message="give a number, or a range as two numbers: [low, high]"),
]
"""A dose's amount: one number, or a range (told apart by shape: handouts.models.shapes)."""


def normalise_unit(raw: str) -> str:
    """Map a typed unit to the controlled list, or raise with a helpful message."""
    text = " ".join(raw.split())
    if text in UNITS:
        return text
    key = text.lower()
    if key in UNIT_FORBIDDEN:
        raise ValueError(
            f"'{text}' is an error-prone abbreviation; write {UNIT_FORBIDDEN[key]}"
        )
    if key in UNIT_SYNONYMS:
        return UNIT_SYNONYMS[key]
    for unit in UNITS:
        if unit.lower() == key:
            return unit
    raise ValueError(f"unknown unit '{text}'; use one of: {', '.join(UNITS)}")


class Dose(Sourced):
    """One dose: an amount or a [low, high] range, with unit and how to take it.

    A dose cites the reference that gives this very figure (`citations`), or says
    why none does (`unsupported`): its item's citations may back the treatment
    and not the dose (handouts.rules.dose_sourced).
    """

    amount: DoseAmount = Field(
        description="A number, or [low, high] for a range"
    )
    unit: str = Field(description="One of: " + ", ".join(UNITS))
    frequency: Text | None = Field(
        default=None,
        description="In words: 'once daily', 'three times daily', 'at bedtime', 'per day'",
    )
    route: Route | None = None
    timing: Text | None = Field(default=None, description="e.g. '30 minutes before meals'")
    note: Text | None = None

    @field_validator("unit", mode="before")
    @classmethod
    def _unit(cls, value: Any) -> Any:
        return normalise_unit(value) if isinstance(value, str) else value

    @field_validator("route", mode="before")
    @classmethod
    def _route(cls, value: Any) -> Any:
        if isinstance(value, str):
            return ROUTE_SYNONYMS.get(value.strip().lower(), value.strip().lower())
        return value

    @field_validator("frequency")
    @classmethod
    def _frequency_in_words(cls, value: str | None) -> str | None:
        if value is None:
            return None
        for word in re.findall(r"[A-Za-z.]+", value):
            plain = FREQUENCY_FORBIDDEN.get(word.lower())
            if plain:
                raise ValueError(
                    f"'{word}' is an error-prone abbreviation; write '{plain}'"
                )
        return value

    @field_validator("amount")
    @classmethod
    def _range_ordered(cls, value: Decimal | tuple[Decimal, Decimal]) -> Any:
        if isinstance(value, tuple) and not value[0] < value[1]:
            raise ValueError(f"a dose range goes from low to high, got [{value[0]}, {value[1]}]")
        return value

    @property
    def is_range(self) -> bool:
        return isinstance(self.amount, tuple)
