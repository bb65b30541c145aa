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
