from decimal import Decimal

import pytest

from handouts.doseformat import format_amount, format_dose, format_number
from handouts.models import Dose

NBSP = "\u00a0"  # a number and its unit, and a range's low figure and "to", never part at a line's end


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("0.5"), "0.5"), (Decimal("5.0"), "5"), (Decimal("5.00"), "5"), (10, "10"),
     (Decimal("12.50"), "12.5"), (1000, "1,000"), (Decimal("0.25"), "0.25"), (100000, "100,000")],
)
def test_numbers_have_a_leading_zero_and_no_trailing_zero(value, expected):
    assert format_number(value) == expected


def test_range_is_written_with_to_and_a_space_before_the_unit():
    assert format_amount(Dose(amount=[4, 12], unit="mg")) == f"4{NBSP}to 12{NBSP}mg"


def test_micrograms_print_as_mcg_never_the_greek_sign():
    dose = Dose(amount=100, unit="μg", frequency="three times daily", route="SQ", timing="30 minutes before meals")
    line = format_dose(dose)
    assert line == f"100{NBSP}mcg injected under the skin (subcutaneous), three times daily, 30 minutes before meals"
    assert "µ" not in line and "μ" not in line and "SQ" not in line


def test_fractional_dose_keeps_leading_zero():
    assert format_amount(Dose(amount=0.5, unit="mg")) == f"0.5{NBSP}mg"


def test_whole_number_written_as_float_loses_trailing_zero():
    assert format_amount(Dose(amount=5.0, unit="mg")) == f"5{NBSP}mg"


@pytest.mark.parametrize(("amount", "unit", "expected"), [
    (1, "tablets", "1 tablet"), (1, "units", "1 unit"), (1, "international units", "1 international unit"),
    (Decimal("1.0"), "drops", "1 drop"), (2, "tablets", "2 tablets"), ([1, 2], "capsules", "1 to 2 capsules"),
    (1, "mg", "1 mg"), (Decimal("0.5"), "tablets", "0.5 tablets"),
])
def test_one_counted_unit_is_written_in_the_singular(amount, unit, expected):
    """Reproduction: a dose of one tablet printed "1 tablets" in the brief's dosing table."""
    assert format_amount(Dose(amount=amount, unit=unit)).replace(NBSP, " ") == expected
