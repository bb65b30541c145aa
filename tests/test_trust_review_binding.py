"""An approval covers the review it records: who reviewed, when, and until when it holds.

Reproduction: the approval hash covered the content only, so after
`handouts approve`, typing a later `next_review` into the file silenced REVIEW
OVERDUE on every page (and batch printed it unattended), and typing another
reviewer's name printed "Reviewed by <that name>", both still "approved".
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from handouts import documents
from handouts.approval import approval_hash, approval_state, content_hash, review_unbound
from handouts.context import Context
from handouts.loading import load_checked, load_topic
from cliutil import run
from samples import NEXT_REVIEW, copy_of

LATER = Context.default(NEXT_REVIEW + timedelta(days=1))  # after the approval's next review date


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def approved_once(tmp_path_factory) -> Path:
    path = copy_of(tmp_path_factory.mktemp("bound"))
    result = run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", "2025-07-10",
                 "--next-review", NEXT_REVIEW)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def approved(tmp_path, approved_once) -> Path:
    return copy_of(tmp_path, approved_once)


def frame(path: Path):
    return documents.build_view("clinician", documents.topic_inputs(path, "default", LATER), None, LATER).frame


def test_an_overdue_approval_prints_review_overdue(approved):
    assert frame(approved).review_mark == "REVIEW OVERDUE"


def test_a_next_review_date_typed_in_after_approval_does_not_silence_review_overdue(approved):
    edit(approved, f"  next_review: {NEXT_REVIEW}\n", f"  next_review: {NEXT_REVIEW + timedelta(days=730)}\n")
    topic = load_topic(approved, LATER)
    assert approval_state(topic) == "changed"
    printed = frame(approved)
    assert printed.review_mark == "DRAFT"
    assert printed.review_line.startswith("Changed since approval: under review")
    warnings = [w.rule for w in load_checked(approved, "topic", LATER).warnings]
    assert "changed-since-approval" in warnings


@pytest.mark.parametrize("old, new", [
    ("  reviewer: Dr Ada Lane\n", "  reviewer: Dr Someone Else\n"),
    ("  reviewed: 2025-07-10\n", "  reviewed: 2025-07-30\n"),
])
def test_the_reviewer_and_review_date_printed_on_every_page_are_bound_too(approved, old, new):
    edit(approved, old, new)
    assert approval_state(load_topic(approved, LATER)) == "changed"
    assert "Reviewed by" not in frame(approved).review_line


def test_the_review_note_and_the_files_layout_are_not_part_of_it(approved):
    edit(approved, "  status: approved\n", "  status: approved   # checked again at the audit\n")
    edit(approved, "    Sample content assembled from two AI-generated answers and verified\n",
         "    Audited 2025-09-01. Sample content assembled from two AI-generated answers and verified\n")
    assert approval_state(load_topic(approved, LATER)) == "approved"


def test_approving_again_with_a_new_date_binds_it(approved):
    assert run("approve", approved, "--reviewer", "Dr Ada Lane", "--reviewed", date.today(),
               "--next-review", LATER.today + timedelta(days=365)).exit_code == 0
    topic = load_topic(approved, LATER)
    assert approval_state(topic) == "approved" and topic.review.content_sha256 == approval_hash(topic)
    assert frame(approved).review_mark is None


def test_an_approval_recorded_before_the_binding_still_holds_and_says_to_approve_again(approved):
    topic = load_topic(approved, LATER)
    edit(approved, topic.review.content_sha256, content_hash(topic))  # as an earlier handouts recorded it
    topic = load_topic(approved, LATER)
    assert approval_state(topic) == "approved" and review_unbound(topic)
    checked = load_checked(approved, "topic", LATER)
    assert [(w.rule, w.field) for w in checked.warnings] == [("approval-review-unbound", "review.content_sha256")]
    assert "approve it again" in checked.warnings[0].message


def test_lint_tells_an_overdue_approval_to_approve_again_not_to_type_a_date(approved):
    from handouts.lint.readiness import check_review

    overdue = [i for i in check_review(load_topic(approved, LATER), LATER.today) if i.rule == "review-overdue"]
    assert len(overdue) == 1 and "`handouts approve FILE" in overdue[0].message
    assert "set a new next_review" not in overdue[0].message



def test_lint_tells_an_overdue_draft_to_approve_it_not_to_type_a_date(tmp_path):
    """Under review with a past next review: lint said "set a new next_review", a date typed by hand."""
    from handouts.lint.readiness import check_review

    path = copy_of(tmp_path)
    edit(path, "  status: under_review\n", "  status: under_review\n  next_review: 2025-01-01\n")
    overdue = [i for i in check_review(load_topic(path, LATER), LATER.today) if i.rule == "review-overdue"]
    assert len(overdue) == 1 and "`handouts approve FILE --reviewer NAME --next-review DATE`" in overdue[0].message
    assert "set a new next_review" not in overdue[0].message
