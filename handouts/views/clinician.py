"""The clinician brief's view: dense, and every claim numbered to a reference.

Page 1 is the brief ("At a glance": bottom line, what to do first, the doses a
reference gives, red flags and when to refer, key references); the details and
evidence follow. Citation numbers are handed out while the view is built, in the
order the template lays it out, so [1] is always the first reference a reader
meets and the references page 1 cites are numbered first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from handouts.approval import approval_state, effective_status
from handouts.doseformat import format_amount, format_route
from handouts.models import AlgorithmStep, Recommendation, Statement, Topic
from handouts.models.common import Sourced, not_sought
from handouts.rules import mentions_dose
from handouts.views.citations import Numbering, ReferenceEntry, format_references
from handouts.inputs import TopicInputs
from handouts.views.base import ViewContext
from handouts.locale import Locale, resolve
from handouts.views.frame import Frame, document_frame, format_date

SOURCE_LABELS = {"guideline": "Guidelines", "drug_label": "FDA drug label", "research": "Research"}
NOT_GRADED = "Not graded: no verified source"
"""An item with no source has no evidence to grade: 'Very low' would claim there is some."""
STRENGTH_NOT_RATED = "not rated"
"""Printed for a graded item without a strength when others in the topic have one: every graded
item shows its strength, or none does."""
NO_DOSE_SOURCE = "no verified source for this dose"
"""A dose's own source is missing: its item's citations may back the treatment, not the figure."""


@dataclass(frozen=True)
class Cited:
    text: str
    refs: tuple[int, ...]
    unsupported: str | None  # "no verified source" note, printed as such
    urgent: bool = False  # a safety-net item: get help now (True) or call the care team
    not_sought: bool = False  # no source looked for yet (a draft's gap): 'Source not yet sought', boxed


@dataclass(frozen=True)
class Statements:
    """A list of cited statements; a note every item shares is stated once, not per item.

    Items whose note moved to `shared_note` keep `unsupported=""`: still marked, not repeated;
    a gap every item shares (`shared_not_sought`) is said once so too.
    """

    items: tuple[Cited, ...]
    shared_note: str | None = None
    shared_not_sought: bool = False

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)


def statements_block(items: tuple[Cited, ...]) -> Statements:
    notes = {(c.unsupported, c.not_sought) for c in items}
    if len(items) > 1 and len(notes) == 1 and (None, False) not in notes:
        note, gap = notes.pop()
        return Statements(tuple(replace(c, unsupported="", not_sought=False) for c in items), note, gap)
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
    not_sought: bool = False  # no source looked for yet (a draft's gap)


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    refs: tuple[int, ...]
    unsupported: str | None
    grade: str
    prescription: bool
    cautions: tuple[str, ...]
    for_patient: bool
    reviewer_note: str | None = None  # the evidence note, printed until the content is approved
    status_note: str | None = None
    """Why an approved item carries no Rx mark ('varies by country'): without it, beside items marked Rx,
    it would read as sold without a prescription. Until approval it is part of the note for review."""
    not_sought: bool = False  # no source looked for yet (a draft's gap): 'Source not yet sought', boxed
    dose_unsourced: bool = False
    """Its text states the dose, which no reference gives: its citations back the treatment, not the
    figure, and the brief says so beside them (as the dosing table does), so '100 mcg ... [13, 14]'
    is never read as a cited dose."""


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
    not_sought: bool = False  # no source looked for yet (a draft's gap)


@dataclass(frozen=True)
class ClinicianView:
    frame: Frame
    title: str
    question: str
    condition: str
    aliases: tuple[str, ...]
    bottom_line: str | None  # None: not written yet (a draft), printed as a marked gap
    bottom_line_refs: tuple[int, ...]
    first_steps: Statements  # page 1: the algorithm's first-line steps
    sourced_doses: tuple[DoseRow, ...]  # page 1: the doses a reference gives
    referral: Statements  # page 1: the algorithm's steps that say when to refer
    key_references: tuple[ReferenceEntry, ...]  # page 1: every reference page 1 cites
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
    disclaimer: str | None  # None: not written yet (a draft), printed as a marked gap
    strengths: bool  # graded items print their strength of recommendation (all of them, or none)
    summary: bool = False  # the At-a-glance summary alone (handouts render --summary)

    @property
    def unsourced_doses(self) -> int:
        """How many doses no reference gives: left off page 1, listed and marked in the details."""
        return sum(1 for row in self.doses if not row.refs)


def summary_view(view: ClinicianView) -> ClinicianView:
    """The brief's At-a-glance summary alone, which stands on its own (long references can take it overleaf),
    titled as such (a PDF viewer and a screen reader say the title: the same as the whole brief's told them
    apart by file name only)."""
    metadata = replace(view.frame.metadata, title=f"{view.frame.metadata.title} at a glance")
    return replace(view, summary=True, frame=replace(view.frame, metadata=metadata))


_ONLY_THE_LABEL = re.compile(r"^no verified source(?: (?:for|in) (?:this|the) (?:item|step|statement|dose))?\.?$", re.I)


def _note(text: str | None) -> str | None:
    """The reason a claim is unsupported, without repeating the label the template prints.

    A note that says no more than the "[no verified source]" mark beside the claim
    ("No verified source for this item.") becomes "": still marked, not said twice.
    A source not yet sought (models.common.NOT_SOUGHT) is no reason either: "" too, its gap
    printed apart (the views' `not_sought`).
    """
    if text is None:
        return None
    if not_sought(text):
        return ""
    if _ONLY_THE_LABEL.match(text.strip()):
        return ""
    for label in ("No verified source:", "No verified source -", "No verified source."):
        if text.lower().startswith(label.lower()):
            return text[len(label):].strip() or ""
    return text


def rates_strength(topic: Topic) -> bool:
    """Whether the brief prints a strength of recommendation: when any graded item has one."""
    return any(r.evidence is not None and r.evidence.strength for r in topic.recommendations() if not r.unsupported)


def grade_text(rec: Recommendation, strengths: bool = True) -> str:
    """The GRADE certainty, or why there is none: no source is not the same as very low certainty.

    With `strengths` (some item in the topic has a strength), every graded item shows one,
    "not rated" where the content gives none; without, none does.
    """
    if rec.unsupported:
        return NOT_GRADED
    if rec.evidence is None:
        return "Not graded"
    grade = rec.evidence.grade.capitalize()
    if not strengths:
        return grade
    return f"{grade} ({rec.evidence.strength or STRENGTH_NOT_RATED})"


def rx_mark(rec: Recommendation) -> bool:
    """Whether the brief marks the item Rx ('prescription medicine'): not when that is unconfirmed."""
    return rec.prescription and rec.prescription_unconfirmed is None


def review_note(rec: Recommendation) -> str | None:
    """What the reviewer must still check: the evidence note, and why its prescription status is unmarked."""
    notes = [note for note in (rec.evidence.note if rec.evidence else None, rec.prescription_unconfirmed) if note]
    return " ".join(notes) or None


def dose_unsupported(rec: Recommendation) -> str | None:
    """Why the dose has no source, or None when it cites one."""
    assert rec.dose is not None
    if rec.dose.citations:
        return None
    return _note(rec.dose.unsupported) or NO_DOSE_SOURCE


def first_line_steps(algorithm: tuple[AlgorithmStep, ...]) -> tuple[AlgorithmStep, ...]:
    """The steps marked first-line; when none is marked, the algorithm's first step."""
    marked = tuple(step for step in algorithm if step.first_line)
    return marked or algorithm[:1]


def clinician_view(inputs: TopicInputs, ctx: ViewContext) -> ClinicianView:
    topic = inputs.topic
    numbering = Numbering()
    strengths = rates_strength(topic)

    def cited(item: Sourced, text: str, urgent: bool = False) -> Cited:
        return Cited(text, numbering.cite(item.citations), _note(item.unsupported), urgent, item.source_not_sought)

    def block(items: tuple[Statement, ...]) -> Statements:
        return statements_block(tuple(cited(s, s.text) for s in items))

    def dose_row(r: Recommendation) -> DoseRow:
        assert r.dose is not None
        return DoseRow(
            name=r.name or r.id,
            amount=format_amount(r.dose),
            frequency=r.dose.frequency or "",
            route=format_route(r.dose),
            timing=r.dose.timing or "",
            note=r.dose.note,
            grade=grade_text(r, strengths),
            refs=numbering.cite(r.dose.citations),
            unsupported=dose_unsupported(r),
            prescription=rx_mark(r),
            not_sought=not r.dose.citations and r.dose.source_not_sought,
        )

    # Built in the order the template prints them: numbering follows first use.
    # Page 1, At a glance:
    bottom_line_refs = numbering.cite(topic.bottom_line.citations)
    first_steps = block(first_line_steps(topic.algorithm))
    dosed = [r for r in topic.recommendations() if r.dose is not None and r.for_clinician]
    sourced = {r.id: dose_row(r) for r in dosed if r.dose is not None and r.dose.citations}
    safety_net = statements_block(tuple(
        cited(i, i.patient.get("en"), i.urgent) for i in sorted(topic.when_to_get_help, key=lambda i: not i.urgent)
    ))
    referral = block(tuple(step for step in topic.algorithm if step.referral))
    page_one = len(numbering.order)
    # Details and evidence: the whole algorithm first, then the dosing table and the detail.
    algorithm = block(topic.algorithm)
    doses = tuple(sourced.get(r.id) or dose_row(r) for r in dosed)

    approved = approval_state(topic) == "approved"

    def item(rec: Recommendation) -> Item:
        return Item(
            id=rec.id,
            text=rec.clinician,
            refs=numbering.cite(rec.citations),
            unsupported=_note(rec.unsupported),
            not_sought=rec.source_not_sought,
            grade=grade_text(rec, strengths),
            prescription=rx_mark(rec),
            cautions=rec.cautions,
            for_patient=rec.patient_visible,
            reviewer_note=None if approved else review_note(rec),
            status_note=rec.prescription_unconfirmed if approved else None,
            dose_unsourced=(rec.dose is not None and not rec.dose.citations and rec.unsupported is None
                            and mentions_dose(rec.clinician)),
        )

    sections = tuple(
        SectionView(s.title, s.intro, tuple(item(r) for r in s.recommendations if r.for_clinician))
        for s in topic.sections
    )
    monitoring = block(topic.monitoring)
    pitfalls = block(topic.pitfalls)
    emerging = block(topic.emerging)
    evidence = tuple(
        FindingView(
            label=SOURCE_LABELS[f.kind],
            answers=f.answers_question,
            text=f.text,
            refs=numbering.cite(f.citations),
            unsupported=_note(f.unsupported),
            points=tuple(cited(p, p.text) for p in f.points),
            not_sought=f.source_not_sought,
        )
        for f in topic.evidence_by_source
    )
    references = tuple(format_references([topic.reference(ref_id) for ref_id in numbering.order]))
    review = topic.review
    # Clinician texts are written in English only: the brief is English, with the region's dates and paper.
    asked = resolve(ctx.locale, brand=inputs.brand.locale)
    locale = Locale("en", asked.region)
    frame = document_frame(
        "clinician-brief", "clinician", locale, inputs.brand, inputs.brand_folder, topic, ctx.today,
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
        first_steps=first_steps,
        sourced_doses=tuple(sourced.values()),
        referral=referral,
        key_references=references[:page_one],
        doses=doses,
        sections=sections,
        algorithm=algorithm,
        monitoring=monitoring,
        pitfalls=pitfalls,
        emerging=emerging,
        safety_net=safety_net,
        evidence=evidence,
        references=references,
        uncited_references=tuple(r.id for r in topic.references if r.id not in numbering.order),
        review_status=effective_status(topic).replace("_", " "),
        reviewer=review.reviewer,
        reviewed=format_date(review.reviewed, locale) if review.reviewed else None,
        next_review=format_date(review.next_review, locale) if review.next_review else None,
        last_updated=format_date(topic.last_updated, locale),
        disclaimer=topic.disclaimer.clinician,
        strengths=strengths,
    )
