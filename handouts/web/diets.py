"""Diet sheets in the web app: the plan page's form → a customisation → the sheet.

The form fills in the same data a dietitian's customisation file holds (the
common part of it: names, dates, allergies, extra categories to leave out,
the first step's length, notes) and the diet library checks it with the very
rules it runs on a file. Finer changes (single foods, extra foods, test
foods, the reintroduction order) stay in the file and `handouts diet`.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import render_template, request, url_for
from markupsafe import Markup, escape

from handouts.errors import ContentError
from handouts.per_model import PerModel
from handouts.review import weakest_mark
from handouts.views.frame import review_line, review_mark
from handouts.web import customisation, prefs
from handouts.web.content_language import Shown, shown
from handouts.web.context import state
from handouts.web.form_words import say
from handouts.web.forms import DIET_LABELS, LIMITS, FormProblem, label, unavailable_language
from handouts.web.words import gettext, locale


@dataclass(frozen=True)
class Option:
    id: str
    name: Shown  # in the page's language where the catalogue's translation is reviewed
    about: Shown | None = None


@dataclass
class DietPage:
    plan_id: str
    plan: Any
    review_mark: str | None
    review_line: str
    allergens: tuple[Option, ...]
    intolerances: tuple[Option, ...]
    first_phase: Any  # the plan's elimination phase, whose length the form may set
    brands: list[tuple[str, str]]
    default_brand: str
    values: dict[str, Any] = field(default_factory=dict)
    problems: Sequence[FormProblem] = ()
    languages: tuple[str, ...] = ("en",)  # the languages the sheet can print in
    drafts: frozenset[str] = frozenset()  # of those, the ones whose translation is not approved
    more: dict[str, Any] = field(default_factory=dict)  # a loaded file's settings the form does not show
    loaded: bool = False  # the values come from a file just loaded
    today: str = ""  # ISO: the start date the form starts with
    brand_languages: dict[str, str] = field(default_factory=dict)  # letterhead → the language it starts in

    @property
    def preview_url(self) -> str:
        """The first preview: the sheet the form makes as it stands, dated from today as the form shows
        (a link may carry that date: handouts.web.personal.fits_an_address)."""
        dated = {"start_date": self.today} if self.today and self.values.get("start_date") == self.today else {}
        return url_for("diets.sheet", plan_id=self.plan_id, action="preview", **dated)

    @property
    def more_json(self) -> str:
        return customisation.encode(self.more)

    @property
    def more_summary(self) -> list[tuple[str, str]]:
        return customisation.summary(self.more)


Languages = tuple[tuple[str, ...], frozenset[str]]
_LANGUAGES: PerModel[tuple[weakref.ref[Any], Languages]] = PerModel()
"""Per loaded plan and food catalogue: the languages its sheet prints in. Working them out walks every text
of the plan, at each plan page and each Load (issue #18); an edited plan or catalogue file is a new model."""


def sheet_languages(plan: Any, catalogue: Any) -> Languages:
    """`languages_of` the plan's sheet, remembered as `plan_layers` is."""

    def work_out() -> tuple[weakref.ref[Any], Languages]:
        return weakref.ref(catalogue), languages_of(plan, catalogue)

    kept, found = _LANGUAGES.get(plan, id(catalogue), work_out)
    return found if kept() is catalogue else work_out()[1]  # a catalogue since gone, at the same address


def languages_of(plan: Any, catalogue: Any) -> Languages:
    """Languages every text of the plan (and the tool's words) exist in; those printed as draft translations."""
    from handouts import i18n, translations
    from handouts.views.diet import needed_texts

    found = {lang for _, text in translations.localized_texts(plan) for lang in text.languages}
    offered = ("en", *sorted(lang for lang in found - {"en"}
                             if i18n.has_language(lang) and not translations.missing(needed_texts(plan), lang)))
    drafts = frozenset(lang for lang in offered if (s := translations.weakest(
        [translations.state(plan, lang), translations.state(catalogue, lang)])) is not None and not s.approved)
    return offered, drafts


def choices(plan: Any, catalogue: Any) -> tuple[tuple[Option, ...], tuple[Option, ...]]:
    """Allergens to tick, and categories the plan does not already leave out, named in the page's language."""
    left_out = catalogue.expand(plan.eliminate)

    def option(c: Any) -> Option:
        return Option(c.id, shown(c.name, catalogue), shown(c.about, catalogue) if c.about else None)

    allergens = tuple(option(c) for c in catalogue.categories if c.kind == "allergen")
    others = tuple(option(c) for c in catalogue.categories
                   if c.kind in ("trigger", "fodmap") and c.id not in left_out)
    return allergens, others


def first_phase(plan: Any) -> Any:
    return next((p for p in plan.phases if p.kind == "elimination" and p.duration), None)


_LAYERS: PerModel[tuple[weakref.ref[Any], tuple[Any, ...]]] = PerModel()
"""Per loaded plan and food catalogue: which catalogue files the plan's own sheet draws on. Working it out
places every food of the sheet: 3 ms of the server's CPU for each plan page and each plan the
list of topics shows, at every request (issue #18); an edited plan or catalogue file is a new model."""


def plan_layers(plan: Any, foods: Any) -> tuple[Any, ...]:
    """The catalogue files the sheet of `plan` with no changes of the patient's draws on, remembered."""
    from handouts.diet import catalogue_review

    def work_out() -> tuple[weakref.ref[Any], tuple[Any, ...]]:
        return weakref.ref(foods), catalogue_review.plan_layers(plan, foods, None)

    kept, layers = _LAYERS.get(plan, id(foods), work_out)
    return layers if kept() is foods else work_out()[1]  # a catalogue since gone, at the same address


def food_lists_mark(plan: Any, foods: Any, today: date) -> str | None:
    """The food lists' mark as a sheet with no changes of the patient's prints it
    (handouts.diet.catalogue_review), as of `today`."""
    from handouts.diet import catalogue_review

    return weakest_mark(*(m.mark for m in catalogue_review.marked(foods, plan_layers(plan, foods), today)))


def sheet_mark(plan: Any, foods: Any, today: date) -> str | None:
    """The mark a plan's sheet prints today: the weakest of its plan's and its food lists' (the list of
    plans shows it, as the list of topics shows each topic's); `foods` None: a catalogue that cannot be
    read, the plan's alone."""
    return weakest_mark(review_mark(plan, today), food_lists_mark(plan, foods, today) if foods is not None else None)


def diet_page(plan_id: str, values: Mapping[str, Any] | None = None, problems: Sequence[FormProblem] = (),
              more: Mapping[str, Any] | None = None, loaded: bool = False) -> DietPage:
    from handouts.views.diet import food_lists_line

    st = state()
    cat = st.catalogue
    plan = cat.plan(plan_id)
    allergens, others = choices(plan, cat.food_catalogue())
    offered, drafts = sheet_languages(plan, cat.food_catalogue())
    starting_brand = prefs.brand(request, cat.usable_brand_ids(), cat.default_brand)
    by_brand = prefs.handout_languages(offered, cat.context.home_locale, cat.brand_locales())
    defaults: dict[str, Any] = {
        "patient": "", "dietitian": "", "start_date": st.today().isoformat(), "follow_up": "", "notes": "",
        "phase_lengths": "", "brand": starting_brand, "allergies": set(), "intolerances": set(),
        # as the visit form: the workspace's language, else the letterhead's, never the last patient's
        "language": by_brand.get(starting_brand) or prefs.handout_language(offered, cat.context.home_locale),
        prefs.FOLLOWS: "" if "language" in (values or {}) else starting_brand,  # a file's language is chosen
        "also": "",
        customisation.FILE_ORDER: "",
    }
    foods = cat.food_catalogue()
    food_mark = food_lists_mark(plan, foods, st.today())
    return DietPage(
        plan_id=plan_id, plan=plan, review_mark=weakest_mark(review_mark(plan, st.today()), food_mark),
        review_line=(f"{review_line(plan, subject='plan', locale=locale())} · "  # as the sheet's footer says it
                     f"{food_lists_line(food_mark, foods, locale())}"),
        allergens=allergens, intolerances=others, first_phase=first_phase(plan), brands=cat.brands(),
        default_brand=cat.default_brand, values={**defaults, **(values or {})}, problems=problems,
        languages=offered, drafts=drafts, more=dict(more or {}), loaded=loaded, today=st.today().isoformat(),
        brand_languages=by_brand,
    )


def render_diet_page(page: DietPage, status: int = 200) -> tuple[str, int]:
    return render_template("diet.html.j2", page=page, limits=LIMITS), status


def values_from(form: Any) -> dict[str, Any]:
    names = ("patient", "dietitian", "start_date", "follow_up", "notes", "phase_lengths", "brand", "language", "also",
             prefs.FOLLOWS)
    values: dict[str, Any] = {n: form.get(n, "") for n in names}
    values[customisation.FILE_ORDER] = form.get(customisation.FILE_ORDER, "")[:customisation.MAX_ORDER_CHARS]
    values["allergies"] = set(form.getlist("allergies"))
    values["intolerances"] = set(form.getlist("intolerances"))
    return values


def problems_of(exc: ContentError) -> list[FormProblem]:
    """Located problems → form problems, named by the form's labels; a problem in a setting only the
    loaded file holds (its test foods, say) points at the list of those settings, by its label there."""
    from handouts.translations import MissingTranslation

    if isinstance(exc, MissingTranslation) and exc.available:  # a language chosen (a loaded file's): one line
        return [unavailable_language(label("language"), exc.language, exc.available)]
    out = []
    for p in exc.problems:
        name = re.split(r"[.\[,]", p.field, maxsplit=1)[0] if p.field else ""
        message = say(p.message)  # the rule's English, in the page's language where it is a known problem
        if name in DIET_LABELS:
            out.append(FormProblem(name, _labelled(label(name, DIET_LABELS), message)))
        elif name in customisation.LABELS:
            out.append(FormProblem(customisation.MORE, _labelled(gettext(customisation.LABELS[name]), message)))
        else:
            out.append(FormProblem(name or "form", message))
    return out


def _labelled(name: str, message: str) -> str:
    """'Label: message'; markup when the message is (words kept in English, marked: web.file_words.english)."""
    if isinstance(message, Markup):
        return escape(gettext("%(label)s: %(message)s")) % {"label": name, "message": message}
    return gettext("%(label)s: %(message)s", label=name, message=message)
