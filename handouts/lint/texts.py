"""Patient-visible texts of a topic, cut into sentences and words.

Every lint check on plain language works on these, so what counts as
"patient-visible" is decided once, here, and matches the patient handout view:
about and the patient bottom line, the words of any drawing or side note, recommendations a patient may see (audience
both/patient, not unsupported), when-to-get-help items and the disclaimer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from handouts.models import LocalizedText, Topic
from handouts.yamlsource import Loc


@dataclass(frozen=True)
class PatientText:
    """One patient-visible text in one language, and where it lives in the data."""

    loc: Loc  # the text field, e.g. ("sections", 0, "recommendations", 2, "patient")
    lang: str
    text: str

    @property
    def text_loc(self) -> Loc:
        """The field plus the language: (…, "patient", "en"); placing trims what the file lacks."""
        return (*self.loc, self.lang)


@dataclass(frozen=True)
class Span:
    """A piece of a text with its character offset, so findings can be placed."""

    start: int
    text: str


def localized(loc: Loc, value: LocalizedText | None) -> Iterator[PatientText]:
    """Every language of a localized text (none when the text is missing)."""
    if value is None:
        return
    for lang in value.languages:
        yield PatientText(loc, lang, value.root[lang])


def topic_patient_texts(topic: Topic) -> Iterator[PatientText]:
    """The texts a patient handout of `topic` shows, in handout order, all languages."""
    yield from localized(("about",), topic.about)
    if topic.about_figure is not None:
        yield from localized(("about_figure", "caption"), topic.about_figure.caption)
        yield from localized(("about_figure", "alt"), topic.about_figure.alt)
    yield from localized(("bottom_line", "patient"), topic.bottom_line.patient)
    for s, section in enumerate(topic.sections):
        if section.figure is not None:
            yield from localized(("sections", s, "figure", "caption"), section.figure.caption)
            yield from localized(("sections", s, "figure", "alt"), section.figure.alt)
        yield from localized(("sections", s, "note"), section.note)
        for r, rec in enumerate(section.recommendations):
            if rec.patient_visible:
                yield from localized(("sections", s, "recommendations", r, "patient"), rec.patient)
    for index, item in enumerate(topic.when_to_get_help):
        yield from localized(("when_to_get_help", index, "patient"), item.patient)
    yield from localized(("disclaimer", "patient"), topic.disclaimer.patient)


# A sentence ends at . ! ? (with closing quotes/brackets) before a capital, digit,
# quote or bracket, but not after common abbreviations ("e.g.", "Dr."). A line
# break ends one too: folded YAML (>) has none left, so any is a deliberate line.
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "dr.", "mr.", "mrs.", "ms.", "vs.", "approx.", "no.")
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]»]*\s+(?=[\"'“‘(\[«¿¡]?[A-Z0-9ÁÉÍÓÚÑÜ])|[ \t]*\n\s*")
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
"""Letters of any language (día, niño) and digits, joined by apostrophes or hyphens."""


def sentences(text: str) -> list[Span]:
    """Split text into sentences, keeping each one's offset in the text."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        piece = text[start:match.end()]
        if piece.rstrip().lower().endswith(_ABBREVIATIONS):
            continue
        spans.append(Span(start, piece.strip()))
        start = match.end()
    if text[start:].strip():
        spans.append(Span(start, text[start:].strip()))
    # strip() above may move the start past leading spaces; fix offsets to the first character
    return [Span(text.index(s.text[:1], s.start) if s.text else s.start, s.text) for s in spans if s.text]


def words(text: str) -> list[Span]:
    """Words (letters/digits, joined by apostrophes or hyphens) with their offsets."""
    return [Span(m.start(), m.group(0)) for m in WORD.finditer(text)]
