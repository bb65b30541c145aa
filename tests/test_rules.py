"""Cross-field rules for topics: each one rejects with a located message, and stays
silent on good content.

Every test starts from tests/fixtures/content/minimal-topic.yaml (valid) and makes
one change, then checks the message, the line and the field path of the problem.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts.approve import approve_file
from handouts.errors import ContentError, Problem
from handouts.loading import load_checked, load_topic
from handouts.rules import mentions_dose
from handouts.context import Context
from samples import NEXT_REVIEW

CTX = Context.default()

MINIMAL = (Path(__file__).parent / "fixtures" / "content" / "minimal-topic.yaml").read_text(encoding="utf-8")

# Anchors into the minimal topic (each occurs exactly once).
REC_CITES = "        citations: [test-guideline]\n"  # line 17: sections[0].recommendations[0]
REC_PATIENT = "        patient: Drink plenty of water.\n"  # line 16
HELP_CITES = "\n    citations: [test-guideline]\n"  # line 20: when_to_get_help[0]
REF_END = "    title: A test guideline\n"  # line 25: end of references[0]
REVIEW = "review:\n  status: under_review\n"  # lines 26-27
REC = "sections[0].recommendations[0]"


def topic(*edits: tuple[str, str]) -> str:
    """The minimal topic with each (old, new) edit applied once."""
    text = MINIMAL
    for old, new in edits:
        assert text.count(old) == 1, f"anchor {old!r} must occur exactly once"
        text = text.replace(old, new)
    return text


def line_of(text: str, snippet: str) -> int:
    """1-based line of the only line containing `snippet`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if snippet in line]
    assert len(hits) == 1, f"{snippet!r} is on lines {hits}"
    return hits[0]


def problems(write, text: str) -> list[Problem]:
    path = write("topic.yaml", text)
    with pytest.raises(ContentError) as info:
        load_topic(path, CTX)
    for problem in info.value.problems:
        assert problem.path.endswith("topic.yaml")
    return info.value.problems


def only(write, text: str) -> Problem:
    found = problems(write, text)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


# --- good content stays silent -------------------------------------------------


def test_minimal_topic_is_valid(write):
    topic_ = load_topic(write("topic.yaml", MINIMAL), CTX)
    assert topic_.id == "test-topic"
    assert topic_.sections[0].recommendations[0].citations == ("test-guideline",)


def test_good_example_using_every_rule_is_silent(write):
    text = topic(
        (
            REC_CITES,
            REC_CITES
            + "      - id: loperamide\n"
            + "        name: Loperamide\n"
            + "        clinician: Loperamide 4 mg, then 2 mg after each loose stool.\n"
            + "        patient: {en: Your clinician may prescribe a medicine., es: Puede recetarle un medicamento.}\n"
            + "        prescription: true\n"
            + "        dose: {amount: [2, 4], unit: mg, frequency: after each loose stool, route: PO,\n"
            + "               citations: [test-label]}\n"
            + "        citations: [test-label]\n"
            + "      - id: unproven\n"
            + "        clinician: Some use glutamine; no verified source.\n"
            + "        audience: clinician\n"
            + "        unsupported: No trial found.\n",
        ),
        (
            REF_END,
            REF_END + "  - id: test-label\n    kind: drug_label\n    type: report\n    title: A test label\n",
        ),
        (
            "last_updated:",
            "evidence_by_source:\n"
            "  - kind: drug_label\n"
            "    answers_question: false\n"
            "    text: The label does not address this.\n"
            "    citations: [test-label]\n"
            "    points:\n"
            "      - text: It lists adverse effects.\n"
            "        citations: [test-label]\n"
            "algorithm:\n"
            "  - text: Start with fluids.\n"
            "    citations: [test-guideline]\n"
            "last_updated:",
        ),
        (
            REVIEW,
            f"review:\n  status: approved\n  reviewer: Dr Test\n  reviewed: 2025-01-10\n  next_review: {NEXT_REVIEW}\n",
        ),
    )
    path = write("topic.yaml", text)
    approve_file(path, "Dr Test", CTX, on=date(2025, 1, 10))  # bind the approval to this content
    checked = load_checked(path, "topic", CTX)
    assert checked.warnings == ()
    loaded = checked.model
    assert [r.id for r in loaded.recommendations()] == ["fluids", "loperamide", "unproven"]
    assert loaded.sections[0].recommendations[1].dose.route == "oral"
    assert loaded.review.status == "approved"


def test_clinician_only_item_needs_no_patient_text(write):
    text = topic((REC_PATIENT, "        audience: clinician\n"))
    assert load_topic(write("topic.yaml", text), CTX).sections[0].recommendations[0].patient is None


# --- unique ids ----------------------------------------------------------------


def test_duplicate_reference_id_is_reported_at_the_second(write):
    text = topic((REF_END, REF_END + "  - id: test-guideline\n    kind: study\n    type: report\n    title: Another\n"))
    problem = only(write, text)
    assert problem.field == "references[1].id"
    assert problem.line == 26
    assert problem.message == "duplicate reference id 'test-guideline' (first used at references[0].id)"


def test_duplicate_section_id(write):
    text = topic((REC_CITES, REC_CITES + "  - id: first-line\n    title: Again\n    recommendations:\n"
                  "      - id: other\n        clinician: Other.\n        patient: Other.\n"
                  "        citations: [test-guideline]\n"))
    problem = only(write, text)
    assert problem.field == "sections[1].id"
    assert problem.line == 18
    assert "duplicate section id 'first-line' (first used at sections[0].id)" in problem.message


def test_duplicate_recommendation_id_across_sections(write):
    text = topic((REC_CITES, REC_CITES + "  - id: second\n    title: Second\n    recommendations:\n"
                  "      - id: fluids\n        clinician: Again.\n        patient: Again.\n"
                  "        citations: [test-guideline]\n"))
    problem = only(write, text)
    assert problem.field == "sections[1].recommendations[0].id"
    assert problem.line == 21
    assert "duplicate recommendation id 'fluids'" in problem.message
    assert "sections[0].recommendations[0].id" in problem.message


# --- citations resolve ---------------------------------------------------------


def test_dangling_citation_is_located_and_suggests_the_close_id(write):
    text = topic((REC_CITES, "        citations: [test-guidline]\n"))
    problem = only(write, text)
    assert problem.line == 17
    assert problem.field == f"{REC}.citations[0]"
    assert "citation 'test-guidline' matches no reference id" in problem.message
    assert "did you mean 'test-guideline'?" in problem.message


def test_dangling_citation_far_from_any_id_has_no_suggestion(write):
    text = topic((REC_CITES, "        citations: [test-guideline, zzz-unrelated]\n"))
    problem = only(write, text)
    assert (problem.line, problem.field) == (17, f"{REC}.citations[1]")
    assert "citation 'zzz-unrelated' matches no reference id" in problem.message
    assert "did you mean" not in problem.message


def test_dangling_citation_in_block_list_points_at_its_own_line(write):
    text = topic((REC_CITES, "        citations:\n          - test-guideline\n          - missing-ref\n"))
    problem = only(write, text)
    assert (problem.line, problem.field) == (19, f"{REC}.citations[1]")


def test_dangling_citation_in_safety_net_and_source_points(write):
    text = topic(
        (HELP_CITES, "\n    citations: [nope-one]\n"),
        (
            "last_updated:",
            "evidence_by_source:\n"
            "  - kind: research\n"
            "    answers_question: true\n"
            "    text: Trials say so.\n"
            "    citations: [test-guideline]\n"
            "    points:\n"
            "      - text: A point.\n"
            "        citations: [nope-two]\n"
            "last_updated:",
        ),
    )
    found = problems(write, text)
    assert [(p.line, p.field) for p in found] == [
        (20, "when_to_get_help[0].citations[0]"),
        (line_of(text, "[nope-two]"), "evidence_by_source[0].points[0].citations[0]"),
    ]
    assert all("matches no reference id" in p.message for p in found)


BOTTOM = "  patient: Drink plenty of water.\nabout:"  # the end of bottom_line


def test_bottom_line_may_cite_a_reference(write):
    text = topic((BOTTOM, "  patient: Drink plenty of water.\n  citations: [test-guideline]\nabout:"))
    assert load_topic(write("topic.yaml", text), CTX).bottom_line.citations == ("test-guideline",)


def test_dangling_citation_in_the_bottom_line_is_located(write):
    text = topic((BOTTOM, "  patient: Drink plenty of water.\n  citations: [test-guidline]\nabout:"))
    problem = only(write, text)
    assert (problem.line, problem.field) == (9, "bottom_line.citations[0]")
    assert "citation 'test-guidline' matches no reference id; did you mean 'test-guideline'?" in problem.message


def test_citation_with_no_references_at_all(write):
    text = topic(
        ("references:\n  - id: test-guideline\n    kind: guideline\n    type: report\n" + REF_END, ""),
    )
    found = problems(write, text)
    assert [(p.line, p.field) for p in found] == [(17, f"{REC}.citations[0]"), (20, "when_to_get_help[0].citations[0]")]


# --- cited or unsupported ------------------------------------------------------


def test_item_with_neither_citations_nor_unsupported(write):
    text = topic((REC_CITES, ""))
    problem = only(write, text)
    assert problem.field == REC
    assert problem.line == 14  # the item's "- id: fluids"
    assert problem.message.startswith("no source: cite a reference in 'citations'")
    assert "'unsupported'" in problem.message


def test_empty_citations_count_as_none(write):
    problem = only(write, topic((REC_CITES, "        citations: []\n")))
    assert (problem.line, problem.field) == (14, REC)
    assert "no source" in problem.message


def test_safety_net_item_must_be_sourced_too(write):
    problem = only(write, topic((HELP_CITES, "\n")))
    assert (problem.line, problem.field) == (19, "when_to_get_help[0]")
    assert "no source" in problem.message


def test_statement_must_be_sourced(write):
    text = topic(("last_updated:", "pitfalls:\n  - text: Do not forget.\nlast_updated:"))
    problem = only(write, text)
    assert (problem.line, problem.field) == (line_of(text, "Do not forget."), "pitfalls[0]")
    assert "no source" in problem.message


def test_item_with_both_citations_and_unsupported(write):
    text = topic((REC_CITES, REC_CITES + "        unsupported: Not really.\n        audience: clinician\n"))
    problem = only(write, text)
    assert (problem.line, problem.field) == (18, f"{REC}.unsupported")
    assert problem.message == "give either 'citations' or 'unsupported', not both"


# --- audience rules ------------------------------------------------------------


def test_unsupported_item_must_be_clinician_only(write):
    text = topic((REC_CITES, "        unsupported: No trial found.\n        audience: both\n"))
    problem = only(write, text)
    assert (problem.line, problem.field) == (18, f"{REC}.audience")
    assert "never reaches a patient" in problem.message
    assert "audience: clinician" in problem.message


def test_unsupported_item_with_default_audience_is_refused(write):
    problem = only(write, topic((REC_CITES, "        unsupported: No trial found.\n")))
    assert (problem.line, problem.field) == (14, f"{REC}.audience")
    assert "never reaches a patient" in problem.message


def test_unsupported_clinician_item_is_fine(write):
    text = topic((REC_CITES, "        unsupported: No trial found.\n        audience: clinician\n"))
    assert load_topic(write("topic.yaml", text), CTX).sections[0].recommendations[0].unsupported == "No trial found."


def test_patient_visible_item_needs_patient_text(write):
    problem = only(write, topic((REC_PATIENT, "")))
    assert (problem.line, problem.field) == (14, f"{REC}.patient")
    assert problem.message == "patient-visible item (audience: both) needs patient text"


def test_patient_audience_item_needs_patient_text(write):
    problem = only(write, topic((REC_PATIENT, "        audience: patient\n")))
    assert problem.field == f"{REC}.patient"
    assert "(audience: patient) needs patient text" in problem.message


def test_prescription_item_cannot_be_patient_only(write):
    text = topic((REC_CITES, REC_CITES + "        prescription: true\n        audience: patient\n"))
    problem = only(write, text)
    assert (problem.line, problem.field) == (19, f"{REC}.audience")
    assert "a prescription item is for the clinician too" in problem.message


def test_prescription_patient_text_must_not_state_a_dose(write):
    text = topic(
        (REC_PATIENT, "        patient: Take 10 mg twice a day.\n"),
        (REC_CITES, REC_CITES + "        prescription: true\n"),
    )
    problem = only(write, text)
    assert (problem.line, problem.field) == (16, f"{REC}.patient")
    assert "patient text of a prescription item must not state a dose ('10 mg')" in problem.message
    assert "clinician-only" in problem.message


def test_prescription_dose_in_a_translation_is_caught(write):
    text = topic(
        (REC_PATIENT, "        patient:\n          en: Take the medicine your clinician prescribed.\n"
                      "          es: Tome 4-12 mg al dia.\n"),
        (REC_CITES, REC_CITES + "        prescription: true\n"),
    )
    problem = only(write, text)
    assert (problem.line, problem.field) == (16, f"{REC}.patient")
    assert "('4-12 mg')" in problem.message


def test_prescription_patient_text_without_a_dose_is_fine(write):
    text = topic(
        (REC_PATIENT, "        patient: Take the medicine as your clinician told you, 3 times a day.\n"),
        (REC_CITES, REC_CITES + "        prescription: true\n"),
    )
    assert load_topic(write("topic.yaml", text), CTX).sections[0].recommendations[0].prescription is True


def test_item_with_a_dose_needs_a_name(write):
    text = topic((REC_CITES, REC_CITES + "        dose:\n          amount: 2\n          unit: L\n"
                              "          citations: [test-guideline]\n"))
    problem = only(write, text)
    assert (problem.line, problem.field) == (14, f"{REC}.name")
    assert problem.message == "an item with a dose needs a short 'name' for the dosing table"


@pytest.mark.parametrize(
    "text", ["10 mg", "Take 4-12 mg", "4 to 12 mg", "2.5 mL", "1,5 g", "500 IU", "2 tablets", "1 capsule", "5 units"]
)
def test_mentions_dose_finds_amounts_with_units(text):
    assert mentions_dose(text)


@pytest.mark.parametrize("text", ["Take it twice a day", "wait 10 minutes", "3 glasses of water", "mg", "2 times"])
def test_mentions_dose_ignores_text_without_an_amount_and_unit(text):
    assert not mentions_dose(text)


# --- drafts may wait for patient texts; every other status needs them ---------------

DRAFT = "review:\n  status: draft\n"
ABOUT = "about: The test condition is a made-up condition used in tests.\n"  # line 9
BOTTOM_CLINICIAN = "  clinician: Treat the test condition with fluids.\n"  # line 7
BOTTOM_PATIENT = (BOTTOM_CLINICIAN + "  patient: Drink plenty of water.\n", BOTTOM_CLINICIAN)  # drops line 8
HELP = "when_to_get_help:\n  - patient: Call your care team if you feel worse.\n    citations: [test-guideline]\n"


def test_draft_may_lack_every_patient_text(write):
    text = topic(
        (REVIEW, DRAFT),
        (ABOUT, ""),
        BOTTOM_PATIENT,
        (REC_PATIENT, ""),
        (HELP, ""),
    )
    loaded = load_topic(write("topic.yaml", text), CTX)
    assert loaded.about is None
    assert loaded.bottom_line.patient is None
    assert loaded.when_to_get_help == ()
    assert loaded.sections[0].recommendations[0].patient is None
    assert not loaded.has_patient_text


def test_draft_unsupported_item_must_still_be_clinician_only(write):
    text = topic((REVIEW, DRAFT), (REC_CITES, "        unsupported: No trial found.\n"))
    problem = only(write, text)
    assert problem.field == f"{REC}.audience"


def test_topic_under_review_needs_about(write):
    problem = only(write, topic((ABOUT, "")))
    assert problem.field == "about"
    assert problem.message == "a topic that is under review needs 'about' (the patient's 'What is it')"


def test_topic_under_review_needs_a_patient_bottom_line(write):
    problem = only(write, topic(BOTTOM_PATIENT))
    assert (problem.line, problem.field) == (6, "bottom_line.patient")
    assert problem.message == "a topic that is under review needs a patient bottom line"


def test_topic_under_review_needs_safety_net_items(write):
    problem = only(write, topic((HELP, "")))
    assert problem.field == "when_to_get_help"
    assert problem.message == "a topic that is under review needs 'when_to_get_help' items for patients"


def test_empty_safety_net_list_counts_as_missing(write):
    problem = only(write, topic((HELP, "when_to_get_help: []\n")))
    assert (problem.line, problem.field) == (18, "when_to_get_help")


def test_approved_topic_message_names_its_status(write):
    text = topic(
        (REVIEW, "review:\n  status: approved\n  reviewer: Dr Test\n  reviewed: 2025-01-10\n"), (ABOUT, "")
    )
    assert only(write, text).message.startswith("a topic that is approved needs 'about'")


# --- review rules --------------------------------------------------------------


def test_approved_topic_needs_a_reviewer(write):
    problem = only(write, topic((REVIEW, "review:\n  status: approved\n  reviewed: 2025-01-10\n")))
    assert (problem.line, problem.field) == (26, "review.reviewer")
    assert problem.message.startswith("an approved topic needs 'reviewer': record the approval with `handouts approve")


def test_approved_topic_needs_a_review_date(write):
    problem = only(write, topic((REVIEW, "review:\n  status: approved\n  reviewer: Dr Test\n")))
    assert (problem.line, problem.field) == (26, "review.reviewed")
    assert problem.message.startswith("an approved topic needs 'reviewed': record the approval with `handouts approve")
    assert "typed in by hand" in problem.message


def test_approved_topic_missing_both_reports_both(write):
    found = problems(write, topic((REVIEW, "review:\n  status: approved\n")))
    assert sorted(p.field for p in found) == ["review.reviewed", "review.reviewer"]


def test_topic_under_review_needs_no_reviewer(write):
    assert load_topic(write("topic.yaml", MINIMAL), CTX).review.reviewer is None


def test_next_review_must_come_after_the_review_date(write):
    text = topic((REVIEW, REVIEW + "  reviewed: 2025-01-10\n  next_review: 2024-12-31\n"))
    problem = only(write, text)
    assert (problem.line, problem.field) == (29, "review.next_review")
    assert "next review (2024-12-31) must come after the review date (2025-01-10)" in problem.message


def test_next_review_on_the_review_date_is_refused(write):
    text = topic((REVIEW, REVIEW + "  reviewed: 2025-01-10\n  next_review: 2025-01-10\n"))
    assert only(write, text).field == "review.next_review"
