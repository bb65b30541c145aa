"""One print's personal details. Never logged, never cached: it exists for one render."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from handouts.models.common import LangCode, Model, Slug, Text


class Personalisation(Model):
    patient_name: Text | None = Field(default=None, max_length=120)
    clinician: Text | None = Field(default=None, max_length=120)
    visit_date: date | None = None
    include: tuple[Slug, ...] = Field(
        default=(), description="Only these recommendation ids (empty = all)"
    )
    omit: tuple[Slug, ...] = Field(default=(), description="Leave these recommendation ids out")
    notes: Text | None = Field(default=None, max_length=2000)
    follow_up: date | None = None
    language: LangCode = "en"
