"""The patient handout's view: exactly what a patient may read, nothing else.

The rules here are the product's safety rules, kept as plain Python so tests
can check them without rendering: no citation numbers, no prescription doses,
no clinician-only or unsupported items.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from handouts.errors import UsageError
from handouts.models import Personalisation, Recommendation, Topic
from handouts.inputs import TopicInputs
from handouts.views.base import ViewContext
from handouts.views.frame import Frame, document_frame, format_date


class PersonalisationError(UsageError):
    """A personalisation that does not fit the topic (e.g. an unknown item id)."""


@dataclass(frozen=True)
class PatientItem:
    id: str
    text: str


@dataclass(frozen=True)
class PatientView:
    frame: Frame
    title: str
    about: str
    bottom_line: str
    helps: tuple[PatientItem, ...]
    avoid: tuple[PatientItem, ...]
    medicines: tuple[PatientItem, ...]
    get_help_now: tuple[str, ...]
    call_us: tuple[str, ...]
    get_help_now_lead: str  # whom to call and how: the emergency number and the emergency department
    call_us_lead: str  # the practice's phone when the brand has one
    phone_write_in: bool  # no phone in the brand: the box prints "Our phone: ______" to fill in
    patient_name: str | None
    clinician: str | None
    visit_date: str | None
    follow_up: str | None
    notes: tuple[str, ...]
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


def help_leads(phone: str | None, emergency_number: str | None) -> tuple[str, str]:
    """The 'When to get help' box always says whom to call and how."""
    number = emergency_number or "your local emergency number"
    urgent = f"Call {number} or go to the emergency department right away if:"
    call_us = f"Call us on {phone} if:" if phone else "Call us if:"
    return urgent, call_us


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
        return PatientItem(rec.id, rec.patient.get(lang))

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
        about=topic.about.get(lang),  # type: ignore[union-attr]  # checked above
        bottom_line=topic.bottom_line.patient.get(lang),  # type: ignore[union-attr]
        helps=tuple(text(r) for r in items if r.kind == "do" and not r.prescription),
        avoid=tuple(text(r) for r in items if r.kind == "avoid" and not r.prescription),
        medicines=tuple(text(r) for r in items if r.prescription),
        get_help_now=tuple(i.patient.get(lang) for i in topic.when_to_get_help if i.urgent),
        call_us=tuple(i.patient.get(lang) for i in topic.when_to_get_help if not i.urgent),
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
