"""`handouts approve` refuses a next review date already past.

Reproduction: `--next-review` (or the file's own next review, its default) before
today was recorded as approved, and every page printed REVIEW OVERDUE from the
moment of approval.
"""

from __future__ import annotations

from datetime import date, timedelta

from cliutil import run
from samples import NEXT_REVIEW, copy_of, edited_copy

TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)


def test_a_next_review_before_today_is_refused_naming_the_option_the_date_and_today(tmp_path):
    path = copy_of(tmp_path)
    before = path.read_bytes()
    result = run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", TODAY - timedelta(days=30),
                 "--next-review", YESTERDAY)
    assert result.exit_code == 2, result.output
    assert f"--next-review {YESTERDAY.isoformat()} is before today ({TODAY.isoformat()})" in result.output
    assert "REVIEW OVERDUE" in result.output and "Traceback" not in result.output
    assert path.read_bytes() == before  # nothing written


def test_the_files_own_next_review_before_today_is_refused_as_the_default(tmp_path):
    path = edited_copy(tmp_path, ("  status: under_review\n", "  status: under_review\n  next_review: 2025-01-01\n"))
    before = path.read_bytes()
    result = run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", "2024-06-01")
    assert result.exit_code == 2, result.output
    assert f"review.next_review (2025-01-01) is before today ({TODAY.isoformat()})" in result.output
    assert "give a later --next-review" in result.output
    assert path.read_bytes() == before


def test_today_and_later_are_accepted(tmp_path):
    path = copy_of(tmp_path)
    result = run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", TODAY - timedelta(days=30),
                 "--next-review", TODAY)
    assert result.exit_code == 0, result.output
    assert run("approve", path, "--reviewer", "Dr Ada Lane", "--next-review", NEXT_REVIEW).exit_code == 0
