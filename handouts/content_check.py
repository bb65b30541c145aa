"""`handouts validate` as a library: check content files one by one, report for tools.

The JSON shape is a contract (see JSON_SCHEMA_HELP); add keys, never rename or remove.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from handouts.errors import ContentError, Problem, display_path
from handouts.context import Context, context_for
from handouts.loading import is_support_data, load_checked, walk

JSON_VERSION = 1

JSON_SCHEMA_HELP = """\
{"version": 1,
 "files": [{"path": str, "valid": bool,
            "problems": [{"path": str, "line": int, "col": int, "field": str,
                          "severity": "error"|"warning", "message": str}]}],
 "summary": {"files": int, "valid": int, "invalid": int}}"""
"""Shown in `handouts validate --help`. line 0 means the file as a whole; a problem's
path may name another file (a brand's logo, a customisation's plan)."""


@dataclass(frozen=True)
class Checked:
    """One content file and what is wrong with it (nothing, when it is valid).

    Warnings (e.g. "changed since approval") are problems too, but leave a file valid.
    """

    path: str
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        """No errors (warnings, such as a brand colour too light for text, are allowed)."""
        return not any(p.severity == "error" for p in self.problems)


def check(paths: Iterable[Path], kind: str | None = None, ctx: Context | None = None) -> Iterator[Checked]:
    """Every content file under `paths`, checked; the tool's own word lists in data/ are skipped.

    Without a context, the data folders of these files (a practice's) come before the shipped data.
    """
    paths = tuple(paths)
    ctx = ctx or context_for(paths)
    for path, named in walk(paths):
        if not named and is_support_data(path):
            continue  # the tool's own word and drug lists, found while walking data/
        try:
            loaded = load_checked(path, kind, ctx)
        except ContentError as exc:
            yield Checked(display_path(path), tuple(exc.problems))
        else:
            found = (*loaded.warnings, *overdue(path, loaded.model, ctx.today))
            yield Checked(display_path(path), tuple(sorted(found)))


REVIEWED = {"Topic": "topic", "DietPlan": "diet plan", "FoodCatalogue": "food catalogue"}
"""The content kinds whose documents print REVIEW OVERDUE once their next review has passed, as lint names them."""


def overdue(path: Path, content: object, today: date) -> tuple[Problem, ...]:
    """A warning at `review.next_review` when it has passed: a clinician runs validate before printing, and the
    documents still print (with a mark), so it is said here as lint says it, not refused. Not a load rule: render
    already says the mark it prints, and each load would parse the file again to place the warning."""
    noun = REVIEWED.get(type(content).__name__)
    review = getattr(content, "review", None)
    if noun is None or review is None or review.next_review is None or not review.next_review < today:
        return ()
    from handouts.approval import effective_status
    from handouts.lint.readiness import check_review
    from handouts.review import review_mark_for
    from handouts.yamlsource import read

    (issue,) = (i for i in check_review(content, today, noun) if i.rule == "review-overdue")
    if review_mark_for(effective_status(content), review.next_review, today) == "REVIEW OVERDUE":
        issue_text = (f"{issue.message}; until then its documents print REVIEW OVERDUE on every page, and batch "
                      "refuses them without --allow-draft")
    else:
        issue_text = issue.message
    source = read(path)
    line, col = source.position(("review", "next_review"))
    return (Problem(source.path, line, col, "review.next_review", issue_text, "warning", issue.rule),)


def to_json(results: Sequence[Checked]) -> str:
    files = [
        {
            "path": r.path,
            "valid": r.valid,
            "problems": [
                {"path": p.path, "line": p.line, "col": p.col, "field": p.field, "severity": p.severity,
                 "message": p.message}
                for p in r.problems
            ],
        }
        for r in results
    ]
    valid = sum(r.valid for r in results)
    summary = {"files": len(results), "valid": valid, "invalid": len(results) - valid}
    return json.dumps({"version": JSON_VERSION, "files": files, "summary": summary}, indent=2, ensure_ascii=False)
