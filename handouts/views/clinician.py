"""The clinician brief's view: dense, and every claim numbered to a reference.

Citation numbers are handed out while the view is built, in the order the
template lays it out, so [1] is always the first reference a reader meets.
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.approval import approval_state, effective_status
from handouts.doseformat import format_amount, format_dose, format_route
from handouts.models import Recommendation, Statement
from handouts.models.common import Sourced
from handouts.views.citations import Numbering, ReferenceEntry, format_references
from handouts.inputs import TopicInputs
from handouts.views.base import ViewContext
from handouts.locale import Locale, resolve
from handouts.views.frame import Frame, document_frame, format_date

SOURCE_LABELS = {"guideline": "Guidelines", "drug_label": "FDA drug label", "research": "Research"}
NOT_GRADED = "Not graded: no verified source"
"""An item with no source has no evidence to grade: 'Very low' would claim there is some."""
NO_DOSE_SOURCE = "no verified source for this dose"
"""A dose's own source is missing: its item's citations may back the treatment, not the figure."""


@dataclass(frozen=True)
class Cited:
    text: str
    refs: tuple[int, ...]
    unsupported: str | None  # "no verified source" note, printed as such


@dataclass(frozen=True)
class Statements:
    """A list of cited statements; a note every item shares is stated once, not per item.

    Items whose note moved to `shared_note` keep `unsupported=""`: still marked, not repeated.
    """

    items: tuple[Cited, ...]
    shared_note: str | None = None

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)


def statements_block(items: tuple[Cited, ...]) -> Statements:
    notes = {c.unsupported for c in items}
    if len(items) > 1 and len(notes) == 1 and None not in notes:
        return Statements(tuple(Cited(c.text, c.refs, "") for c in items), notes.pop())
    return Statements(items)


@dataclass(frozen=True)
class DoseRow:
    name: str
    amount: str
    frequency: str
    route: str
    timing: str
    note: str | None
    grade: str
    refs: tuple[int, ...]  # the dose's own citations, never its item's
    unsupported: str | None  # why no reference gives this dose (NO_DOSE_SOURCE when unsaid)
    prescription: bool


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    refs: tuple[int, ...]
    unsupported: str | None
    grade: str
    prescription: bool
    dose: str | None
    cautions: tuple[str, ...]
    for_patient: bool
    dose_refs: tuple[int, ...] = ()
    dose_unsupported: str | None = None  # why no reference gives the dose, when the content says
    reviewer_note: str | None = None  # the evidence note, printed until the content is approved


@dataclass(frozen=True)
class SectionView:
    title: str
    intro: str | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class FindingView:
    label: str
    answers: bool
    text: str
    refs: tuple[int, ...]
    unsupported: str | None
    points: tuple[Cited, ...]


@dataclass(frozen=True)
class ClinicianView:
    frame: Frame
    title: str
    question: str
    condition: str
    aliases: tuple[str, ...]
    bottom_line: str
    bottom_line_refs: tuple[int, ...]
    doses: tuple[DoseRow, ...]
    sections: tuple[SectionView, ...]
    algorithm: Statements
    monitoring: Statements
    pitfalls: Statements
    emerging: Statements
    safety_net: Statements
    evidence: tuple[FindingView, ...]
    references: tuple[ReferenceEntry, ...]
    uncited_references: tuple[str, ...]
    review_status: str
    reviewer: str | None
    reviewed: str | None
    next_review: str | None
    last_updated: str
    disclaimer: str


def _note(text: str | None) -> str | None:
    """The reason a claim is unsupported, without repeating the label the template prints."""
    if text is None:
        return None
    for label in ("No verified source:", "No verified source -", "No verified source."):
        if text.lower().startswith(label.lower()):
            return text[len(label):].strip() or text
    return text


def grade_text(rec: Recommendation) -> str:
    """The GRADE certainty, or why there is none: no source is not the same as very low certainty."""
    if rec.unsupported:
        return NOT_GRADED
    if rec.evidence is None:
        return "Not graded"
    grade = rec.evidence.grade.capitalize()
    return f"{grade} ({rec.evidence.strength})" if rec.evidence.strength else grade


def dose_unsupported(rec: Recommendation) -> str | None:
    """Why the dose has no source, or None when it cites one."""
    assert rec.dose is not None
    if rec.dose.citations:
        return None
    return _note(rec.dose.unsupported) or NO_DOSE_SOURCE


def clinician_view(inputs: TopicInputs, ctx: ViewContext) -> ClinicianView:
    topic = inputs.topic
    numbering = Numbering()

    def cited(item: Sourced, text: str) -> Cited:
        return Cited(text, numbering.cite(item.citations), _note(item.unsupported))

    def statements(items: tuple[Statement, ...]) -> tuple[Cited, ...]:
        return tuple(cited(s, s.text) for s in items)

    def block(items: tuple[Statement, ...]) -> Statements:
        return statements_block(statements(items))

    # Built in the order the template prints them: numbering follows first use.
    bottom_line_refs = numbering.cite(topic.bottom_line.citations)
    dosed = [r for r in topic.recommendations() if r.dose is not None and r.for_clinician]
    doses = tuple(
        DoseRow(
            name=r.name or r.id,
            amount=format_amount(r.dose),
            frequency=r.dose.frequency or "",
            route=format_route(r.dose),
            timing=r.dose.timing or "",
            note=r.dose.note,
            grade=grade_text(r),
            refs=numbering.cite(r.dose.citations),
            unsupported=dose_unsupported(r),
            prescription=r.prescription,
        )
        for r in dosed
        if r.dose is not None
    )

    approved = approval_state(topic) == "approved"

    def item(rec: Recommendation) -> Item:
        refs = numbering.cite(rec.citations)
        return Item(
            id=rec.id,
            text=rec.clinician,
            refs=refs,
            unsupported=_note(rec.unsupported),
            grade=grade_text(rec),
            prescription=rec.prescription,
            dose=format_dose(rec.dose) if rec.dose else None,
            cautions=rec.cautions,
            for_patient=rec.patient_visible,
            dose_refs=numbering.cite(rec.dose.citations) if rec.dose else (),
            dose_unsupported=_note(rec.dose.unsupported) if rec.dose else None,
            reviewer_note=rec.evidence.note if rec.evidence and not approved else None,
        )

    sections = tuple(
        SectionView(s.title, s.intro, tuple(item(r) for r in s.recommendations if r.for_clinician))
        for s in topic.sections
    )
    algorithm = block(topic.algorithm)
    monitoring = block(topic.monitoring)
    pitfalls = block(topic.pitfalls)
    emerging = block(topic.emerging)
    safety_net = statements_block(tuple(
        cited(i, ("Urgent: " if i.urgent else "") + i.patient.get("en")) for i in topic.when_to_get_help
    ))
    evidence = tuple(
        FindingView(
            label=SOURCE_LABELS[f.kind],
            answers=f.answers_question,
            text=f.text,
            refs=numbering.cite(f.citations),
            unsupported=_note(f.unsupported),
            points=statements(f.points),
        )
        for f in topic.evidence_by_source
    )
    cited_refs = [topic.reference(ref_id) for ref_id in numbering.order]
    review = topic.review
    # Clinician texts are written in English only: the brief is English, with the region's dates and paper.
    asked = resolve(ctx.locale, brand=inputs.brand.locale)
    locale = Locale("en", asked.region)
    frame = document_frame(
        "clinician-brief", locale, inputs.brand, inputs.brand_folder, topic, ctx.today,
        title=f"{topic.title}: clinician brief",
        subject=topic.question,
        keywords=(topic.title, *topic.condition.aliases, "clinician brief"),
    )
    return ClinicianView(
        frame=frame,
        title=topic.title,
        question=topic.question,
        condition=topic.condition.name,
        aliases=topic.condition.aliases,
        bottom_line=topic.bottom_line.clinician,
        bottom_line_refs=bottom_line_refs,
        doses=doses,
        sections=sections,
        algorithm=algorithm,
        monitoring=monitoring,
        pitfalls=pitfalls,
        emerging=emerging,
        safety_net=safety_net,
        evidence=evidence,
        references=tuple(format_references(cited_refs)),
        uncited_references=tuple(r.id for r in topic.references if r.id not in numbering.order),
        review_status=effective_status(topic).replace("_", " "),
        reviewer=review.reviewer,
        reviewed=format_date(review.reviewed, locale) if review.reviewed else None,
        next_review=format_date(review.next_review, locale) if review.next_review else None,
        last_updated=format_date(topic.last_updated, locale),
        disclaimer=topic.disclaimer.clinician,
    )
