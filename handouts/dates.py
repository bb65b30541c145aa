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
