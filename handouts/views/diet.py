"""The elimination-diet sheet's view: one patient's plan, foods, dates and diary, in words.

A pure function of plan + food catalogue + customisation + brand. What may be
eaten and when is decided by the diet library (handouts.diet.policy: an
allergen of this patient never under "enjoy", never a swap or a test food;
handouts.diet.schedule: phases with dates, the reintroduction schedule;
handouts.diet.sheet: both for one patient, with the warnings for the dietitian
that the CLI prints); this module turns its answers into the sheet's words.

It also keeps the sheet honest: no citation numbers; a plan (or part of one)
with no verified source prints as the dietitian's choice, with a plain
sentence saying it is not a proven treatment, never as a medical claim.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from handouts import i18n, translations
from handouts.diet.errors import DietError
from handouts.diet.facts import shown_unverified
from handouts.diet.policy import PatientRules, PlacedFood, PlacedGroup, category_names
from handouts.diet.schedule import DatedPhase, PlannedTest, ScheduleRow, check_dates, schedule_rows
from handouts.diet import catalogue_review
from handouts.diet.sheet import PatientSheet, work_out
from handouts.i18n import N_, Words
from handouts.inputs import DietInputs
from handouts.langguess import guess
from handouts.locale import Locale
from handouts.locale import resolve as resolve_locale
from handouts.models.common import LocalizedText
from handouts.models.diet import DietPlan, Duration
from handouts.models.diet_catalogue import FoodCatalogue
from handouts.models.diet_customisation import DietCustomisation
from handouts.unbroken import bound_name
from handouts.views.base import ViewContext
from handouts.views.diet_dates import day_month, short_date, short_range, step_range, weekday_date
from handouts.views.diet_lead import fits_line, lead_first, too_wide
from handouts.views.diet_model import (
    CategoryLine, DietView, Diary, FoodGroupView, FoodItem, Passage, PhaseView, ReintroRow, ReintroTest, SwapLine,
    join_names,
)
from handouts.views.frame import document_frame
from handouts.views.textdir import direction
from handouts.yamlsource import Loc

__all__ = ["DietError", "DietView", "diet_view"]

DIARY_MEALS = (N_("Breakfast"), N_("Lunch"), N_("Dinner"), N_("Snacks and drinks"))
DIARY_DAYS = 7

UNPROVEN = N_(
    "There is no firm proof that leaving out these foods helps. This is a short "
    "test, to learn whether any of them affect you."
)
TIMING_CHOICE = N_("How long each step lasts, and how you test foods, were set by your dietitian.")
RATINGS_UNREVIEWED = N_("Some of the food ratings on this sheet still await a dietitian's review.")
"""Printed once, in the sheet's footer, when it relies on a food fact marked `unverified`."""

SOURCE_NAMES = {
    "vasant2021bsgibs": N_("the British Society of Gastroenterology (2021)"),
    "lacy2021acgibs": N_("the American College of Gastroenterology (2021)"),
}
"""Plain names for guidelines a patient may look up; other guidelines print their title."""

DIETITIANS_CHOICE = N_("your dietitian's choice")
DIETITIAN_ALLOWS = N_("your dietitian says this is fine for you")
INTOLERANCE = N_("intolerance")
ASK_DIETITIAN = N_("ask your dietitian")
ENJOY_LABEL = N_("Enjoy:")  # the food lists' label, as templates/diet.html.j2 prints it


# --- words ------------------------------------------------------------------------------


class SheetWords:
    """The sheet's language: the tool's words, and a localized text with its own language
    when it falls back to English (a food name not translated yet)."""

    def __init__(self, locale: Locale):
        self.locale = locale
        self.lang = locale.language
        self.t: Words = i18n.words(locale)

    def text(self, value: LocalizedText) -> str:
        return value.get(self.lang)

    def own_lang(self, value: LocalizedText) -> str | None:
        """The language a fallback prints in ('en'), or None when the text is in the sheet's."""
        return None if value.has(self.lang) else translations.SOURCE

    def length(self, n: int, unit: str) -> str:
        if unit == "weeks":
            return self.t.ngettext("%(num)d week", "%(num)d weeks", n)
        return self.t.ngettext("%(num)d day", "%(num)d days", n)

    def range(self, duration: Duration | None) -> tuple[str | None, str | None]:
        """('2 to 6 weeks', '2 to 6'), or the one length twice when the plan allows no range."""
        if duration is None:
            return None, None
        if duration.max is None or duration.max == duration.min:
            one = self.length(duration.min, duration.unit)
            return one, one
        short = self.t.gettext("%(min)d to %(max)d", min=duration.min, max=duration.max)
        full = (self.t.gettext("%(min)d to %(max)d weeks", min=duration.min, max=duration.max)
                if duration.unit == "weeks"
                else self.t.gettext("%(min)d to %(max)d days", min=duration.min, max=duration.max))
        return full, short

    def contains(self, names: tuple[str, ...]) -> str:
        return self.t.gettext("contains %(allergens)s", allergens=join_names(names, "and", self.t)) if names else ""


# --- foods ------------------------------------------------------------------------------


def _food_item(rules: PatientRules, placed: PlacedFood, w: SheetWords) -> FoodItem:
    food, p = placed.food, placed.placement
    cat, lang, t = rules.catalogue, w.lang, w.t
    swaps = tuple(cat.food(s).name.get(lang) for s in placed.swaps)
    contains = tuple((cat.category(c).short or cat.category(c).name).get(lang) for c in placed.allergens)
    contains_text = w.contains(contains)
    base = {"contains": contains, "contains_text": contains_text, "lang": _food_lang(cat, food.id, food.name, w),
            "fits_line": fits_line(food.name, contains_text), "too_wide": too_wide(food.name)}
    if p.reason == "allergy":
        reasons = category_names(cat, p.categories, lang)
        return FoodItem(food.id, food.name, reasons=reasons, allergy=True, swaps=swaps, **base)  # type: ignore[arg-type]
    if p.reason == "dietitian":
        note = t.gettext(DIETITIANS_CHOICE) if p.where == "avoid" else t.gettext(DIETITIAN_ALLOWS)
        return FoodItem(food.id, food.name, notes=(note,), swaps=swaps, **base)  # type: ignore[arg-type]
    if p.reason == "left-out":
        reasons = category_names(cat, p.categories, lang)
        return FoodItem(food.id, food.name, reasons=reasons, swaps=swaps, **base)  # type: ignore[arg-type]
    if p.reason == "intolerance":
        return FoodItem(food.id, food.name, reasons=(t.gettext(INTOLERANCE),), swaps=swaps, **base)  # type: ignore[arg-type]
    if p.reason == "unstated":  # an extra food nobody said is safe
        return FoodItem(food.id, food.name, notes=(t.gettext(ASK_DIETITIAN),), **base)  # type: ignore[arg-type]
    notes = tuple(dict.fromkeys(n.get(lang) for n in p.notes))
    return FoodItem(food.id, food.name, notes=notes, **base)  # type: ignore[arg-type]


def _food_lang(cat: FoodCatalogue, food_id: str, name: str, w: SheetWords) -> str | None:
    """A catalogue name's language when it has no translation; a dietitian's extra food: as written."""
    if cat.has_food(food_id):
        return w.own_lang(cat.food(food_id).name)
    return _other(guess(name, w.lang), w.lang)


def _group_view(rules: PatientRules, placed: PlacedGroup, w: SheetWords) -> FoodGroupView:
    avoid = tuple(_food_item(rules, f, w) for f in placed.foods if f.placement.where == "avoid")
    enjoy, lead = lead_first(w.t.gettext(ENJOY_LABEL),
                             tuple(_food_item(rules, f, w) for f in placed.foods if f.placement.where == "enjoy"))
    return FoodGroupView(placed.group.id, placed.group.name.get(w.lang), avoid, enjoy, _swap_lines(avoid, w),
                         w.own_lang(placed.group.name), enjoy_lead=lead)


def _swap_lines(avoid: tuple[FoodItem, ...], w: SheetWords) -> tuple[SwapLine, ...]:
    """'Wheat bread, rye bread → gluten-free bread or sourdough spelt bread': one line per swap set."""
    lines: dict[tuple[str, ...], list[str]] = {}
    for item in avoid:
        if item.swaps:
            lines.setdefault(item.swaps, []).append(item.name)
    return tuple(
        SwapLine(tuple(names), options, join_names(tuple(bound_name(n) for n in names), "or", w.t),
                 join_names(tuple(bound_name(n) for n in options), "or", w.t))
        for options, names in lines.items()
    )


# --- steps and schedule -------------------------------------------------------------------


def _phase_view(dated: DatedPhase, w: SheetWords) -> PhaseView:
    phase, start, end, lang, loc = dated.phase, dated.start, dated.end, w.lang, w.locale
    full, short = w.range(phase.duration) if phase.duration and phase.duration.max else (None, None)
    length = w.length(dated.length.value, dated.length.unit) if dated.length else None
    same_unit = phase.duration is not None and dated.length is not None and phase.duration.unit == dated.length.unit
    return PhaseView(
        number=dated.number, id=phase.id, kind=phase.kind, name=phase.name.get(lang),
        summary=phase.summary.get(lang), instructions=tuple(i.get(lang) for i in phase.instructions),
        length=length, range=full, range_short=short if same_unit else full,
        start=start, end=end, days=dated.days,
        start_text=weekday_date(start, loc) if start else None,
        start_short=short_date(start, loc) if start else None, end_short=short_date(end, loc) if end else None,
        start_day=day_month(start, loc) if start else None, end_day=day_month(end, loc) if end else None,
        range_text=step_range(start, end, loc) if start and end else None,
    )


def _row_view(row: ScheduleRow, test: PlannedTest, w: SheetWords) -> ReintroRow:
    lang = w.lang
    if row.kind == "test":
        text = short_date(row.start, w.locale) if row.start else None
        return ReintroRow("test", row.test, row.day, row.last_day, row.start, text, test.category.name.get(lang),
                          test.food.name.get(lang), row.portion.get(lang) if row.portion else "")
    text = short_range(row.start, row.end, w.locale) if row.start and row.end else None
    return ReintroRow("break", row.test, row.day, row.last_day, row.start, text, test.category.name.get(lang), "", "")


def _test_views(
    tests: tuple[PlannedTest, ...], rows: tuple[ScheduleRow, ...], w: SheetWords
) -> tuple[tuple[ReintroTest, ...], tuple[ReintroRow, ...]]:
    lang = w.lang
    by_number = {t.number: t for t in tests}
    row_views = tuple(_row_view(r, by_number[r.test], w) for r in rows)
    views = tuple(
        ReintroTest(
            t.number, t.category.id, t.category.name.get(lang), t.food.id, t.food.name.get(lang),
            (t.category.short or t.category.name).get(lang),
            days=tuple(r for r in row_views if r.test == t.number and r.kind == "test"),
            rest=next((r for r in row_views if r.test == t.number and r.kind == "break"), None),
            food_lang=w.own_lang(t.food.name),
        )
        for t in tests
    )
    return views, row_views


# --- wording ---------------------------------------------------------------------------------


def _sources(plan: DietPlan, t: Words) -> tuple[str, ...]:
    return tuple(
        t.gettext(SOURCE_NAMES[ref_id]) if ref_id in SOURCE_NAMES else plan.reference(ref_id).title
        for ref_id in plan.basis.citations
        if plan.reference(ref_id).kind == "guideline"
    )


def _labels(catalogue: FoodCatalogue, ids: Iterable[str], lang: str) -> tuple[str, ...]:
    out = []
    for value in ids:
        if catalogue.has_category(value):
            out.append(catalogue.category(value).name.get(lang))
        elif catalogue.has_food(value):
            out.append(catalogue.food(value).name.get(lang))
    return tuple(out)


# --- the view ---------------------------------------------------------------------------


def needed_texts(plan: DietPlan) -> Iterator[tuple[Loc, LocalizedText | None]]:
    """Every patient text of the plan: a sheet in another language needs each one translated.

    The catalogue's food names are not among them: an untranslated name prints in
    English, tagged as English, and lint lists it.
    """
    yield from translations.localized_texts(plan)


def check_language(inputs: DietInputs, locale: Locale) -> None:
    lang = locale.language
    texts = list(needed_texts(inputs.plan))
    found, tool_words = translations.missing(texts, lang), i18n.has_language(lang)
    if found or not tool_words:  # and the languages it does print in, for a refusal in one line
        written = {code for _, text in texts if text is not None for code in text.languages}
        available = translations.printable(texts, ("en", *sorted(written - {"en"})))
        translations.refuse_missing(lang, found, inputs.source, tool_words, available)


def diet_view(inputs: DietInputs, ctx: ViewContext) -> DietView:
    plan, catalogue = inputs.plan, inputs.catalogue
    cust = inputs.customisation or DietCustomisation()
    locale = resolve_locale(cust.language, ctx.locale, brand=inputs.brand.locale, home=ctx.home_locale)
    lang = locale.language
    check_language(inputs, locale)
    w = SheetWords(locale)
    t = w.t
    check_dates(cust, ctx.today)
    sheet = work_out(plan, catalogue, cust, lang)
    rules, placed, planned, dated = sheet.rules, sheet.groups, sheet.tests, sheet.phases
    phases = tuple(_phase_view(d, w) for d in dated)
    reintro_phase = next((p for p in dated if p.phase.kind == "reintroduction"), None)
    rows = schedule_rows(plan, planned, reintro_phase.start if reintro_phase else None)
    tests, row_views = _test_views(planned, rows, w)

    leave_out = tuple(
        CategoryLine(c.id, c.name.get(lang), c.about.get(lang) if c.about else None, (c.short or c.name).get(lang))
        for c in catalogue.categories
        if c.id in rules.eliminated
    )
    unreviewed = next(shown_unverified(catalogue, rules.avoided_cats), None) is not None
    food_lists = food_lists_review(catalogue, sheet, cust, ctx.today, t)
    unproven = t.gettext(UNPROVEN) if plan.basis.unsupported else None
    timing = t.gettext(TIMING_CHOICE) if not unproven and any(p.unsupported for p in plan.sourced_parts()) else None
    title = plan.title.get(lang)
    frame = document_frame(
        "diet-sheet", "patient", locale, inputs.brand, inputs.brand_folder, plan, ctx.today,
        title=t.gettext("%(title)s: your elimination-diet sheet", title=title),
        subject=plan.summary.get(lang),
        keywords=(title, t.gettext("elimination diet"), t.gettext("diet sheet"), t.gettext("symptom diary")),
        review_subject="plan",
        translation=translations.weakest([translations.state(plan, lang), translations.state(catalogue, lang)]),
        also=food_lists,
    )
    schedule = plan.reintroduction
    return DietView(
        frame=frame,
        plan_id=plan.id,
        title=title,
        summary=plan.summary.get(lang),
        basis=plan.basis.patient.get(lang),
        unproven=unproven,
        timing_note=timing,
        sources=_sources(plan, t),
        patient=cust.patient,
        dietitian=cust.dietitian,
        start_date=weekday_date(cust.start_date, locale) if cust.start_date else None,
        follow_up=weekday_date(cust.follow_up, locale) if cust.follow_up else None,
        leave_out=leave_out,
        allergies=_labels(catalogue, cust.allergies, lang),
        allergy_write_in=not cust.allergies,
        intolerances=_labels(catalogue, cust.intolerances, lang),
        phases=phases,
        groups=tuple(_group_view(rules, g, w) for g in placed),
        tests=tests,
        reintroduction=row_views,
        portions=tuple(p.get(lang) for p in schedule.portions) if schedule else (),
        washout_days=schedule.washout_days if schedule else 0,
        reintro_instructions=tuple(i.get(lang) for i in schedule.instructions) if schedule else (),
        diary=Diary(tuple(t.gettext("Day %(number)d", number=n) for n in range(1, DIARY_DAYS + 1)),
                    tuple(t.gettext(m) for m in DIARY_MEALS)),
        notes=tuple(Passage(line, _other(guess(line, lang), lang), direction(line))
                    for line in (cust.notes or "").splitlines() if line.strip()),
        disclaimer=plan.disclaimer.get(lang),
        ratings_note=t.gettext(RATINGS_UNREVIEWED) if unreviewed else None,
        warnings=sheet.warnings,
        leave_out_text=join_names(tuple(c.short for c in leave_out), "and", t) if leave_out else "",
        sources_text=t.join(_sources(plan, t)),
    )


FOOD_LISTS_LINE = {
    None: N_("food lists %(version)s"),
    "DRAFT": N_("food lists not approved, version %(version)s"),
    "REVIEW OVERDUE": N_("food lists past their review date, version %(version)s"),
}
"""The footer's words on the food catalogue the sheet's lists come from (after the plan's review line)."""


def food_lists_review(catalogue: FoodCatalogue, sheet: PatientSheet, cust: DietCustomisation, today: date,
                      t: Any) -> tuple[str | None, str]:
    """(mark, footer words) for the catalogue files the sheet's foods come from."""
    mark = catalogue_review.sheet_mark(catalogue, sheet, cust, today)
    return mark, t.gettext(FOOD_LISTS_LINE[mark], version=catalogue_review.version(catalogue))


def food_lists_line(mark: str | None, catalogue: FoodCatalogue, locale: Locale) -> str:
    """The footer's words on the food lists, for a page that shows them before the sheet is made."""
    return i18n.words(locale).gettext(FOOD_LISTS_LINE[mark], version=catalogue_review.version(catalogue))


def _other(found: str, lang: str) -> str | None:
    return found if found != lang else None
