"""Reading grade of patient texts: Flesch-Kincaid grade and SMOG.

The formulas are the published ones (the same textstat implements):

    Flesch-Kincaid grade = 0.39 * words/sentences + 11.8 * syllables/words - 15.59
    SMOG = 1.0430 * sqrt(polysyllables * 30 / sentences) + 3.1291

computed here over our own sentence split and offline syllable counter (see
handouts.lint.syllables for why not textstat's). Both formulas are for English.

`patient_grade(topic)` is the library entry point: the renderer uses it to
print, and to refuse, a patient handout's reading grade.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from handouts.lint import spanish
from handouts.lint.findings import Issue
from handouts.lint.syllables import syllables
from handouts.lint.texts import PatientText, sentences, topic_patient_texts, words
from handouts.models import Topic

DEFAULT_TARGET = 8
"""Grade 6-8 is the design's aim for patient pages; 8 is the ceiling."""

LONG_WORD_SYLLABLES = 4
"""'More than three syllables': long enough to slow a weak reader."""

SENTENCE_GRADE_MIN_WORDS = 6
"""Flesch-Kincaid is unstable on a few words: one long word makes 'This handout gives
general information.' grade 12. Shorter sentences are left to the long-word and
jargon checks, which name the word to change."""


@dataclass(frozen=True)
class Counts:
    sentences: int = 0
    words: int = 0
    syllables: int = 0
    polysyllables: int = 0  # words of three or more syllables, as SMOG counts them

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.sentences + other.sentences, self.words + other.words,
            self.syllables + other.syllables, self.polysyllables + other.polysyllables,
        )


@dataclass(frozen=True)
class Grade:
    """US school grade needed to read a text, by two formulas."""

    flesch_kincaid: float
    smog: float

    @classmethod
    def of(cls, counts: Counts) -> Grade:
        if not counts.words or not counts.sentences:
            return cls(0.0, 0.0)
        fk = 0.39 * counts.words / counts.sentences + 11.8 * counts.syllables / counts.words - 15.59
        smog = 1.0430 * math.sqrt(counts.polysyllables * 30 / counts.sentences) + 3.1291
        return cls(round(fk, 1), round(smog, 1))


def count(text: str) -> Counts:
    """Sentences, words and syllables of an English text."""
    total = Counts()
    for sentence in sentences(text):
        per_word = [syllables(w.text) for w in words(sentence.text)]
        if per_word:
            total += Counts(1, len(per_word), sum(per_word), sum(1 for n in per_word if n >= 3))
    return total


def grade_texts(texts: Iterable[str]) -> Grade:
    """The grade of several texts read as one document (each text ends its own sentence)."""
    total = Counts()
    for text in texts:
        total += count(text)
    return Grade.of(total)


def text_grade(text: str) -> Grade:
    return Grade.of(count(text))


def _english_only(lang: str) -> None:
    if lang != "en":
        raise ValueError(
            f"reading grade is measured for English only (Flesch-Kincaid and SMOG are English formulas), not '{lang}'"
        )


def patient_grade(topic: Topic, lang: str = "en") -> Grade:
    """Reading grade of everything the topic's patient handout says (English only)."""
    _english_only(lang)
    return grade_texts(t.text for t in topic_patient_texts(topic) if t.lang == lang)


def document_grade(texts: Iterable[PatientText]) -> Grade:
    """Grade of the English patient texts, for the lint report's per-file grade."""
    return grade_texts(t.text for t in texts if t.lang == "en")


def check_document(grade: Grade, target: int) -> Iterator[Issue]:
    """The whole handout above target is an error: it is what the renderer refuses."""
    if grade.flesch_kincaid > target:
        yield Issue(
            "document-grade", "error",
            f"patient texts read at grade {grade.flesch_kincaid:.1f} (Flesch-Kincaid; SMOG {grade.smog:.1f}), "
            f"above the target {target}: use shorter sentences and words (see sentence-grade findings)",
            ("reading_grade_target",),
        )


def check_spanish_document(ease: spanish.SpanishEase, target: int) -> Iterator[Issue]:
    """The Spanish texts as a whole: the same gate as English, on the INFLESZ scale."""
    if ease.grade > target:
        yield Issue(
            "document-grade", "error",
            f"Spanish patient texts read as '{ease.band}' on the INFLESZ scale (Szigriszt-Pazos "
            f"{ease.szigriszt_pazos:.1f}, Fernández-Huerta {ease.fernandez_huerta:.1f}), suited to grade "
            f"{ease.grade}, above the target {target}: aim for {spanish.minimum_score(target):.0f} or more "
            "with shorter sentences and words",
            ("reading_grade_target",),
        )


FORMULAS = {"en": "Flesch-Kincaid and SMOG", "es": "Szigriszt-Pazos (INFLESZ) and Fernández-Huerta"}
"""The languages whose reading ease is measured here, and by what. A formula is fitted to its
language's words and syllables: the English grade of Portuguese text is a number, not a measure."""


def unmeasured_line(lang: str) -> str:
    """What the person printing is told for a language with no formula, instead of a grade."""
    return (f"reading level: not measured for '{lang}' (formulas for {', '.join(sorted(FORMULAS))} only); "
            f"have someone who reads '{lang}' check it is plain")


def check_unmeasured_languages(texts: Iterable[PatientText]) -> Iterator[Issue]:
    """Once per language with no formula (at its first text): lint measures nothing there but
    sentence length, so the plain-language check is a person's to make, and lint says so."""
    seen: set[str] = set()
    for text in texts:
        if text.lang in FORMULAS or text.lang in seen:
            continue
        seen.add(text.lang)
        yield Issue(
            "reading-level-unmeasured", "info",
            f"'{text.lang}' texts get no reading-ease formula or jargon list here (those exist for "
            f"{', '.join(sorted(FORMULAS))}), only the sentence-length check: have someone who reads "
            f"'{text.lang}' check they are plain",
            text.text_loc,
        )


def check_spanish_sentences(text: PatientText, target: int) -> Iterator[Issue]:
    floor = spanish.minimum_score(target)
    for sentence in sentences(text.text):
        if len(words(sentence.text)) < SENTENCE_GRADE_MIN_WORDS:
            continue
        ease = spanish.ease([sentence.text])
        if ease.szigriszt_pazos < floor:
            yield Issue(
                "sentence-grade", "warning",
                f"sentence reads as '{ease.band}' (INFLESZ {ease.szigriszt_pazos:.1f}, target {floor:.0f} or more "
                f"for grade {target}): {_quote(sentence.text)}",
                text.text_loc, sentence.start,
            )


def check_sentences(text: PatientText, target: int) -> Iterator[Issue]:
    """Sentences above target, so editors know which ones to rewrite."""
    if text.lang == "es":
        yield from check_spanish_sentences(text, target)
        return
    if text.lang != "en":
        return
    for sentence in sentences(text.text):
        if len(words(sentence.text)) < SENTENCE_GRADE_MIN_WORDS:
            continue
        grade = text_grade(sentence.text)
        if grade.flesch_kincaid > target:
            yield Issue(
                "sentence-grade", "warning",
                f"sentence reads at grade {grade.flesch_kincaid:.1f} (target {target}): {_quote(sentence.text)}",
                text.text_loc, sentence.start,
            )


def check_long_words(text: PatientText, known: frozenset[str], skip: Iterable[tuple[int, int]] = ()) -> Iterator[Issue]:
    """Words over three syllables that patients may not know (once per word per text).

    `known` is the allow-list of long words everyone knows; `skip` holds the
    character spans already reported as jargon, which need no second finding.
    """
    if text.lang != "en":
        return
    skipped = list(skip)
    seen: set[str] = set()
    for word in words(text.text):
        key = word.text.lower()
        if key in seen or key in known or any(a <= word.start < b for a, b in skipped):
            continue
        n = syllables(word.text)
        if n >= LONG_WORD_SYLLABLES:
            seen.add(key)
            yield Issue(
                "long-word", "info",
                f"'{word.text}' has {n} syllables: is there a shorter word a patient knows?",
                text.text_loc, word.start,
            )


def _quote(sentence: str, limit: int = 70) -> str:
    return f"'{sentence}'" if len(sentence) <= limit else f"'{sentence[: limit - 1].rstrip()}…'"
