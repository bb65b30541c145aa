"""The elimination-diet sheet's view: one patient's plan, foods, dates and diary.

A pure function of plan + food catalogue + customisation + brand. The sheet's
safety rules live here as plain Python, so tests can hit them without a PDF:

- an allergen of this patient never appears under "enjoy", never as a swap and
  never as a test food, whatever the customisation says; when the dietitian
  asked for it, the view says so in `warnings` (the CLI prints them);
- a swap is suggested only when the swap itself is allowed for this patient;
- allergies are never brought back in the reintroduction schedule;
- no citation numbers reach the sheet; a plan (or part of one) with no verified
  source prints as the dietitian's choice, with a plain sentence saying it is
  not a proven treatment, never as a medical claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from handouts.errors import HandoutsError
from handouts.models import LocalizedText
from handouts.models.diet import DietPlan, Phase
from handouts.models.diet_catalogue import Food, FoodCatalogue
from handouts.models.diet_customisation import DietCustomisation, ExtraFood
from handouts.inputs import DietInputs
from handouts.views.base import ViewContext
from handouts.views.frame import Frame, document_frame, format_date

DIARY_MEALS = ("Breakfast", "Lunch", "Dinner", "Snacks and drinks")
DIARY_DAYS = 7

UNPROVEN = (
    "There is no firm proof that leaving out these foods helps. This is a short "
    "test, to learn whether any of them affect you."
)
TIMING_CHOICE = "How long each step lasts, and how you test foods, were set by your dietitian."

SOURCE_NAMES = {
    "vasant2021bsgibs": "the British Society of Gastroenterology (2021)",
    "lacy2021acgibs": "the American College of Gastroenterology (2021)",
}
"""Plain names for guidelines a patient may look up; other guidelines print their title."""


# --- view model -----------------------------------------------------------------------


@dataclass(frozen=True)
class FoodItem:
    id: str
    name: str
    notes: tuple[str, ...] = ()  # portion, label or "your dietitian's choice" notes
    reasons: tuple[str, ...] = ()  # avoid: plain names of what it carries for this patient
    allergy: bool = False  # avoid: because of this patient's allergy
    swaps: tuple[str, ...] = ()  # avoid: allowed foods to have instead


@dataclass(frozen=True)
class SwapLine:
    instead_of: tuple[str, ...]  # avoided foods that share these swaps
    options: tuple[str, ...]  # allowed foods to have instead

    @property
    def instead_of_text(self) -> str:
        return _join(self.instead_of, "or")

    @property
    def options_text(self) -> str:
        return _join(self.options, "or")


@dataclass(frozen=True)
class FoodGroupView:
    id: str
    name: str
    avoid: tuple[FoodItem, ...]
    enjoy: tuple[FoodItem, ...]
    swaps: tuple[SwapLine, ...] = ()  # every swap allowed for this patient

    @property
    def swap(self) -> SwapLine | None:
        """The swap the sheet prints for this group: the first, so the sheet stays at two pages."""
        return self.swaps[0] if self.swaps else None


@dataclass(frozen=True)
class CategoryLine:
    id: str
    name: str
    about: str | None
    short: str  # for tight spaces: 'lactose', 'GOS'


@dataclass(frozen=True)
class PhaseView:
    number: int
    id: str
    kind: str
    name: str
    summary: str
    instructions: tuple[str, ...]
    length: str | None  # "4 weeks", "30 days"; None = ongoing
    range: str | None  # "2 to 6 weeks" when the plan allows a range
    start: date | None
    end: date | None  # inclusive; None = ongoing or no start date
    start_text: str | None
    end_text: str | None
    days: int | None
    start_short: str | None = None  # "Mon 1 Sep", for tight spaces
    end_short: str | None = None
    start_day: str | None = None  # "1 Sep", for the tightest
    end_day: str | None = None

    @property
    def range_short(self) -> str | None:
        """'2 to 6' when the range is in the same unit as the length printed."""
        if self.range is None or self.length is None:
            return self.range
        unit = self.length.split()[-1].rstrip("s")
        return self.range.rsplit(" ", 1)[0] if self.range.rstrip("s").endswith(unit) else self.range


@dataclass(frozen=True)
class ReintroRow:
    kind: str  # "test" | "break"
    test: int  # 1-based test number
    day: int  # 1-based day of the reintroduction step (first day of a break)
    last_day: int  # == day for a test day
    date: date | None
    date_text: str | None
    category: str  # plain name of what is tested
    food: str
    portion: str


@dataclass(frozen=True)
class ReintroTest:
    number: int
    category_id: str
    category: str
    food_id: str
    food: str
    short: str = ""  # the category's short name, for the schedule table
    days: tuple[ReintroRow, ...] = ()  # the test days, portions rising
    rest: ReintroRow | None = None  # the break days after it (none after the last test)


@dataclass(frozen=True)
class Diary:
    days: tuple[str, ...]
    meals: tuple[str, ...]


@dataclass(frozen=True)
class DietView:
    frame: Frame
    plan_id: str
    title: str
    summary: str
    basis: str
    unproven: str | None  # the plan itself has no verified source: printed as the dietitian's choice
    timing_note: str | None  # some steps have no verified source: their timing is the dietitian's
    sources: tuple[str, ...]  # plain names of guidelines behind a cited plan (no numbers)
    patient: str | None
    dietitian: str | None
    start_date: str | None
    follow_up: str | None
    leave_out: tuple[CategoryLine, ...]
    allergies: tuple[str, ...]
    intolerances: tuple[str, ...]
    phases: tuple[PhaseView, ...]
    groups: tuple[FoodGroupView, ...]
    tests: tuple[ReintroTest, ...]  # with their days: the schedule as the sheet prints it
    reintroduction: tuple[ReintroRow, ...]  # the same schedule, one row per day or break
    portions: tuple[str, ...]  # the rising portion of each test day
    washout_days: int
    reintro_instructions: tuple[str, ...]
    diary: Diary
    notes: tuple[str, ...]
    disclaimer: str
    warnings: tuple[str, ...]

    @property
    def food_columns(self) -> tuple[tuple[FoodGroupView, ...], tuple[FoodGroupView, ...]]:
        """The groups in two stacks of about equal height, in order: down the left, then the right.

        WeasyPrint's CSS column balancing costs seconds per sheet; an estimate is enough.
        """
        weights = [_estimated_lines(g) for g in self.groups]
        best = min(range(len(weights) + 1), key=lambda k: abs(sum(weights[:k]) - sum(weights[k:])))
        return self.groups[:best], self.groups[best:]

    @property
    def leave_out_text(self) -> str:
        return _join(tuple(c.short for c in self.leave_out), "and") if self.leave_out else ""

    def listed(self, where: str) -> set[str]:
        """Ids of every food under 'avoid' or 'enjoy' (for tests and checks)."""
        return {f.id for g in self.groups for f in getattr(g, where)}


# --- wording and layout helpers ----------------------------------------------------


def _estimated_lines(group: FoodGroupView, width: int = 40) -> float:
    """About how many lines a food group takes in half a page's width (for balancing only)."""
    def lines(text: str) -> int:
        return -(-len(text) // width) if text else 0

    avoid = " · ".join(f.name + (" allergy" if f.allergy else "") + "".join(f" ({n})" for n in f.notes)
                       for f in group.avoid) or "nothing"
    enjoy = " ".join("[] " + f.name + "".join(f" ({n})" for n in f.notes) for f in group.enjoy) or "nothing"
    swap = f"[] Swap {group.swap.instead_of_text} for {group.swap.options_text}" if group.swap else ""
    return 1.6 + lines("Leave out: " + avoid) + lines(swap) + lines("Enjoy: " + enjoy) * 1.1


def _inline(name: str) -> str:
    """A food name inside a sentence: 'Gluten-free bread' → 'gluten-free bread', 'GOS' stays."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def _join(names: tuple[str, ...], word: str) -> str:
    parts = [_inline(n) for n in names]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {word} {parts[-1]}"


class DietError(HandoutsError):
    """A customisation that cannot be applied to this plan (e.g. an unknown id)."""


# --- placement: the safety rules -------------------------------------------------------


@dataclass
class _Rules:
    """What this patient avoids, resolved to concrete catalogue categories."""

    catalogue: FoodCatalogue
    eliminated: frozenset[str]
    allergy_cats: frozenset[str]
    allergy_foods: frozenset[str]
    intolerance_cats: frozenset[str]
    intolerance_foods: frozenset[str]
    avoid_foods: frozenset[str]
    enjoy_foods: frozenset[str]
    warnings: list[str] = field(default_factory=list)

    @property
    def avoided_cats(self) -> frozenset[str]:
        return self.eliminated | self.allergy_cats | self.intolerance_cats


def _split(catalogue: FoodCatalogue, ids: Iterable[str], what: str) -> tuple[frozenset[str], frozenset[str]]:
    cats, foods = set(), set()
    for value in ids:
        if catalogue.has_category(value):
            cats.add(value)
        elif catalogue.has_food(value):
            foods.add(value)
        else:
            raise DietError(f"{what}: unknown category or food '{value}'")
    return catalogue.expand(cats), frozenset(foods)


def resolve(plan: DietPlan, catalogue: FoodCatalogue, cust: DietCustomisation) -> _Rules:
    for what, ids in (("eliminate", cust.eliminate), ("keep", cust.keep)):
        for value in ids:
            if not catalogue.has_category(value):
                raise DietError(f"{what}: unknown category '{value}'")
    for what, ids in (("avoid", cust.avoid), ("enjoy", cust.enjoy)):
        for value in ids:
            if not catalogue.has_food(value):
                raise DietError(f"{what}: unknown food '{value}'")
    allergy_cats, allergy_foods = _split(catalogue, cust.allergies, "allergies")
    intolerance_cats, intolerance_foods = _split(catalogue, cust.intolerances, "intolerances")
    kept = catalogue.expand(cust.keep)
    rules = _Rules(
        catalogue=catalogue,
        eliminated=(catalogue.expand(plan.eliminate) | catalogue.expand(cust.eliminate)) - kept,
        allergy_cats=allergy_cats,
        allergy_foods=allergy_foods,
        intolerance_cats=intolerance_cats,
        intolerance_foods=intolerance_foods,
        avoid_foods=frozenset(cust.avoid),
        enjoy_foods=frozenset(cust.enjoy),
    )
    for cid in sorted(kept & allergy_cats):
        rules.warnings.append(
            f"keep: '{cid}' is an allergy of this patient, so foods with it stay under 'Leave out'"
        )
    return rules


@dataclass(frozen=True)
class _Placed:
    where: str  # "avoid" | "enjoy"
    item: FoodItem


def _names(catalogue: FoodCatalogue, cats: Iterable[str], lang: str) -> tuple[str, ...]:
    order = [c.id for c in catalogue.categories]
    return tuple(catalogue.category(c).name.get(lang) for c in sorted(cats, key=order.index))


def _place(
    rules: _Rules,
    food_id: str,
    name: str,
    carries: tuple[str, ...],
    in_large: tuple[str, ...],
    portion: LocalizedText | None,
    when_avoiding: dict[str, LocalizedText],
    lang: str,
    asked: str | None,  # "avoid" / "enjoy" when the dietitian placed this food
    named: dict[str, str],  # allergens its name mentions (extra foods only)
    label: str,  # how warnings name it: the catalogue id, or an extra food's name
) -> _Placed:
    cat = rules.catalogue
    allergy = (set(carries) | set(named)) & rules.allergy_cats
    if allergy or food_id in rules.allergy_foods:
        if asked == "enjoy":
            what = ", ".join(_names(cat, allergy, lang)) if allergy else name
            rules.warnings.append(
                f"enjoy: '{label}' carries {what}, an allergy of this patient: "
                "listed under 'Leave out' instead, never under 'Enjoy'"
            )
        elif named and not set(carries) & rules.allergy_cats:
            words = ", ".join(f"'{w}'" for w in named.values())
            rules.warnings.append(
                f"extra food '{name}' mentions {words}, an allergy of this patient: listed under "
                "'Leave out'; add 'carries' or 'free_of' to the food to settle it"
            )
        reasons = _names(cat, allergy, lang) if allergy else ()
        return _Placed("avoid", FoodItem(food_id, name, reasons=reasons, allergy=True))
    if asked == "avoid":
        return _Placed("avoid", FoodItem(food_id, name, notes=("your dietitian's choice",)))
    avoided = set(carries) & rules.avoided_cats
    if asked == "enjoy":
        notes = ("your dietitian says this is fine for you",) if avoided or food_id in rules.intolerance_foods else ()
        return _Placed("enjoy", FoodItem(food_id, name, notes=notes))
    if avoided or food_id in rules.intolerance_foods:
        reasons = _names(cat, avoided, lang) if avoided else ("intolerance",)
        return _Placed("avoid", FoodItem(food_id, name, reasons=reasons))
    notes: list[str] = []
    if set(in_large) & rules.avoided_cats and portion is not None:
        notes.append(portion.get(lang))
    for cid in cat.categories:
        if cid.id in when_avoiding and cid.id in rules.avoided_cats:
            notes.append(when_avoiding[cid.id].get(lang))
    return _Placed("enjoy", FoodItem(food_id, name, notes=tuple(dict.fromkeys(notes))))


def _place_catalogue_food(rules: _Rules, food: Food, lang: str) -> _Placed:
    asked = "avoid" if food.id in rules.avoid_foods else ("enjoy" if food.id in rules.enjoy_foods else None)
    return _place(rules, food.id, food.name.get(lang), food.carries, food.in_large_portions, food.portion,
                  food.when_avoiding, lang, asked, {}, food.id)


def _place_extra(rules: _Rules, index: int, extra: ExtraFood, lang: str) -> _Placed:
    name = extra.name.get(lang)
    named = {
        cid: word
        for cid, word in rules.catalogue.named_allergens(name, extra.free_of).items()
        if cid not in extra.carries
    }
    return _place(rules, f"extra-{index + 1}", name, extra.carries, (), extra.portion, {}, lang, extra.list, named,
                  name)


def sort_foods(rules: _Rules, cust: DietCustomisation, lang: str) -> tuple[FoodGroupView, ...]:
    """Every catalogue and extra food under 'avoid' or 'enjoy', by group, swaps resolved."""
    catalogue = rules.catalogue
    placed: dict[str, list[_Placed]] = {g.id: [] for g in catalogue.groups}
    status: dict[str, str] = {}
    for group in catalogue.groups:
        for food in group.foods:
            p = _place_catalogue_food(rules, food, lang)
            placed[group.id].append(p)
            status[food.id] = p.where
    for index, extra in enumerate(cust.extra_foods):
        if extra.group not in placed:
            raise DietError(f"extra_foods[{index}].group: unknown food group '{extra.group}'")
        placed[extra.group].append(_place_extra(rules, index, extra, lang))

    def swaps_for(food_id: str) -> tuple[str, ...]:
        if not catalogue.has_food(food_id):
            return ()
        return tuple(
            catalogue.food(s).name.get(lang) for s in catalogue.food(food_id).swaps if status.get(s) == "enjoy"
        )

    groups = []
    for group in catalogue.groups:
        avoid = tuple(
            FoodItem(p.item.id, p.item.name, p.item.notes, p.item.reasons, p.item.allergy, swaps_for(p.item.id))
            for p in placed[group.id] if p.where == "avoid"
        )
        enjoy = tuple(p.item for p in placed[group.id] if p.where == "enjoy")
        groups.append(FoodGroupView(group.id, group.name.get(lang), avoid, enjoy, _swap_lines(avoid)))
    return tuple(groups)


def _swap_lines(avoid: tuple[FoodItem, ...]) -> tuple[SwapLine, ...]:
    """'Wheat bread, rye bread → gluten-free bread or sourdough spelt bread': one line per swap set."""
    lines: dict[tuple[str, ...], list[str]] = {}
    for item in avoid:
        if item.swaps:
            lines.setdefault(item.swaps, []).append(item.name)
    return tuple(SwapLine(tuple(names), options) for options, names in lines.items())


# --- dates ------------------------------------------------------------------------------


def weekday_date(value: date) -> str:
    """'Mon 1 Sep 2025': the sheet's long date, with the weekday a patient plans by."""
    return f"{value:%a} {format_date(value)}"


def _short(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b}"


def _short_range(first: date, last: date) -> str:
    """'2 to 3 Oct', or '31 Oct to 1 Nov' across months."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {last.day} {last:%b}"
    return f"{first.day} {first:%b} to {last.day} {last:%b}"


def _length_text(n: int, unit: str) -> str:
    return f"{n} {unit[:-1] if n == 1 else unit}"


def _phase_length(phase: Phase, cust: DietCustomisation, warnings: list[str]) -> tuple[int | None, str | None]:
    """(days, text) for an elimination or personalisation phase; (None, None) = ongoing."""
    duration = phase.duration
    chosen = cust.phase_lengths.get(phase.id)
    if chosen is not None:
        unit = chosen.unit
        days = chosen.days()
        if duration is not None:
            low, high = duration.days(duration.min), duration.days(duration.max or duration.min)
            if not low <= days <= high:
                span = _range_text(phase)
                warnings.append(
                    f"phase_lengths: '{phase.id}' is set to {_length_text(chosen.value, unit)}, "
                    f"outside the plan's {span}"
                )
        return days, _length_text(chosen.value, unit)
    if duration is None:
        return None, None
    return duration.days(), _length_text(duration.default, duration.unit)


def _range_text(phase: Phase) -> str | None:
    d = phase.duration
    if d is None:
        return None
    if d.max is None or d.max == d.min:
        return _length_text(d.min, d.unit)
    return f"{d.min} to {d.max} {d.unit}"


# --- reintroduction ---------------------------------------------------------------------


def _test_food(rules: _Rules, plan: DietPlan, cust: DietCustomisation, cid: str) -> Food | None:
    """The food to test `cid` with: the dietitian's, the plan's, or the first safe one."""
    cat = rules.catalogue
    tested = rules.eliminated
    unsafe = rules.allergy_cats | rules.intolerance_cats

    def safe(food: Food) -> bool:
        return (not set(food.carries) & unsafe and food.id not in rules.allergy_foods
                and food.id not in rules.intolerance_foods)

    def carries(food: Food) -> bool:
        return cid in food.carries or cid in food.in_large_portions

    assert plan.reintroduction is not None
    refused: list[str] = []
    chosen: Food | None = None
    for source, food_id in (("customisation", cust.test_foods.get(cid)),
                            ("plan", plan.reintroduction.test_foods.get(cid))):
        if not food_id or not cat.has_food(food_id):
            continue
        food = cat.food(food_id)
        if not safe(food):
            refused.append(f"'{food_id}' (from the {source})")
        elif carries(food):
            chosen = food
            break
    if chosen is None:
        # the first safe food that tests only this category among those left out
        candidates = [f for f in cat.foods() if carries(f) and safe(f) and f.id not in rules.avoid_foods]
        pure = [f for f in candidates if set(f.carries) & tested <= {cid}]
        chosen = (pure or candidates or [None])[0]
    if refused:
        rules.warnings.append(
            f"test food for '{cid}': {' and '.join(refused)} carries an allergy or intolerance of this patient"
            + (f"; testing with '{chosen.id}' instead" if chosen else "")
        )
    return chosen


def reintroduction_plan(
    rules: _Rules, plan: DietPlan, cust: DietCustomisation, lang: str
) -> tuple[ReintroTest, ...]:
    if plan.reintroduction is None:
        return ()
    cat = rules.catalogue
    order = cust.reintroduction_order if cust.reintroduction_order is not None else plan.reintroduction.order
    tests = []
    for cid in order:
        if not cat.has_category(cid):
            raise DietError(f"reintroduction_order: unknown category '{cid}'")
        parts = cat.expand([cid])
        if parts & rules.allergy_cats:
            rules.warnings.append(f"reintroduction: '{cid}' is an allergy of this patient and is never brought back")
            continue
        if parts & rules.intolerance_cats:
            rules.warnings.append(f"reintroduction: '{cid}' is an intolerance of this patient and is not tested")
            continue
        if not parts <= rules.eliminated:
            if cust.reintroduction_order is not None:
                rules.warnings.append(f"reintroduction: '{cid}' is not left out for this patient; nothing to test")
            continue
        food = _test_food(rules, plan, cust, cid)
        if food is None:
            rules.warnings.append(
                f"reintroduction: no safe test food for '{cid}' in the catalogue for this patient; "
                "it is left out of the schedule: choose one with the patient"
            )
            continue
        category = cat.category(cid)
        tests.append(ReintroTest(len(tests) + 1, cid, category.name.get(lang), food.id, food.name.get(lang),
                                 (category.short or category.name).get(lang)))
    return tuple(tests)


def schedule_rows(
    plan: DietPlan, tests: tuple[ReintroTest, ...], start: date | None, lang: str
) -> tuple[ReintroRow, ...]:
    """Test days with rising portions, then break days, one category at a time."""
    if plan.reintroduction is None:
        return ()
    schedule = plan.reintroduction
    rows = []
    day = 1
    for test in tests:
        for i, portion in enumerate(schedule.portions):
            when = start + timedelta(days=day - 1) if start else None
            rows.append(ReintroRow("test", test.number, day, day, when, _short(when) if when else None,
                                   test.category, test.food, portion.get(lang)))
            day += 1
            if i + 1 >= schedule.days_per_food:
                break
        if schedule.washout_days and test is not tests[-1]:
            when = start + timedelta(days=day - 1) if start else None
            last = day + schedule.washout_days - 1
            text = None
            if when:
                end = when + timedelta(days=schedule.washout_days - 1)
                text = _short(when) if end == when else _short_range(when, end)
            rows.append(ReintroRow("break", test.number, day, last, when, text, test.category, "", ""))
            day = last + 1
    return tuple(rows)


def schedule_days(plan: DietPlan, tests: int) -> int:
    if plan.reintroduction is None or tests == 0:
        return 0
    s = plan.reintroduction
    return tests * s.days_per_food + (tests - 1) * s.washout_days


# --- review and frame -------------------------------------------------------------------


# --- the view ---------------------------------------------------------------------------


def diet_view(inputs: DietInputs, ctx: ViewContext) -> DietView:
    plan, catalogue = inputs.plan, inputs.catalogue
    cust = inputs.customisation or DietCustomisation()
    lang = cust.language
    rules = resolve(plan, catalogue, cust)
    groups = sort_foods(rules, cust, lang)
    tests = reintroduction_plan(rules, plan, cust, lang)

    # phases with real dates: each starts the day after the previous one ends
    phases = []
    cursor = cust.start_date
    for number, phase in enumerate(plan.phases, start=1):
        if phase.kind == "reintroduction":
            days: int | None = schedule_days(plan, len(tests))
            length = _length_text(days, "days") if days else None
        else:
            days, length = _phase_length(phase, cust, rules.warnings)
        start = cursor
        end = start + timedelta(days=days - 1) if (start and days) else None
        phases.append(PhaseView(
            number=number, id=phase.id, kind=phase.kind, name=phase.name.get(lang),
            summary=phase.summary.get(lang), instructions=tuple(i.get(lang) for i in phase.instructions),
            length=length, range=_range_text(phase) if phase.duration and phase.duration.max else None,
            start=start, end=end, start_text=weekday_date(start) if start else None, end_text=weekday_date(end) if end else None,
            days=days, start_short=_short(start) if start else None, end_short=_short(end) if end else None,
            start_day=f"{start.day} {start:%b}" if start else None, end_day=f"{end.day} {end:%b}" if end else None,
        ))
        if phase.kind == "reintroduction" and not days:
            continue  # nothing to test: the next step starts straight away
        cursor = end + timedelta(days=1) if end else None
    reintro_phase = next((p for p in phases if p.kind == "reintroduction"), None)
    rows = schedule_rows(plan, tests, reintro_phase.start if reintro_phase else None, lang)
    tests = tuple(
        ReintroTest(t.number, t.category_id, t.category, t.food_id, t.food, t.short,
                    days=tuple(r for r in rows if r.test == t.number and r.kind == "test"),
                    rest=next((r for r in rows if r.test == t.number and r.kind == "break"), None))
        for t in tests
    )

    leave_out = tuple(
        CategoryLine(c.id, c.name.get(lang), c.about.get(lang) if c.about else None, (c.short or c.name).get(lang))
        for c in catalogue.categories
        if c.id in rules.eliminated
    )
    unproven = UNPROVEN if plan.basis.unsupported else None
    timing = None
    if not unproven and any(p.unsupported for p in plan.sourced_parts()):
        timing = TIMING_CHOICE
    sources = tuple(
        SOURCE_NAMES.get(ref_id) or plan.reference(ref_id).title
        for ref_id in plan.basis.citations
        if plan.reference(ref_id).kind == "guideline"
    )
    title = plan.title.get(lang)
    frame = document_frame(
        "diet-sheet", lang, inputs.brand, inputs.brand_folder, plan, ctx.today,
        title=f"{title}: your elimination-diet sheet",
        subject=plan.summary.get(lang),
        keywords=(title, "elimination diet", "diet sheet", "symptom diary"),
        review_subject="Plan",
    )
    warnings = tuple(dict.fromkeys(rules.warnings))
    schedule = plan.reintroduction
    return DietView(
        frame=frame,
        plan_id=plan.id,
        title=title,
        summary=plan.summary.get(lang),
        basis=plan.basis.patient.get(lang),
        unproven=unproven,
        timing_note=timing,
        sources=sources,
        patient=cust.patient,
        dietitian=cust.dietitian,
        start_date=weekday_date(cust.start_date) if cust.start_date else None,
        follow_up=weekday_date(cust.follow_up) if cust.follow_up else None,
        leave_out=leave_out,
        allergies=_labels(catalogue, cust.allergies, lang),
        intolerances=_labels(catalogue, cust.intolerances, lang),
        phases=tuple(phases),
        groups=groups,
        tests=tests,
        reintroduction=rows,
        portions=tuple(p.get(lang) for p in schedule.portions) if schedule else (),
        washout_days=schedule.washout_days if schedule else 0,
        reintro_instructions=tuple(i.get(lang) for i in schedule.instructions) if schedule else (),
        diary=Diary(tuple(f"Day {n}" for n in range(1, DIARY_DAYS + 1)), DIARY_MEALS),
        notes=tuple(line for line in (cust.notes or "").splitlines() if line.strip()),
        disclaimer=plan.disclaimer.get(lang),
        warnings=warnings,
    )


def _labels(catalogue: FoodCatalogue, ids: Iterable[str], lang: str) -> tuple[str, ...]:
    out = []
    for value in ids:
        if catalogue.has_category(value):
            out.append(catalogue.category(value).name.get(lang))
        elif catalogue.has_food(value):
            out.append(catalogue.food(value).name.get(lang))
    return tuple(out)
