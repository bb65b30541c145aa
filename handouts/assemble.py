"""From ids to a view, and from a view to what the person printing it is told.

`handouts render`, `handouts diet` and handouts.api make the same documents: the
same inputs on the same paper, the same view, the same reading-level gate, the same
warnings and notes. They share these steps so a document made from Python is the
document the command line makes, and a rule added here reaches both. Callers keep
only what is theirs: parsing options or arguments, and where the bytes go.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts import documents
from handouts import workspace as ws_module
from handouts.errors import Refused, UsageError, display_path
from handouts.yamlsource import Source

if TYPE_CHECKING:
    from handouts.context import Context
    from handouts.errors import Problem
    from handouts.inputs import DietInputs, TopicInputs
    from handouts.models.diet_customisation import DietCustomisation
    from handouts.models import Personalisation, Topic
    from handouts.views.base import View
    from handouts.views.frame import Frame
    from handouts.workspace import Workspace


def topic_view(audience: str, topic: str | Path, brand: str | Path, ctx: Context, ws: Workspace | None, *,
               person: Personalisation | None = None, paper: str | None = None, also: Sequence[str] = (),
               large_print: bool = False, summary: bool = False) -> tuple[TopicInputs, View]:
    """A topic's document for one audience: its inputs on the paper chosen (the caller's, else the
    workspace's, else the brand's), then its view; `summary`: the brief's At-a-glance summary on its own."""
    inputs = documents.topic_inputs(topic, brand, ctx)
    inputs = documents.on_paper(inputs, ws_module.paper(paper, ws, documents.brand_paper(inputs)))
    view = documents.build_view(audience, inputs, person, ctx, tuple(also), large_print=large_print)
    return inputs, (documents.summary_of(view) if summary else view)


def diet_view(plan: str | Path | None, custom_file: Path | None, brand: str | Path, ctx: Context,
              ws: Workspace | None, *, language: str | None = None, paper: str | None = None,
              also: Sequence[str] = (), data: Mapping[str, Any] | Source | None = None) -> tuple[DietInputs, View]:
    """A diet sheet: the plan (None: the one the customisation names), one patient's changes (a file, or
    `data` with a file's keys: a form's, or standard input's parsed with its positions, checked by the
    same rules), in `language` over the customisation's own, on the paper chosen."""
    named = (data.data if isinstance(data, Source) else data).get("plan") if data is not None else None
    if plan is None and data is not None:
        if not isinstance(named, str) or not named:
            raise UsageError("the customisation does not say which plan it is for: add 'plan: <id>'")
        plan = named
    inputs = documents.diet_inputs(plan, custom_file, brand, ctx)  # checks the customisation against the plan
    if data is not None:
        if isinstance(named, str) and named != inputs.plan.id:
            raise UsageError(f"the customisation is for plan '{named}', not '{inputs.plan.id}'")
        source = data if isinstance(data, Source) else Source("customisation", dict(data), lines=False)
        custom = documents.customisation_from_data(source, inputs.plan, ctx)
        documents.refuse_dates(custom, source, ctx.today)  # at its line on standard input, as in a file
        inputs = replace(inputs, customisation=custom)
    if language:
        inputs = documents.in_language(inputs, language)
    inputs = documents.on_paper(inputs, ws_module.paper(paper, ws, documents.brand_paper(inputs)))
    return inputs, documents.build_view("diet-sheet", inputs, None, ctx, tuple(also))


# -- the reading-level gate ---------------------------------------------------------------


@dataclass(frozen=True)
class ReadingLevel:
    """How hard a patient handout is to read, as told to the person printing it."""

    line: str
    """e.g. 'reading grade: 6.8 (Flesch-Kincaid), SMOG 8.9'."""
    refusal: str | None
    """Why it is not printed at the maximum grade asked for; None when it may be."""


def reading_level(topic: Topic, lang: str, max_grade: int | None, named: str = "--max-grade") -> ReadingLevel | None:
    """English by Flesch-Kincaid; Spanish on the INFLESZ scale, each band read as the grade it
    suits (handouts.lint.spanish); for other languages, which have no formula here, a line that
    says so (and a maximum grade asked for them is a usage error, not a silent pass). `named`: the option or
    parameter the maximum came from, as the messages name it."""
    if lang == "es":
        from handouts.lint.spanish import ease
        from handouts.lint.texts import topic_patient_texts

        found = ease(t.text for t in topic_patient_texts(topic) if t.lang == "es")
        line = (f"reading ease (es): INFLESZ {found.szigriszt_pazos:.1f} ({found.band}), "
                f"Fernández-Huerta {found.fernandez_huerta:.1f}")
        refusal = None
        if max_grade is not None and found.grade > max_grade:
            refusal = (f"not rendered: the Spanish patient texts read as '{found.band}' (INFLESZ), suited to "
                       f"grade {found.grade}, above {named} {max_grade}; run 'handouts lint' to see "
                       "which sentences to simplify")
        return ReadingLevel(line, refusal)
    if lang != "en":
        if max_grade is not None:
            raise UsageError(f"{named} has no reading formula for '{lang}' (English and Spanish only)")
        from handouts.lint.readability import unmeasured_line

        return ReadingLevel(unmeasured_line(lang), None)  # said, not silent, and never the English grade
    from handouts.lint import patient_grade

    grade = patient_grade(topic, lang)
    line = f"reading grade: {grade.flesch_kincaid:.1f} (Flesch-Kincaid), SMOG {grade.smog:.1f}"
    refusal = None
    if max_grade is not None and grade.flesch_kincaid > max_grade:
        refusal = (f"not rendered: the patient texts read at grade {grade.flesch_kincaid:.1f}, above {named} "
                   f"{max_grade}; run 'handouts lint' to see which sentences to simplify")
    return ReadingLevel(line, refusal)


def refuse(level: ReadingLevel | None, topic_file: Path | None) -> None:
    """Stop before anything is rendered when the handout reads above the maximum grade."""
    if level is not None and level.refusal:
        raise Refused(level.refusal, where=display_path(topic_file) if topic_file else "")


# -- what the person printing is told -----------------------------------------------------


def warnings_before(view: View, fmt: str, given: Sequence[str | Problem] = (),
                    details: Mapping[str, object] | None = None) -> tuple[str | Problem, ...]:
    """Said before rendering (so a failed render still shows them): the content's and the brand's
    warnings, and for a PDF every character our fonts cannot print (a browser shows HTML in its own);
    those of the patient's `details` (handouts.glyphs.patient_details) counted by field, never shown."""
    found = [*given, *view.frame.brand.warnings, *untranslated_warnings(view)]
    if fmt == "pdf":
        from handouts.glyphs import missing_warnings, visible_text
        from handouts.html import render_html

        found += missing_warnings(visible_text(render_html(view)), details)
    return tuple(dict.fromkeys(found))


def diet_warnings(custom_file: Path | None, typed: Source | None, cust: DietCustomisation | None,
                  warnings: Sequence[str], unnamed: str = "customisation") -> tuple[str | Problem, ...]:
    """A diet sheet's warnings about the customisation, at the entry each names ('extra_foods[2]: ...' →
    that entry's line; 'reintroduction: ...' → `reintroduction_order:`), as `handouts validate` locates
    and says them (handouts.diet.sheet.locate, the same problems_from_findings): one shape, file:line:col:
    warning: field: message, whichever command or call made the sheet. `typed`: the customisation read
    from text with its positions (standard input, named `unnamed`); with neither a file nor text (no
    customisation, or a mapping from a caller's records) they are said as the sheet says them."""
    from handouts import yamlsource
    from handouts.diet.sheet import SHEET_RULE, locate
    from handouts.errors import ContentError, Problem
    from handouts.models.diet_customisation import DietCustomisation
    from handouts.validation import Flag, problems_from_findings

    if custom_file is None and typed is None:
        return tuple(warnings)
    try:
        source = typed if typed is not None else yamlsource.read(custom_file)  # type: ignore[arg-type]
    except ContentError:  # it loaded a moment ago; changed since, its warnings go unlocated: 'FILE: warning: ...'
        shown = display_path(custom_file) if custom_file is not None else unnamed
        return tuple(Problem(shown, 0, 0, "", warning, "warning") for warning in warnings)
    flags = [Flag(*locate(warning, cust), "warning", SHEET_RULE) for warning in warnings]
    return tuple(problems_from_findings(flags, source, DietCustomisation))


def untranslated_warnings(view: View) -> tuple[str, ...]:
    """For each of the document's languages whose catalogue of the tool's words is unfinished: which
    words print in English. The same for every document in that language (a batch says it once)."""
    from handouts.i18n import untranslated_warning

    return tuple(filter(None, (untranslated_warning(language) for language in documents.view_languages(view))))


TRANSLATION_STATES = {
    "stale": "out of date (the English changed since it was reviewed)",
    "changed": "changed since it was reviewed",
    "unrecorded": "not recorded",
}


def notes_after(view: View, pages: int | None) -> tuple[str | None, tuple[str, ...]]:
    """Said after rendering: a page count past the kind's target (a warning), and the marks
    printed on it (notes): DRAFT / REVIEW OVERDUE, DRAFT TRANSLATION."""
    frame = view.frame
    overflow = documents.page_count_warning(frame.kind, pages, frame.large_print, documents.view_languages(view))
    notes = []
    printed = [mark.label for mark in frame.marks]  # in the document's language: review mark, then translation's
    if frame.review_mark:
        notes.append(f"printed with {_mark(frame.review_mark, printed[0], frame.review_line)}")
    for part in getattr(view, "parts", None) or (view,):  # each language's copy of a two-language print
        notes.extend(_translation_note(part.frame))
    return overflow, tuple(notes)


def _translation_note(frame: Frame) -> tuple[str, ...]:
    """The DRAFT TRANSLATION note for one language's copy, quoting its own mark and footer line."""
    translation = frame.translation
    if translation is None or translation.approved:
        return ()
    state = TRANSLATION_STATES.get(translation.state, translation.state.replace("_", " "))
    return (f"the '{translation.language}' translation is {state}: printed with "
            f"{_mark('DRAFT TRANSLATION', frame.marks[-1].label, frame.translation_line)}",)


def _mark(name: str, label: str, line: str | None) -> str:
    """The mark named in the note's language (English), then what the page prints: the mark's own
    word when it differs ("'BORRADOR' on the page" on a Spanish sheet) and the footer line as printed,
    so the person holding the sheet finds what the note speaks of."""
    shown = [f"'{label}' on the page"] if label != name else []
    if line:
        shown.append(f"its footer: {line}" if shown else line)
    return f"a {name} mark" + (f" ({'; '.join(shown)})" if shown else "")
