"""Whether a document carries patient details: one answer for every route's audit line and for the cache.

A personalisation (a handout) or a customisation (a diet sheet) says something
about a patient as soon as it holds anything but what any patient could be given:
the language it prints in and, for a diet sheet, the plan it is for. A form sent
with every patient field left empty makes a plain document, audited as such.
"""

from __future__ import annotations

from handouts.models import Personalisation
from handouts.models.diet_customisation import DietCustomisation

NOT_ABOUT_THE_PATIENT = ("language", "plan")
"""Fields that are the same for any patient given the document: alone, they personalise nothing."""


def carries_patient_details(details: Personalisation | DietCustomisation | None) -> bool:
    """Whether `details` say anything about a patient (a name, a date, notes, choices made for them)."""
    if details is None:
        return False
    fields = type(details).model_fields
    plain = type(details)(**{name: getattr(details, name) for name in NOT_ABOUT_THE_PATIENT if name in fields})
    return details != plain
