"""Dates as the diet sheet prints them: in the locale's own order, short where space is tight.

Thin names over handouts.locale.Locale, so the diet view reads as before; the month
is always a word, so no date is ambiguous in any country.

The reintroduction table's dates are the weekday and the locale's short day and month
("lun 29 sep", on one line in every day cell on either paper), kept together by no-break
spaces (which draw exactly as the spaces did): a cell too narrow for a whole date would put
its weekday on a line of its own, never the month ("Mon 29" / "Sept"), and a range of break
days breaks only at its dash, each date in it whole.
"""

from __future__ import annotations

import re
from datetime import date

from handouts.locale import Locale
from handouts.unbroken import NO_BREAK_SPACE

_INNER_SPACE = re.compile(r"(?<=\S) (?=\S)")
"""A space between two words, not one at either end (beside the weekday)."""
_RANGE_SPACE = re.compile(r"(?<![–-]) (?![–-])")
"""A space inside one of a range's dates, not one beside the dash between them."""


def weekday_date(value: date, locale: Locale) -> str:
    """'Mon, Sep 1, 2025' (en-US), 'lun, 1 de sep de 2025' (es): the weekday a patient plans by."""
    return locale.weekday_date(value)


def short_date(value: date, locale: Locale) -> str:
    """'Mon Sep 1', 'lun 1 sep': for the schedule's cells, the weekday then the day and month as the
    locale writes them alone (CLDR's MMMd), bound together.

    The locale's own weekday form (MMMEd) puts a 'de' in a Spanish date ('lun 29 de sep': wider
    than any day cell, so the weekday went on a line of its own); the short form the same locale
    gives a day and month without the weekday has no 'de' ('29 sep'): as clear, the month still a
    word, and on one line. English gets the same dates as before ('Mon Sep 29', 'Mon 29 Sept')."""
    from babel.dates import format_date

    weekday = format_date(value, "EEE", locale=locale.babel())
    return f"{weekday} {_INNER_SPACE.sub(NO_BREAK_SPACE, day_month(value, locale))}"


def day_month(value: date, locale: Locale) -> str:
    """'Sep 1', for the tightest spaces (the step boxes)."""
    return locale.day_month(value)


def step_range(first: date, last: date, locale: Locale) -> str:
    """'Sep 29 – Oct 26, 2025', '29 de sep – 26 de oct 2025': a step's dates beside its heading. Each
    date in it whole: a line breaks only at the dash. The days' weekdays are in the schedule's cells."""
    return _RANGE_SPACE.sub(NO_BREAK_SPACE, locale.date_range(first, last))


def short_range(first: date, last: date, locale: Locale) -> str:
    """'Oct 2 – 3', or 'Oct 31 – Nov 1' across months; one short date for a single day. Each
    date in it whole: a line breaks only at the dash."""
    if first == last:
        return short_date(first, locale)
    return _RANGE_SPACE.sub(NO_BREAK_SPACE, locale.day_range(first, last))
