"""One print's personal details. Never logged, never cached: it exists for one render.

Its rules are the only personalisation rules: the command line, batch job files
and the web form all build this model, so each refuses the same things the same
way. Whether an item or a language exists depends on the topic: the patient
view checks those.
"""

from __future__ import annotations

from datetime import date
from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from handouts.models.common import NAME_CHARACTERS, NOTES_CHARACTERS, Capped, Language, Model, Name, Notes, Slug

LIMITS = {"patient_name": NAME_CHARACTERS, "clinician": NAME_CHARACTERS, "notes": NOTES_CHARACTERS}


class Personalisation(Model):
    # pydantic's error text quotes the input (input_value='...'): a program that logs the exception
    # would log the patient's name or notes. Hidden here; `errors()` still gives each field's problem.
    model_config = ConfigDict(hide_input_in_errors=True)

    patient_name: Name | None = None
    clinician: Name | None = None
    visit_date: date | None = None
    include: Capped[tuple[Slug, ...]] = Field(
        default=(), description="Only these recommendation ids (empty = all)"
    )
    omit: Capped[tuple[Slug, ...]] = Field(default=(), description="Leave these recommendation ids out")
    language: Language | None = Field(  # before the notes: they are read in it (models.common.no_error_prone_doses)
        default=None, description="Language, or language and region (es, es-MX); default: the brand's locale",
    )
    notes: Notes | None = None
    follow_up: date | None = None

    @field_validator("omit")
    @classmethod
    def _not_both_included_and_omitted(cls, omit: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        both = [item for item in omit if item in info.data.get("include", ())]
        if both:
            raise ValueError(f"'{both[0]}' is both included and omitted; choose one")
        return omit

    @field_validator("follow_up")
    @classmethod
    def _follow_up_after_visit(cls, follow_up: date | None, info: ValidationInfo) -> date | None:
        visit = info.data.get("visit_date")
        if follow_up is not None and visit is not None and follow_up < visit:
            # Not the dates themselves: this message reaches batch logs and manifests, which never
            # hold patient details; whoever typed them has them in front of them.
            raise ValueError("the follow-up date is before the visit date")
        return follow_up


def limit(field: str) -> int | None:
    """A text field's length limit, for forms that say it up front."""
    return LIMITS.get(field)
