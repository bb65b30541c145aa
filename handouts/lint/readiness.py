"""Is the content ready to print: review dates, and patient texts that drafts may still lack."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from handouts.lint.evidence import recommendation_locs
from handouts.lint.findings import Issue
from handouts.models import Topic

DUE_SOON = timedelta(days=30)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def when_due(due: date, today: date) -> str:
    """How far `due` is from `today`, as a person says it: 'today', 'tomorrow', 'in 26 days', 'yesterday',
    '4 days ago'. The review's own day is the last it holds (handouts.review): 'in 0 days' read as if the
    mark were already printing, and '1 days ago' as careless."""
    days = (due - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {_days(days)}" if days > 0 else f"{_days(-days)} ago"


def check_review(content: Any, today: date, noun: str = "topic") -> Iterator[Issue]:
    """The same rule for every reviewed file (a topic, a diet plan, a food catalogue file): a sheet made from
    an overdue plan or catalogue prints REVIEW OVERDUE just as a handout does, so lint warns about all of them.
    `today` is a parameter so that tests, and CI runs, do not depend on the clock."""
    review = content.review
    due = review.next_review if review is not None else None  # a catalogue never approved has no review
    if due is None:
        return
    if due < today:
        then = ("approve it again with `handouts approve FILE --reviewer NAME --next-review DATE` (a date typed "
                "in by hand makes the approval no longer hold)" if review.status == "approved"
                else "approve it with `handouts approve FILE --reviewer NAME --next-review DATE`, which records "
                     "the next review")
        yield Issue(
            "review-overdue", "error",
            f"review was due on {due.isoformat()} ({when_due(due, today)}): review the {noun} and {then}",
            ("review", "next_review"),
        )
    elif due - today <= DUE_SOON:
        yield Issue(
            "review-due", "warning",
            f"review is due on {due.isoformat()} ({when_due(due, today)}): its documents print REVIEW OVERDUE "
            f"from {(due + timedelta(days=1)).isoformat()}",
            ("review", "next_review"),
        )


def check_patient_text(topic: Topic) -> Iterator[Issue]:
    """Validation lets a draft wait for its patient texts; lint keeps the list of what is missing."""
    missing = "has no patient text yet"
    if topic.about is None:
        yield Issue("missing-patient-text", "warning", f"'about' {missing}", ("about",))
    if topic.bottom_line.patient is None:
        yield Issue("missing-patient-text", "warning", f"the bottom line {missing}", ("bottom_line",))
    if not topic.when_to_get_help:
        yield Issue(
            "missing-patient-text", "warning", "no 'when_to_get_help' items for patients yet", ("when_to_get_help",)
        )
    for loc, rec in recommendation_locs(topic):
        if rec.patient_visible and rec.patient is None:
            yield Issue(
                "missing-patient-text", "warning",
                f"'{rec.id}' is for patients (audience: {rec.audience}) but {missing}", loc,
            )
