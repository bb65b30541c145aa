"""The patient handout's view: exactly what a patient may read, nothing else.

The rules here are the product's safety rules, kept as plain Python so tests
can check them without rendering: no citation numbers, no prescription doses,
no clinician-only or unsupported items.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from handouts.errors import UsageError
from handouts.inputs import TopicInputs
from handouts.lint.texts import sentences
from handouts.models import Personalisation, Recommendation, Topic
from handouts.models.topic import Figure
from handouts.views import pictograms
from handouts.views.base import ViewContext
from handouts.views.frame import Frame, document_frame, format_date
from handouts.views.pictograms import Pictogram


class PersonalisationError(UsageError):
    """A personalisation that does not fit the topic (e.g. an unknown item id)."""


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
class PatientView:
    frame: Frame
    title: str
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
    notes: tuple[str, ...]
    disclaimer: str

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


def help_leads(phone: str | None, emergency_number: str | None) -> tuple[str, str]:
    """The 'When to get help' box always says whom to call and how."""
    number = emergency_number or "your local emergency number"
    urgent = f"Call {number} or go to the emergency department right away if:"
    call_us = f"Call us on {phone} if:" if phone else "Call us if:"
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
    topic: Topic, items: list[tuple[Recommendation, PatientItem]], lang: str = "en",
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
    return tuple(
        ActionBlock(pictograms.ACTIONS[k].heading if k else "Other steps that may help",
                    pictograms.ACTIONS[k].pictogram.repeated() if k else None,
                    tuple(grouped[k]), tuple(drawn[k].values()), tuple(noted[k].values()))
        for k in named
    )


def patient_view(inputs: TopicInputs, person: Personalisation | None, ctx: ViewContext) -> PatientView:
    topic, brand = inputs.topic, inputs.brand
    person = person or Personalisation()
    lang = person.language
    if lang not in topic.patient_languages():
        raise PersonalisationError(
            f"language '{lang}': topic '{topic.id}' has no patient texts in it; "
            f"languages: {', '.join(topic.patient_languages())}"
        )
    items = chosen_items(topic, person)
    missing = [r.id for r in items if r.patient is None]
    if not topic.has_patient_text or missing:
        raise PersonalisationError(
            f"topic '{topic.id}' is not ready for patients: it has no plain-language text yet"
            + (f" for {', '.join(missing)}" if missing else "")
            + "; write the patient texts, or print the clinician brief"
        )

    def text(rec: Recommendation) -> PatientItem:
        assert rec.patient is not None  # guaranteed by the topic rules
        return patient_item(rec.id, rec.patient.get(lang))

    blocks = action_blocks(topic, [(r, text(r)) for r in items if r.kind == "do" and not r.prescription], lang)
    # The main message's steps, each pictogram shown once as a figure; the blocks repeat them as decoration.
    key_actions = tuple(
        pictograms.ACTIONS[k].pictogram for k in dict.fromkeys(
            s.pictogram for s in topic.sections if s.pictogram is not None
        )
        if any(b.pictogram is not None and b.pictogram.name == k for b in blocks)
    )

    frame = document_frame(
        "patient-handout", lang, brand, inputs.brand_folder, topic, ctx.today,
        title=f"{topic.title}: information for patients",
        subject=topic.condition.name,
        keywords=(topic.title, *topic.condition.aliases, "patient information"),
        locale=ctx.locale,
    )
    urgent_lead, call_us_lead = help_leads(frame.brand.phone, frame.brand.emergency_number)
    return PatientView(
        frame=frame,
        title=topic.title,
        purpose="What it is, what you can do, and when to get help",
        about=topic.about.get(lang),  # type: ignore[union-attr]  # checked above
        about_figure=figure(topic.about_figure, lang) if topic.about_figure else None,
        bottom_line=topic.bottom_line.patient.get(lang),  # type: ignore[union-attr]
        key_actions=key_actions,
        blocks=blocks,
        avoid=tuple(text(r) for r in items if r.kind == "avoid" and not r.prescription),
        medicines=tuple(text(r) for r in items if r.prescription),
        medicine_pictogram=pictograms.MEDICINE,
        get_help_now=tuple(i.patient.get(lang) for i in topic.when_to_get_help if i.urgent),
        call_us=tuple(i.patient.get(lang) for i in topic.when_to_get_help if not i.urgent),
        emergency_pictogram=pictograms.EMERGENCY,
        call_pictogram=pictograms.CALL,
        get_help_now_lead=urgent_lead,
        call_us_lead=call_us_lead,
        phone_write_in=frame.brand.phone is None,
        patient_name=person.patient_name,
        clinician=person.clinician,
        visit_date=format_date(person.visit_date) if person.visit_date else None,
        follow_up=format_date(person.follow_up) if person.follow_up else None,
        notes=tuple(line for line in (person.notes or "").splitlines() if line.strip()),
        disclaimer=topic.disclaimer.patient.get(lang),  # type: ignore[union-attr]  # checked above
    )
