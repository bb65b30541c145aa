"""A translation is approved like content, on its own record: each review leaves the other alone.

Issue #17 reproduction: `handouts approve` had no `--lang`, and the content's
approval hash covered every language, so fixing a Spanish typo un-approved
the English clinical content.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts import documents, translations
from handouts.approval import approval_state, content_hash
from handouts.context import Context
from handouts.lint.translation_checks import check_translations
from handouts.loading import load, load_checked, load_topic
from handouts.models import Personalisation
from cliutil import run
from samples import NEXT_REVIEW, copy_of

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "topics" / "leaky-gut.yaml"
CATALOGUE = ROOT / "data" / "foods" / "catalogue.yaml"
CTX = Context.default(date(2025, 8, 1))
SPANISH_TITLE = "  es: Síndrome del intestino permeable\n"
ENGLISH_TITLE = "  en: Leaky gut syndrome\n"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def approve(path: Path, *extra: str):
    return run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", "2025-07-10", *extra)


@pytest.fixture(scope="module")
def both_approved(tmp_path_factory) -> Path:
    """The sample with its English approved and then its Spanish translation approved (CLI, once)."""
    path = copy_of(tmp_path_factory.mktemp("both"))
    assert approve(path, "--next-review", NEXT_REVIEW).exit_code == 0
    result = approve(path, "--lang", "es", "--reviewer", "Lic. Rosa Medina", "--reviewed", "2025-07-20")
    assert result.exit_code == 0, result.output
    assert "approved the 'es' translation" in result.output and "Lic. Rosa Medina" in result.output
    return path


@pytest.fixture
def approved(tmp_path, both_approved) -> Path:
    return copy_of(tmp_path, both_approved)


def test_approve_lang_records_the_translations_own_review_bound_to_the_english(approved):
    topic = load_topic(approved, CTX)
    record = topic.translations["es"]
    assert (record.status, record.translator, record.reviewer, record.reviewed) == (
        "approved", "handouts contributors", "Lic. Rosa Medina", date(2025, 7, 20))
    assert record.source_sha256 == translations.english_sha256(topic)
    assert translations.state(topic, "es").state == "approved"
    assert approval_state(topic) == "approved"  # the English approval made first still holds
    # only the translation's record changed, comments and layout kept
    before = SAMPLE.read_text(encoding="utf-8").splitlines()
    after = approved.read_text(encoding="utf-8").splitlines()
    added = [line for line in after if line not in before]
    bound = translations.approval_sha256(translations.translated_sha256(topic, "es"), record.source_sha256,
                                         "Lic. Rosa Medina", date(2025, 7, 20))
    assert set(added) == {
        "  status: approved", "  reviewer: Dr Ada Lane", "  reviewed: 2025-07-10", f"  next_review: {NEXT_REVIEW}",
        f"  content_sha256: {topic.review.content_sha256}",
        "    status: approved", "    reviewer: Lic. Rosa Medina", "    reviewed: 2025-07-20",
        f"    text_sha256: {bound}",
    }  # source_sha256 was already today's English: its line is as written
    frame = documents.build_view("patient", documents.topic_inputs(approved, "riverside", CTX),
                                 Personalisation(language="es"), CTX).frame
    assert "TRADUCCIÓN EN BORRADOR" not in [m.label for m in frame.marks]


def test_editing_a_translation_does_not_unapprove_the_english(approved):
    edit(approved, SPANISH_TITLE, "  es: El síndrome del intestino permeable\n")
    checked = load_checked(approved, "topic", CTX)
    assert approval_state(checked.model) == "approved"
    assert "changed-since-approval" not in [w.rule for w in checked.warnings]
    # the translation's own record is not part of the content's approval either
    edit(approved, "    reviewer: Lic. Rosa Medina\n", "    reviewer: Lic. Rosa Medina Ortiz\n")
    assert approval_state(load_topic(approved, CTX)) == "approved"


def test_the_content_hash_leaves_out_every_translation():
    topic = load_topic(SAMPLE, CTX)
    spanish = topic.about.root["es"]
    assert spanish
    english_only = topic.model_copy(update={"translations": {}, "about": type(topic.about)({"en": topic.about.root["en"]})})
    assert content_hash(english_only) == content_hash(topic)


def test_an_english_edit_makes_the_approved_translation_stale_and_lint_says_so(approved):
    edit(approved, ENGLISH_TITLE, "  en: Leaky gut\n")
    topic = load_topic(approved, CTX)
    assert translations.state(topic, "es").state == "stale"
    assert approval_state(topic) == "changed"  # and the English itself needs approving again
    stale = [i for i in check_translations(topic) if i.rule == "stale-translation"]
    assert [(i.severity, i.loc) for i in stale] == [("error", ("translations", "es", "source_sha256"))]
    result = run("lint", approved)
    assert "stale-translation" in result.output
    frame = documents.build_view("patient", documents.topic_inputs(approved, "riverside", CTX),
                                 Personalisation(language="es"), CTX).frame
    assert "TRADUCCIÓN EN BORRADOR" in [m.label for m in frame.marks]


def test_a_language_with_missing_texts_is_refused_each_text_located_and_nothing_written(tmp_path):
    path = copy_of(tmp_path)
    before = path.read_bytes()
    result = approve(path, "--lang", "fr", "--translator", "A. Traducteur")
    assert result.exit_code == 2
    assert "cannot print in 'fr'" in result.stderr
    assert f"{path.name}:22:" in result.stderr or "leaky-gut.yaml:" in result.stderr
    assert "no 'fr' text for \"Leaky gut syndrome\"" in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == before


def test_english_is_not_a_translation(tmp_path):
    path = copy_of(tmp_path)
    result = approve(path, "--lang", "en")
    assert result.exit_code == 2 and "English is the source" in result.stderr


def test_a_translation_nobody_is_recorded_as_translating_needs_translator(tmp_path):
    path = copy_of(tmp_path)
    edit(path, "    translator: handouts contributors\n", "")
    before = path.read_bytes()
    result = approve(path, "--lang", "es")
    assert result.exit_code == 2 and "--translator" in result.stderr
    assert path.read_bytes() == before
    assert approve(path, "--lang", "es", "--translator", "M. Traductora").exit_code == 0
    assert load_topic(path, CTX).translations["es"].translator == "M. Traductora"


def test_translator_and_next_review_go_with_the_right_approval(tmp_path):
    path = copy_of(tmp_path)
    assert "--translator goes with --lang" in approve(path, "--translator", "X").stderr
    assert approve(path, "--lang", "es", "--next-review", NEXT_REVIEW).exit_code == 2


def test_the_food_catalogues_names_are_approved_the_same_way(tmp_path):
    path = copy_of(tmp_path, CATALOGUE, "foods")
    result = approve(path, "--lang", "es")
    assert result.exit_code == 0, result.output
    catalogue = load(path, None, CTX)
    assert translations.state(catalogue, "es").state == "approved"
