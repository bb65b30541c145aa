"""Cross-field rules for topics, over the raw YAML data.

They run on plain data rather than on validated models so that one pass reports
every problem in a file: a dangling citation is found even when the same file
also has an unknown key that stops the model from being built.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from handouts import ismp
from handouts.approval import approval_findings
from handouts.dosetext import StatedDose, read_dose, same_dose, structured
from handouts.file_rules import id_names_another_file
from handouts.models.common import NOT_SOUGHT, not_sought
from handouts.models.dose import FREQUENCY_FORBIDDEN
from handouts.models.topic import Topic
from handouts.patterns import LANG_PATTERN
from handouts.printed import internal_words, printed_texts
from handouts.validation import Flag, Rule, RuleContext, RuleFinding, format_loc
from handouts.yamlsource import Loc

_AMOUNT = (r"(?:\d+(?:[.,]\d+)?|[½¼¾⅓⅔]|(?:two|three|four|five|six|seven|eight|nine|ten|"
           r"dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)\b)")
_DOSE_UNITS = (
    # abbreviated units, as the dose model writes them
    r"mg|mcg|µg|μg|g|ml|mL|L|IU|CFU|mmol|mEq",
    # colony-forming units, as probiotic doses are written ('10 to 50 billion CFU', '10 mil millones de UFC')
    r"(?:(?:billion|million)\s+)?CFUs?|(?:(?:mil\s+)?millones\s+de\s+)?UFC",
    # spelled out, in English and Spanish: the handout's medicines list prints patient texts in either
    r"(?:milli|micro|mili)?grams?|(?:milli|micro|mili)?gramos?|millilit(?:er|re)s?|mililitros?|litros?",
    r"units?|unidad(?:es)?|international\s+units",
    r"tablets?|tabletas?|pills?|pastillas?|comprimidos?|capsules?|c[áa]psulas?|caplets?|drops?|gotas?",
    r"sachets?|sobres|puffs?|inhalaciones|inhalaci[óo]n|sprays?|atomizaciones|patch(?:es)?|parches?",
    r"teaspoons?|tablespoons?|tsp|tbsp|cucharaditas?|cucharadas?",
)
DOSE_IN_TEXT = re.compile(
    rf"(?<!\w){_AMOUNT}\s*(?:(?:-|–|—|to|a)\s*{_AMOUNT}\s*)?(?:{'|'.join(_DOSE_UNITS)})\b",
    re.IGNORECASE,
)
"""An amount with a unit, in figures or a number word ('10 mg', 'two tablets', 'dos cápsulas').
'one'/'un'/'una' are left out: they are also articles ('a pill that slows the gut')."""


def mentions_dose(text: str) -> bool:
    """Whether text states an amount with a unit (e.g. '10 mg', '4-12 mg', '200 milligrams', '2 cápsulas')."""
    return bool(DOSE_IN_TEXT.search(text))


def list_items(data: Any, key: str, kind: type = dict) -> Iterator[tuple[int, Any]]:
    """(index, item) for the items of list `data[key]` that are of `kind`, tolerating any shape.

    Rules read raw YAML data that may be malformed; wrong types are the model's to report.
    """
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, kind):
                yield index, item



def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, str)]
    return []


def recommendations(data: Any) -> Iterator[tuple[Loc, dict[str, Any]]]:
    for s, section in list_items(data, "sections"):
        for r, rec in list_items(section, "recommendations"):
            yield ("sections", s, "recommendations", r), rec


def sourcedlist_items(data: Any) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """Every item that makes a claim and so must cite or say it cannot."""
    yield from recommendations(data)
    for key in Topic.SOURCED_LISTS:
        for index, item in list_items(data, key):
            yield (key, index), item
            if key == "evidence_by_source":
                for p, point in list_items(item, "points"):
                    yield (key, index, "points", p), point


def citing_items(data: Any) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """Every item that may carry `citations`: the sourced items, their doses and the clinician bottom line.

    The bottom line may cite but need not (it summarises cited items), so it is
    checked for dangling citations only, not by `cited_or_unsupported`; doses
    have their own rule (`dose_sourced`).
    """
    yield from sourcedlist_items(data)
    yield from doses(data)
    bottom = data.get("bottom_line") if isinstance(data, dict) else None
    if isinstance(bottom, dict):
        yield ("bottom_line",), bottom


def _duplicates(pairs: list[tuple[Loc, Any]], what: str) -> Iterator[RuleFinding]:
    seen: dict[str, Loc] = {}
    for loc, value in pairs:
        if not isinstance(value, str):
            continue
        if value in seen:
            first = seen[value]
            yield loc, f"duplicate {what} id '{value}' (first used at {format_loc(first)})"
        else:
            seen[value] = loc


def unique_ids(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    yield from _duplicates([(("references", i, "id"), ref.get("id")) for i, ref in list_items(data, "references")], "reference")
    yield from _duplicates([(("sections", i, "id"), s.get("id")) for i, s in list_items(data, "sections")], "section")
    yield from _duplicates([((*loc, "id"), rec.get("id")) for loc, rec in recommendations(data)], "recommendation")


SOURCE_IDS = ("DOI", "PMID", "PMCID")
"""Identifiers that name one published source: two records with the same one are the same source."""


def _source_id(key: str, value: Any) -> str | None:
    if isinstance(value, int) and key == "PMID":
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().lower()
    if key == "DOI":
        text = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", text)
    return text


def same_source_twice(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """One source under two reference ids prints as two numbered references, so an item citing both
    looks backed by two sources: an error once the topic is under review (a warning in a draft)."""
    severity = "warning" if _is_draft(data) else "error"
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    for index, ref in list_items(data, "references"):
        ref_id = ref.get("id")
        for key in SOURCE_IDS:
            value = _source_id(key, ref.get(key))
            if value is None:
                continue
            first = seen.setdefault((key, value), (index, str(ref_id)))
            if first[0] != index:
                yield Flag(("references", index, key), (
                    f"reference '{ref_id}' is the same source as '{first[1]}' (same {key} {ref.get(key)}): "
                    f"keep one record and cite its id, so the brief does not count one source twice"
                ), severity, "duplicate-source")
                break


def doses(data: Any) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """Every structured dose: it cites its own source, apart from its item's."""
    for loc, rec in recommendations(data):
        if isinstance(rec.get("dose"), dict):
            yield (*loc, "dose"), rec["dose"]


SUGGESTIONS = 50
"""Unknown citations that get a "did you mean" hint. Each hint compares the citation
with every reference id; without a bound, a file of thousands of each is quadratic."""


def citations_resolve(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    ids = [ref["id"] for _, ref in list_items(data, "references") if isinstance(ref.get("id"), str)]
    known = set(ids)
    hints = 0
    for loc, item in citing_items(data):
        cites = item.get("citations")
        if not isinstance(cites, list):
            continue
        for index, cite in enumerate(cites):
            if isinstance(cite, str) and cite not in known:
                hint = ""
                if hints < SUGGESTIONS:
                    hints += 1
                    close = difflib.get_close_matches(cite, ids, n=1, cutoff=0.6)
                    hint = f"; did you mean '{close[0]}'?" if close else ""
                yield (*loc, "citations", index), f"citation '{cite}' matches no reference id{hint}"


def cited_or_unsupported(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    for loc, item in sourcedlist_items(data):
        has_cites = bool(item.get("citations"))
        has_note = bool(item.get("unsupported"))
        if has_cites and has_note:
            yield (*loc, "unsupported"), "give either 'citations' or 'unsupported', not both"
        elif not has_cites and not has_note:
            yield loc, (
                "no source: cite a reference in 'citations', or say why there is "
                "no verified source in 'unsupported'"
            )


def dose_sourced(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """A dose cites what supports that very dose, or says why nothing does.

    Its item's citations may support the treatment but not the figure, so a dose
    never borrows them. A draft may wait (lint lists what is missing); content
    under review or approved may not.
    """
    draft = _is_draft(data)
    for loc, dose in doses(data):
        has_cites, has_note = bool(dose.get("citations")), bool(dose.get("unsupported"))
        if has_cites and has_note:
            yield (*loc, "unsupported"), "give the dose either 'citations' or 'unsupported', not both"
        elif not has_cites and not has_note and not draft:
            yield loc, (
                "no source for this dose: cite the reference that gives this very dose in the dose's own "
                "'citations', or say why there is none in its 'unsupported' (the item's citations do not count)"
            )


def bottom_line_dose_cited(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """A bottom line may summarise without citing, but a dose it states is a figure the brief must trace.

    Every dose in the dosing table cites its own source (dose_sourced); the same figure in an
    uncited bottom line printed on the brief's first page with nothing to trace it to.
    """
    bottom = data.get("bottom_line") if isinstance(data, dict) else None
    if not isinstance(bottom, dict) or bottom.get("citations"):
        return
    text = bottom.get("clinician")
    found = DOSE_IN_TEXT.search(text) if isinstance(text, str) else None
    if found:
        yield Flag(("bottom_line", "clinician"), (
            f"the bottom line states a dose ('{found.group(0)}') but cites nothing: cite the reference that "
            "gives it in the bottom line's 'citations', or leave the figure to the dosing table"
        ), "warning" if _is_draft(data) else "error", "bottom-line-dose-uncited")


def _text_language(loc: Loc) -> str:
    """The language a text is in: its key in a localised text ({en: ..., es: ...}), else English."""
    last = loc[-1] if loc else None
    return last if isinstance(last, str) and re.fullmatch(LANG_PATTERN, last) else "en"


def error_prone_abbreviations(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """ISMP's error-prone abbreviations, symbols and dose designations in any printed text."""
    severity = "warning" if _is_draft(data) else "error"
    for loc, text in printed_texts(data, references=False):
        checked_by_model = loc[-1] == "frequency" and "dose" in loc
        for hit in ismp.find(text, language=_text_language(loc)):
            if checked_by_model and hit.found.lower() in FREQUENCY_FORBIDDEN:
                continue  # the dose model already refuses it, with its own message
            yield Flag(loc, hit.message(), severity, "error-prone-abbreviation")


def _list_and_field(loc: Loc) -> Loc:
    """The list a text's item is in, and its field: ('algorithm', 'unsupported') for algorithm[2].unsupported."""
    last = max((i for i, part in enumerate(loc) if isinstance(part, int)), default=None)
    return loc if last is None else (*loc[:last], *loc[last + 1:])


def no_internal_words(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """Printed text never speaks of seeds, importers or placeholders.

    The same text in the same field of several items of one list (an old import's 'No citation
    marker in the source answer' on every uncited step of an algorithm) is one finding, at the
    first, naming the others: an editor reads one line per list, each place still to rewrite
    is named, and approve still refuses every one of them.
    """
    places: dict[tuple[Loc, str], list[Loc]] = {}
    gaps = {("references", index) for index, ref in list_items(data, "references") if ref.get("identified") is False}
    for loc, text in printed_texts(data):
        if loc[:2] in gaps:
            continue  # a source not yet identified prints as a gap, its record unprinted: draft_gaps says it
        if internal_words(text):
            places.setdefault((_list_and_field(loc), text), []).append(loc)
    for (_, text), locs in places.items():
        also = ""
        if len(locs) > 1:
            more = len(locs) - 1
            also = (f"; {more} more item{'s' if more > 1 else ''} of this list {'have' if more > 1 else 'has'} "
                    "the same text, each to rewrite: " + ", ".join(format_loc(other) for other in locs[1:]))
        for word in internal_words(text):
            yield Flag(locs[0], (
                f"'{word}' tells a reader how the content was made, which they cannot look up: "
                f"name the reference, or say that there is no verified source{also}"
            ), "warning", "internal-word")


def _is_draft(data: Any) -> bool:
    review = data.get("review") if isinstance(data, dict) else None
    return isinstance(review, dict) and review.get("status") == "draft"


def audience_rules(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    draft = _is_draft(data)  # a draft may wait for its patient texts; lint reports them
    for loc, rec in recommendations(data):
        audience = rec.get("audience", "both")
        visible = audience in ("both", "patient")
        if visible and rec.get("unsupported"):
            yield (*loc, "audience"), (
                "an item with no verified source never reaches a patient: set 'audience: clinician'"
            )
        if visible and not rec.get("patient") and not draft:
            yield (*loc, "patient"), f"patient-visible item (audience: {audience}) needs patient text"
        if rec.get("prescription") is True:
            if audience == "patient":
                yield (*loc, "audience"), (
                    "a prescription item is for the clinician too: its dose is clinician-only; "
                    "use 'audience: both' or 'clinician'"
                )
            for text in _texts(rec.get("patient")):
                if mentions_dose(text):
                    yield (*loc, "patient"), (
                        "patient text of a prescription item must not state a dose "
                        f"('{DOSE_IN_TEXT.search(text).group(0)}'); the dose is clinician-only"
                    )
        if isinstance(rec.get("dose"), dict) and not rec.get("name"):
            yield (*loc, "name"), "an item with a dose needs a short 'name' for the dosing table"


def _patient_visible(rec: dict[str, Any]) -> bool:
    return rec.get("audience", "both") in ("both", "patient") and not rec.get("unsupported")


def patient_texts(data: Any) -> Iterator[tuple[Loc, str]]:
    """(loc, text) for every patient-handout text in the raw data, each language on its own."""
    def texts(loc: Loc, value: Any) -> Iterator[tuple[Loc, str]]:
        if isinstance(value, str):
            yield loc, value
        elif isinstance(value, dict):
            for lang, text in value.items():
                if isinstance(text, str):
                    yield (*loc, lang), text

    if not isinstance(data, dict):
        return
    yield from texts(("patient_title",), data.get("patient_title"))
    yield from texts(("about",), data.get("about"))
    for key in ("about_figure",):
        figure = data.get(key)
        if isinstance(figure, dict):
            yield from texts((key, "caption"), figure.get("caption"))
    for key in ("bottom_line", "disclaimer"):
        part = data.get(key)
        if isinstance(part, dict):
            yield from texts((key, "patient"), part.get("patient"))
    for s, section in list_items(data, "sections"):
        yield from texts(("sections", s, "note"), section.get("note"))
        if isinstance(section.get("figure"), dict):
            yield from texts(("sections", s, "figure", "caption"), section["figure"].get("caption"))
    for loc, rec in recommendations(data):
        if _patient_visible(rec) and rec.get("prescription") is not True:  # prescription items: audience_rules
            yield from texts((*loc, "patient"), rec.get("patient"))
    for index, item in list_items(data, "when_to_get_help"):
        yield from texts(("when_to_get_help", index, "patient"), item.get("patient"))


_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


def prescription_dose_for_patients(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """No patient text states a dose of a prescription medicine, whatever item or part it is in.

    audience_rules keeps doses out of a prescription item's own patient text; an item
    whose prescription flag was forgotten, or 'about' or a side note, could still say
    'codeine 15 to 60 mg'. A sentence that names a drug or class on the prescription
    list (data/import/prescription-drugs.yaml, the importer's) and states a dose is refused.
    """
    from handouts.importer.drugs import prescription_term  # lazily: the importer imports these rules

    for loc, text in patient_texts(data):
        for sentence in _SENTENCE_END.split(text):
            dose = DOSE_IN_TEXT.search(sentence)
            if dose is None:
                continue
            drug = prescription_term([sentence])
            if drug:
                yield loc, (
                    f"patient text states a dose ('{dose.group(0)}') of {drug}, a prescription medicine: "
                    "prescription doses are clinician-only (if this item prescribes it, set 'prescription: true')"
                )
                break


def patient_dose_in_brief(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """A dose a patient reads is one the brief prints, the same figure: never another, never one it lacks.

    The brief prints each item's structured dose with its source (or says it has none); a figure typed
    into a patient text ('Take magnesium, 400 mg a day') printed on the handout with nothing in the brief
    behind it. An item's patient text may state its own dose; a text outside the items (about, a note),
    or of an item without a dose, a dose of some item in the brief. A measure the dose model has no unit
    for (teaspoons, puffs) is refused: the brief can print no such dose.
    """
    own: dict[Loc, StatedDose | None] = {}
    briefed: list[StatedDose] = []
    for loc, rec in recommendations(data):
        dose = rec.get("dose")
        stated = structured(dose.get("amount"), dose.get("unit")) if isinstance(dose, dict) else None
        own[loc] = stated
        if stated is not None and rec.get("audience", "both") in ("both", "clinician"):
            briefed.append(stated)
    severity = "warning" if _is_draft(data) else "error"
    for loc, text in patient_texts(data):
        at = loc.index("patient") if "patient" in loc else len(loc)
        item = own.get(loc[:at])  # an item's own dose, for its patient text ({en: ...} or plain)
        for found in DOSE_IN_TEXT.finditer(text):
            stated = read_dose(found.group(0), text[found.end():])
            if stated is None:  # a measure the dose model has no unit for: the brief cannot print it
                yield Flag(loc, (
                    f"patient text states a dose ('{found.group(0)}') in a measure the clinician brief cannot "
                    "print (its doses have no such unit): give the item a structured 'dose' in a unit the brief "
                    "prints (mL, g, tablets...), or leave the amount out of the patient text"
                ), severity, "patient-dose-not-in-brief")
                continue
            if item is not None:
                if not same_dose(stated, item):
                    yield Flag(loc, (
                        f"patient text states '{found.group(0)}', but this item's dose in the brief is {item}: "
                        "a patient must read the dose the brief prints, or none"
                    ), severity, "patient-dose-not-in-brief")
            elif not any(same_dose(stated, dose) for dose in briefed):
                yield Flag(loc, (
                    f"patient text states a dose ('{found.group(0)}') the clinician brief does not print: give the "
                    "item a structured 'dose' with its source (the brief's dosing table prints it), or leave the "
                    "figure out of the patient text"
                ), severity, "patient-dose-not-in-brief")


def patient_parts(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """Only a draft may lack what the patient handout is built from."""
    review = data.get("review") if isinstance(data, dict) else None
    if not isinstance(review, dict) or review.get("status") in (None, "draft"):
        return
    status = str(review.get("status")).replace("_", " ")
    if not data.get("about"):
        yield ("about",), f"a topic that is {status} needs 'about' (the patient's 'What is it')"
    bottom = data.get("bottom_line")
    if isinstance(bottom, dict) and not bottom.get("patient"):
        yield ("bottom_line", "patient"), f"a topic that is {status} needs a patient bottom line"
    disclaimer = data.get("disclaimer")
    if isinstance(disclaimer, dict) and not disclaimer.get("patient"):
        yield ("disclaimer", "patient"), f"a topic that is {status} needs a patient disclaimer"
    if not data.get("when_to_get_help"):
        yield ("when_to_get_help",), f"a topic that is {status} needs 'when_to_get_help' items for patients"


DRAFT_GAP = "draft-gap"
"""The rule name of what a draft says it still lacks (a claim whose source is not yet sought, a source not yet
identified, no clinician bottom line or disclaimer): a warning in a draft, which prints each as a marked gap;
an error once the topic is under review or approved, so `handouts approve` refuses it and lists every gap."""


def draft_gaps(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """What the data says is still missing: only a draft may print with gaps."""
    if not isinstance(data, dict):
        return
    draft = _is_draft(data)
    review = data.get("review")
    status = str(review.get("status")).replace("_", " ") if isinstance(review, dict) else "draft"
    then = "" if draft else f"; only a draft may have a gap, not a topic that is {status}"
    level = "warning" if draft else "error"
    for loc, item in (*sourcedlist_items(data), *doses(data)):
        if not_sought(item.get("unsupported")):
            name = f"'{item['id']}': " if isinstance(item.get("id"), str) else ""
            yield Flag((*loc, "unsupported"), (
                f"{name}no source has been sought yet ('{NOT_SOUGHT}'): cite the reference that supports it, or write "
                f"in its place why there is no verified source; the brief prints it as a gap{then}"
            ), level, DRAFT_GAP)
    for index, ref in list_items(data, "references"):
        if ref.get("identified") is False:
            known = f" ({ref['cited_as']})" if isinstance(ref.get("cited_as"), str) else ""
            yield Flag(("references", index, "identified"), (
                f"reference '{ref.get('id')}' is not yet identified{known}: find the source and complete its "
                "record, then remove 'identified: false' and 'cited_as' (and set 'verified: true' once it is "
                f"checked); the brief prints it as a gap{then}"
            ), level, DRAFT_GAP)
    for field, what in (("bottom_line", "bottom line"), ("disclaimer", "disclaimer")):
        text = data.get(field)
        if isinstance(text, dict) and not text.get("clinician"):
            yield Flag((field, "clinician"), f"the clinician {what} is not written yet: the brief prints it as a gap{then}",
                       level, DRAFT_GAP)


def review_rules(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    review = data.get("review") if isinstance(data, dict) else None
    if not isinstance(review, dict):
        return
    if review.get("status") == "approved":
        for key in ("reviewer", "reviewed"):
            if not review.get(key):
                yield ("review", key), (
                    f"an approved topic needs '{key}': record the approval with `handouts approve FILE "
                    "--reviewer NAME`, which writes the reviewer, the review date and the content's hash "
                    "(an approval typed in by hand prints as under review)"
                )
    reviewed, next_review = review.get("reviewed"), review.get("next_review")
    try:
        if reviewed and next_review and not next_review > reviewed:
            yield ("review", "next_review"), f"next review ({next_review}) must come after the review date ({reviewed})"
    except TypeError:
        pass  # wrong types are reported by the model


TOPIC_RULES: tuple[Rule, ...] = (
    unique_ids, same_source_twice, citations_resolve, cited_or_unsupported, dose_sourced, bottom_line_dose_cited,
    audience_rules, prescription_dose_for_patients, patient_dose_in_brief, patient_parts, draft_gaps,
    review_rules, error_prone_abbreviations, no_internal_words, id_names_another_file,
)


def approval_check(content: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """A model check (it needs the built model's hash): approval that no longer holds is a warning."""
    for finding in approval_findings(content):
        yield Flag(finding.loc, finding.message, "warning", finding.rule)
