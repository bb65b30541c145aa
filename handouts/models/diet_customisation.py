"""A dietitian's changes to a diet plan for one patient.

Personal details are never logged or cached: the file exists for one patient's
sheet. Names of foods and categories are checked against the food catalogue
(and the plan, when `plan` is given) by handouts.diet.rules, with suggestions.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, WithJsonSchema, model_validator

from handouts.models.common import CONTENT_ENTRIES, Capped, Language, LocalizedText, Model, Name, Notes, at_most
from handouts.models.diet import MAX_LENGTH

LENGTH_PATTERN = re.compile(r"^\s*(\d{1,3})\s*(day|days|week|weeks)?\s*$", re.IGNORECASE)

_LENGTH_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^\s*\d{1,3}\s*(day|days|week|weeks)\s*$", "description": "e.g. '4 weeks'"},
        {
            "type": "object",
            "required": ["value", "unit"],
            "properties": {"value": {"type": "integer", "minimum": 1}, "unit": {"enum": ["days", "weeks"]}},
            "additionalProperties": False,
        },
    ]
}


Ref = Annotated[str, Field(min_length=1, max_length=80)]
"""A catalogue or plan id. Plain text here, so that handouts.diet.rules can say
which id was meant ('did you mean ...?') instead of only 'not a valid id'."""

MAX_ENTRIES = CONTENT_ENTRIES
"""The most entries one of a customisation's lists or mappings may hold. A real sheet names a few dozen:
the shipped food catalogue has 80 foods and 23 categories, a practice's adds some dozens, and each is
named once. Over it, the list is one problem at its line, said before any rule looks at an entry: 30,000
one-letter entries (a 60 kB file) had the diet rules look each one up, with a 'did you mean', for seconds
of a server's time, and listed 60,000 problems."""

MAX_EXTRA_FOODS = 50
"""The most extra foods one sheet adds (a sample adds two): each is checked with its categories, so a
file's foods times their categories is bounded too."""

MAX_FOOD_TAGS = 30
"""The most categories one extra food may carry, or be free of (the shipped catalogue has 23; a food
carries a few): with MAX_EXTRA_FOODS, at most 3,000 names looked up in a file's extra foods."""

Refs = Capped[tuple[Ref, ...]]
"""A list of ids a dietitian fills, capped (`Field`: the schema says the cap too)."""

FoodTags = Annotated[tuple[Ref, ...], Field(max_length=MAX_FOOD_TAGS), at_most(MAX_FOOD_TAGS)]
"""An extra food's category ids, capped."""



class PhaseLength(Model):
    """'4 weeks' or '10 days': always with its unit, so 14 is never read as weeks by mistake."""

    value: int = Field(ge=1)
    unit: Literal["days", "weeks"]

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            raise ValueError(f"give the unit too: '{value} weeks' or '{value} days'")
        if isinstance(value, str):
            match = LENGTH_PATTERN.match(value)
            if not match or not match.group(2):
                raise ValueError(f"'{value}' is not a length: write e.g. '4 weeks' or '10 days'")
            return {"value": int(match.group(1)), "unit": match.group(2).lower().rstrip("s") + "s"}
        return value

    @model_validator(mode="after")
    def _at_most_a_year(self) -> PhaseLength:
        """Said in the unit typed ('at most 52 weeks'): a bare '365' left the dietitian guessing which."""
        limit = MAX_LENGTH[self.unit]
        if self.value > limit:
            raise ValueError(f"longer than a year: give at most {limit} {self.unit}")
        return self

    def days(self) -> int:
        return self.value * 7 if self.unit == "weeks" else self.value

    def __str__(self) -> str:
        return f"{self.value} {self.unit[:-1] if self.value == 1 else self.unit}"


class ExtraFood(Model):
    """A food that is not in the catalogue, for this patient only."""

    name: LocalizedText
    group: Ref = Field(description="Catalogue group id, e.g. 'snacks'")
    carries: FoodTags = Field(
        default=(),
        description="Category ids it carries ([] for none). A food that states neither this nor 'list' is listed "
        "under 'avoid' (ask your dietitian): nothing known is not the same as nothing carried",
    )
    free_of: FoodTags = Field(default=(), description="Allergens its name suggests but it does not carry")
    list: Literal["avoid", "enjoy"] | None = Field(
        default=None, description="Place it here (an allergen of this patient always goes under avoid)"
    )
    portion: LocalizedText | None = None


class DietCustomisation(Model):
    """Everything is optional: a ten-line file is a normal customisation."""

    model_config = ConfigDict(hide_input_in_errors=True)  # its errors' text never quotes the patient's details

    plan: Ref | None = Field(default=None, description="The plan id this is for (checks phase and category names)")
    patient: Name | None = Field(default=None, description="Printed on the sheet; never logged")
    dietitian: Name | None = None
    start_date: date | None = Field(
        default=None, description="First day of the elimination phase (within 2 years of today)"
    )
    follow_up: date | None = Field(default=None, description="The next visit (within 2 years of today)")
    eliminate: Refs = Field(default=(), description="Extra categories to leave out")
    keep: Refs = Field(default=(), description="Plan categories this patient keeps eating")
    avoid: Refs = Field(default=(), description="Catalogue food ids to move under 'avoid'")
    enjoy: Refs = Field(default=(), description="Catalogue food ids to move under 'enjoy' (never an allergen)")
    extra_foods: Annotated[tuple[ExtraFood, ...], Field(max_length=MAX_EXTRA_FOODS), at_most(MAX_EXTRA_FOODS)] = ()
    allergies: Refs = Field(
        default=(),
        description="Allergen ids from the food catalogue (milk, egg, fish, shellfish, tree-nuts, peanut, wheat, "
        "soy, sesame, and any a practice adds): always avoided, never under 'enjoy', never reintroduced",
    )
    intolerances: Refs = Field(default=(), description="Category or food ids avoided for this patient")
    phase_lengths: Capped[dict[Ref, Annotated[PhaseLength, WithJsonSchema(_LENGTH_SCHEMA)]]] = Field(
        default_factory=dict, description="Phase id → length, e.g. {elimination: 4 weeks}"
    )
    reintroduction_order: Refs | None = Field(
        default=None, description="Category ids in the order to test them (default: the plan's order)"
    )
    test_foods: Capped[dict[Ref, Ref]] = Field(
        default_factory=dict, description="Category id → food id to test it with")
    notes: Notes | None = None
    language: Language | None = Field(
        default=None, description="Language, or language and region (es, es-MX); default: the brand's locale",
    )
