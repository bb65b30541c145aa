"""Dates as people type them (YYYY-MM-DD only, and a message that says how to write one), and today.

"Today" (the date a document prints, the day review dates are judged on) is the clinic's:
the workspace's `timezone` (handouts.toml) when it sets one, else the machine's own. Every
entry point (command line, batch and its workers, the web app, handouts.api) takes it from
`today` here, so a server kept on UTC for a clinic eight hours behind stops printing
tomorrow's date from four in the afternoon.

The command line, job files and content files all take dates written one way, because
14/07/2025 and 07/14/2025 are read differently in different countries. The message
never repeats the value (a visit date is a patient detail, and job files are read in
batches whose output may be shared).
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

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


# -- today, where the clinic is ---------------------------------------------------------


def _instant() -> datetime:
    """The one place the clock is read (tests put another instant here)."""
    return datetime.now(timezone.utc)


def now(zone: str | None = None) -> datetime:
    """This moment in `zone` (an IANA name, e.g. America/Los_Angeles), else in the machine's own; aware."""
    instant = _instant()
    return instant.astimezone(ZoneInfo(zone)) if zone else instant.astimezone()


def today(zone: str | None = None) -> date:
    """Today's date in the clinic's time zone (`zone`, checked with zone_problem), else the machine's."""
    return now(zone).date()


_ZONE_EXAMPLE = 'e.g. timezone = "America/Los_Angeles" (or "Europe/London", "UTC")'


def zone_problem(value: object) -> str | None:
    """Why `value` is no time zone this machine knows, with the closest it does; None when it is one."""
    if not isinstance(value, str) or not value.strip():
        return f"write a time zone name, {_ZONE_EXAMPLE}"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # ValueError: no zone's name ('../x', '/etc/...')
        pass
    else:
        return None
    shown = "".join(c if c.isprintable() else "?" for c in value[:60])
    names = {name.casefold(): name for name in available_timezones() if "/" in name or name == "UTC"}
    if not names:  # Windows keeps no tz database of its own
        return (f"no time zone '{shown}': this computer has no time-zone database; install the tzdata package "
                "into handouts' Python (pip install tzdata), or leave timezone out to use the computer's clock")
    if value.strip().casefold() in names:
        return f"no time zone '{shown}'; did you mean '{names[value.strip().casefold()]}'?"
    if re.fullmatch(r"[A-Za-z]{2,5}", value.strip()):  # PST, CET: one name, many zones
        return f"'{shown}' is an abbreviation; write the clinic's Region/City, {_ZONE_EXAMPLE}"
    close = difflib.get_close_matches(value.strip().casefold().replace(" ", "_"), names, n=1)
    if close:
        return f"no time zone '{shown}'; did you mean '{names[close[0]]}'?"
    return f"no time zone '{shown}': write the clinic's Region/City as in the tz database, {_ZONE_EXAMPLE}"
