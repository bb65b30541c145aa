"""Outline → draft topic data: every guess the importer makes is written down.

The draft must validate, so each item cites the source's numbered references or,
where the answer cites nothing, says that no source has been sought yet
(`unsupported: not yet sought`, a gap the brief prints as such), and what the model requires but the answer
does not give (patient disclaimer, dates) is filled with a plainly labelled
placeholder. Nothing clinical is invented: texts are the answer's own words
(markers removed, 'µg' written 'mcg'); doses are only what the text states.
What a human must still decide is collected in `Draft.review` and in comments
attached to the items concerned.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from handouts.importer.chrome import Stripped
from handouts.importer.doses import ParsedDose, parse_doses
from handouts.importer.drugs import instructed_term, prescription_term
from handouts.importer.identity import identify
from handouts.importer.outline import Block, Entry, Outline, Paragraph, SourceKind
from handouts.importer.references import TO_DO, listed_references, placeholders
from handouts.importer.wording import MAX_ID_LENGTH, capitalise, clean, slugify, without_leadin
from handouts.models.common import NOT_SOUGHT, SLUG_PATTERN
from handouts.rules import mentions_dose

Loc = tuple[str | int, ...]

UNSUPPORTED = NOT_SOUGHT
"""An item the answer does not cite: no one has looked for its source yet, a gap (rules.draft_gaps), not a
reason. Drafts imported before wrote 'No citation marker in the source answer', which the brief printed as
the reason; they still load and print so, and approve refuses it (internal-word)."""
_INJECTED = frozenset({"intravenous", "intramuscular", "subcutaneous"})  # rarely over the counter

_NOT_ANSWERED = re.compile(
    r"\b(?:does|do|did)\s+not\s+(?:answer|address)\b|\bnot\s+(?:addressed|answered)\b"
    r"|\bno\s+(?:relevant\s+)?(?:information|data|guidance)\s+(?:on|about|regarding|for)\b",
    re.IGNORECASE,
)
_AVOID = re.compile(r"^(?:avoid|do\s+not|don't|never|stop|limit)\b", re.IGNORECASE)
_NAME_SUFFIXES = re.compile(r"\s+(?:supplementation|supplements?|therapy)$", re.IGNORECASE)
_BOTTOM_LINE = re.compile(r"^(?:the\s+)?bottom\s+line$", re.IGNORECASE)
_PREPOSITION_LABEL = re.compile(r"^(?:for|in|if|when|with|as|after|before|during|add)\b", re.IGNORECASE)
_SOURCE_LABELS: dict[SourceKind, str] = {
    "guideline": "guideline",
    "drug_label": "FDA drug label",
    "research": "research",
}


@dataclass
class Draft:
    """Topic data ready for YAML, with the notes a reviewer needs.

    `comments` maps a location to a note: (..., key) for a note at the end of that
    key's line, (..., index) for a note above that list item.
    """

    data: dict[str, Any]
    header: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    comments: dict[Loc, str] = field(default_factory=dict)


@dataclass
class _Piece:
    """One list item while it is being built, with notes for its own keys."""

    data: dict[str, Any]
    notes: dict[str, str] = field(default_factory=dict)
    above: str | None = None


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def dose_data(dose: ParsedDose) -> dict[str, Any]:
    amount: Any = (
        [_number(dose.amount[0]), _number(dose.amount[1])]
        if isinstance(dose.amount, tuple)
        else _number(dose.amount)
    )
    data: dict[str, Any] = {"amount": amount, "unit": dose.unit}
    for key in ("frequency", "route", "timing", "note"):
        value = getattr(dose, key)
        if value:
            data[key] = value
    return data


class _Builder:
    def __init__(
        self, outline: Outline, stripped: Stripped, source_name: str, topic_id: str | None, today: date
    ):
        self.outline = outline
        self.stripped = stripped
        self.source_name = source_name
        self.topic_id = topic_id
        self.today = today
        self.ids: set[str] = set()
        self.section_ids: set[str] = set()
        self.next_suffix: dict[tuple[int, str], int] = {}  # see unique()
        self.cited_where: dict[int, list[str]] = {}
        self.consumed: set[int] = set()
        self.draft = Draft({})
        self.rx_guesses: list[str] = []
        self.dose_ids: list[str] = []
        self.unsupported_ids: list[str] = []
        self.patient_needed: list[str] = []
        self.unstructured: list[str] = []
        self.research_items = 0

    # --- helpers ---------------------------------------------------------------

    def unique(self, base: str, used: set[str]) -> str:
        """`base`, or `base-2`, `base-3`, ...: the first not in `used`.

        The next number to try is remembered per base, so an answer that repeats
        one bullet thousands of times stays linear (counting from 2 each time was
        quadratic); `used` only grows, so the ids are the same as counting afresh.
        """
        key = (id(used), base)
        candidate, count = base, self.next_suffix.get(key, 2)
        if candidate in used:
            candidate = f"{base[: MAX_ID_LENGTH - 4]}-{count}"
            while candidate in used:
                count += 1
                candidate = f"{base[: MAX_ID_LENGTH - 4]}-{count}"
            self.next_suffix[key] = count + 1
        used.add(candidate)
        return candidate

    def sourced(self, citations: Iterable[int], where: str) -> dict[str, Any]:
        numbers = list(dict.fromkeys(citations))
        for n in numbers:
            places = self.cited_where.setdefault(n, [])
            if where not in places:
                places.append(where)
        if numbers:
            return {"citations": [f"ref-{n}" for n in numbers]}
        return {"unsupported": UNSUPPORTED}

    def statement(self, block: Block, where: str) -> _Piece:
        data = {"text": clean(block.text), **self.sourced(block.citations, where)}
        return _Piece(data)

    def place(self, path: Loc, pieces: list[_Piece]) -> list[dict[str, Any]]:
        """The items as plain data, with their notes recorded at their final location."""
        for index, piece in enumerate(pieces):
            if piece.above:
                self.draft.comments[(*path, index)] = piece.above
            for key, note in piece.notes.items():
                self.draft.comments[(*path, index, key)] = note
        return [p.data for p in pieces]

    # --- title, question, condition ---------------------------------------------

    def identity(self) -> dict[str, Any]:
        found = identify(self.outline.title)
        notes = self.draft.comments
        if not self.outline.title:
            self.draft.review.append(
                "title, question and condition: the answer has no title line; write them"
            )
        if "title" in found.made:
            notes[("title",)] = "importer: made from the question; confirm"
        if "question" in found.made:
            notes[("question",)] = "importer: the answer states no question; made from its title: confirm"
        notes[("condition", "name")] = (
            "importer: taken from the title/question: confirm"
            if found.condition_found
            else "importer: the title names no condition the importer recognises: confirm"
        )
        if not self.topic_id:
            notes[("id",)] = "importer: made from the condition name; rename freely"
        return {
            "id": self.topic_id or slugify(found.condition),
            "title": found.title,
            "question": found.question,
            "condition": {"name": found.condition},
        }

    # --- bottom line, findings, sections ---------------------------------------

    def bottom_line(self) -> dict[str, Any]:
        """The answer's own 'Bottom line:' if it has one, else its opening summary paragraph."""
        labelled = self.labelled_bottom_line()
        if labelled is not None:
            text, citations = labelled
        else:
            paragraph = self.opening_paragraph()
            if paragraph is None:  # left empty: the brief prints a marked gap (rules.draft_gaps)
                self.draft.review.append(
                    "bottom_line.clinician is not written yet: the answer has no summary paragraph"
                )
                self.draft.comments[("bottom_line", "clinician")] = "importer: the answer has none: write it"
                return {"clinician": None}
            text, citations = without_leadin(paragraph.text), paragraph.citations
        data: dict[str, Any] = {"clinician": clean(text)}
        if citations:
            data["citations"] = self.sourced(citations, "bottom line")["citations"]
        return data

    def labelled_bottom_line(self) -> tuple[str, tuple[int, ...]] | None:
        """A 'Bottom line: ...' paragraph or a 'Bottom Line' heading's first paragraph, consumed."""
        for group in self.outline.groups:
            if group.role in ("disclaimer", "references"):
                continue  # a closing "Bottom line:" may follow the pitfalls or emerging list
            under_heading = bool(group.heading and _BOTTOM_LINE.match(group.heading.rstrip(":")))
            for block in group.blocks:
                label = block.label if isinstance(block, Entry) else None
                if under_heading or (label and _BOTTOM_LINE.match(label)):
                    self.consumed.add(id(block))
                    text = block.text[len(label) + 1 :].strip() if label and not under_heading else block.text
                    return text, block.citations
        return None

    def opening_paragraph(self) -> Paragraph | None:
        """The paragraph that opens the answer (or its guideline part), consumed when it has no heading."""
        for group in self.outline.groups[:2]:
            if group.role != "body" or group.source == "drug_label":
                continue
            paragraph = next((b for b in group.blocks if isinstance(b, Paragraph)), None)
            if paragraph is None or (group.blocks and group.blocks[0] is not paragraph):
                continue
            if group.heading is None:
                self.consumed.add(id(paragraph))
            return paragraph
        return None

    def findings(self) -> list[dict[str, Any]]:
        kinds: list[SourceKind] = []
        for group in self.outline.groups:
            if group.source and group.source not in kinds:
                kinds.append(group.source)
        pieces: list[_Piece] = []
        for kind in kinds:
            groups = [g for g in self.outline.groups if g.source == kind]
            blocks = [b for g in groups for b in g.blocks]
            where = groups[0].heading or _SOURCE_LABELS[kind]
            no_answer = next((b for b in blocks if _NOT_ANSWERED.search(b.text)), None)
            if no_answer is not None:
                for block in blocks:
                    self.consumed.add(id(block))
                points = [self.statement(b, where) for b in blocks if b is not no_answer]
                data = {
                    "kind": kind,
                    "answers_question": False,
                    "text": clean(no_answer.text),
                    **self.sourced(no_answer.citations, where),
                }
                if points:
                    data["points"] = [p.data for p in points]
                piece = _Piece(
                    data, {"answers_question": "importer: the source says it does not answer the question"}
                )
                if points:
                    piece.notes["points"] = "importer: what the source quoted anyway; delete if irrelevant"
                pieces.append(piece)
                continue
            lead = next((b for b in blocks if isinstance(b, Paragraph)), None)
            if lead is None:  # no finding of our own words: its points are items in the sections
                self.draft.review.append(
                    f"evidence_by_source: the answer's '{where}' part has no summary paragraph; its points are "
                    f"items in the sections: add a {kind} finding if the brief should sum them up"
                )
                continue
            self.consumed.add(id(lead))
            data = {
                "kind": kind,
                "answers_question": True,
                "text": clean(without_leadin(lead.text)),
                **self.sourced(lead.citations, where),
            }
            pieces.append(_Piece(data))
        for index, piece in enumerate(pieces):  # each named in the to-do list, as the other uncited claims are
            if "unsupported" in piece.data:
                self.unsupported_ids.append(f"evidence_by_source[{index}]")
            listed = enumerate(piece.data.get("points", ()))
            self.unsupported_ids.extend(f"evidence_by_source[{index}].points[{p}]" for p, point in listed
                                        if "unsupported" in point)
        return self.place(("evidence_by_source",), pieces)

    def recommendation_pieces(self, block: Block, where: str, *, research: bool = False) -> list[_Piece]:
        text = clean(block.text)
        label = block.label if isinstance(block, Entry) else None
        body = text[len(label) + 1 :].strip() if label and text.startswith(label + ":") else text
        sourcing = self.sourced(block.citations, where)
        unsupported = "unsupported" in sourcing
        doses = parse_doses(text)
        named = doses[0].name if len(doses) == 1 and doses[0].name else None
        id_words = label if label and not _PREPOSITION_LABEL.match(label) else named or body
        base_id = self.unique(slugify(" ".join(id_words.split()[:6])), self.ids)
        kind = "avoid" if _AVOID.match(body) or (label and _AVOID.match(label)) else "do"

        def item(item_id: str, clinician: str, *, audience: str, name: str | None) -> dict[str, Any]:
            data: dict[str, Any] = {"id": item_id}
            if name:
                data["name"] = name
            data["clinician"] = clinician
            data["audience"] = audience
            if kind == "avoid":
                data["kind"] = "avoid"
            return data

        # research findings ("A study found ...") are evidence for the prescriber, not advice
        audience = "clinician" if unsupported or research else "both"
        label_name = self.label_name(label)
        pieces: list[_Piece] = []
        if len(doses) == 1:
            dose = doses[0]
            name = capitalise(dose.name) if dose.name else label_name or self.fallback_name(text, dose)
            data = item(base_id, text, audience=audience, name=name)
            piece = _Piece(data)
            self.flag_prescription(piece, kind, prescription_term([name, label, text]), route=dose.route)
            data["dose"] = dose_data(dose)
            piece.notes["dose"] = f"importer: read from '{dose.raw}': check"
            self.dose_ids.append(base_id)
            pieces.append(piece)
        else:
            data = item(base_id, text, audience=audience, name=label_name if not doses else None)
            piece = _Piece(data)
            # naming a drug is not prescribing it: "Statins lower ..." is a finding
            self.flag_prescription(piece, kind, instructed_term(label, body), dose_item=False)
            if not doses and mentions_dose(text):
                piece.notes["clinician"] = "importer: mentions an amount it could not read as a dose: check"
                self.unstructured.append(base_id)
            if doses:
                piece.notes["clinician"] = "importer: doses split into the items below"
            pieces.append(piece)
            for dose in doses:
                name = capitalise(dose.name) if dose.name else label_name or self.fallback_name(text, dose)
                child_id = self.unique(f"{base_id}-{slugify(name, 30)}", self.ids)
                clinician = f"{label}: {dose.raw}" if label else capitalise(dose.raw)
                child = _Piece(
                    item(child_id, clean(clinician), audience="clinician", name=name),
                    above=f"importer: dose split from '{base_id}' (one source bullet, several doses)",
                )
                self.flag_prescription(child, kind, prescription_term([name, dose.raw]), route=dose.route)
                child.data["dose"] = dose_data(dose)
                child.notes["dose"] = f"importer: read from '{dose.raw}': check"
                self.dose_ids.append(child_id)
                pieces.append(child)
        for piece in pieces:
            piece.data.update(sourcing)
            if unsupported:
                self.unsupported_ids.append(piece.data["id"])
            elif piece.data["audience"] == "both":
                self.patient_needed.append(piece.data["id"])
        return pieces

    @staticmethod
    def label_name(label: str | None) -> str | None:
        if not label or _PREPOSITION_LABEL.match(label):
            return None
        return capitalise(_NAME_SUFFIXES.sub("", label).strip()) or None

    def fallback_name(self, text: str, dose: ParsedDose) -> str:
        words = re.findall(r"[A-Za-z][\w'-]*", text[: dose.span[0]])[-4:]
        name = capitalise(" ".join(words)) if words else f"Dose {len(self.dose_ids) + 1}"
        self.draft.review.append(
            f"dose item name '{name}' was guessed from the words before the dose: rename"
        )
        return name

    def flag_prescription(
        self, piece: _Piece, kind: str, term: str | None, *, dose_item: bool = True, route: str | None = None
    ) -> None:
        """Set `prescription` from the listed drug an item doses or tells someone to take (`term`)."""
        term = None if kind == "avoid" else term
        if term or route in _INJECTED:
            piece.data["prescription"] = True
            why = f"'{term}' in its prescription list" if term else f"its route ({route})"
            piece.notes["prescription"] = f"importer: guessed from {why}: confirm"
            self.rx_guesses.append(piece.data["id"])
        elif dose_item:
            piece.data["prescription"] = False
            piece.notes["prescription"] = "importer: not in its prescription list: confirm"

    def sections(self) -> list[dict[str, Any]]:
        sections: list[tuple[str, str | None, list[_Piece]]] = []
        carried: str | None = None
        groups = [g for g in self.outline.groups if g.role == "body"]
        for index, group in enumerate(groups):
            blocks = [b for b in group.blocks if id(b) not in self.consumed]
            title = group.title or self.outline.title or "Imported answer"
            intro_parts: list[str] = []
            pieces: list[_Piece] = []
            for block in blocks:
                if isinstance(block, Paragraph) and not block.citations and not pieces:
                    intro_parts.append(clean(block.text))
                    continue
                made = self.recommendation_pieces(block, title, research=group.source == "research")
                pieces.extend(made)
                if group.source == "research":
                    self.research_items += len(made)
            if carried and not intro_parts:
                intro_parts.append(carried)
            carried = None
            if not pieces:
                following = groups[index + 1] if index + 1 < len(groups) else None
                if intro_parts and following and following.heading == group.heading and following.subheading:
                    # an intro over subsections ("Pharmacological Interventions") goes to the first one
                    carried = " ".join(intro_parts)
                    continue
                for text in intro_parts:
                    pieces.extend(
                        self.recommendation_pieces(
                            Paragraph(text), title, research=group.source == "research"
                        )
                    )
                intro_parts = []
                if not pieces:
                    continue
            sections.append((title, " ".join(intro_parts) or None, pieces))
        out: list[dict[str, Any]] = []
        for index, (title, intro, pieces) in enumerate(sections):
            section: dict[str, Any] = {"id": self.unique(slugify(title), self.section_ids), "title": title}
            if intro:
                section["intro"] = intro
            section["recommendations"] = self.place(("sections", index, "recommendations"), pieces)
            out.append(section)
        return out

    def statements(self, role: str) -> list[dict[str, Any]]:
        pieces: list[_Piece] = []
        for group in self.outline.groups:
            if group.role == role:
                where = group.title or role
                pieces.extend(self.statement(b, where) for b in group.blocks if id(b) not in self.consumed)
        for index, piece in enumerate(pieces):
            if "unsupported" in piece.data:
                self.unsupported_ids.append(f"{role}[{index}]")
        return self.place((role,), pieces)

    def disclaimer(self) -> dict[str, str | None]:
        texts = [clean(b.text) for g in self.outline.groups if g.role == "disclaimer" for b in g.blocks]
        if texts:
            self.draft.comments[("disclaimer", "clinician")] = (
                "importer: the evidence tool's own wording: adapt"
            )
            self.draft.review.append(
                "disclaimer.clinician is the evidence tool's own wording (it may name the tool): adapt"
            )
            clinician = " ".join(texts)
        else:  # left empty: the brief prints a marked gap, and approve refuses it (rules.draft_gaps)
            self.draft.comments[("disclaimer", "clinician")] = "importer: the answer has none: write it"
            self.draft.review.append("disclaimer.clinician is not written yet: the answer has no disclaimer")
            clinician = None
        self.draft.review.append("disclaimer.patient is not written yet: add it with the other patient texts")
        return {"clinician": clinician}

    # --- everything -------------------------------------------------------------

    def build(self) -> Draft:
        data = self.identity()
        data["last_updated"] = self.stripped.last_updated or self.today
        if not self.stripped.last_updated:
            self.draft.comments[("last_updated",)] = (
                "importer: the import date; the answer gives none: set it"
            )
            self.draft.review.append("last_updated is the import date: the answer gives none")
        data["review"] = {
            "status": "draft",
            "note": f"Imported by handouts import from {self.source_name} on {self.today.isoformat()}; not reviewed.",
        }
        data["bottom_line"] = self.bottom_line()
        findings = self.findings()
        data["sections"] = self.sections()
        for role in ("algorithm", "monitoring", "pitfalls", "emerging"):
            statements = self.statements(role)
            if statements:
                data[role] = statements
        if findings:
            data["evidence_by_source"] = findings
        data["disclaimer"] = self.disclaimer()
        references = placeholders(self.cited_where, listed_references(self.outline), self.source_name)
        if references:
            data["references"] = references
            self.draft.comments[("references", 0)] = TO_DO
        self.draft.data = data
        self.summarise(references)
        return self.draft

    def summarise(self, references: list[dict[str, Any]]) -> None:
        review: list[str] = []
        if references:
            ids = [r["id"] for r in references]
            span = ids[0] if len(ids) == 1 else f"{ids[0]} to {ids[-1]}"
            review.append(
                f"references: {span} ({len(ids)}) are not yet identified (identified: false): find each "
                "source from the source answer's reference list and complete its record"
            )
        if self.rx_guesses:
            review.append(
                "prescription: true was guessed from the importer's drug list: confirm "
                + ", ".join(self.rx_guesses)
            )
        if self.dose_ids:
            review.append(
                "doses were read from the text: check each against its source: " + ", ".join(self.dose_ids)
            )
        if self.unstructured:
            review.append(
                "these items mention an amount that was not read as a dose: " + ", ".join(self.unstructured)
            )
        review.append(
            "no patient text yet: write about, bottom_line.patient, when_to_get_help and a `patient:` "
            f"wording for the {len(self.patient_needed)} item(s) with audience both"
            + (": " + ", ".join(self.patient_needed) if self.patient_needed else "")
        )
        if self.research_items:
            review.append(
                f"the {self.research_items} item(s) from the source's research part are audience clinician "
                "(evidence statements): set audience both where a patient should see one"
            )
        if self.unsupported_ids:
            review.append(
                f"{len(self.unsupported_ids)} item(s) have no citation marker in the source "
                f"(unsupported: {NOT_SOUGHT}; recommendations set to audience clinician): cite a source for "
                "each, or write why there is none: " + ", ".join(self.unsupported_ids)
            )
        self.draft.review = review + self.draft.review
        self.draft.header = [
            f"Draft topic imported by `handouts import` from {self.source_name} on {self.today.isoformat()}.",
            "NOT REVIEWED. Texts are the source answer's own words split into items (citation markers",
            "removed, 'µg' written 'mcg'); nothing was checked against the sources. Every guess the",
            "importer made is marked 'importer:' in a comment beside it.",
        ]


def build(
    outline: Outline, stripped: Stripped, *, source_name: str, topic_id: str | None, today: date
) -> Draft:
    """The draft topic for an outlined answer."""
    if topic_id is not None and not re.match(SLUG_PATTERN, topic_id):
        raise ValueError(f"'{topic_id}' is not a valid id")
    return _Builder(outline, stripped, source_name, topic_id, today).build()


def wrap_review(lines: list[str], width: int = 92) -> list[str]:
    """Review notes as '- ' bullets wrapped for a YAML comment block."""
    out: list[str] = []
    for line in lines:
        out.extend(
            textwrap.wrap(
                line, width=width, initial_indent="- ", subsequent_indent="  ", break_on_hyphens=False
            )
        )
    return out
