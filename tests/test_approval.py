"""Approval binds to the content: `handouts approve` records a hash, any later edit shows.

Issue reproduction: `review.status: approved` was a hand-edited field, so a dose
edited after approval still printed as approved. The shipped sample is under
review (honestly), so these tests approve temporary copies.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.approval import approval_hash, approval_state, content_hash, content_version, effective_status
from handouts.approve import approve_file
from handouts.context import Context
from handouts.errors import ContentError, UsageError
from handouts.loading import load_checked, load_topic
from cliutil import run
from pdfutil import pages_text
from samples import NEXT_REVIEW, copy_of

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "topics" / "leaky-gut.yaml"
PLAN = ROOT / "data" / "diets" / "low-fodmap.yaml"
TODAY = date(2025, 8, 1)
CTX = Context.default(TODAY)
LOPERAMIDE = "          amount: [4, 12]\n"


def approve(path: Path, *extra: str):
    return run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", "2025-07-10", "--next-review", NEXT_REVIEW,
               *extra)


@pytest.fixture(scope="module")
def approved_once(tmp_path_factory):
    """The sample approved once with the CLI (approving reads and writes the whole file: not per test)."""
    path = copy_of(tmp_path_factory.mktemp("approved"))
    result = approve(path)
    assert result.exit_code == 0, result.output
    return path, result


@pytest.fixture
def approved(tmp_path, approved_once) -> Path:
    """A fresh copy of the approved sample for a test to edit."""
    return copy_of(tmp_path, approved_once[0])


def test_the_shipped_sample_is_honestly_not_approved():
    topic = load_topic(SAMPLE, CTX)
    assert topic.review.status == "under_review" and topic.review.content_sha256 is None
    assert approval_state(topic) == "under_review"


def test_approve_records_reviewer_date_and_hash_and_keeps_the_file_as_written(tmp_path, approved):
    before = SAMPLE.read_text(encoding="utf-8").splitlines()
    after = approved.read_text(encoding="utf-8").splitlines()
    topic = load_topic(approved, CTX)
    assert (topic.review.status, topic.review.reviewer, topic.review.reviewed, topic.review.next_review) == (
        "approved", "Dr Ada Lane", date(2025, 7, 10), NEXT_REVIEW)
    assert topic.review.content_sha256 == approval_hash(topic)
    # only the review block changed: every comment, folded text, anchor and flow list is as written
    changed = [line for line in after if line not in before]
    assert changed == ["  status: approved", "  reviewer: Dr Ada Lane", "  reviewed: 2025-07-10",
                       f"  next_review: {NEXT_REVIEW}", f"  content_sha256: {topic.review.content_sha256}"]
    assert [line for line in before if line not in after] == ["  status: under_review"]
    assert not list(approved.parent.glob(".*.part"))  # written atomically, nothing left behind
    checked = load_checked(approved, "topic", CTX)
    assert [w.rule for w in checked.warnings] == []
    assert approval_state(checked.model) == "approved"


def test_the_cli_says_what_it_recorded(approved_once):
    result = approved_once[1]
    assert re.search(r"approved .*leaky-gut\.yaml \(topic\): reviewed by Dr Ada Lane on 2025-07-10, "
                     rf"next review {NEXT_REVIEW}, version [0-9a-f]{{8}}$", result.stdout.strip())


def test_editing_a_dose_after_approval_flips_it_to_changed_since_approval(approved):
    approved.write_text(approved.read_text(encoding="utf-8").replace(LOPERAMIDE, "          amount: [4, 16]\n"),
                        encoding="utf-8")
    result = run("validate", approved)
    assert result.exit_code == 0
    status_line = approved.read_text(encoding="utf-8").splitlines().index("  status: approved") + 1
    assert re.search(rf"leaky-gut\.yaml:{status_line}:3: warning: review\.status: changed since approval "
                     r"\(approved by Dr Ada Lane on 2025-07-10\)", result.stderr), result.stderr
    topic = load_topic(approved, CTX)
    assert effective_status(topic) == "changed_since_approval"
    view = documents.build_view("clinician", documents.topic_inputs(approved, "default", CTX), None, CTX)
    assert view.frame.review_mark == "DRAFT"
    assert view.frame.review_line.startswith("Changed since approval: under review")
    assert view.review_status == "changed since approval"
    # approving again binds the new content
    assert approve(approved).exit_code == 0
    assert approval_state(load_topic(approved, CTX)) == "approved"


def test_a_comment_or_quoting_change_is_not_a_content_change(approved):
    text = approved.read_text(encoding="utf-8")
    text = text.replace("title: Leaky gut syndrome\n", "title: 'Leaky gut syndrome'  # quoted now\n")
    approved.write_text("# a new comment\n" + text, encoding="utf-8")
    assert approval_state(load_topic(approved, CTX)) == "approved"


def test_approved_typed_by_hand_prints_as_under_review(tmp_path):
    path = copy_of(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  status: under_review\n",
        "  status: approved\n  reviewer: Dr Hand\n  reviewed: 2025-07-10\n  next_review: 2026-07-10\n"),
        encoding="utf-8")
    checked = load_checked(path, "topic", CTX)
    assert [(w.rule, w.field) for w in checked.warnings] == [("approval-not-recorded", "review.status")]
    view = documents.build_view("patient", documents.topic_inputs(path, "default", CTX), None, CTX)
    assert view.frame.review_mark == "DRAFT"


def test_every_page_prints_the_version_and_the_review_date(approved, tmp_path):
    topic = load_topic(approved, CTX)
    version = content_version(topic)
    inputs = documents.topic_inputs(approved, "riverside", CTX)
    brief = documents.build_view("clinician", inputs, None, CTX)  # the same frame and footer as the handout
    assert brief.frame.review_mark is None and brief.frame.version == version
    assert brief.frame.review_line.startswith("Reviewed by Dr Ada Lane on July 10, 2025")
    view = documents.build_view("patient", inputs, None, CTX)
    pages = pages_text(documents.write_document(view, tmp_path / "patient.pdf"))
    assert len(pages) == 2
    for page in pages:
        flat = " ".join(page.split())
        assert f"version {version}" in flat
        assert "Reviewed by Dr Ada Lane on July 10, 2025" in flat


def test_a_changed_document_prints_another_version(approved):
    before = content_version(load_topic(approved, CTX))
    approved.write_text(approved.read_text(encoding="utf-8").replace(LOPERAMIDE, "          amount: [4, 16]\n"),
                        encoding="utf-8")
    view = documents.build_view("clinician", documents.topic_inputs(approved, "default", CTX), None, CTX)
    assert view.frame.version != before and view.frame.version in view.frame.review_line


def test_approve_refuses_content_not_fit_to_approve_and_writes_nothing(tmp_path):
    path = copy_of(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "          For refractory diarrhea: octreotide 100 mcg", "          For refractory diarrhea: octreotide 100 µg")
    path.write_text(text, encoding="utf-8")
    result = approve(path)
    assert result.exit_code == 1
    assert "'µg' is error-prone" in result.stderr and "write 'mcg'" in result.stderr
    assert path.read_text(encoding="utf-8") == text


def test_approve_needs_a_next_review_after_the_review_date(tmp_path):
    path = copy_of(tmp_path)
    result = run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", "2025-07-10")
    assert result.exit_code == 2 and "--next-review" in result.stderr
    with pytest.raises(UsageError):
        approve_file(path, "  ", CTX, on=date(2025, 7, 10), next_review=date(2026, 7, 10))
    assert path.read_bytes() == SAMPLE.read_bytes()


def test_a_brand_has_nothing_to_approve(tmp_path):
    brand = copy_of(tmp_path, ROOT / "data" / "brands" / "default.yaml", "brands")
    result = approve(brand)
    assert result.exit_code == 2 and "has no review to approve" in result.stderr


def test_a_diet_plan_is_approved_by_the_same_mechanism(tmp_path):
    path = copy_of(tmp_path, PLAN, "diets")
    assert approve(path).exit_code == 0
    plan = load_checked(path, "diet-plan", CTX)
    assert plan.warnings == () and approval_state(plan.model) == "approved"
    path.write_text(path.read_text(encoding="utf-8").replace("  en: Low-FODMAP diet", "  en: Low-FODMAP plan"),
                    encoding="utf-8")
    assert [w.rule for w in load_checked(path, "diet-plan", CTX).warnings] == ["changed-since-approval"]


def test_a_hash_is_not_accepted_in_any_other_shape(tmp_path):
    path = copy_of(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  status: under_review\n", "  status: under_review\n  content_sha256: abc\n"), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_checked(path, "topic", CTX)
    assert [p.field for p in info.value.problems] == ["review.content_sha256"]


def test_a_models_hash_is_worked_out_once_and_never_for_another_model(monkeypatch):
    """Every page footer prints the version: the web app's kept topic is hashed once, not per document."""
    import weakref

    from handouts import approval

    hashed: list[object] = []
    real = approval._hash
    monkeypatch.setattr(approval, "_hash", lambda content: hashed.append(content) or real(content))
    monkeypatch.setenv("HANDOUTS_CACHE", "off")  # an entry would bring the hash with it: worked out here, once
    topic = load_topic(SAMPLE, CTX)
    first = content_hash(topic)
    assert content_hash(topic) == first and content_version(topic) == first[:8]
    assert hashed == [topic]
    edited = topic.model_copy(update={"title": topic.title + " (edited)"})
    assert content_hash(edited) != first  # another object, worked out on its own
    assert len(hashed) == 2
    again = topic.model_copy(update={"title": topic.title + " (edited again)"})
    # A remembered hash belongs to its object, not to its address (which a freed object leaves for the next)
    approval._HASHES[id(again)] = (weakref.ref(topic), "0" * 64)
    assert content_hash(again) not in ("0" * 64, first) and len(hashed) == 3
