"""Spanish patient texts: syllables by Spanish rules, Fernández-Huerta, Szigriszt-Pazos on INFLESZ,
the same grade gate as English, a Spanish plain-word list; and spelling that fits the declared English."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.lint import spanish
from handouts.lint.runner import lint_file
from handouts.lint.spelling import check_spelling
from handouts.lint.texts import PatientText, sentences, words
from handouts.lint.plain import check_patient_texts
from handouts.models import Topic

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("word", "count"), [
    ("casa", 2), ("pan", 1), ("teléfono", 4),
    ("aire", 2), ("ciudad", 2), ("cuidado", 3), ("Uruguay", 3),  # diphthongs and a triphthong
    ("poeta", 3), ("país", 2), ("día", 2), ("baúl", 2), ("alcohol", 3), ("ahora", 3),  # hiatus
    ("que", 1), ("guiso", 2), ("guerra", 2), ("pingüino", 3),  # silent u, sounded ü
    ("hoy", 1), ("muy", 1), ("y", 1), ("ayuda", 3),  # y as vowel and as consonant
    ("intestino", 4), ("alimentos", 4), ("permeable", 4), ("estrés", 2),
])
def test_spanish_syllables(word, count):
    assert spanish.syllables(word) == count


def test_spanish_words_and_sentences_keep_their_accents_and_openers():
    assert [w.text for w in words("El día del niño")] == ["El", "día", "del", "niño"]
    assert [s.text for s in sentences("Coma fibra. ¿Tiene dolor? Él sabe.")] == [
        "Coma fibra.", "¿Tiene dolor?", "Él sabe."]


def test_fernandez_huerta_and_szigriszt_pazos_by_their_formulas():
    counts = spanish.SpanishCounts(sentences=2, words=20, syllables=40)
    ease = spanish.SpanishEase.of(counts)
    assert ease.fernandez_huerta == round(206.84 - 60 * 2 - 1.02 * 10, 1)
    assert ease.szigriszt_pazos == round(206.835 - 62.3 * 2 - 10, 1)


@pytest.mark.parametrize(("score", "band", "grade"), [
    (85, "very easy", 4), (70, "fairly easy", 6), (60, "normal", 8), (50, "somewhat difficult", 12),
    (30, "very difficult", 16),
])
def test_inflesz_bands_and_the_grade_each_suits(score, band, grade):
    ease = spanish.SpanishEase(score, score)
    assert (ease.band, ease.grade) == (band, grade)


def test_the_grade_target_maps_to_an_inflesz_floor():
    assert spanish.minimum_score(8) == 55 and spanish.minimum_score(6) == 65 and spanish.minimum_score(4) == 80


def test_plain_spanish_passes_and_dense_spanish_fails_the_gate():
    plain = spanish.ease(["Coma más frutas y verduras. Tome agua. Camine un poco cada día."])
    dense = spanish.ease([
        "La permeabilidad intestinal incrementada constituye una alteración fisiopatológica "
        "caracterizada por la disfunción de las uniones estrechas epiteliales."])
    assert plain.grade <= 8 < dense.grade


def text(sentence: str, lang: str = "es") -> PatientText:
    return PatientText(("about",), lang, sentence)


def test_spanish_jargon_is_flagged_with_its_plain_word():
    issues = list(check_patient_texts([text("Tiene dolor abdominal por la mañana.")], 8, (), frozenset()))
    jargon = [i for i in issues if i.rule == "jargon"]
    assert jargon and "barriga" in jargon[0].message
    explained = list(check_patient_texts([text("Tiene dolor abdominal (de la barriga).")], 8, (), frozenset()))
    assert not [i for i in explained if i.rule == "jargon"]


def test_a_long_spanish_sentence_gets_a_sentence_grade_warning():
    long = ("La permeabilidad intestinal incrementada constituye una alteración fisiopatológica "
            "caracterizada por la disfunción de las uniones estrechas epiteliales.")
    issues = list(check_patient_texts([text(long)], 8, (), frozenset()))
    assert any(i.rule == "sentence-grade" and "INFLESZ" in i.message for i in issues)


def topic_with(**changes: object) -> Topic:
    from handouts.context import Context
    from handouts.loading import load_topic

    topic = load_topic(ROOT / "data" / "topics" / "leaky-gut.yaml", Context.default())
    return topic.model_copy(update=changes)


def test_spelling_that_does_not_match_the_declared_english_is_flagged():
    topic = topic_with(language="en-GB")
    found = [i.message for i in check_spelling(topic)]
    assert any("'fiber' is not en-GB spelling: write 'fibre'" in m for m in found)
    assert not list(check_spelling(topic_with(language="en-US")))  # the sample is US English throughout
    assert not list(check_spelling(topic_with(language=None)))  # no variant declared: nothing to check
def test_lint_grades_the_shipped_spanish_topic_texts():
    report = lint_file(ROOT / "data" / "topics" / "leaky-gut.yaml")
    assert report.spanish is not None
    assert report.spanish.grade <= report.target, report.spanish
    assert not [f for f in report.findings if f.severity == "error"], report.findings


