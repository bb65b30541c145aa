"""Dates as the diet sheet prints them: in the locale's own order, short where space is tight.

Thin names over handouts.locale.Locale, so the diet view reads as before; the month
is always a word, so no date is ambiguous in any country.

The reintroduction table's dates keep their day and month together (no-break spaces,
which draw exactly as the spaces did): a cell too narrow for a whole date puts its
weekday on a line of its own ("lun" / "29 de sep"), never the month ("Mon 29" /
"Sept"), and a range of break days breaks only at its dash, each date in it whole.
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
    """'Mon Sep 1', for the schedule's cells, its day and month bound together (the words on
    either side of the weekday, wherever the locale puts it)."""
    from babel.dates import format_date

    text = locale.short_date(value)
    before, weekday, after = text.partition(format_date(value, "EEE", locale=locale.babel()))
    if not weekday:
        return text
    return _INNER_SPACE.sub(NO_BREAK_SPACE, before) + weekday + _INNER_SPACE.sub(NO_BREAK_SPACE, after)


def day_month(value: date, locale: Locale) -> str:
    """'Sep 1', for the tightest spaces (the step boxes)."""
    return locale.day_month(value)


def short_range(first: date, last: date, locale: Locale) -> str:
    """'Oct 2 – 3', or 'Oct 31 – Nov 1' across months; one short date for a single day. Each
    date in it whole: a line breaks only at the dash."""
    if first == last:
        return short_date(first, locale)
    return _RANGE_SPACE.sub(NO_BREAK_SPACE, locale.day_range(first, last))
