"""Dates as the diet sheet prints them: unambiguous in every country, short where space is tight."""

from __future__ import annotations

from datetime import date

from handouts.views.frame import format_date


def weekday_date(value: date) -> str:
    """'Mon 1 Sep 2025': the sheet's long date, with the weekday a patient plans by."""
    return f"{value:%a} {format_date(value)}"


def short_date(value: date) -> str:
    """'Mon 1 Sep', for the schedule's cells."""
    return f"{value:%a} {value.day} {value:%b}"


def day_month(value: date) -> str:
    """'1 Sep', for the tightest spaces (the step boxes)."""
    return f"{value.day} {value:%b}"


def short_range(first: date, last: date) -> str:
    """'2 to 3 Oct', or '31 Oct to 1 Nov' across months; one short date for a single day."""
    if first == last:
        return short_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {last.day} {last:%b}"
    return f"{first.day} {first:%b} to {last.day} {last:%b}"
