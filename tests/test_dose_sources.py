"""A dose cites its own source; no source means no grade; reviewer notes print until approval.

Issue reproductions: the brief showed "Loperamide 4 to 12 mg [1-3]" and
"Octreotide 100 mcg [1, 2]" from the item's citations although no reference
gives those figures, and graded unsourced items "Very low".
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.approval import content_hash
from handouts.context import Context
from handouts.doseformat import format_number
from handouts.errors import ContentError
from handouts.inputs import TopicInputs
from handouts.lint.runner import Options, lint_file
from handouts.loading import load_checked
from handouts.views.clinician import NO_DOSE_SOURCE, NOT_GRADED, clinician_view

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "topics" / "leaky-gut.yaml"
MINIMAL = (Path(__file__).parent / "fixtures" / "content" / "minimal-topic.yaml").read_text(encoding="utf-8")
TODAY = date(2026, 1, 15)
CTX = Context.default(TODAY)
DOSED = (
    "        citations: [test-guideline]\n"
    "        name: Water\n"
    "        dose:\n"
    "          amount: 2\n"
    "          unit: L\n"
)


def with_dose(extra: str = "", status: str = "under_review") -> str:
    text = MINIMAL.replace("        citations: [test-guideline]\n", DOSED + extra, 1)
    return text.replace("  status: under_review\n", f"  status: {status}\n")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics" / "test-topic.yaml"  # named for its id
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample():
    return documents.topic_inputs("leaky-gut", "default", CTX)


def brief(inputs: TopicInputs):
    return clinician_view(inputs, CTX)


# --------------------------------------------------------------------------- rules


def test_a_dose_does_not_borrow_its_items_citations(tmp_path):
    with pytest.raises(ContentError) as info:
        load_checked(write(tmp_path, with_dose()), "topic", CTX)
    [problem] = info.value.problems
    assert (problem.line, problem.field) == (19, "sections[0].recommendations[0].dose")
    assert "the item's citations do not count" in problem.message


@pytest.mark.parametrize("source", ["          citations: [test-guideline]\n",
                                    "          unsupported: No reference gives 2 L.\n"])
def test_a_dose_with_its_own_source_or_reason_is_valid(tmp_path, source):
    assert load_checked(write(tmp_path, with_dose(source)), "topic", CTX).warnings == ()


def test_a_dose_citation_must_resolve_and_gets_a_suggestion(tmp_path):
    with pytest.raises(ContentError) as info:
        load_checked(write(tmp_path, with_dose("          citations: [test-guidline]\n")), "topic", CTX)
    [problem] = info.value.problems
    assert problem.field == "sections[0].recommendations[0].dose.citations[0]"
    assert "did you mean 'test-guideline'?" in problem.message


def test_a_dose_cannot_both_cite_and_be_unsupported(tmp_path):
    both = "          citations: [test-guideline]\n          unsupported: None found.\n"
    with pytest.raises(ContentError) as info:
        load_checked(write(tmp_path, with_dose(both)), "topic", CTX)
    assert [p.field for p in info.value.problems] == ["sections[0].recommendations[0].dose.unsupported"]


def test_a_draft_may_wait_and_lint_lists_the_dose(tmp_path):
    path = write(tmp_path, with_dose(status="draft"))
    load_checked(path, "topic", CTX)  # loads: drafts may wait for their dose sources
    found = [f for f in lint_file(path, Options(today=TODAY)).findings if f.rule == "dose-unsourced"]
    assert [(f.line, f.severity) for f in found] == [(19, "warning")]


# ------------------------------------------------------------------------- the brief


def test_the_dosing_table_shows_the_doses_own_source_never_the_items(sample):
    view = brief(sample)
    rows = {r.name: r for r in view.doses}
    topic = sample.topic
    for rec in topic.recommendations():
        if rec.dose is None:
            continue
        row = rows[rec.name]
        if rec.dose.citations:
            assert row.refs and row.unsupported is None
        else:
            assert row.refs == () and row.unsupported, rec.id
    # the rows: cited items whose figures no reference gives
    for name in ("Loperamide", "Codeine sulfate", "Octreotide"):
        assert rows[name].refs == () and rows[name].unsupported


def test_a_dose_without_any_source_reads_no_verified_source_for_this_dose(sample):
    recs = [r for r in sample.topic.recommendations() if r.id == "loperamide"]
    bare = recs[0].model_copy(update={"dose": recs[0].dose.model_copy(update={"unsupported": None})})
    sections = tuple(s.model_copy(update={"recommendations": tuple(bare if r.id == "loperamide" else r
                                                                   for r in s.recommendations)})
                     for s in sample.topic.sections)
    topic = sample.topic.model_copy(update={"sections": sections})
    view = brief(TopicInputs(topic, sample.brand, sample.brand_folder))
    row = next(r for r in view.doses if r.name == "Loperamide")
    assert recs[0].citations and row.refs == () and row.unsupported == NO_DOSE_SOURCE
    html = documents.render_bytes(view, "html").decode()
    assert "No verified source for this dose" in html


def test_the_sample_cites_a_dose_only_where_a_reference_gives_that_figure(sample):
    """Each cited dose's figures appear in what a cited reference record says it supports."""
    cited = 0
    for rec in sample.topic.recommendations():
        if rec.dose is None or not rec.dose.citations:
            continue
        cited += 1
        amounts = rec.dose.amount if isinstance(rec.dose.amount, tuple) else (rec.dose.amount,)
        figures = [f"{format_number(a)} {rec.dose.unit}" for a in amounts]
        supports = " ".join(s for ref_id in rec.dose.citations for s in sample.topic.reference(ref_id).supports)
        assert all(f in supports for f in figures), (rec.id, figures, supports)
    assert cited == 1  # the tricyclic starting dose (BSG algorithm), and nothing else


def test_the_rendered_brief_puts_no_number_beside_an_unsourced_dose(sample):
    html = documents.render_bytes(brief(sample), "html").decode()
    table = html[html.index('<section class="dosing">'):html.index("</section>", html.index('<section class="dosing">'))]
    for row in re.findall(r"<tr class=\"[^\"]*\">(.*?)</tr>", table, re.S):
        name = re.sub(r"<[^>]+>", "", re.split(r"</t[hd]>", row)[0]).strip()
        has_number = bool(re.search(r'<span class="cite">\[', row))
        assert has_number == name.startswith("Tricyclic antidepressant (low dose)"), name


# ------------------------------------------------------------------------- grades


def test_an_unsupported_item_is_not_graded(sample):
    view = brief(sample)
    rows = {r.name: r for r in view.doses}
    assert rows["Fluids"].grade == NOT_GRADED == "Not graded: no verified source"
    assert rows["Calcium"].grade == NOT_GRADED
    items = {i.id: i for s in view.sections for i in s.items}
    assert items["hydration"].grade == NOT_GRADED
    assert items["polyphenol-rich-diet"].grade == "Low (conditional)"
    # even if content still carries a grade for an unsourced item, the brief does not print it
    rec = next(r for r in sample.topic.recommendations() if r.id == "polyphenol-rich-diet")
    graded = rec.model_copy(update={"citations": (), "unsupported": "No source."})
    sections = tuple(s.model_copy(update={"recommendations": tuple(graded if r.id == rec.id else r
                                                                   for r in s.recommendations)})
                     for s in sample.topic.sections)
    view = brief(TopicInputs(sample.topic.model_copy(update={"sections": sections}), sample.brand,
                             sample.brand_folder))
    assert next(i for s in view.sections for i in s.items if i.id == rec.id).grade == NOT_GRADED


def test_lint_asks_to_drop_a_grade_from_an_unsupported_item(tmp_path):
    text = MINIMAL.replace(
        "        citations: [test-guideline]\nwhen",
        "        citations: [test-guideline]\n      - id: sleep\n        audience: clinician\n"
        "        clinician: Sleep well.\n        unsupported: No source.\n        evidence: {grade: very low}\nwhen",
    )
    path = write(tmp_path, text)
    found = [f for f in lint_file(path, Options(today=TODAY)).findings if f.rule in ("graded-unsupported",
                                                                                     "evidence-missing")]
    assert sorted((f.rule, f.field) for f in found) == [
        ("evidence-missing", "sections[0].recommendations[0]"),  # cited: needs a grade
        ("graded-unsupported", "sections[0].recommendations[1].evidence"),  # unsourced: must not have one
    ]


# ---------------------------------------------------------------- reviewer notes


def test_reviewer_notes_print_under_their_item_in_the_detail_part_until_approved(sample, tmp_path):
    view = brief(sample)
    items = {i.id: i for s in view.sections for i in s.items}
    assert "the reviewer should reconcile" in items["loperamide"].reviewer_note
    html = documents.render_bytes(view, "html").decode()
    note_at = html.index("the reviewer should reconcile")
    assert note_at > html.index('<h2 class="recs-title">Recommendations</h2>')  # not in the summary or the table
    item_at = html.rindex("Anti-motility agent for diarrhea", 0, note_at)
    assert "<li" not in html[item_at:note_at]  # under its own item, no other item in between
    assert html.count("the reviewer should reconcile") == 2  # loperamide and codeine, once each

    # approved, and bound to this content: the notes are gone
    review = sample.topic.review.model_copy(update={
        "status": "approved", "reviewer": "Dr A", "reviewed": date(2025, 7, 10), "next_review": date(2026, 7, 10),
        "content_sha256": content_hash(sample.topic)})
    approved = sample.topic.model_copy(update={"review": review})
    view = brief(TopicInputs(approved, sample.brand, sample.brand_folder))
    assert all(i.reviewer_note is None for s in view.sections for i in s.items)
    assert "the reviewer should reconcile" not in documents.render_bytes(view, "html").decode()

