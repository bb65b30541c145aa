"""Each lint rule fires on a minimal bad example, at the right line, and stays silent on good content.

Every bad example is the good fixture with one piece replaced, so the expected
line is found by searching the text rather than hard-coded.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts.lint.findings import Finding
from handouts.lint.runner import FileReport, Options, lint_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lint"
GOOD = (FIXTURES / "good-topic.yaml").read_text(encoding="utf-8")
TODAY = date(2025, 6, 1)
EASY_ABOUT = "about: >-\n  This is a short illness.\n  It makes you feel tired."
HARD_ABOUT = (
    "about: >-\n"
    "  Considerable gastrointestinal dehydration necessitates immediate professional evaluation.\n"
    "  Intravenous rehydration occasionally becomes unavoidable for vulnerable individuals."
)


def variant(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, f"fixture should contain {old!r} exactly once"
    return GOOD.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """1-based line of the only line containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} is on lines {hits}"
    return hits[0]


@pytest.fixture
def lint_text(tmp_path: Path):
    def run(text: str, **options: object) -> FileReport:
        path = tmp_path / "topics" / "lint-good.yaml"  # named for its id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return lint_file(path, Options(today=options.pop("today", TODAY), **options))  # type: ignore[arg-type]

    return run


def only(report: FileReport, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule]


def test_good_topic_has_no_findings_at_all(lint_text) -> None:
    report = lint_text(GOOD)
    assert report.findings == ()
    assert report.kind == "topic"
    assert report.target == 8
    assert report.grade is not None and 0 < report.grade.flesch_kincaid <= 8


# ---------------------------------------------------------------- plain language


def test_document_grade_above_the_topic_target_is_an_error_at_the_target_key(lint_text) -> None:
    text = variant(EASY_ABOUT, HARD_ABOUT)
    report = lint_text(text)
    assert report.grade is not None and report.grade.flesch_kincaid > 8
    found = only(report, "document-grade")
    assert len(found) == 1
    assert found[0].severity == "error"
    assert found[0].line == line_of(text, "reading_grade_target: 8")
    assert "above the target 8" in found[0].message


def test_topic_target_raises_the_bar_and_max_grade_overrides_it(lint_text) -> None:
    text = variant(EASY_ABOUT, HARD_ABOUT).replace("reading_grade_target: 8", "reading_grade_target: 16")
    relaxed = lint_text(text)
    assert relaxed.target == 16
    assert only(relaxed, "document-grade") == []
    strict = lint_text(text, max_grade=8)
    assert strict.target == 8
    assert [f.severity for f in only(strict, "document-grade")] == ["error"]


def test_default_target_is_8_without_a_topic_target(lint_text) -> None:
    text = variant(EASY_ABOUT, HARD_ABOUT).replace("reading_grade_target: 8\n", "")
    report = lint_text(text)
    assert report.target == 8
    assert [f.line for f in only(report, "document-grade")] == [1]  # no key to point at: the file


def test_sentence_grade_points_at_the_sentence_line_inside_a_folded_text(lint_text) -> None:
    hard = "Considerable dehydration necessitates immediate professional evaluation."
    text = variant("Take small sips if you feel sick.", hard)
    found = only(lint_text(text), "sentence-grade")
    assert len(found) == 1
    assert found[0].severity == "warning"
    assert found[0].line == line_of(text, hard)  # the second line of the folded block, not the key
    assert found[0].col == text.splitlines()[found[0].line - 1].index("Considerable") + 1
    assert found[0].field == "sections[0].recommendations[0].patient"


def test_jargon_is_flagged_with_its_plain_word_at_its_line(lint_text) -> None:
    text = variant("It makes you feel tired.", "It can cause abdominal pain.")
    found = only(lint_text(text), "jargon")
    assert len(found) == 1
    assert found[0].line == line_of(text, "abdominal pain")
    assert "'belly'" in found[0].message
    assert found[0].field == "about"


def test_jargon_explained_in_the_same_sentence_is_fine(lint_text) -> None:
    text = variant("It makes you feel tired.", "It can cause belly (abdominal) pain.")
    assert only(lint_text(text), "jargon") == []


def test_long_sentence_is_a_warning(lint_text) -> None:
    long = ("Drink water and rest and eat small meals and walk a little and sleep well "
            "and call us if you are worried about it.")
    text = variant("patient: Rest when you can.", f"patient: {long}")
    found = only(lint_text(text), "long-sentence")
    assert [(f.line, f.severity) for f in found] == [(line_of(text, long), "warning")]
    assert "24 words" in found[0].message


def test_passive_voice_is_a_warning_and_adjectives_are_not_passive(lint_text) -> None:
    text = variant("patient: Rest when you can.", "patient: Tests are sold online. Rest if you are tired.")
    found = only(lint_text(text), "passive-voice")
    assert len(found) == 1
    assert "'are sold'" in found[0].message
    assert found[0].line == line_of(text, "Tests are sold online.")


def test_long_words_are_info_and_known_long_words_are_not(lint_text) -> None:
    text = variant("patient: Rest when you can.", "patient: Rest and take your medicine. Avoid overexertion.")
    found = only(lint_text(text), "long-word")
    assert [(f.severity, f.line) for f in found] == [("info", line_of(text, "overexertion"))]
    assert "'overexertion'" in found[0].message


TRANSLATION_RULES = {"missing-translation", "translation-not-recorded", "translation-draft", "stale-translation",
                     "translation-no-catalogue"}


def test_other_languages_get_the_sentence_length_check_but_no_english_word_checks(lint_text) -> None:
    portuguese = ("É uma doença curta que pode causar dor abdominal e cansaço durante "
                  "alguns dias e depois passa sem tratamento em quase todas as pessoas.")
    text = variant(
        EASY_ABOUT,
        f"about:\n  en: This is a short illness.\n  pt: {portuguese}",
    )
    report = lint_text(text)
    assert [(f.rule, f.field, f.line) for f in report.findings if f.rule not in TRANSLATION_RULES] == [
        ("reading-level-unmeasured", "about.pt", line_of(text, "pt: É uma")),  # said once, not the English grade
        ("long-sentence", "about.pt", line_of(text, "pt: É uma")),
    ]
    unmeasured = next(f for f in report.findings if f.rule == "reading-level-unmeasured")
    assert unmeasured.severity == "info" and "'pt' texts get no reading-ease formula" in unmeasured.message
    # the other patient texts have no Portuguese yet, and nobody recorded who translated it
    assert {f.rule for f in report.findings} >= {"missing-translation", "translation-not-recorded"}
    # and the tool has no Portuguese words of its own to print them with
    assert {f.rule for f in report.findings} >= {"translation-no-catalogue"}


def test_clinician_only_and_unsupported_items_are_not_patient_text(lint_text) -> None:
    text = variant("clinician: Ondansetron for persistent vomiting.",
                   "clinician: Ondansetron for persistent vomiting.\n"
                   "        patient: Avoid gastrointestinal overexertion whatsoever.")
    assert [f.rule for f in lint_text(text).findings] == []


# ---------------------------------------------------------------- evidence


def test_uncited_recommendation_is_an_invalid_content_error_at_its_line(lint_text) -> None:
    text = variant("        citations: [good-study]\n", "")
    report = lint_text(text)
    assert report.grade is None
    found = only(report, "invalid")
    assert [(f.severity, f.line) for f in found] == [("error", line_of(text, "- id: rest"))]
    assert "no source" in found[0].message


def test_unsupported_recommendation_is_info(lint_text) -> None:
    text = variant(
        "        citations: [good-study]\n", "        audience: clinician\n        unsupported: No trial found.\n"
    )
    found = only(lint_text(text), "unsupported")
    assert [(f.severity, f.line) for f in found] == [("info", line_of(text, "unsupported: No trial found."))]


def test_reference_never_cited(lint_text) -> None:
    text = variant("        citations: [good-study]\n", "        citations: [good-guideline]\n")
    found = only(lint_text(text), "unused-reference")
    assert [(f.severity, f.line) for f in found] == [("warning", line_of(text, "- id: good-study"))]


def test_reference_cited_only_by_the_bottom_line_is_used(lint_text) -> None:
    text = variant("        citations: [good-study]\n", "        citations: [good-guideline]\n")
    text = text.replace(
        "  clinician: Treat the lint test condition with oral fluids and rest.\n",
        "  clinician: Treat the lint test condition with oral fluids and rest.\n  citations: [good-study]\n",
    )
    assert only(lint_text(text), "unused-reference") == []


def test_reference_without_doi_pmid_or_url(lint_text) -> None:
    text = variant("    URL: https://example.org/guideline\n", "")
    found = only(lint_text(text), "reference-unlocatable")
    assert [(f.severity, f.line) for f in found] == [("warning", line_of(text, "- id: good-guideline"))]


def test_reference_not_verified(lint_text) -> None:
    text = variant("    PMID: 12345\n", "    PMID: 12345\n    verified: false\n    check: page numbers\n")
    found = only(lint_text(text), "reference-unverified")
    assert [(f.severity, f.line) for f in found] == [("warning", line_of(text, "verified: false"))]
    assert "page numbers" in found[0].message


def test_a_verified_reference_with_a_detail_not_confirmed_says_which(lint_text) -> None:
    """A verified record can still leave a detail unconfirmed (Ried 2020's DOI was inferred from an
    address, never seen printed). The brief printed it after the entry, but lint said nothing: an
    editor checking references found no record with anything left to confirm."""
    text = variant("    PMID: 12345\n", "    PMID: 12345\n    check: DOI inferred, not seen printed\n")
    found = only(lint_text(text), "reference-unconfirmed")
    assert [(f.severity, f.line) for f in found] == [("info", line_of(text, "check: DOI inferred"))]
    assert "'good-study'" in found[0].message and "DOI inferred, not seen printed" in found[0].message
    assert only(lint_text(GOOD), "reference-unconfirmed") == []
    noted = variant("    PMID: 12345\n", "    PMID: 12345\n    reviewer_note: single-arm study of 43 completers\n")
    assert only(lint_text(noted), "reference-unconfirmed") == [], "a note on the study is no gap in its record"


def test_a_journal_article_with_one_page_says_whether_only_the_first_is_confirmed(lint_text) -> None:
    """Vasant 2021's record confirms only its first page: the brief printed 'Gut. 2021;70(7):1214.', which a
    reader takes for the whole article, and nothing asked the editor to say so."""
    text = variant("    PMID: 12345\n", "    PMID: 12345\n    page: \"1214\"\n")
    found = only(lint_text(text), "reference-one-page")
    assert [(f.severity, f.line) for f in found] == [("warning", line_of(text, 'page: "1214"'))]
    assert "'good-study' gives one page (1214)" in found[0].message
    said = variant("    PMID: 12345\n", "    PMID: 12345\n    page: \"1214\"\n    check: the last page\n")
    assert only(lint_text(said), "reference-one-page") == [], "check says which page is not confirmed"
    elocator = variant("    PMID: 12345\n", "    PMID: 12345\n    page: e00308\n")
    assert only(lint_text(elocator), "reference-one-page") == [], "an e-locator numbers the whole article"


def test_evidence_grade_missing(lint_text) -> None:
    text = variant("        evidence:\n          grade: low\n", "")
    found = only(lint_text(text), "evidence-missing")
    assert [(f.severity, f.line) for f in found] == [("warning", line_of(text, "- id: rest"))]


def test_review_overdue_is_an_error_and_due_soon_a_warning(lint_text) -> None:
    due_line = line_of(GOOD, "next_review: 2026-01-15")
    overdue = lint_text(GOOD, today=date(2026, 1, 16))
    assert [(f.rule, f.severity, f.line) for f in overdue.findings] == [("review-overdue", "error", due_line)]
    soon = lint_text(GOOD, today=date(2025, 12, 20))
    assert [(f.rule, f.severity, f.line) for f in soon.findings] == [("review-due", "warning", due_line)]
    assert "in 26 days" in soon.findings[0].message
    assert lint_text(GOOD, today=date(2025, 12, 15)).findings == ()  # 31 days ahead: fine


def test_prescription_without_dose_or_frequency(lint_text) -> None:
    no_frequency = variant("          frequency: every 8 hours as needed\n", "")
    found = only(lint_text(no_frequency), "dose-incomplete")
    assert [(f.severity, f.line) for f in found] == [("warning", line_of(no_frequency, "dose:"))]
    assert "frequency" in found[0].message
    no_dose = variant(
        "        dose:\n          amount: 4\n          unit: mg\n          frequency: every 8 hours as needed\n"
        "          route: oral\n          citations: [good-guideline]\n", "")
    found = only(lint_text(no_dose), "dose-incomplete")
    assert [(f.severity, f.line) for f in found] == [("warning", line_of(no_dose, "- id: ondansetron"))]


def test_draft_items_lacking_patient_text(lint_text) -> None:
    text = variant("        patient: Rest when you can.\n", "")
    text = text.replace(
        "  status: under_review\n  reviewer: Dr Test\n  reviewed: 2025-01-15\n", "  status: draft\n"
    )
    found = only(lint_text(text), "missing-patient-text")
    assert [(f.severity, f.line) for f in found] == [("warning", line_of(text, "- id: rest"))]
    # a topic under review (or approved) cannot lack it: validation refuses it
    reviewed = lint_text(variant("        patient: Rest when you can.\n", ""))
    assert [f.rule for f in reviewed.findings] == ["invalid"]


def test_invalid_content_reports_located_validation_errors(lint_text) -> None:
    text = variant("  name: Lint test condition", "  name: Lint test condition\n  nmae: typo")
    report = lint_text(text)
    assert [(f.rule, f.severity, f.line, f.col) for f in report.findings] == [
        ("invalid", "error", line_of(text, "nmae: typo"), 3)
    ]
    assert "unknown key 'nmae'" in report.findings[0].message
