"""The elimination-diet sheet's view: one patient's plan, foods, dates and diary, in words.

A pure function of plan + food catalogue + customisation + brand. What may be
eaten and when is decided by the diet library (handouts.diet.policy: an
allergen of this patient never under "enjoy", never a swap or a test food;
handouts.diet.schedule: phases with dates, the reintroduction schedule); this
module turns its answers into the sheet's words and collects its warnings
for the dietitian (the CLI prints them).

It also keeps the sheet honest: no citation numbers; a plan (or part of one)
with no verified source prints as the dietitian's choice, with a plain
sentence saying it is not a proven treatment, never as a medical claim.
"""

from __future__ import annotations

from collections.abc import Iterable

from handouts.diet.balance import missing_groups
from handouts.diet.errors import DietError
from handouts.diet.facts import shown_unverified
from handouts.diet.policy import PatientRules, PlacedFood, PlacedGroup, category_names, place_foods, resolve
from handouts.diet.schedule import (
    DatedPhase, PlannedTest, ScheduleRow, check_dates, dated_phases, range_text, reintroduction_tests,
    schedule_rows,
)
from handouts.inputs import DietInputs
from handouts.models.diet import DietPlan
from handouts.models.diet_catalogue import FoodCatalogue
from handouts.models.diet_customisation import DietCustomisation
from handouts.views.base import ViewContext
from handouts.views.diet_dates import day_month, short_date, short_range, weekday_date
from handouts.views.diet_model import (
    CategoryLine, DietView, Diary, FoodGroupView, FoodItem, PhaseView, ReintroRow, ReintroTest, SwapLine,
)
from handouts.views.frame import document_frame

__all__ = ["DietError", "DietView", "diet_view"]

DIARY_MEALS = ("Breakfast", "Lunch", "Dinner", "Snacks and drinks")
DIARY_DAYS = 7

UNPROVEN = (
    "There is no firm proof that leaving out these foods helps. This is a short "
    "test, to learn whether any of them affect you."
)
TIMING_CHOICE = "How long each step lasts, and how you test foods, were set by your dietitian."
RATINGS_UNREVIEWED = "Some of the food ratings on this sheet still await a dietitian's review."
"""Printed once, in the sheet's footer, when it relies on a food fact marked `unverified`."""

SOURCE_NAMES = {
    "vasant2021bsgibs": "the British Society of Gastroenterology (2021)",
    "lacy2021acgibs": "the American College of Gastroenterology (2021)",
}
"""Plain names for guidelines a patient may look up; other guidelines print their title."""

DIETITIANS_CHOICE = "your dietitian's choice"
DIETITIAN_ALLOWS = "your dietitian says this is fine for you"


# --- foods ------------------------------------------------------------------------------


def _food_item(rules: PatientRules, placed: PlacedFood, lang: str) -> FoodItem:
    food, p = placed.food, placed.placement
    cat = rules.catalogue
    swaps = tuple(cat.food(s).name.get(lang) for s in placed.swaps)
    contains = tuple((cat.category(c).short or cat.category(c).name).get(lang) for c in placed.allergens)
    if p.reason == "allergy":
        reasons = category_names(cat, p.categories, lang)
        return FoodItem(food.id, food.name, reasons=reasons, allergy=True, swaps=swaps, contains=contains)
    if p.reason == "dietitian":
        note = DIETITIANS_CHOICE if p.where == "avoid" else DIETITIAN_ALLOWS
        return FoodItem(food.id, food.name, notes=(note,), swaps=swaps, contains=contains)
    if p.reason == "left-out":
        reasons = category_names(cat, p.categories, lang)
        return FoodItem(food.id, food.name, reasons=reasons, swaps=swaps, contains=contains)
    if p.reason == "intolerance":
        return FoodItem(food.id, food.name, reasons=("intolerance",), swaps=swaps, contains=contains)
    notes = tuple(dict.fromkeys(n.get(lang) for n in p.notes))
    return FoodItem(food.id, food.name, notes=notes, contains=contains)


def _group_view(rules: PatientRules, placed: PlacedGroup, lang: str) -> FoodGroupView:
    avoid = tuple(_food_item(rules, f, lang) for f in placed.foods if f.placement.where == "avoid")
    enjoy = tuple(_food_item(rules, f, lang) for f in placed.foods if f.placement.where == "enjoy")
    return FoodGroupView(placed.group.id, placed.group.name.get(lang), avoid, enjoy, _swap_lines(avoid))


def _swap_lines(avoid: tuple[FoodItem, ...]) -> tuple[SwapLine, ...]:
    """'Wheat bread, rye bread → gluten-free bread or sourdough spelt bread': one line per swap set."""
    lines: dict[tuple[str, ...], list[str]] = {}
    for item in avoid:
        if item.swaps:
            lines.setdefault(item.swaps, []).append(item.name)
    return tuple(SwapLine(tuple(names), options) for options, names in lines.items())


# --- steps and schedule -------------------------------------------------------------------


def _phase_view(dated: DatedPhase, lang: str) -> PhaseView:
    phase, start, end = dated.phase, dated.start, dated.end
    return PhaseView(
        number=dated.number, id=phase.id, kind=phase.kind, name=phase.name.get(lang),
        summary=phase.summary.get(lang), instructions=tuple(i.get(lang) for i in phase.instructions),
        length=dated.length.text if dated.length else None,
        range=range_text(phase.duration) if phase.duration and phase.duration.max else None,
        start=start, end=end, days=dated.days,
        start_text=weekday_date(start) if start else None, end_text=weekday_date(end) if end else None,
        start_short=short_date(start) if start else None, end_short=short_date(end) if end else None,
        start_day=day_month(start) if start else None, end_day=day_month(end) if end else None,
    )


def _row_view(row: ScheduleRow, test: PlannedTest, lang: str) -> ReintroRow:
    if row.kind == "test":
        text = short_date(row.start) if row.start else None
        return ReintroRow("test", row.test, row.day, row.last_day, row.start, text, test.category.name.get(lang),
                          test.food.name.get(lang), row.portion.get(lang) if row.portion else "")
    text = short_range(row.start, row.end) if row.start and row.end else None
    return ReintroRow("break", row.test, row.day, row.last_day, row.start, text, test.category.name.get(lang), "", "")


def _test_views(
    tests: tuple[PlannedTest, ...], rows: tuple[ScheduleRow, ...], lang: str
) -> tuple[tuple[ReintroTest, ...], tuple[ReintroRow, ...]]:
    by_number = {t.number: t for t in tests}
    row_views = tuple(_row_view(r, by_number[r.test], lang) for r in rows)
    views = tuple(
        ReintroTest(
            t.number, t.category.id, t.category.name.get(lang), t.food.id, t.food.name.get(lang),
            (t.category.short or t.category.name).get(lang),
            days=tuple(r for r in row_views if r.test == t.number and r.kind == "test"),
            rest=next((r for r in row_views if r.test == t.number and r.kind == "break"), None),
        )
        for t in tests
    )
    return views, row_views


# --- wording ---------------------------------------------------------------------------------


def _sources(plan: DietPlan) -> tuple[str, ...]:
    return tuple(
        SOURCE_NAMES.get(ref_id) or plan.reference(ref_id).title
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


def diet_view(inputs: DietInputs, ctx: ViewContext) -> DietView:
    plan, catalogue = inputs.plan, inputs.catalogue
    cust = inputs.customisation or DietCustomisation()
    lang = cust.language
    check_dates(cust, ctx.today)
    rules, resolve_warnings = resolve(plan, catalogue, cust)
    placed, place_warnings = place_foods(rules, cust, lang)
    place_warnings += missing_groups(placed, lang)
    planned, test_warnings = reintroduction_tests(rules, plan, cust)
    dated, phase_warnings = dated_phases(plan, cust, len(planned))
    phases = tuple(_phase_view(d, lang) for d in dated)
    reintro_phase = next((p for p in dated if p.phase.kind == "reintroduction"), None)
    rows = schedule_rows(plan, planned, reintro_phase.start if reintro_phase else None)
    tests, row_views = _test_views(planned, rows, lang)

    leave_out = tuple(
        CategoryLine(c.id, c.name.get(lang), c.about.get(lang) if c.about else None, (c.short or c.name).get(lang))
        for c in catalogue.categories
        if c.id in rules.eliminated
    )
    unreviewed = next(shown_unverified(catalogue, rules.avoided_cats), None) is not None
    unproven = UNPROVEN if plan.basis.unsupported else None
    timing = TIMING_CHOICE if not unproven and any(p.unsupported for p in plan.sourced_parts()) else None
    title = plan.title.get(lang)
    frame = document_frame(
        "diet-sheet", lang, inputs.brand, inputs.brand_folder, plan, ctx.today,
        title=f"{title}: your elimination-diet sheet",
        subject=plan.summary.get(lang),
        keywords=(title, "elimination diet", "diet sheet", "symptom diary"),
        review_subject="Plan",
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
        sources=_sources(plan),
        patient=cust.patient,
        dietitian=cust.dietitian,
        start_date=weekday_date(cust.start_date) if cust.start_date else None,
        follow_up=weekday_date(cust.follow_up) if cust.follow_up else None,
        leave_out=leave_out,
        allergies=_labels(catalogue, cust.allergies, lang),
        allergy_write_in=not cust.allergies,
        intolerances=_labels(catalogue, cust.intolerances, lang),
        phases=phases,
        groups=tuple(_group_view(rules, g, lang) for g in placed),
        tests=tests,
        reintroduction=row_views,
        portions=tuple(p.get(lang) for p in schedule.portions) if schedule else (),
        washout_days=schedule.washout_days if schedule else 0,
        reintro_instructions=tuple(i.get(lang) for i in schedule.instructions) if schedule else (),
        diary=Diary(tuple(f"Day {n}" for n in range(1, DIARY_DAYS + 1)), DIARY_MEALS),
        notes=tuple(line for line in (cust.notes or "").splitlines() if line.strip()),
        disclaimer=plan.disclaimer.get(lang),
        ratings_note=RATINGS_UNREVIEWED if unreviewed else None,
        warnings=tuple(dict.fromkeys((*resolve_warnings, *place_warnings, *test_warnings, *phase_warnings))),
    )
