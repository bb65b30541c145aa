"""Dates as the diet sheet prints them: in the locale's own order, short where space is tight.

Thin names over handouts.locale.Locale, so the diet view reads as before; the month
is always a word, so no date is ambiguous in any country.
"""

from __future__ import annotations

from datetime import date

from handouts.locale import Locale


def weekday_date(value: date, locale: Locale) -> str:
    """'Mon, Sep 1, 2025' (en-US), 'lun, 1 de sep de 2025' (es): the weekday a patient plans by."""
    return locale.weekday_date(value)


def short_date(value: date, locale: Locale) -> str:
    """'Mon, Sep 1', for the schedule's cells."""
    return locale.short_date(value)


def day_month(value: date, locale: Locale) -> str:
    """'Sep 1', for the tightest spaces (the step boxes)."""
    return locale.day_month(value)


def short_range(first: date, last: date, locale: Locale) -> str:
    """'Oct 2 – 3', or 'Oct 31 – Nov 1' across months; one short date for a single day."""
    return locale.day_range(first, last)
