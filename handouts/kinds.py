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

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from handouts.brand_rules import BRAND_RULES
from handouts.inputs import DietInputs, Inputs, TopicInputs
from handouts.diet.rules import CATALOGUE_RULES, CUSTOMISATION_RULES, PLAN_RULES
from handouts.lint.registry import DIET_PLAN_LINT, FOOD_LINT, TOPIC_LINT, LintKind
from handouts.models import Brand, Personalisation, Topic
from handouts.models.diet import DietPlan
from handouts.models.diet_catalogue import FoodCatalogue
from handouts.models.diet_customisation import DietCustomisation
from handouts.rules import TOPIC_RULES, approval_check
from handouts.validation import ModelCheck, Rule
from handouts.views.base import View, ViewContext


@dataclass(frozen=True)
class ContentKind:
    name: str
    model: type[BaseModel]
    folder: str  # the data/ subfolder files of this kind live in
    sniff: frozenset[str]  # top-level keys that identify this kind
    rules: tuple[Rule, ...] = ()
    lint: LintKind | None = None  # None: validated only
    checks: tuple[ModelCheck, ...] = ()  # run on the built model (e.g. approval still matches)


ViewFunction = Callable[[Inputs, Personalisation | None, ViewContext], View]


@dataclass(frozen=True)
class Layout:
    """A layout variant of a document kind: same view, template and tags, another look and length."""

    stylesheet: str  # under styles/, layered over the kind's own stylesheet
    page_target: int | None = None


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


CONTENT_KINDS: dict[str, ContentKind] = {k.name: k for k in (
    ContentKind("topic", Topic, "topics", frozenset({"question", "sections"}), TOPIC_RULES, TOPIC_LINT,
                (approval_check,)),
    ContentKind("brand", Brand, "brands", frozenset({"colors"}), BRAND_RULES),
    ContentKind("personalisation", Personalisation, "personalisations", frozenset({"patient_name"})),
    ContentKind("food-catalogue", FoodCatalogue, "foods", frozenset({"categories", "groups"}), CATALOGUE_RULES,
                FOOD_LINT),
    ContentKind("diet-plan", DietPlan, "diets", frozenset({"phases", "reintroduction", "basis", "eliminate"}),
                PLAN_RULES, DIET_PLAN_LINT, checks=(approval_check,)),
    ContentKind(
        "diet-customisation", DietCustomisation, "customisations",
        frozenset({"plan", "patient", "dietitian", "start_date", "allergies", "intolerances", "keep",
                   "phase_lengths", "extra_foods", "reintroduction_order", "test_foods"}),
        CUSTOMISATION_RULES,
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


DOCUMENT_KINDS: dict[str, DocumentKind] = {k.name: k for k in (
    # A patient handout is one sheet, both sides; a clinician reads at most 4 pages; a diet
    # sheet's phases, food lists and diary take up to 3.
    DocumentKind("patient-handout", "patient", "topic", _patient_handout, "patient.html.j2", "patient.css", True, 2,
                 large_print=Layout("large-print.css", page_target=6)),
    DocumentKind("clinician-brief", "clinician", "topic", _clinician_brief, "clinician.html.j2", "clinician.css",
                 False, 4),
    DocumentKind("diet-sheet", "patient", "diet-plan", _diet_sheet, "diet.html.j2", "diet.css", True, 3),
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
