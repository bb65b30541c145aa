"""Dates as people type them: YYYY-MM-DD only, and a message that says how to write one.

The command line, job files and content files all take dates written one way, because
14/07/2025 and 07/14/2025 are read differently in different countries. The message
never repeats the value (a visit date is a patient detail, and job files are read in
batches whose output may be shared).
"""

from __future__ import annotations

import re
from datetime import date

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_FORMAT_HELP = ("write dates as YYYY-MM-DD, e.g. 2025-07-14 (the only form accepted: day/month/year "
                    "and month/day/year read differently in different countries)")


def date_problem(value: str) -> str | None:
    """What is wrong with a date as typed, without repeating it; None when it is a real YYYY-MM-DD day."""
    if not ISO_DATE.fullmatch(value.strip()):
        return f"not a date in the accepted format: {DATE_FORMAT_HELP}"
    try:
        date.fromisoformat(value.strip())
    except ValueError:
        return "no such day in the calendar (YYYY-MM-DD: year, month, day)"
    return None


def parse_date(value: str) -> date:
    """A YYYY-MM-DD date; ValueError with date_problem's words otherwise."""
    problem = date_problem(value)
    if problem:
        raise ValueError(problem)
    return date.fromisoformat(value.strip())


WINDOW_YEARS = 2
"""A printed date lies at most this many years after today: anything later is a typing mistake
(2052 for 2025; and a year like 9999 would run a diet's schedule off the calendar)."""

EARLIEST = date(2000, 1, 1)
"""Nor before this day (1925 for 2025). Past dates are otherwise fine: a clinic may print an old
handout or sheet again, and the shipped samples keep their dates without ever going stale."""


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def date_window(today: date) -> tuple[date, date]:
    """The first and last day a printed date may fall on."""
    return EARLIEST, _years_from(today, WINDOW_YEARS)


def window_problem(value: date, today: date) -> str | None:
    """Why a date to print cannot be right, without repeating it; None when it is in the window."""
    first, last = date_window(today)
    if value > last:
        return (f"more than {WINDOW_YEARS} years after today ({today.isoformat()}): check the year "
                f"(give a date up to {last.isoformat()})")
    if value < first:
        return f"before {first.isoformat()}: check the year"
    return None
