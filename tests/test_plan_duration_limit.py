"""A plan step's length over a year is refused in the unit written, as a customisation's is.

Reproduction: a plan's `duration: {unit: weeks, min: 2, max: 365}` (seven years) was valid,
and 366 was refused with "input should be less than or equal to 365", naming no unit; a
customisation's `elimination: 60 weeks` was already refused with "give at most 52 weeks".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from cliutil import assert_clean_exit, run
from handouts.models.diet import Duration

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = "    duration: {unit: weeks, min: 2, max: 6, usual: 4}\n"


@pytest.mark.parametrize(("duration", "field", "said"), [
    ({"unit": "weeks", "min": 2, "max": 365}, "max", "longer than a year: give at most 52 weeks"),
    ({"unit": "weeks", "min": 53}, "min", "longer than a year: give at most 52 weeks"),
    ({"unit": "weeks", "min": 2, "max": 52, "usual": 60}, "usual", "longer than a year: give at most 52 weeks"),
    ({"unit": "days", "min": 2, "max": 366}, "max", "longer than a year: give at most 365 days"),
    ({"unit": "months", "min": 400}, "min", "longer than a year: give at most 365 days or 52 weeks"),
])
def test_a_length_over_a_year_is_refused_in_the_unit_written(duration, field, said):
    with pytest.raises(ValidationError) as caught:
        Duration.model_validate(duration)
    errors = {e["loc"]: e["msg"] for e in caught.value.errors()}
    assert errors[(field,)] == f"Value error, {said}"


@pytest.mark.parametrize("duration", [
    {"unit": "weeks", "min": 52}, {"unit": "days", "min": 1, "max": 365, "usual": 365},
    {"unit": "weeks", "min": 2, "max": 6, "usual": 4},
])
def test_a_year_or_less_is_a_length(duration):
    assert Duration.model_validate(duration).days() <= 365


def test_validate_locates_it_with_the_unit(write):
    source = (ROOT / "data" / "diets" / "low-fodmap.yaml").read_text(encoding="utf-8")
    assert source.count(SHIPPED) == 1
    plan = write("diets/low-fodmap.yaml", source.replace(SHIPPED, SHIPPED.replace("max: 6", "max: 365")))
    line = source[: source.index(SHIPPED)].count("\n") + 1
    result = run("validate", plan)
    assert_clean_exit(result, 1)
    assert f"{plan}:{line}:37: phases[0].duration.max: longer than a year: give at most 52 weeks" in result.stderr
    assert "365" not in result.stderr
