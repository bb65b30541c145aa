"""The patient handout's view: exactly what a patient may read, nothing else.

The rules here are the product's safety rules, kept as plain Python so tests
can check them without rendering: no citation numbers, no prescription doses,
no clinician-only or unsupported items.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from handouts import i18n, translations
from handouts.dates import window_problem
from handouts.errors import UsageError
from handouts.inputs import TopicInputs
from handouts.langguess import guess
from handouts.lint.texts import sentences
from handouts.i18n import N_, Words
from handouts.locale import DEFAULT_TAG, Locale, parse, resolve
from handouts.models import LocalizedText, Personalisation, Recommendation, Topic
from handouts.models.topic import Figure
from handouts.views import pictograms
from handouts.views.base import ViewContext
from handouts.views.frame import Frame, document_frame, format_date
from handouts.views.pictograms import Pictogram
from handouts.views.textdir import direction
from handouts.yamlsource import Loc


PURPOSE = N_("What it is, what you can do, and when to get help")
"""Under the title: what the handout is for."""


class PersonalisationError(UsageError):
    """A personalisation that does not fit the topic (e.g. an unknown item id) or today (a date's year
    mistyped). `field` names the personalisation's field when there is one, for a form to mark."""

    def __init__(self, message: str, field: str | None = None, *, where: str = "") -> None:
        super().__init__(message, where=where)
        self.field = field


DATE_FIELDS = {"visit_date": "visit date", "follow_up": "follow-up date"}


def check_dates(person: Personalisation, today: date) -> None:
    """A visit or follow-up date years away from today is a mistyped year (2052 for 2025): refused
    before it is printed. The message never repeats the date: batch reports quote it."""
    for field, words in DATE_FIELDS.items():
        value = getattr(person, field)
        problem = window_problem(value, today) if value is not None else None
        if problem:
            raise PersonalisationError(f"{words}: {problem}", field=field)
    if person.visit_date is None and person.follow_up is not None and person.follow_up < today:
        # The follow-up is checked against the visit date (models.personalisation); with none given, the
        # handout is today's, and a next appointment already past is a mistyped year (2025 for 2026).
        raise PersonalisationError(f"follow-up date: before today ({today.isoformat()}), and no visit date says the "
                                   "handout is for a visit already past: check the year, or give the visit date",
                                   field="follow_up")


@dataclass(frozen=True)
class PatientItem:
    """One step: its first sentence says what to do (printed bold), the rest how and why."""

    id: str
    action: str
    detail: str

    @property
    def text(self) -> str:
        return f"{self.action} {self.detail}".strip()


@dataclass(frozen=True)
class ActionBlock:
    """Steps of one kind (food, activity, treatments to ask about) under their heading and pictogram."""

    heading: str | None  # None: the only block, needing no heading of its own
    pictogram: Pictogram | None
    items: tuple[PatientItem, ...]
    figures: tuple[Pictogram, ...] = ()  # drawings its sections name, e.g. foods to add
    notes: tuple[str, ...] = ()  # its sections' side notes, e.g. what an abbreviation stands for


@dataclass(frozen=True)
class Note:
    """A line of the clinician's note, its language when it is not the document's, and "rtl" when it
    reads right to left (handouts.views.textdir)."""

    text: str
    lang: str | None = None
    dir: Literal["rtl"] | None = None


@dataclass(frozen=True)
class PatientView:
    frame: Frame
    title: str
    about_heading: str  # 'What is leaky gut syndrome?', in the document's language
    purpose: str  # what the handout is for: part of its title, so the main message is its first section
    about: str
    about_figure: Pictogram | None
    bottom_line: str
    key_actions: tuple[Pictogram, ...]  # the main message's steps as captioned pictograms
    blocks: tuple[ActionBlock, ...]
    avoid: tuple[PatientItem, ...]
    medicines: tuple[PatientItem, ...]
    medicine_pictogram: Pictogram
    get_help_now: tuple[str, ...]
    call_us: tuple[str, ...]
    emergency_pictogram: Pictogram
    call_pictogram: Pictogram
    get_help_now_lead: str  # whom to call and how: the emergency number and the emergency department
    call_us_lead: str  # the practice's phone when the brand has one
    phone_write_in: bool  # no phone in the brand: the box prints "Our phone: ______" to fill in
    patient_name: str | None
    clinician: str | None
    visit_date: str | None
    follow_up: str | None
    notes: tuple[Note, ...]
    disclaimer: str
    write_lines: int = 4  # ruled lines under "My notes and questions" (documents.render may use fewer)

    @property
    def helps(self) -> tuple[PatientItem, ...]:
        """Every step that may help, in the order printed."""
        return tuple(item for block in self.blocks for item in block.items)


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
    if topic.about_figure is not None:
        yield ("about_figure", "caption"), topic.about_figure.caption
        yield ("about_figure", "alt"), topic.about_figure.alt
    yield ("bottom_line", "patient"), topic.bottom_line.patient
    chosen = {r.id for r in items}
    for s, section in enumerate(topic.sections):
        shown = False
        for r, rec in enumerate(section.recommendations):
            if rec.id in chosen:
                shown = True
                yield ("sections", s, "recommendations", r, "patient"), rec.patient
        if shown and section.note is not None:
            yield ("sections", s, "note"), section.note
        if shown and section.figure is not None:
            yield ("sections", s, "figure", "caption"), section.figure.caption
            yield ("sections", s, "figure", "alt"), section.figure.alt
    for index, item in enumerate(topic.when_to_get_help):
        yield ("when_to_get_help", index, "patient"), item.patient
    yield ("disclaimer", "patient"), topic.disclaimer.patient


def check_language(inputs: TopicInputs, items: list[Recommendation], locale: Locale) -> None:
    """Refuse a language the handout cannot be printed in, listing every text it lacks, located."""
    lang = locale.language
    texts = list(needed_texts(inputs.topic, items))
    found, tool_words = translations.missing(texts, lang), i18n.has_language(lang)
    if found or not tool_words:  # and the languages it does print in, for a refusal in one line
        available = translations.printable(texts, inputs.topic.patient_languages())
        translations.refuse_missing(lang, found, inputs.source, tool_words, available)


def sentence_start(text: str) -> str:
    """Capitalise the first letter, after any opening punctuation ('¿qué…' → '¿Qué…')."""
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1:]
    return text


def help_leads(phone: str | None, emergency_number: str | None, words: Words | None = None) -> tuple[str, str]:
    """The 'When to get help' box always says whom to call and how, in the handout's language."""
    t = words or i18n.words(parse(DEFAULT_TAG))
    urgent = (t.gettext("Call %(number)s or go to the emergency department right away if:", number=emergency_number)
              if emergency_number else
              t.gettext("Call your local emergency number or go to the emergency department right away if:"))
    call_us = t.gettext("Call us at %(phone)s if:", phone=phone) if phone else t.gettext("Call us if:")
    return urgent, call_us


def patient_item(rec_id: str, text: str) -> PatientItem:
    """Split a patient text into its action (the first sentence) and the how and why after it."""
    parts = sentences(text)
    if not parts:
        return PatientItem(rec_id, text.strip(), "")
    first = parts[0]
    return PatientItem(rec_id, first.text, text[first.start + len(first.text):].strip())


def figure(drawing: Figure, lang: str) -> Pictogram:
    """A drawing a topic names, with its words in the handout's language."""
    return Pictogram(drawing.image, drawing.caption.get(lang), drawing.alt.get(lang))


def action_blocks(
    topic: Topic, items: list[tuple[Recommendation, PatientItem]], lang: str = "en", words: Words | None = None,
) -> tuple[ActionBlock, ...]:
    """Group the steps by the kind of action their section names, in the order each kind first appears.

    Steps whose section names no kind come last, under a general heading; when no
    section names one, all steps form one block with no heading (the section heading
    above says it all).
    """
    section_of = {r.id: s for s in topic.sections for r in s.recommendations}
    order: list[str | None] = []
    grouped: dict[str | None, list[PatientItem]] = {}
    drawn: dict[str | None, dict[str, Pictogram]] = {}
    noted: dict[str | None, dict[str, str]] = {}
    for rec, item in items:
        section = section_of[rec.id]
        kind = section.pictogram
        if kind not in grouped:
            order.append(kind)
            grouped[kind], drawn[kind], noted[kind] = [], {}, {}
        grouped[kind].append(item)
        if section.figure is not None:
            drawn[kind].setdefault(section.id, figure(section.figure, lang))
        if section.note is not None:
            noted[kind].setdefault(section.id, section.note.get(lang))
    if order == [None]:
        return (ActionBlock(None, None, tuple(grouped[None]), tuple(drawn[None].values()),
                            tuple(noted[None].values())),)
    named = [k for k in order if k is not None] + ([None] if None in grouped else [])
    t = words or i18n.words(parse(DEFAULT_TAG))
    return tuple(
        ActionBlock(t.gettext(pictograms.ACTIONS[k].heading if k else pictograms.OTHER_STEPS),
                    pictograms.ACTIONS[k].pictogram.in_words(t).repeated() if k else None,
                    tuple(grouped[k]), tuple(drawn[k].values()), tuple(noted[k].values()))
        for k in named
    )


def patient_view(inputs: TopicInputs, person: Personalisation | None, ctx: ViewContext) -> PatientView:
    topic, brand = inputs.topic, inputs.brand
    person = person or Personalisation()
    check_dates(person, ctx.today)
    locale = resolve(person.language, ctx.locale, brand=brand.locale, home=ctx.home_locale)
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
        return patient_item(rec.id, rec.patient.get(lang))

    t = i18n.words(locale)
    blocks = action_blocks(topic, [(r, text(r)) for r in items if r.kind == "do" and not r.prescription], lang, t)
    # The main message's steps, each pictogram shown once as a figure; the blocks repeat them as decoration.
    key_actions = tuple(
        pictograms.ACTIONS[k].pictogram.in_words(t) for k in dict.fromkeys(
            s.pictogram for s in topic.sections if s.pictogram is not None
        )
        if any(b.pictogram is not None and b.pictogram.name == k for b in blocks)
    )

    title = topic.patient_title.get(lang) if topic.patient_title else topic.title
    frame = document_frame(
        "patient-handout", "patient", locale, brand, inputs.brand_folder, topic, ctx.today,
        title=t.gettext("%(title)s: information for patients", title=title),
        subject=title if lang != "en" else topic.condition.name,
        keywords=(title, *(topic.condition.aliases if lang == "en" else ()), t.gettext("patient information")),
        translation=translations.state(topic, lang),
    )
    urgent_lead, call_us_lead = help_leads(frame.brand.phone, frame.brand.emergency_number, t)
    return PatientView(
        frame=frame,
        title=title,
        about_heading=sentence_start(t.gettext("What is %(title)s?", title=title.lower())),
        purpose=t.gettext(PURPOSE),
        about=topic.about.get(lang),  # type: ignore[union-attr]  # checked above
        about_figure=figure(topic.about_figure, lang) if topic.about_figure else None,
        bottom_line=topic.bottom_line.patient.get(lang),  # type: ignore[union-attr]
        key_actions=key_actions,
        blocks=blocks,
        avoid=tuple(text(r) for r in items if r.kind == "avoid" and not r.prescription),
        medicines=tuple(text(r) for r in items if r.prescription),
        medicine_pictogram=pictograms.MEDICINE.in_words(t),
        get_help_now=tuple(i.patient.get(lang) for i in topic.when_to_get_help if i.urgent),
        call_us=tuple(i.patient.get(lang) for i in topic.when_to_get_help if not i.urgent),
        emergency_pictogram=pictograms.EMERGENCY.in_words(t),
        call_pictogram=pictograms.CALL.in_words(t),
        get_help_now_lead=urgent_lead,
        call_us_lead=call_us_lead,
        phone_write_in=frame.brand.phone is None,
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
            out.append(Note(line, own if own != lang else None, direction(line)))
    return tuple(out)
