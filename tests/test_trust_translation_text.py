"""An approved translation is bound to its own texts, not only to the English it translates.

Reproduction: a Spanish handout approved by its medical translator, then one
warning sign edited in the Spanish alone ("2 semanas" -> "8 semanas"), still
printed "Traducción al español revisada por ..." with no DRAFT TRANSLATION
mark: the record bound only the English (`source_sha256`), and the content's
approval leaves translations out, so nothing noticed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts import documents, translations
from handouts.approval import approval_state
from handouts.context import Context
from handouts.lint.translation_checks import check_translations
from handouts.loading import load_topic
from handouts.models import Personalisation
from cliutil import run
from samples import NEXT_REVIEW, copy_of

CTX = Context.default(date(2025, 8, 1))
SPANISH_SIGN = "      es: Sus síntomas no mejoran en 2 semanas.\n"
EDITED_SIGN = "      es: Sus síntomas no mejoran en 8 semanas.\n"
ENGLISH_SIGN = "      en: Your symptoms do not get better in 2 weeks.\n"
EDITED_ENGLISH_SIGN = "      en: Your symptoms do not get better in 3 weeks.\n"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def translation_approved(tmp_path_factory) -> Path:
    """The sample with its English approved, then its Spanish approved by a medical translator (CLI, once)."""
    path = copy_of(tmp_path_factory.mktemp("es"))
    assert run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", "2025-07-10",
               "--next-review", NEXT_REVIEW).exit_code == 0
    result = run("approve", path, "--lang", "es", "--reviewer", "Lic. Rosa Medina", "--reviewed", "2025-07-20")
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def approved(tmp_path, translation_approved) -> Path:
    return copy_of(tmp_path, translation_approved)


def spanish_frame(path: Path):
    return documents.build_view("patient", documents.topic_inputs(path, "riverside", CTX),
                                Personalisation(language="es"), CTX).frame


def test_approve_records_the_translated_texts_it_approved(approved):
    topic = load_topic(approved, CTX)
    record = topic.translations["es"]
    assert record.text_sha256 == translations.approval_sha256(
        translations.translated_sha256(topic, "es"), translations.english_sha256(topic), "Lic. Rosa Medina",
        date(2025, 7, 20))
    assert translations.state(topic, "es").state == "approved"
    frame = spanish_frame(approved)
    assert "TRADUCCIÓN EN BORRADOR" not in [m.label for m in frame.marks]
    version = translations.state(topic, "es").version
    assert frame.translation_line == ("Traducción al español revisada por Lic. Rosa Medina el 20 de julio de 2025"
                                      f" · versión\u00a0{version}")


def test_a_translated_text_edited_after_review_prints_as_a_draft_translation(approved):
    edit(approved, SPANISH_SIGN, EDITED_SIGN)
    topic = load_topic(approved, CTX)
    assert approval_state(topic) == "approved"  # the English content is untouched, its approval holds
    assert translations.state(topic, "es").state == "changed"
    frame = spanish_frame(approved)
    marks = {m.label: m.note for m in frame.marks}
    assert marks["TRADUCCIÓN EN BORRADOR"] == "la traducción cambió desde su revisión"
    assert frame.translation_line.startswith("Traducción al español: su texto cambió después de su revisión · ")
    assert "revisada por" not in frame.translation_line
    # the English handout of the same file is unaffected
    english = documents.build_view("patient", documents.topic_inputs(approved, "riverside", CTX),
                                   Personalisation(), CTX).frame
    assert [m.label for m in english.marks] == []


def test_lint_and_render_say_the_translation_changed(approved, tmp_path):
    edit(approved, SPANISH_SIGN, EDITED_SIGN)
    found = [(i.rule, i.severity, i.loc) for i in check_translations(load_topic(approved, CTX))
             if i.rule == "translation-changed"]
    assert found == [("translation-changed", "error", ("translations", "es", "text_sha256"))]
    page = tmp_path / "es.html"  # the same view and note as a PDF, without the PDF engine
    result = run("render", approved, "--audience", "patient", "--lang", "es", "--output", page)
    assert result.exit_code == 0, result.output
    assert "'es' translation is changed since it was reviewed: printed with a DRAFT TRANSLATION mark" in result.stderr
    html = page.read_text(encoding="utf-8")
    assert "TRADUCCIÓN EN BORRADOR" in html and "8 semanas" in html and "revisada por" not in html


def test_approving_again_binds_the_new_text(approved):
    edit(approved, SPANISH_SIGN, EDITED_SIGN)
    assert run("approve", approved, "--lang", "es", "--reviewer", "Lic. Rosa Medina",
               "--reviewed", "2025-07-25").exit_code == 0
    assert translations.state(load_topic(approved, CTX), "es").state == "approved"


def test_an_approval_with_no_record_of_its_texts_is_not_taken_on_trust(approved):
    text = approved.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines(keepends=True) if x.startswith("    text_sha256: "))
    edit(approved, line, "")
    topic = load_topic(approved, CTX)
    assert translations.state(topic, "es").state == "changed"
    found = [i for i in check_translations(topic) if i.rule == "translation-changed"]
    assert len(found) == 1 and "not recorded (text_sha256)" in found[0].message


def test_the_hash_covers_only_the_language_asked_for():
    topic = load_topic(Path(__file__).resolve().parent.parent / "data" / "topics" / "leaky-gut.yaml", CTX)
    about = topic.about.root
    assert translations.translated_sha256(topic, "es") != translations.translated_sha256(
        topic.model_copy(update={"about": type(topic.about)({**about, "es": about["es"] + " Más."})}), "es")
    assert translations.translated_sha256(topic, "es") == translations.translated_sha256(
        topic.model_copy(update={"about": type(topic.about)({**about, "en": about["en"] + " More."})}), "es")


def test_a_translation_approved_by_hand_is_not_approved_and_lint_offers_no_hash_to_copy(tmp_path):
    path = copy_of(tmp_path)
    text = path.read_text(encoding="utf-8")
    record = next(x for x in text.splitlines(keepends=True) if x.startswith("    source_sha256: "))
    edit(path, "    status: draft\n", "    status: approved\n    reviewer: Lic. Hand\n    reviewed: 2025-07-20\n")
    edit(path, record, "")
    topic = load_topic(path, CTX)
    assert translations.state(topic, "es").state == "stale"
    messages = [i.message for i in check_translations(topic) if i.severity == "error"]
    assert messages and all("handouts approve FILE --lang es" in m for m in messages)
    assert not any(translations.english_sha256(topic) in m for m in messages)
    edit(path, "    reviewed: 2025-07-20\n",
         f"    reviewed: 2025-07-20\n    source_sha256: {translations.english_sha256(topic)}\n")
    assert translations.state(load_topic(path, CTX), "es").state == "changed"  # the English hash alone is not enough


def test_a_spanish_sheet_prints_the_version_of_the_spanish_it_holds(tmp_path):
    """Two Spanish sheets whose Spanish differs print different versions; the English version stays the English's.

    Reproduction: the footer's only version was the content's, a hash of the English
    alone (a translation is reviewed on its own), so the sheet printed before and the
    sheet printed after a Spanish warning sign was edited ("2 semanas" -> "8 semanas")
    carried the same version: nothing on the paper told them apart.
    """
    path = copy_of(tmp_path)
    before = spanish_frame(path)
    edit(path, SPANISH_SIGN, EDITED_SIGN)
    after = spanish_frame(path)
    assert before.version == after.version  # the English did not change
    assert before.translation_line != after.translation_line
    texts = translations.translated_sha256(load_topic(path, CTX), "es")
    assert after.translation_line.endswith(f" · versión\u00a0{texts[:8]}")
    assert f"versión {after.version}" in after.review_line  # both, each on the line it belongs to
    english = documents.build_view("patient", documents.topic_inputs(path, "riverside", CTX), Personalisation(),
                                   CTX).frame
    assert english.translation_line is None  # an English sheet has no translation to version


def test_a_sheet_made_of_several_pieces_prints_one_version_of_all_their_spanish():
    """A diet sheet's Spanish comes from its plan and the food catalogue: an edit to either changes its version."""
    plan = translations.TranslationState("es", "approved", None, "aaaa1111")
    catalogue = translations.TranslationState("es", "draft", None, "bbbb2222")
    sheet = translations.weakest([plan, catalogue])
    assert sheet.state == "draft" and len(sheet.version) == 8 and sheet.version not in ("aaaa1111", "bbbb2222")
    edited = translations.weakest([plan, translations.TranslationState("es", "draft", None, "cccc3333")])
    assert edited.version != sheet.version
    assert translations.weakest([plan, None]).version == "aaaa1111"


def test_an_approved_record_pointed_at_newer_english_by_hand_prints_as_changed(approved):
    """The English edited after the Spanish was approved, then the hash lint printed pasted into the record.

    Reproduction: lint's stale-translation message printed the new English's whole hash;
    pasted over `source_sha256`, the stale translation printed "Traducción al español
    revisada por ..." with no DRAFT TRANSLATION mark, though nobody had reviewed it
    against that English: the approval was bound to the translated texts alone.
    """
    edit(approved, ENGLISH_SIGN, EDITED_ENGLISH_SIGN)
    topic = load_topic(approved, CTX)
    assert translations.state(topic, "es").state == "stale"
    stale = [i for i in check_translations(topic) if i.rule == "stale-translation"]
    assert len(stale) == 1 and translations.english_sha256(topic) not in stale[0].message  # nothing to paste
    edit(approved, f'    source_sha256: "{topic.translations["es"].source_sha256}"\n',
         f'    source_sha256: "{translations.english_sha256(topic)}"\n')
    topic = load_topic(approved, CTX)
    assert translations.state(topic, "es").state == "changed"
    frame = spanish_frame(approved)
    assert "TRADUCCIÓN EN BORRADOR" in [m.label for m in frame.marks] and "revisada por" not in frame.translation_line
    assert [i.rule for i in check_translations(topic) if i.severity == "error"] == ["translation-changed"]


def test_an_approval_recorded_before_the_binding_still_holds_and_lint_asks_to_approve_again(approved):
    """A `text_sha256` of the texts alone, as earlier versions wrote it: approved, with a warning."""
    topic = load_topic(approved, CTX)
    edit(approved, f"    text_sha256: {topic.translations['es'].text_sha256}\n",
         f"    text_sha256: {translations.translated_sha256(topic, 'es')}\n")
    topic = load_topic(approved, CTX)
    assert translations.state(topic, "es").state == "approved"
    assert [i.rule for i in check_translations(topic)] == ["translation-approval-unbound"]
