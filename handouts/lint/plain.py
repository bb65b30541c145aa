"""All plain-language checks over a file's patient texts, for any kind of content."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from handouts.lint.findings import Issue
from handouts.lint.jargon import check_jargon, find_jargon
from handouts.lint.readability import check_long_words, check_sentences
from handouts.lint.style import check_long_sentences, check_passive
from handouts.lint.texts import PatientText
from handouts.lint.wordlists import JargonTerm, jargon_terms_for


def check_patient_texts(
    texts: Iterable[PatientText],
    target: int,
    terms: tuple[JargonTerm, ...],
    known_words: frozenset[str],
) -> Iterator[Issue]:
    """Grade, jargon, long words, long sentences and passive voice of each text.

    `terms` is the English list; other languages use their own (data/lint/jargon.LANG.toml).
    """
    for text in texts:
        own = terms if text.lang == "en" else jargon_terms_for(text.lang)
        yield from check_sentences(text, target)
        yield from check_jargon(text, own)
        jargon_spans = [(hit.start, hit.end) for hit in find_jargon(text.text, own)] if text.lang == "en" else []
        yield from check_long_words(text, known_words, jargon_spans)
        yield from check_long_sentences(text)
        yield from check_passive(text)
