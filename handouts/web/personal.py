"""Whether a document carries patient details: one answer for every route's audit line and for the cache.

A personalisation (a handout) or a customisation (a diet sheet) says something
about a patient as soon as it holds anything but what any patient could be given:
the language it prints in and, for a diet sheet, the plan it is for. A form sent
with every patient field left empty makes a plain document, audited as such.

The forms fill in the visit date (a handout) and the start date (a diet sheet)
with today. Today's date is the date of printing: the same on every copy anyone
prints today, so it tells nothing about the patient it is handed to. A form sent
unchanged therefore makes a plain document that prints today's date, audited
plain and kept in the document cache (whose key holds the day). Any other date
in those fields, and every other field, is the patient's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from werkzeug.datastructures import MultiDict

from handouts.models import Personalisation
from handouts.models.diet_customisation import DietCustomisation

NOT_ABOUT_THE_PATIENT = ("language", "plan")
"""Fields that are the same for any patient given the document: alone, they personalise nothing."""

DATED_TODAY = ("visit_date", "start_date")
"""Date fields a form fills in with today: holding today's date, they personalise nothing either."""

Details = Personalisation | DietCustomisation


def fits_an_address(name: str, value: str, today: date) -> bool:
    """Whether a patient field may come in a link (GET): only a date the form fills in, holding today's
    date. The page's first preview asks for the document the untouched form makes, date and all."""
    return name in DATED_TODAY and value == today.isoformat()


def refused_in_an_address(args: MultiDict[str, str], fields: Iterable[str], today: date) -> list[str]:
    """The patient fields among `fields` that a link (GET) carries, each value of each, but what fits one."""
    return [name for name in fields if any(not fits_an_address(name, value, today) for value in args.getlist(name))]


def plain_part(details: Details, today: date) -> Details:
    """What of `details` any patient printed for today would get: its language, plan, and dates that are today."""
    fields = type(details).model_fields
    kept = {name: getattr(details, name) for name in NOT_ABOUT_THE_PATIENT if name in fields}
    kept.update({name: today for name in DATED_TODAY if name in fields and getattr(details, name) == today})
    return type(details)(**kept)


def carries_patient_details(details: Details | None, today: date) -> bool:
    """Whether `details` say anything about a patient: a name, a date but today's, notes, choices made for them."""
    if details is None:
        return False
    return details != plain_part(details, today)
