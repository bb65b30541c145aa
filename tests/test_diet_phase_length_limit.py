"""A step's length over a year is refused in the unit the dietitian typed.

Reproduction: `elimination: 60 weeks` was refused with "input should be less than or equal
to 365", with no unit (365 of what, when weeks were typed?), while 100 weeks (nearly two
years) passed. The limit is a year, said as 365 days or 52 weeks.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cliutil import assert_clean_exit, run
from handouts.models.diet_customisation import PhaseLength


@pytest.mark.parametrize(("typed", "said"), [
    ("60 weeks", "longer than a year: give at most 52 weeks"),
    ("400 days", "longer than a year: give at most 365 days"),
    ("100 weeks", "longer than a year: give at most 52 weeks"),
    ({"value": 53, "unit": "weeks"}, "longer than a year: give at most 52 weeks"),
])
def test_a_length_over_a_year_is_refused_in_the_unit_typed(typed, said):
    with pytest.raises(ValidationError) as caught:
        PhaseLength.model_validate(typed)
    assert caught.value.errors()[0]["msg"] == f"Value error, {said}"


@pytest.mark.parametrize("typed", ["52 weeks", "365 days", "1 day"])
def test_a_year_or_less_is_a_length(typed):
    assert PhaseLength.model_validate(typed).days() <= 365


def test_validate_locates_it_with_the_unit(write):
    cust = write("c.yaml", "plan: low-fodmap\nphase_lengths: {elimination: 60 weeks}\n")
    result = run("validate", cust)
    assert_clean_exit(result, 1)
    assert f"{cust}:2:17: phase_lengths, the 1st entry: longer than a year: give at most 52 weeks" in result.stderr
    assert "365" not in result.stderr
