"""One document from start to finish: load → validate → view → HTML → PDF → file.

The CLI, the demo, batch runs and the web app all come through here, so every
document kind gets the same checks, the same personalisation rules and the same
safe write.
"""

from __future__ import annotations

from dataclasses import replace
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from handouts import locale
from handouts.atomic import write_atomic
from handouts.context import Context
from handouts.collector import fewer_collections
from handouts.errors import ContentError, LostText, Problem, RepeatedText, UsageError, display_path
from handouts.fitting import Laid, fewest_cuts
from handouts.html import render_page
from handouts.inputs import DietInputs, Inputs, TopicInputs
from handouts.kinds import DocumentKind, document_kind
from handouts.loading import load, load_brand, read_as, validate
from handouts.models import Personalisation
from handouts.rendered import LaidOut, Rendered
from handouts.views.base import View
from handouts.views.parts import parts_view
from handouts.whole_text import LOST, REPEATED, lost_fields
from handouts.yamlsource import Source

if TYPE_CHECKING:  # annotations only: a topic's render need not import the diet models
    from datetime import date

    from handouts.models.diet import DietPlan
    from handouts.models.diet_customisation import DietCustomisation

T = TypeVar("T")
I = TypeVar("I", TopicInputs, DietInputs)
L = TypeVar("L", bound=Laid)
Audience = Literal["patient", "clinician"]
Format = Literal["pdf", "html"]
Variant = Literal["ua", "archive"]


# -- inputs ------------------------------------------------------------------------


def _brand(brand: str | Path, ctx: Context) -> tuple[Path, object]:
    path = ctx.find("brands", brand, "brand")
    return path, load_brand(path, ctx)


def topic_inputs(topic: str | Path, brand: str | Path = "default", ctx: Context | None = None) -> TopicInputs:
    """A topic and a brand, each by id (in the context's data folders) or by path."""
    ctx = ctx or Context.default()
    brand_file, brand_model = _brand(brand, ctx)
    topic_file = ctx.find("topics", topic, "topic")
    found: list[Problem] = []  # a draft's findings: the person printing it should see them
    topic_model = load(topic_file, "topic", ctx, warnings=found)
    return TopicInputs(topic_model, brand_model, brand_file.resolve().parent, topic_file,  # type: ignore[arg-type]
                       tuple(found))


def named_plan(customisation: Path, ctx: Context | None = None) -> str:
    """The plan a customisation file names (it must name one to be rendered without a PLAN)."""
    source = read_as(customisation, "diet-customisation")
    plan = source.data.get("plan")
    if not isinstance(plan, str) or not plan:
        raise UsageError(f"{display_path(customisation)} does not say which plan it is for: add 'plan: <id>'")
    return plan


def diet_inputs(
    plan: str | Path | None,
    customisation: Path | None = None,
    brand: str | Path = "default",
    ctx: Context | None = None,
) -> DietInputs:
    """A plan (by id or path; None: the one the customisation names), one patient's changes, a brand.

    The customisation is checked against this plan and the context's catalogue, every
    problem located; a customisation written for another plan is a usage error.
    """
    ctx = ctx or Context.default()
    if plan is None:
        if customisation is None:
            raise UsageError("give a PLAN, or a customisation that names its plan")
        plan = named_plan(customisation, ctx)
    ctx.catalogue  # first: a broken catalogue is reported at its own lines, not as the plan's "cannot check names"
    plan_model = ctx.load_plan(plan)
    cust = None
    if customisation is not None:
        source = read_as(customisation, "diet-customisation")
        named = source.data.get("plan")
        if isinstance(named, str) and named != plan_model.id:
            raise UsageError(
                f"{display_path(customisation)} is a customisation for plan '{named}', not '{plan_model.id}'"
            )
        checked = ctx.with_plan(plan_model).for_file(customisation)
        cust = validate(source, "diet-customisation", checked)
        refuse_dates(cust, source, ctx.today)  # type: ignore[arg-type]
    brand_file, brand_model = _brand(brand, ctx)
    return DietInputs(plan_model, ctx.catalogue, cust, brand_model, brand_file.resolve().parent,  # type: ignore[arg-type]
                      ctx.find("diets", plan, "plan"))


def brand_paper(inputs: Inputs) -> str | None:
    """The paper the brand file names, or None when it leaves it to the defaults."""
    return inputs.brand.paper if "paper" in inputs.brand.model_fields_set else None


def on_paper(inputs: I, paper: str | None) -> I:
    """The same inputs printed on `paper` (a command line's or a workspace's choice over the brand's);
    None: as the brand says, else its locale's paper."""
    if paper is None or brand_paper(inputs) == paper:  # a brand that names no paper prints its locale's
        return inputs
    return replace(inputs, brand=inputs.brand.model_copy(update={"paper": paper}))


def refuse_dates(cust: DietCustomisation, source: Source, today: date) -> None:
    """A customisation that cannot print today (handouts.diet.schedule.date_refusal), refused at its field's
    line, as a load's problems are: a file's, standard input's ('<standard input>:3:1'), a mapping's by its
    field alone. A form's is refused by the view, at the form's field."""
    from handouts.diet.schedule import date_refusal

    refused = date_refusal(cust, today)
    if refused is not None:
        line, col = source.position((refused[0],))
        raise ContentError([Problem(source.path, line, col, refused[0], refused[1])])


def customisation_from_data(
    data: dict[str, object] | Source, plan: DietPlan, ctx: Context, name: str = "form",
) -> DietCustomisation:
    """A customisation built in memory (the web form; standard input, parsed with its positions),
    checked by the same rules as a file."""
    source = data if isinstance(data, Source) else Source(name, data, lines=False)
    return validate(source, "diet-customisation", ctx.with_plan(plan))  # type: ignore[return-value]


# -- views -------------------------------------------------------------------------


def build_view(
    kind: DocumentKind | str,
    inputs: Inputs,
    person: Personalisation | None = None,
    ctx: Context | None = None,
    also: tuple[str, ...] = (),
    *,
    large_print: bool = False,
) -> View:
    """The view of `inputs` for one document kind (or audience: 'patient', 'clinician').

    A personalisation goes only on a document that can carry one. `also` names
    more languages ('en'): the document then prints again in each, after the
    first, in the same PDF (handouts.views.parts). `large_print` asks for the
    kind's large-print variant: the same view and template, with the kind's
    large-print stylesheet layered over its own.
    """
    spec = document_kind(kind) if isinstance(kind, str) else kind
    if person is not None and not spec.personalised:
        raise UsageError(f"a {spec.name.replace('-', ' ')} carries no patient details")
    if large_print and spec.large_print is None:
        raise UsageError(f"a {spec.name.replace('-', ' ')} has no large-print version")
    ctx = ctx or Context.default()
    views = [spec.view(inputs, person, ctx)]
    if also:
        if spec.audience != "patient":
            raise UsageError(f"a {spec.name.replace('-', ' ')} is printed in English only: --also is for patient "
                             "documents")
        region = views[0].frame.locale.region
        for language in dict.fromkeys(also):
            tag = language if "-" in language else f"{locale.language_of(language)}-{region}"
            if locale.parse(tag).language in {v.frame.locale.language for v in views}:
                raise UsageError(f"--also {language}: the document is already printed in that language")
            views.append(spec.view(in_language(inputs, tag), in_language(person, tag), ctx.with_locale(tag)))
    if large_print:
        views = [replace(v, frame=replace(v.frame, large_print=True)) for v in views]  # type: ignore[type-var]
    return views[0] if len(views) == 1 else parts_view(tuple(views))


def summary_of(view: View) -> View:
    """The clinician brief's At-a-glance summary on its own (one page, or two with long references)."""
    from handouts.views.clinician import ClinicianView, summary_view

    if not isinstance(view, ClinicianView):
        raise UsageError("only the clinician brief has an At-a-glance summary")
    return summary_view(view)


def in_language(value: T, tag: str) -> T:
    """The same personalisation or inputs, asking for another language."""
    if isinstance(value, Personalisation):
        return value.model_copy(update={"language": tag})  # type: ignore[return-value]
    if isinstance(value, DietInputs) and value.customisation is not None:
        return replace(value, customisation=value.customisation.model_copy(update={"language": tag}))  # type: ignore[return-value]
    return value


# -- output ------------------------------------------------------------------------


MIN_WRITE_LINES = 2


def render(view: View, fmt: Format = "pdf", variant: Variant = "ua") -> Rendered:
    """The finished document: a PDF, or a standalone web page. WeasyPrint is imported only for a PDF.

    A PDF is written once, from the layout `_fitted` keeps; a diet sheet's says when its diary ran
    over two pages (handouts.diary_room), which WeasyPrint does silently."""
    if fmt == "html":
        return Rendered(render_page(view).encode("utf-8"), None)
    from handouts.render import renderer

    made = renderer()
    try:
        with fewer_collections():  # one window for every layout and the write (handouts.collector)
            laid = _fitted(view, lambda v: made.layout(v, variant))
            rendered = made.write(laid)
    except LostText as lost:  # name the fields it came from (never their text: it may be a patient's)
        fields = lost_fields(view, lost.passages)
        twice = isinstance(lost, RepeatedText)
        raise type(lost)(f"the {view.frame.kind.replace('-', ' ')} {'printed text twice' if twice else 'lost text'} "
                         f"from {', '.join(fields[:3])}{f' and {len(fields) - 3} more' if len(fields) > 3 else ''}: "
                         f"{REPEATED if twice else LOST}", passages=lost.passages) from None
    warnings = layout_warnings(view, laid.document)
    return replace(rendered, warnings=warnings) if warnings else rendered


def layout_warnings(view: View, document: object) -> tuple[str, ...]:
    """What a laid-out document's pages show that its HTML does not: a diet sheet's diary run over
    two pages (handouts.diary_room). The same words after a render and before one (`laid_out`)."""
    if view.frame.kind != "diet-sheet":
        return ()
    from handouts.diary_room import diary_warnings

    return diary_warnings(document)


def page_count(view: View) -> int:
    """The pages a view prints on, from the layout alone (no PDF written)."""
    return laid_out(view).pages


def laid_out(view: View) -> LaidOut:
    """The pages a view prints on and what its layout found (`layout_warnings`), no PDF written: what
    the web preview says before anyone prints, as the command line says it after writing."""
    from handouts.render import renderer

    made = renderer()
    with fewer_collections():
        laid = _fitted(view, lambda v: made.layout(v, None))
    return LaidOut(laid.pages, layout_warnings(view, laid.document))


def _fitted(view: View, lay_out: Callable[[View], L]) -> L:
    """`lay_out(view)`; when a patient handout runs past its page target, the layout with the fewest
    ruled write-in lines cut (down to MIN_WRITE_LINES) that brings it back within the target
    (handouts.fitting). A diet sheet past its target is laid out once more with its food lists
    set closer (`snug`), kept if it takes fewer pages: three lines of a dietitian's notes put the
    sheet's closing lines on a page of their own before the diary. When snug leaves its food
    lists' page with a deep blank foot (one food more in the longer column), half the air
    (`closer`) is tried too, so one line more does not take the page from open to 32 mm blank.

    Write-in space is cut only when the page is full (the target is already passed), never
    while blank space remains: a visit's notes otherwise pushed the two-line disclaimer onto
    a third sheet of its own. Documents that fit are laid out once, at no extra cost; the
    others are laid out again, never written more than once.
    """
    made = lay_out(view)
    lines, snug = getattr(view, "write_lines", None), getattr(view, "snug", None)
    if lines is None and snug is not False:
        return made
    target = document_kind(view.frame.kind).page_target_for(view.frame.large_print, view_languages(view))
    if target is None or made.pages <= target:
        return made
    if lines is not None:
        return fewest_cuts(made, lines, lambda n: lay_out(replace(view, write_lines=n)),  # type: ignore[type-var]
                           target, MIN_WRITE_LINES)
    snug = lay_out(replace(view, snug=True))  # type: ignore[type-var]
    if snug.pages >= made.pages:
        return made
    if snug.pages <= target and (_foot_room(snug, snug.pages - 1) or 0) >= CLOSER_ROOM_MM:
        # Snug left a deep blank foot: the sheet was a line or two over, which half the air
        # may bring back. Tried only then: a sheet with lines of notes fills snug's page and
        # is laid out twice, as before.
        closer = lay_out(replace(view, closer=True))  # type: ignore[type-var]
        if closer.pages <= snug.pages:
            return closer
    return snug


CLOSER_ROOM_MM = 15.0
"""The blank foot of a snug sheet's food lists' page past which the sheet is laid out once more with
half the air instead (styles/diet.css, `closer`): what snug saves over it on that page is 15 to 20 mm.
An estimate that never decides the result, only whether a layout is tried: the try is checked."""


def _foot_room(laid: object, page: int) -> float | None:
    """The blank foot of a layout's page in mm, when it can say (handouts.render.Layout.foot_room_mm)."""
    measure = getattr(laid, "foot_room_mm", None)
    return measure(page) if measure is not None else None


def render_bytes(view: View, fmt: Format = "pdf", variant: Variant = "ua") -> bytes:
    return render(view, fmt, variant).data


def produce(view: View, out: Path, fmt: Format = "pdf", variant: Variant = "ua", mode: int | None = None) -> Rendered:
    """Render fully in memory, then replace `out` atomically: a failure leaves the old file.

    `mode`: handouts.atomic.PRIVATE for a document with a patient's details; else the umask decides."""
    rendered = render(view, fmt, variant)
    write_atomic(out, rendered.data, mode=mode)
    return rendered


def write_document(view: View, out: Path, fmt: Format = "pdf", variant: Variant = "ua") -> Path:
    produce(view, out, fmt, variant)
    return out


def view_languages(view: View) -> tuple[str, ...]:
    """The language of each part a view prints: one, or several for `--also` (a parts view)."""
    parts = getattr(view, "parts", None) or (view,)
    return tuple(part.frame.locale.language for part in parts)


def page_count_warning(kind: DocumentKind | str, pages: int | None, large_print: bool = False,
                       languages: tuple[str, ...] = ("en",)) -> str | None:
    """What to tell the person printing when a document runs past its kind's page target
    (the large-print variant's own target for a large-print document; each language's,
    summed over the parts of a bilingual one: DocumentKind.page_target_for).

    None when it fits, when the kind has no target, or for HTML (which has no pages).
    """
    spec = document_kind(kind) if isinstance(kind, str) else kind
    target = spec.page_target_for(large_print, languages)
    if pages is None or target is None or pages <= target:
        return None
    what = ("large-print " if large_print else "") + spec.name.replace("-", " ")
    return (f"the {what} is {pages} pages, over its {target}-page target: check the last page "
            "before printing (fewer items or shorter notes bring it back)")


CUSTOMISED = "customised"
"""The default name's word for one patient's sheet, never the customisation's file name: that is often the
patient's (maria-smith.yaml), and a file name shows in folder listings, print queues and backups."""


def default_output(inputs: Inputs, kind: DocumentKind | str, fmt: str, customised: bool = False) -> Path:
    """TOPIC-AUDIENCE.pdf; customised-PLAN.pdf (one patient's) or PLAN-diet-sheet.pdf for a diet sheet."""
    spec = document_kind(kind) if isinstance(kind, str) else kind
    if isinstance(inputs, DietInputs):
        stem = f"{CUSTOMISED}-{inputs.plan.id}" if customised else f"{inputs.plan.id}-diet-sheet"
    else:
        stem = f"{inputs.topic.id}-{spec.audience}"
    return Path(f"{stem}.{fmt}")
