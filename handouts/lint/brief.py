"""Checks for the clinician brief's first page: what it prints must fit one page and read in a minute."""

from __future__ import annotations

from collections.abc import Iterator

from handouts.lint.findings import Issue
from handouts.models import Topic

BOTTOM_LINE_WORDS = 60
"""The most words the clinician bottom line may have: the brief's page 1 ("At a glance") prints it."""


def check_brief(topic: Topic) -> Iterator[Issue]:
    words = len((topic.bottom_line.clinician or "").split())  # none yet: a draft's gap (rules.draft_gaps)
    if words > BOTTOM_LINE_WORDS:
        yield Issue(
            "bottom-line-long", "warning",
            f"the clinician bottom line is {words} words: the brief's first page prints it as the summary, "
            f"so keep it to {BOTTOM_LINE_WORDS} (the detail belongs in the sections, algorithm and pitfalls)",
            ("bottom_line", "clinician"),
        )
