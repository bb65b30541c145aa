"""The patient handout's view: exactly what a patient may read, nothing else.

The rules here are the product's safety rules, kept as plain Python so tests
can check them without rendering: no citation numbers, no prescription doses,
no clinician-only or unsupported items.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from handouts import i18n, translations
from handouts.errors import UsageError
from handouts.inputs import TopicInputs
from handouts.langguess import guess
from handouts.locale import Locale, resolve
from handouts.models import LocalizedText, Personalisation, Recommendation, Topic
from handouts.views.base import ViewContext
from handouts.views.frame import Frame, document_frame, format_date
from handouts.yamlsource import Loc


class PersonalisationError(UsageError):
    """A personalisation that does not fit the topic (e.g. an unknown item id)."""


@dataclass(frozen=True)
class PatientItem:
    id: str
    text: str


@dataclass(frozen=True)
class Note:
    """A line of the clinician's note, and its language when it is not the document's."""

    text: str
    lang: str | None = None


@dataclass(frozen=True)
class PatientView:
    frame: Frame
    title: str
    about_heading: str  # 'What is leaky gut syndrome?', in the document's language
    about: str
    bottom_line: str
    helps: tuple[PatientItem, ...]
    avoid: tuple[PatientItem, ...]
    medicines: tuple[PatientItem, ...]
    get_help_now: tuple[str, ...]
    call_us: tuple[str, ...]
    patient_name: str | None
    clinician: str | None
    visit_date: str | None
    follow_up: str | None
    notes: tuple[Note, ...]
    disclaimer: str


def _check_ids(topic: Topic, ids: tuple[str, ...], option: str) -> None:
    visible = [r.id for r in topic.recommendations() if r.patient_visible]
    everything = [r.id for r in topic.recommendations()]
    for rec_id in ids:
        if rec_id in visible:
            continue
        if rec_id in everything:
            raise PersonalisationError(
                f"{option} '{rec_id}': that item is for clinicians only and never appears on a patient handout"
            )
        close = difflib.get_close_matches(rec_id, visible, n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else f"; items: {', '.join(visible)}"
        raise PersonalisationError(f"{option} '{rec_id}': no such item in topic '{topic.id}'{hint}")


def chosen_items(topic: Topic, person: Personalisation) -> list[Recommendation]:
    """The patient-visible recommendations this patient gets, in content order."""
    _check_ids(topic, person.include, "include")
    _check_ids(topic, person.omit, "omit")
    items = [r for r in topic.recommendations() if r.patient_visible]
    if person.include:
        items = [r for r in items if r.id in person.include]
    return [r for r in items if r.id not in person.omit]


def needed_texts(topic: Topic, items: list[Recommendation]) -> Iterator[tuple[Loc, LocalizedText | None]]:
    """Every text the handout prints, with its place in the topic: each must exist in its language."""
    yield ("patient_title",), topic.patient_title or LocalizedText({"en": topic.title})
    yield ("about",), topic.about
    yield ("bottom_line", "patient"), topic.bottom_line.patient
    chosen = {r.id for r in items}
    for s, section in enumerate(topic.sections):
        for r, rec in enumerate(section.recommendations):
            if rec.id in chosen:
                yield ("sections", s, "recommendations", r, "patient"), rec.patient
    for index, item in enumerate(topic.when_to_get_help):
        yield ("when_to_get_help", index, "patient"), item.patient
    yield ("disclaimer", "patient"), topic.disclaimer.patient


def check_language(inputs: TopicInputs, items: list[Recommendation], locale: Locale) -> None:
    """Refuse a language the handout cannot be printed in, listing every text it lacks, located."""
    lang = locale.language
    found = translations.missing(needed_texts(inputs.topic, items), lang)
    translations.refuse_missing(lang, found, inputs.source, i18n.has_language(lang))


def sentence_start(text: str) -> str:
    """Capitalise the first letter, after any opening punctuation ('¿qué…' → '¿Qué…')."""
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1:]
    return text


def patient_view(inputs: TopicInputs, person: Personalisation | None, ctx: ViewContext) -> PatientView:
    topic, brand = inputs.topic, inputs.brand
    person = person or Personalisation()
    locale = resolve(person.language, ctx.locale, brand=brand.locale)
    lang = locale.language
    items = chosen_items(topic, person)
    missing = [r.id for r in items if r.patient is None]
    if not topic.has_patient_text or missing:
        raise PersonalisationError(
            f"topic '{topic.id}' is not ready for patients: it has no plain-language text yet"
            + (f" for {', '.join(missing)}" if missing else "")
            + "; write the patient texts, or print the clinician brief"
        )

    check_language(inputs, items, locale)

    def text(rec: Recommendation) -> PatientItem:
        assert rec.patient is not None  # guaranteed by the topic rules
        return PatientItem(rec.id, rec.patient.get(lang))

    t = i18n.words(locale)
    title = topic.patient_title.get(lang) if topic.patient_title else topic.title
    frame = document_frame(
        "patient-handout", locale, brand, inputs.brand_folder, topic, ctx.today,
        title=t.gettext("%(title)s: information for patients", title=title),
        subject=title if lang != "en" else topic.condition.name,
        keywords=(title, *(topic.condition.aliases if lang == "en" else ()), t.gettext("patient information")),
        translation=translations.state(topic, lang),
    )
    return PatientView(
        frame=frame,
        title=title,
        about_heading=sentence_start(t.gettext("What is %(title)s?", title=title.lower())),
        about=topic.about.get(lang),  # type: ignore[union-attr]  # checked above
        bottom_line=topic.bottom_line.patient.get(lang),  # type: ignore[union-attr]
        helps=tuple(text(r) for r in items if r.kind == "do" and not r.prescription),
        avoid=tuple(text(r) for r in items if r.kind == "avoid" and not r.prescription),
        medicines=tuple(text(r) for r in items if r.prescription),
        get_help_now=tuple(i.patient.get(lang) for i in topic.when_to_get_help if i.urgent),
        call_us=tuple(i.patient.get(lang) for i in topic.when_to_get_help if not i.urgent),
        patient_name=person.patient_name,
        clinician=person.clinician,
        visit_date=format_date(person.visit_date, locale) if person.visit_date else None,
        follow_up=format_date(person.follow_up, locale) if person.follow_up else None,
        notes=notes(person.notes, lang),
        disclaimer=topic.disclaimer.patient.get(lang),  # type: ignore[union-attr]  # checked above
    )


def notes(text: str | None, lang: str) -> tuple[Note, ...]:
    """The clinician's note, line by line; a line in another language is tagged with it."""
    out = []
    for line in (text or "").splitlines():
        if line.strip():
            own = guess(line, lang)
            out.append(Note(line, own if own != lang else None))
    return tuple(out)
