"""Evidence checks for the clinician side: every claim traces to a usable source.

Pure functions of a validated Topic. Validation already refuses an item that
neither cites nor says it is unsupported; `uncited` repeats that rule here so
the library stands on its own (e.g. for a topic built in code).
"""

from __future__ import annotations

from collections.abc import Iterator

from handouts.lint.findings import Issue
from handouts.models import Topic
from handouts.models.common import Sourced
from handouts.models.reference import Reference
from handouts.models.topic import Recommendation
from handouts.yamlsource import Loc


def recommendation_locs(topic: Topic) -> Iterator[tuple[Loc, Recommendation]]:
    for s, section in enumerate(topic.sections):
        for r, rec in enumerate(section.recommendations):
            yield ("sections", s, "recommendations", r), rec


def sourced_items(topic: Topic) -> Iterator[tuple[Loc, Sourced]]:
    """Every item that can cite, with its loc (mirrors handouts.rules.sourcedlist_items and doses)."""
    for loc, rec in recommendation_locs(topic):
        yield loc, rec
        if rec.dose is not None:
            yield (*loc, "dose"), rec.dose
    for key in Topic.SOURCED_LISTS:
        for index, item in enumerate(getattr(topic, key)):
            yield (key, index), item
            for p, point in enumerate(getattr(item, "points", ())):
                yield (key, index, "points", p), point


def check_citations(topic: Topic) -> Iterator[Issue]:
    """Uncited is an error; stated as unsupported is info: honest, clinician-only, shown as such."""
    for loc, rec in recommendation_locs(topic):
        if rec.citations or rec.source_not_sought:
            continue  # a source not yet sought is a gap, said once under its own rule (rules.draft_gaps)
        if rec.unsupported:
            yield Issue(
                "unsupported", "info",
                f"'{rec.id}' has no verified source (marked 'unsupported'): the brief shows it as unsupported",
                (*loc, "unsupported"),
            )
        else:
            yield Issue("uncited", "error", f"'{rec.id}' cites no reference and does not say it is unsupported", loc)


def _first_page_only(ref: Reference) -> bool:
    """A journal article printed with one page number ('Gut. 2021;70(7):1214') that neither note explains.

    AMA prints a record's `page` as it stands, so a record that confirms only the first page printed as
    if the article were that page; an e-locator ('e00308') is a whole article's number, not a page."""
    said = f"{ref.check or ''} {ref.reviewer_note or ''}".casefold()
    return ref.type == "article-journal" and bool(ref.page) and str(ref.page).isdigit() and "page" not in said


def check_references(topic: Topic) -> Iterator[Issue]:
    cited = {ref_id for _, item in sourced_items(topic) for ref_id in item.citations}
    cited.update(topic.bottom_line.citations)
    for index, ref in enumerate(topic.references):
        loc: Loc = ("references", index)
        if ref.id not in cited:
            yield Issue("unused-reference", "warning", f"reference '{ref.id}' is never cited", (*loc, "id"))
        if not ref.identified:
            continue  # a gap, said once under its own rule (rules.draft_gaps), not as a record's faults
        if not (ref.doi or ref.pmid or ref.pmcid or ref.url):
            yield Issue(
                "reference-unlocatable", "warning",
                f"reference '{ref.id}' has no DOI, PMID or URL: a reader cannot find the source",
                loc,
            )
        if _first_page_only(ref):
            yield Issue(
                "reference-one-page", "warning",
                f"reference '{ref.id}' gives one page ({ref.page}), which a reader takes for the whole article: "
                "give its page range, or say in 'check' that only the first page is confirmed (a one-page "
                "article: say so in 'reviewer_note')", (*loc, "page"),
            )
        if not ref.verified:
            check = f": {ref.check}" if ref.check else ""
            yield Issue(
                "reference-unverified", "warning",
                f"reference '{ref.id}' is not verified against its source{check}", (*loc, "verified"),
            )
        elif ref.check:
            # A verified record can still leave a detail unconfirmed (Ried 2020's DOI was inferred, never
            # seen printed): the brief says so after the entry; an editor checking references sees it here.
            yield Issue(
                "reference-unconfirmed", "info",
                f"reference '{ref.id}' has what its record could not confirm: {ref.check.rstrip('.')} "
                "(the brief prints it after the reference, as 'Not confirmed')", (*loc, "check"),
            )


def check_dose_sources(topic: Topic) -> Iterator[Issue]:
    """A draft may leave a dose's own source for later (validation insists once it is reviewed)."""
    for loc, rec in recommendation_locs(topic):
        if rec.dose is not None and not rec.dose.citations and not rec.dose.unsupported:
            yield Issue(
                "dose-unsourced", "warning",
                f"the dose of '{rec.id}' has no source of its own: cite the reference that gives this dose, "
                "or say why none does in the dose's 'unsupported'",
                (*loc, "dose"),
            )


def check_evidence_grades(topic: Topic) -> Iterator[Issue]:
    """A cited item needs a GRADE certainty; an unsupported one has nothing to grade."""
    for loc, rec in recommendation_locs(topic):
        if rec.unsupported:
            if rec.evidence is not None:
                yield Issue(
                    "graded-unsupported", "warning",
                    f"'{rec.id}' has no verified source, so it is not graded (the brief says so): "
                    "remove its evidence grade",
                    (*loc, "evidence"),
                )
        elif rec.evidence is None:
            yield Issue(
                "evidence-missing", "warning",
                f"'{rec.id}' has no evidence grade: add 'evidence: {{grade: …}}' (high, moderate, low, very low)",
                loc,
            )


def check_prescriptions(topic: Topic) -> Iterator[Issue]:
    """The clinician brief's dosing table needs a dose and how often to take it."""
    for loc, rec in recommendation_locs(topic):
        if not rec.prescription:
            continue
        if rec.dose is None:
            yield Issue("dose-incomplete", "warning", f"prescription item '{rec.id}' has no dose", loc)
        elif rec.dose.frequency is None:
            yield Issue(
                "dose-incomplete", "warning",
                f"the dose of prescription item '{rec.id}' has no frequency (e.g. 'once daily')",
                (*loc, "dose"),
            )


def check_topic_evidence(topic: Topic) -> Iterator[Issue]:
    yield from check_citations(topic)
    yield from check_references(topic)
    yield from check_evidence_grades(topic)
    yield from check_dose_sources(topic)
    yield from check_prescriptions(topic)
