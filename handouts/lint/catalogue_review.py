"""A food catalogue file nobody has approved: its foods print on diet sheets unreviewed.

Sheets print no mark for such a file (the shipped catalogue has no review:
nobody has reviewed it, and sheets must not change overnight), so lint is where
the practice hears of it; a workspace that sets require_catalogue_approval prints
them DRAFT instead (handouts.diet.catalogue_review).
"""

from __future__ import annotations

from collections.abc import Iterator

from handouts.lint.findings import Issue
from handouts.models.diet_catalogue import FoodCatalogue

RULE = "catalogue-never-approved"


def check_catalogue_review(catalogue: FoodCatalogue) -> Iterator[Issue]:
    if catalogue.review is None:
        yield Issue(RULE, "warning", (
            "this food catalogue has never been approved: the foods it supplies print on every diet sheet "
            "with no review behind them. A clinician approves it with `handouts approve FILE --reviewer NAME "
            "--next-review DATE` (a practice copies the shipped one into its data folder first); a workspace "
            "that sets require_catalogue_approval = true prints those sheets DRAFT until then"), ())
