"""An elimination-diet plan: phases, their lengths, and how foods come back.

Claims follow the Sourced pattern of topics: each part cites reference ids from
the plan's own `references` or says in `unsupported` why no verified source backs
it. Unlike a topic recommendation, an unsupported part of a diet plan still
prints: the dietitian chose the plan for this patient. The sheet then says
plainly that it is the dietitian's choice, never that it is a proven treatment
(handouts.views.diet decides that wording). Cross-field rules: handouts.diet.rules.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from handouts.locale import EnglishTag
from handouts.models.common import CONTENT_ENTRIES, Capped, LocalizedText, Model, Slug, Text, not_sought
from handouts.models.reference import Reference
from handouts.models.topic import Review, Sourced
from handouts.models.translation import Translations

PhaseKind = Literal["elimination", "reintroduction", "personalisation"]
DurationUnit = Literal["days", "weeks"]

MAX_LENGTH: dict[str, int] = {"days": 365, "weeks": 52}
"""A year, the longest step a sheet plans, in the unit it is written in: plans and customisations alike."""

MAX_ENTRIES = CONTENT_ENTRIES
"""The most entries one of a plan's lists or mappings may hold (its categories, phases, instructions, portions,
test foods, references, citations, translations). The shipped plans' longest has 6 and a catalogue has a few
dozen categories; over it, the list is one problem at its line, said before any entry is checked: a plan
with 30,000 categories to leave out had the rules look each one up, for seconds, and listed 30,000 problems.
The same cap as a topic's and a customisation's lists (handouts.models.common.Capped)."""

Slugs = Capped[tuple[Slug, ...]]
Texts = Capped[tuple[LocalizedText, ...]]


class Duration(Model):
    """A length in days or weeks: fixed (`min` only) or a range (`min` to `max`)."""

    unit: DurationUnit
    min: int = Field(ge=1, description="At most a year: 365 days or 52 weeks")
    max: int | None = Field(default=None, ge=1, description="At most a year: 365 days or 52 weeks")
    usual: int | None = Field(
        default=None, ge=1, description="Length printed when the dietitian sets none (default: min); at most a year"
    )

    @field_validator("min", "max", "usual")
    @classmethod
    def _at_most_a_year(cls, value: int | None, info: ValidationInfo) -> int | None:
        """Said in the unit typed ('at most 52 weeks'), as for a customisation's phase lengths: a bare
        'less than or equal to 365' let 365 weeks (seven years) through and named no unit."""
        unit = info.data.get("unit")
        if value is None:
            return value
        if unit in MAX_LENGTH:
            if value > MAX_LENGTH[unit]:
                raise ValueError(f"longer than a year: give at most {MAX_LENGTH[unit]} {unit}")
        elif value > MAX_LENGTH["days"]:  # the unit is wrong or missing, and said so on its own
            raise ValueError("longer than a year: give at most 365 days or 52 weeks")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Duration:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"'max' ({self.max}) must not be less than 'min' ({self.min})")
        top = self.max if self.max is not None else self.min
        if self.usual is not None and not self.min <= self.usual <= top:
            raise ValueError(f"'usual' ({self.usual}) must lie between {self.min} and {top}")
        return self

    @property
    def default(self) -> int:
        return self.usual if self.usual is not None else self.min

    def days(self, value: int | None = None) -> int:
        n = self.default if value is None else value
        return n * 7 if self.unit == "weeks" else n


class PlanSourced(Sourced):
    """A part of a plan that cites: its citations capped as the plan's other lists are."""

    citations: Slugs = Field(default=(), description="Reference ids")

    @field_validator("unsupported")
    @classmethod
    def _a_reason(cls, unsupported: str | None) -> str | None:
        """The sheet tells the patient the part is the dietitian's choice: a plan has no gaps to print."""
        if not_sought(unsupported):
            raise ValueError(f"'{unsupported}' is a draft topic's gap, not a reason: a diet plan says why no "
                             "verified source backs this part, or cites one")
        return unsupported


class Basis(PlanSourced):
    """What the plan rests on, as the sheet tells the patient."""

    patient: LocalizedText = Field(description="Plain words: why this plan")


class Phase(PlanSourced):
    id: Slug
    kind: PhaseKind
    name: LocalizedText = Field(description="Short step name, e.g. 'Leave out'")
    summary: LocalizedText
    duration: Duration | None = Field(
        default=None,
        description="Required for elimination; a reintroduction's length comes from its schedule; "
        "none for personalisation means ongoing",
    )
    instructions: Texts = ()


class Reintroduction(PlanSourced):
    """How eliminated categories come back: one at a time, rising portions, break days."""

    days_per_food: int = Field(ge=1, le=14, description="Test days per category")
    washout_days: int = Field(ge=0, le=14, description="Break days after each test, back on the elimination diet")
    portions: Texts = Field(min_length=1, description="One plain portion wording per test day, rising")
    order: Slugs = Field(min_length=1, description="Category ids, in the order they are tested")
    test_foods: Capped[dict[Slug, Slug]] = Field(
        default_factory=dict, description="Category id → catalogue food id to test it with"
    )
    instructions: Texts = ()


class DietPlan(Model):
    """An elimination-diet protocol that dietitians customise per patient."""

    id: Slug
    title: LocalizedText = Field(description="Patient-facing name, e.g. 'Low-FODMAP diet'")
    summary: LocalizedText
    basis: Basis
    eliminate: Slugs = Field(min_length=1, description="Category ids left out in the elimination phase")
    phases: Capped[tuple[Phase, ...]] = Field(min_length=1)
    reintroduction: Reintroduction | None = None
    references: Capped[tuple[Reference, ...]] = ()
    review: Review
    last_updated: date
    disclaimer: LocalizedText
    clinician_note: Text | None = Field(default=None, description="For dietitians; never printed on the sheet")
    language: EnglishTag | None = Field(
        default=None, description="The English spelling the texts are written in (handouts lint checks it)",
    )
    translations: Capped[Translations] = Field(
        default_factory=dict, description="Each other language's translation of the sheet's texts, and its review",
    )

    @field_validator("references")
    @classmethod
    def _identified(cls, references: tuple[Reference, ...]) -> tuple[Reference, ...]:
        """The sheet names a plan's guideline to the patient by its title: a plan has no gaps to print."""
        for ref in references:
            if not ref.identified:
                raise ValueError(f"reference '{ref.id}' is not identified: a diet plan cites only sources it can "
                                 "name (a topic's draft may wait for one; a plan may not)")
        return references

    def phase(self, phase_id: str) -> Phase:
        return next(p for p in self.phases if p.id == phase_id)

    def reference(self, ref_id: str) -> Reference:
        return next(r for r in self.references if r.id == ref_id)

    def sourced_parts(self) -> tuple[Sourced, ...]:
        parts: list[Sourced] = [self.basis, *self.phases]
        if self.reintroduction is not None:
            parts.append(self.reintroduction)
        return tuple(parts)
