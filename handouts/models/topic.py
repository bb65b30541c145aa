"""A topic: the reviewed answer to one clinical question, written once for all readers."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from handouts.codes import CONDITION_SYSTEMS, DRUG_SYSTEMS, SYSTEMS

from handouts.locale import EnglishTag
from handouts.models.common import Capped, LocalizedText, Model, Slug, Sourced, Text
from handouts.models.dose import Dose
from handouts.models.reference import Reference
from handouts.models.translation import Translations

Audience = Literal["both", "clinician", "patient"]
Grade = Literal["high", "moderate", "low", "very low"]
Strength = Literal["strong", "conditional"]
ReviewStatus = Literal["draft", "under_review", "approved"]
SourceKind = Literal["guideline", "drug_label", "research"]
ActionPictogram = Literal["eat", "move", "ask"]
"""The kinds of self-care a patient handout groups its steps by, each with a pictogram
(styles/icons/NAME.svg) and a heading (handouts.views.pictograms)."""
Diagram = Literal["gut-lining", "fibre-foods"]
"""Explanatory drawings shipped in styles/icons/NAME.svg that a topic may print."""


class Evidence(Model):
    grade: Grade = Field(description="GRADE certainty of evidence")
    strength: Strength | None = Field(default=None, description="Strength of recommendation")
    note: Text | None = None

    @field_validator("grade", mode="before")
    @classmethod
    def _grade_spelling(cls, value: Any) -> Any:
        return value.replace("_", " ").lower() if isinstance(value, str) else value


class Code(Model):
    """A code an EHR knows the condition or drug by (handouts.codes lists the systems)."""

    system: Literal["ICD-10", "ICD-10-CM", "ICD-11", "SNOMED CT", "RxNorm"]
    code: Text
    display: Text | None = None

    @field_validator("code")
    @classmethod
    def _shape(cls, code: str, info: ValidationInfo) -> str:
        system = SYSTEMS.get(info.data.get("system", ""))
        if system is not None and not system.valid(code):
            raise ValueError(f"'{code}' is not a valid {system.name} code ({system.example})")
        return code


def _only(codes: tuple[Code, ...], systems: tuple[str, ...], what: str) -> tuple[Code, ...]:
    for code in codes:
        if code.system not in systems:
            raise ValueError(f"a {code.system} code does not belong on {what}")
    return codes


class Recommendation(Sourced):
    """One actionable item, with a clinician wording and a plain-language patient wording."""

    id: Slug
    name: Text | None = Field(default=None, description="Short name for tables, e.g. 'Loperamide'")
    clinician: Text = Field(description="Clinician wording")
    patient: LocalizedText | None = Field(default=None, description="Plain-language patient wording")
    audience: Audience = "both"
    kind: Literal["do", "avoid"] = Field(
        default="do", description="Patient handout list: 'do' = what can help, 'avoid' = what to avoid"
    )
    prescription: bool = False
    prescription_unconfirmed: Text | None = Field(
        default=None,
        description="With 'prescription: true': why it is not confirmed that the medicine needs a prescription "
                    "(it varies by country, no reference says). The item is still handled as a prescription item "
                    "(its dose clinician-only); the brief prints no Rx mark, which would claim it needs one, and "
                    "prints this note instead: for review until approval, then beside the item",
    )
    dose: Dose | None = None
    evidence: Evidence | None = None
    cautions: Capped[tuple[Text, ...]] = ()
    codes: Capped[tuple[Code, ...]] = Field(
        default=(), description="RxNorm code(s) of the drug this item names: how an EHR finds the topic from a medication",
    )

    @field_validator("codes")
    @classmethod
    def _drug_systems(cls, codes: tuple[Code, ...]) -> tuple[Code, ...]:
        return _only(codes, DRUG_SYSTEMS, "a recommendation: only RxNorm codes of the drug it names go here; diagnosis codes go on the condition")

    @model_validator(mode="after")
    def _unconfirmed_prescription_is_handled_as_one(self) -> Recommendation:
        """An item whose prescription status is unsure keeps the prescription item's safety: without the
        flag it would print among the steps anyone may take, and its dose would lose its guard."""
        if self.prescription_unconfirmed is not None and not self.prescription:
            raise ValueError("'prescription_unconfirmed' needs 'prescription: true': an item whose prescription "
                             "status is unsure is handled as a prescription item")
        return self

    @property
    def for_patient(self) -> bool:
        return self.audience in ("both", "patient")

    @property
    def for_clinician(self) -> bool:
        return self.audience in ("both", "clinician")

    @property
    def patient_visible(self) -> bool:
        """What a patient may be shown: meant for patients, and backed by a source."""
        return self.for_patient and not self.unsupported


class Figure(Model):
    """A shipped drawing with the words a patient reads with it."""

    image: Diagram = Field(description="A drawing shipped with handouts (styles/icons/IMAGE.svg)")
    caption: LocalizedText = Field(description="Printed under the drawing: what it shows, in plain words")
    alt: LocalizedText = Field(description="Read out by screen readers: what the drawing shows")


SIDE_NOTE_CHARACTERS = 500
"""A section's side note prints in the handout's narrow rail, beside the steps. One that ran over a
page (about 2,000 characters) made WeasyPrint print the sections after it twice; 1,000 still
print once in every layout (Letter and A4, English and Spanish, large print)."""


class Section(Model):
    id: Slug
    title: Text
    intro: Text | None = None
    pictogram: ActionPictogram | None = Field(
        default=None,
        description="Patient handout: the group this section's steps print under, with its pictogram "
                    "(eat: food and drink, move: activity and stress, ask: treatments to ask about)",
    )
    figure: Figure | None = Field(
        default=None, description="Patient handout: a drawing printed beside this section's steps"
    )
    note: LocalizedText | None = Field(
        default=None,
        description="Patient handout: a short side note beside this section's steps, e.g. what an "
                    f"abbreviation stands for (at most {SIDE_NOTE_CHARACTERS} characters in each language)",
    )
    recommendations: Capped[tuple[Recommendation, ...]] = Field(min_length=1)

    @field_validator("note")
    @classmethod
    def _side_note_fits_beside_the_steps(cls, note: LocalizedText | None) -> LocalizedText | None:
        for lang, text in (note.root.items() if note is not None else ()):
            if len(text) > SIDE_NOTE_CHARACTERS:
                raise ValueError(f"the side note in '{lang}' is {len(text)} characters: at most "
                                 f"{SIDE_NOTE_CHARACTERS} fit beside the steps (say more in the section's steps)")
        return note


class Statement(Sourced):
    """A cited sentence: an algorithm step, monitoring item, pitfall or emerging treatment."""

    text: Text


class AlgorithmStep(Statement):
    """One step of the treatment algorithm, in the order it is taken.

    The brief's first page ("At a glance") prints the first-line steps under "What to do
    first" and the referral steps under "Red flags and when to refer"; the full algorithm
    follows in the details.
    """

    first_line: bool = Field(
        default=False,
        description="A first-line step: printed under 'What to do first' on the brief's first page "
                    "(when no step is marked, the algorithm's first step is)",
    )
    referral: bool = Field(
        default=False, description="A step that says when to refer: printed under 'when to refer' on the first page",
    )


class SafetyNetItem(Sourced):
    """A 'when to get help' item for patients."""

    patient: LocalizedText
    urgent: bool = Field(default=False, description="true = get help now, false = call your care team")


class SourceFinding(Sourced):
    """What one kind of source says about the question, including that it says nothing."""

    kind: SourceKind
    answers_question: bool = Field(description="false records 'this source does not answer the question'")
    text: Text
    points: Capped[tuple[Statement, ...]] = ()


class Condition(Model):
    name: Text
    aliases: Capped[tuple[Text, ...]] = ()
    codes: Capped[tuple[Code, ...]] = Field(
        default=(), description="Diagnosis codes (ICD-10-CM, ICD-10, ICD-11, SNOMED CT): how an EHR finds the topic",
    )
    coding_note: Text | None = Field(
        default=None,
        description="Why a code system has no code for this condition (say so rather than borrow a near one)",
    )

    @field_validator("codes")
    @classmethod
    def _condition_systems(cls, codes: tuple[Code, ...]) -> tuple[Code, ...]:
        return _only(codes, CONDITION_SYSTEMS, "a condition: RxNorm codes go on the recommendation that names the drug")


class BottomLine(Model):
    clinician: Text | None = Field(
        default=None,
        description="Required unless the topic is a draft: a draft's brief prints its absence as a marked gap",
    )
    patient: LocalizedText | None = Field(default=None, description="Required unless the topic is a draft")
    citations: Capped[tuple[Slug, ...]] = Field(
        default=(), description="Reference ids backing the clinician bottom line (shown in the brief only)"
    )


class Disclaimer(Model):
    clinician: Text | None = Field(
        default=None,
        description="Required unless the topic is a draft: a draft's brief prints its absence as a marked gap",
    )
    patient: LocalizedText | None = Field(default=None, description="Required unless the topic is a draft")


class Review(Model):
    """Who reviewed what, and when. `handouts approve` writes it (see handouts.approval)."""

    status: ReviewStatus
    reviewer: Text | None = None
    reviewed: date | None = None
    next_review: date | None = None
    note: Text | None = None
    content_sha256: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{64}$",
        description="Written by `handouts approve`: the hash of the content it approved, with the reviewer and "
                    "review dates; never edit by hand",
    )


class Topic(Model):
    """The reviewed answer to one clinical question. Cross-field rules: handouts.rules."""

    SOURCED_LISTS: ClassVar[tuple[str, ...]] = (
        "algorithm", "monitoring", "pitfalls", "emerging", "when_to_get_help", "evidence_by_source",
    )
    """Lists whose items make claims, so each must cite or say why it cannot."""

    id: Slug
    title: Text
    patient_title: LocalizedText | None = Field(
        default=None, description="The patient handout's title, when it differs from `title` or is translated",
    )
    question: Text
    condition: Condition
    bottom_line: BottomLine
    about: LocalizedText | None = Field(
        default=None, description="Patient handout: what is it (required unless the topic is a draft)"
    )
    about_figure: Figure | None = Field(
        default=None, description="Patient handout: a drawing printed beside 'What is it'"
    )
    sections: Capped[tuple[Section, ...]] = Field(min_length=1)
    algorithm: Capped[tuple[AlgorithmStep, ...]] = ()
    monitoring: Capped[tuple[Statement, ...]] = ()
    pitfalls: Capped[tuple[Statement, ...]] = ()
    emerging: Capped[tuple[Statement, ...]] = ()
    when_to_get_help: Capped[tuple[SafetyNetItem, ...]] = Field(
        default=(), description="Required unless the topic is a draft"
    )
    evidence_by_source: Capped[tuple[SourceFinding, ...]] = ()
    references: Capped[tuple[Reference, ...]] = ()
    review: Review
    last_updated: date
    disclaimer: Disclaimer
    reading_grade_target: int | None = Field(
        default=None, ge=3, le=16,
        description="Highest reading grade for the patient texts (handouts lint); default 8",
    )
    language: EnglishTag | None = Field(
        default=None, description="The English spelling the texts are written in (handouts lint checks it)",
    )
    translations: Capped[Translations] = Field(
        default_factory=dict, description="Each other language's translation of the patient texts, and its review",
    )

    @property
    def has_patient_text(self) -> bool:
        """Whether a patient handout can be made (imported drafts have none yet)."""
        return None not in (self.about, self.bottom_line.patient, self.disclaimer.patient)

    def patient_languages(self) -> tuple[str, ...]:
        """Languages its patient texts are (at least partly) written in, English first."""
        return self.about.languages if self.about is not None else ("en",)

    def recommendations(self) -> tuple[Recommendation, ...]:
        return tuple(r for s in self.sections for r in s.recommendations)

    def reference(self, ref_id: str) -> Reference:
        for ref in self.references:
            if ref.id == ref_id:
                return ref
        raise KeyError(ref_id)
