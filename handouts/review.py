"""The review mark a document prints, from the review fields alone.

One rule for every document and for batch runs, which judge it from the
manifest's recorded fields without parsing the content again.
"""

from __future__ import annotations

from datetime import date


def review_mark_for(status: str | None, next_review: date | None, today: date) -> str | None:
    """DRAFT for anything not approved; REVIEW OVERDUE once the next review date has passed."""
    if status != "approved":
        return "DRAFT"
    if next_review is None or next_review < today:
        return "REVIEW OVERDUE"
    return None


MARK_ORDER = (None, "REVIEW OVERDUE", "DRAFT")
"""Marks from the weakest claim to the strongest warning: a document made from several reviewed
files (a diet sheet: its plan and its catalogue files) prints the strongest."""


def weakest_mark(*marks: str | None) -> str | None:
    """The mark of the least approved of several files: DRAFT over REVIEW OVERDUE over none."""
    return max(marks, key=MARK_ORDER.index, default=None)
