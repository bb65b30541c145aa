"""Print doses the way medication-safety practice requires (ISMP's error-prone list).

Leading zero (0.5 mg), no trailing zero (5 mg, never 5.0 mg), 'mcg' not 'µg',
'units' not 'U' or 'IU', frequencies in words, a space between number and unit,
ranges as '4 to 12 mg'. Every document formats doses through these functions.
"""

from __future__ import annotations

from decimal import Decimal

from handouts.models.dose import Dose

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


def format_amount(dose: Dose) -> str:
    """'10 mg', '4 to 12 mg', '0.5 mcg'."""
    if isinstance(dose.amount, tuple):
        low, high = dose.amount
        return f"{format_number(low)} to {format_number(high)} {dose.unit}"
    return f"{format_number(dose.amount)} {dose.unit}"


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
