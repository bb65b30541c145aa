"""Every kind of content and every kind of document, declared once.

A content kind is a model, the data folder its files live in, the top-level
keys that recognise it, its cross-field rules and (for kinds with patient
texts) what lint checks. A document kind is the view that builds it for its
reader, its template and its stylesheet. Loading, validation, lint, import,
rendering, batch and the web app all look kinds up here; nothing registers
itself by being imported.

To add a document kind: a view function (handouts/views/), a template
(templates/), a stylesheet (styles/) and one DocumentKind line below.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from handouts.inputs import DietInputs, Inputs, TopicInputs
from handouts.yamlspec import MAX_BYTES, PATIENT_DETAILS_BYTES

if TYPE_CHECKING:
    from pydantic import BaseModel

    from handouts.lint.registry import LintKind
    from handouts.models import Personalisation
    from handouts.validation import ModelCheck, Rule
    from handouts.views.base import View, ViewContext


@cache
def _resolve(ref: str) -> Any:
    """`module:name`, imported on first use.

    A command touches one or two kinds: a render from the content cache runs no rule and
    no lint, so importing every kind's rule tables, lint checks and diet models up front
    cost every command tens of milliseconds of start-up for nothing.
    """
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class ContentKind:
    """A kind of content file. Its model, rules, lint and checks are named as `module:name`
    references and imported when first asked for (see `_resolve`)."""

    name: str
    model_ref: str
    folder: str  # the data/ subfolder files of this kind live in
    sniff: frozenset[str]  # top-level keys that identify this kind
    rules_ref: str | None = None
    lint_ref: str | None = None  # None: validated only
    checks_refs: tuple[str, ...] = ()  # run on the built model (e.g. approval still matches)
    max_bytes: int = MAX_BYTES  # the largest file of this kind that is read
    called: str = "a content file"  # what the size message calls a file of this kind
    patient_details: bool = False  # each file is one patient's: what prints its contents shows no values

    @property
    def model(self) -> type[BaseModel]:
        return _resolve(self.model_ref)  # type: ignore[no-any-return]

    @property
    def rules(self) -> tuple[Rule, ...]:
        return _resolve(self.rules_ref) if self.rules_ref else ()

    @property
    def lint(self) -> LintKind | None:
        return _resolve(self.lint_ref) if self.lint_ref else None

    @property
    def checks(self) -> tuple[ModelCheck, ...]:
        return tuple(_resolve(ref) for ref in self.checks_refs)


ViewFunction = Callable[["Inputs", "Personalisation | None", "ViewContext"], "View"]


@dataclass(frozen=True)
class Layout:
    """A layout variant of a document kind: same view, template and tags, another look and length."""

    stylesheet: str  # under styles/, layered over the kind's own stylesheet
    page_target: int | None = None
    longer_in: tuple[tuple[str, int], ...] = ()  # (language, pages): as DocumentKind.longer_in


@dataclass(frozen=True)
class DocumentKind:
    name: str
    audience: Literal["patient", "clinician"]  # who reads it: decides what it may show
    content: str  # the content kind it is made from
    view: ViewFunction
    template: str  # under templates/
    stylesheet: str  # under styles/, over base.css
    personalised: bool  # whether it can carry one patient's details
    page_target: int | None = None
    """The most pages the document should print on (its standard layout). Going past it is
    never silent: the CLI, batch and the web preview say how many pages it came to. A layout
    variant (large print, bilingual) that prints longer is declared with a target of its own."""
    large_print: Layout | None = None
    """The large-print variant (None: the kind has none): a stylesheet over `stylesheet`, and the
    page target of a print that is meant to be longer."""
    longer_in: tuple[tuple[str, int], ...] = ()
    """(language, pages): the page target in a language whose wording runs longer than the
    English the layout is fitted to. Only where fitting it would do harm: a translation must
    say all the English says, and patient pages are already at their smallest type and
    spacing. Declared here, with the reason, so the warning past it is neither silent nor
    spurious."""

    def page_target_for(self, large_print: bool = False, languages: tuple[str, ...] = ("en",)) -> int | None:
        """The most pages for this print: the layout's target in each language, summed over a
        bilingual document's parts (each part is a whole document in its language). Each part
        after the first starts on a right-hand page (styles/base.css), so a part before it counts
        to an even number: a Spanish handout of 3 pages takes 4 (its last page's back left blank)."""
        layout = self.large_print if large_print and self.large_print else None
        base = layout.page_target if layout else self.page_target
        longer = dict(layout.longer_in if layout else self.longer_in)
        if base is None:
            return None
        targets = [longer.get(language, base) for language in languages or ("en",)]
        return sum(target + target % 2 for target in targets[:-1]) + targets[-1]


CONTENT_KINDS: dict[str, ContentKind] = {k.name: k for k in (
    ContentKind("topic", "handouts.models.topic:Topic", "topics", frozenset({"question", "sections"}),
                "handouts.rules:TOPIC_RULES", "handouts.lint.registry:TOPIC_LINT",
                ("handouts.rules:approval_check", "handouts.language_checks:tool_words_check")),
    ContentKind("brand", "handouts.models.brand:Brand", "brands", frozenset({"colors"}),
                "handouts.brand_rules:BRAND_RULES", checks_refs=("handouts.language_checks:brand_language_check",)),
    ContentKind("personalisation", "handouts.models.personalisation:Personalisation", "personalisations",
                frozenset({"patient_name"}), max_bytes=PATIENT_DETAILS_BYTES, called="patient details",
                patient_details=True),
    ContentKind("food-catalogue", "handouts.models.diet_catalogue:FoodCatalogue", "foods",
                frozenset({"categories", "groups"}), "handouts.diet.rules:CATALOGUE_RULES",
                "handouts.lint.registry:FOOD_LINT",
                ("handouts.rules:approval_check", "handouts.language_checks:tool_words_check")),
    ContentKind("diet-plan", "handouts.models.diet:DietPlan", "diets",
                frozenset({"phases", "reintroduction", "basis", "eliminate"}), "handouts.diet.rules:PLAN_RULES",
                "handouts.lint.registry:DIET_PLAN_LINT",
                ("handouts.rules:approval_check", "handouts.language_checks:tool_words_check")),
    ContentKind(
        "diet-customisation", "handouts.models.diet_customisation:DietCustomisation", "customisations",
        frozenset({"plan", "patient", "dietitian", "start_date", "allergies", "intolerances", "keep",
                   "phase_lengths", "extra_foods", "reintroduction_order", "test_foods"}),
        "handouts.diet.rules:CUSTOMISATION_RULES", checks_refs=("handouts.diet.sheet:sheet_check",),
        max_bytes=PATIENT_DETAILS_BYTES, called="a customisation", patient_details=True,
    ),
)}


def _patient_handout(inputs: Inputs, person: Personalisation | None, ctx: ViewContext) -> View:
    if not isinstance(inputs, TopicInputs):
        raise TypeError("a patient handout is made from a topic")
    from handouts.views.patient import patient_view  # each view's modules load only when it is built

    return patient_view(inputs, person, ctx)


def _clinician_brief(inputs: Inputs, person: Personalisation | None, ctx: ViewContext) -> View:
    if not isinstance(inputs, TopicInputs):
        raise TypeError("a clinician brief is made from a topic")
    from handouts.views.clinician import clinician_view  # each view's modules load only when it is built

    return clinician_view(inputs, ctx)


def _diet_sheet(inputs: Inputs, person: Personalisation | None, ctx: ViewContext) -> View:
    if not isinstance(inputs, DietInputs):
        raise TypeError("a diet sheet is made from a plan")
    from handouts.views.diet import diet_view  # each view's modules load only when it is built

    return diet_view(inputs, ctx)


SPANISH_RUNS_LONGER = 1
"""Extra pages for Spanish. Spanish text runs about a fifth longer than the English it
translates (the sample's handout and both diet sheets spill by a fraction of a page).
Fitting it would mean a smaller type or tighter lines than patient pages allow, or a
translation that leaves something out: both worse for the reader than one more page."""

DIARY_SHEET_BLANK = 1
"""The diet sheet's diary starts a sheet of its own (styles/diet.css): a plan that runs to an odd
number of pages, as the Spanish one's three, leaves the back of its last page blank before it."""

DOCUMENT_KINDS: dict[str, DocumentKind] = {k.name: k for k in (
    # A patient handout is one sheet, both sides; a clinician reads at most 4 pages; a diet
    # sheet's phases, food lists and diary take up to 3.
    DocumentKind("patient-handout", "patient", "topic", _patient_handout, "patient.html.j2", "patient.css", True, 2,
                 large_print=Layout("large-print.css", page_target=6, longer_in=(("es", 6 + SPANISH_RUNS_LONGER),)),
                 longer_in=(("es", 2 + SPANISH_RUNS_LONGER),)),
    DocumentKind("clinician-brief", "clinician", "topic", _clinician_brief, "clinician.html.j2", "clinician.css",
                 False, 4),
    DocumentKind("diet-sheet", "patient", "diet-plan", _diet_sheet, "diet.html.j2", "diet.css", True, 3,
                 longer_in=(("es", 3 + SPANISH_RUNS_LONGER + DIARY_SHEET_BLANK),)),
)}

TOPIC_DOCUMENTS = {"patient": "patient-handout", "clinician": "clinician-brief"}
"""The document a topic makes for each audience (the CLI's --audience)."""

SUPPORT_FOLDERS = frozenset({"lint", "import"})
"""data/ folders that hold the tool's own word and drug lists, not content to validate."""


def content_kind(name: str) -> ContentKind:
    return CONTENT_KINDS[name]


def document_kind(name: str) -> DocumentKind:
    """A document kind by name, or the topic document for an audience ('patient', 'clinician')."""
    return DOCUMENT_KINDS[TOPIC_DOCUMENTS.get(name, name)]


def stylesheets() -> Iterable[str]:
    """Every document stylesheet, large-print layers included."""
    for kind in DOCUMENT_KINDS.values():
        yield kind.stylesheet
        if kind.large_print:
            yield kind.large_print.stylesheet


def kind_stylesheets(kind: str, large_print: bool = False) -> list[str]:
    """A document kind's own stylesheets, in the order they apply (over base.css)."""
    spec = document_kind(kind)
    return [spec.stylesheet, *([spec.large_print.stylesheet] if large_print and spec.large_print else [])]


__all__: list[Any] = [
    "CONTENT_KINDS", "DOCUMENT_KINDS", "SUPPORT_FOLDERS", "TOPIC_DOCUMENTS", "ContentKind", "DocumentKind", "Layout",
    "content_kind", "document_kind", "kind_stylesheets", "stylesheets",
]
