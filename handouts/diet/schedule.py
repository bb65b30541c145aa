"""When each step happens: phase lengths and real dates, and the reintroduction schedule.

Pure functions over the plan, the customisation and the patient's rules
(handouts.diet.policy); they return dates and numbers, and their warnings for
the dietitian. The sheet's view (handouts.views.diet) turns them into words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from handouts.dates import WINDOW_YEARS, date_window
from handouts.diet.errors import DietError
from handouts.diet.policy import PatientRules, Warnings, entries_text
from handouts.models import LocalizedText
from handouts.models.diet import DietPlan, Duration, Phase
from handouts.models.diet_catalogue import Category, Food
from handouts.models.diet_customisation import DietCustomisation


def date_problem(value: date, today: date) -> str | None:
    """Why a start or follow-up date cannot be right, or None. The date itself is never repeated:
    a patient's plan dates are patient data, and the message goes to a terminal, a log, a report."""
    first, last = date_window(today)
    if first <= value <= last:
        return None
    why = (f"is more than {WINDOW_YEARS} years after today ({today.isoformat()})" if value > last
           else f"is before {first.isoformat()}")
    return f"this date {why}: give a date from {first.isoformat()} to {last.isoformat()}"


PAST_FOLLOW_UP = ("the follow-up has passed, and no start date says the sheet is for a plan already under way: "
                  "check the year, or give the start date; today is")


def date_refusal(cust: DietCustomisation, today: date) -> tuple[str, str] | None:
    """(the field, why) a sheet cannot print today: a start or follow-up date outside the window (content
    that skipped validation), or a follow-up already past on a sheet with no start date; None when it can.
    The field lets a refusal of a customisation file point at its line (documents.diet_inputs)."""
    for key, value in (("start_date", cust.start_date), ("follow_up", cust.follow_up)):
        problem = date_problem(value, today) if value is not None else None
        if problem:
            return key, problem
    if cust.start_date is None and cust.follow_up is not None and cust.follow_up < today:
        # The follow-up is checked against the start date (diet.rules); with none, the sheet is today's,
        # and a next visit already past is a mistyped year. At print only: a saved file stays valid.
        return "follow_up", f"{PAST_FOLLOW_UP} {today.isoformat()}"
    return None


def check_dates(cust: DietCustomisation, today: date) -> None:
    """DietError for a sheet that cannot print today (date_refusal)."""
    refused = date_refusal(cust, today)
    if refused is not None:
        raise DietError(f"{refused[0]}: {refused[1]}")


@dataclass(frozen=True)
class Length:
    value: int
    unit: str  # "days" | "weeks"

    @property
    def text(self) -> str:
        return length_text(self.value, self.unit)


def length_text(n: int, unit: str) -> str:
    """'1 week', '4 weeks', '10 days'."""
    return f"{n} {unit[:-1] if n == 1 else unit}"


def range_text(duration: Duration | None) -> str | None:
    """'2 to 6 weeks', or the one length when the plan allows no range."""
    if duration is None:
        return None
    if duration.max is None or duration.max == duration.min:
        return length_text(duration.min, duration.unit)
    return f"{duration.min} to {duration.max} {duration.unit}"


def phase_length(phase: Phase, cust: DietCustomisation) -> tuple[int | None, Length | None, Warnings]:
    """(days, length, warnings) for an elimination or personalisation phase; no length = ongoing."""
    duration = phase.duration
    chosen = cust.phase_lengths.get(phase.id)
    if chosen is not None:
        days = chosen.days()
        warnings: Warnings = ()
        if duration is not None:
            low, high = duration.days(duration.min), duration.days(duration.max or duration.min)
            if not low <= days <= high:
                # the phase and the plan's range, never the length chosen: that is this patient's, and
                # warnings reach a shared terminal, a batch report, a pasted log
                warnings = (f"phase_lengths: '{phase.id}' has a length outside the plan's {range_text(duration)}",)
        return days, Length(chosen.value, chosen.unit), warnings
    if duration is None:
        return None, None, ()
    return duration.days(), Length(duration.default, duration.unit), ()


# --- which categories come back, tested with which food -----------------------------------


@dataclass(frozen=True)
class PlannedTest:
    number: int  # 1-based
    category: Category
    food: Food


def choose_test_food(
    rules: PatientRules, plan: DietPlan, cust: DietCustomisation, cid: str
) -> tuple[Food | None, Warnings]:
    """The food to test `cid` with: the dietitian's, the plan's, or the first safe one.

    The plan's is a default for every patient: one this patient's dietitian moved under
    'avoid' is not theirs (as the first safe one never is); the dietitian's own choice is."""
    cat = rules.catalogue

    def carries(food: Food) -> bool:
        return cid in food.carries or cid in food.in_large_portions

    assert plan.reintroduction is not None
    refused: list[tuple[str, tuple[str, ...]]] = []
    moved: list[str] = []
    chosen: Food | None = None
    for source, food_id in (("customisation", cust.test_foods.get(cid)),
                            ("plan", plan.reintroduction.test_foods.get(cid))):
        if not food_id or not cat.has_food(food_id):
            continue
        food = cat.food(food_id)
        if not rules.safe(food):
            # not the food: which of its tags is this patient's allergy or intolerance is theirs
            refused.append((source, rules.excluded_by(food)))
        elif source == "plan" and food_id in rules.avoid_foods:
            moved.append(f"'{food_id}' (from the plan)")
        elif carries(food):
            chosen = food
            break
    if chosen is None:
        # the first safe food that tests only this category among those left out
        candidates = [f for f in cat.foods() if carries(f) and rules.safe(f) and f.id not in rules.avoid_foods]
        pure = [f for f in candidates if set(f.carries) & rules.eliminated <= {cid}]
        chosen = (pure or candidates or [None])[0]
    if refused:  # with no other food, the schedule's own warning says the test is left out
        return chosen, (_refused(cust, cid, refused),) if chosen else ()
    instead = f"; testing with '{chosen.id}' instead" if chosen else ""
    if moved:
        return chosen, (
            f"test food for '{cid}': {moved[0]} is under 'avoid' for this patient{instead} "
            f"(to test with it after all, name it under 'test_foods')",
        )
    return chosen, ()


def _refused(cust: DietCustomisation, cid: str, refused: list[tuple[str, tuple[str, ...]]]) -> str:
    """A test food that carries an allergy or intolerance of this patient, said at the dietitian's `test_foods`
    entry (or at the allergy's or intolerance's): never the category it tests nor the food used instead,
    which with the catalogue say which allergy it is."""
    by = list(dict.fromkeys(e for _, entries in refused for e in entries))
    if refused[0][0] == "customisation":
        also = ", as does the plan's" if len(refused) > 1 else ""
        return (f"test_foods[{list(cust.test_foods).index(cid)}]: carries an allergy or intolerance of this patient "
                f"({entries_text(by)}){also}: the sheet tests with another food")
    return f"{_first(by)}: carried by the plan's test food for one of its tests: the sheet tests with another food"


def _first(entries: list[str]) -> str:
    """Where a warning about several entries stands: 'allergies[0]', 'allergies[0] (with intolerances[1])'."""
    return entries[0] + (f" (with {entries_text(entries[1:])})" if len(entries) > 1 else "")


def _no_test_food(rules: PatientRules, cid: str, at: str | None) -> str:
    """Why category `cid` is left out of the schedule: no food carrying it is safe for this patient, or the
    dietitian moved every one under 'avoid'. When allergies or intolerances rule them out, the category
    is not named (with the catalogue it says which allergy): the message points at their entries."""
    carrying = [f for f in rules.catalogue.foods() if cid in f.carries or cid in f.in_large_portions]
    by = list(dict.fromkeys(e for f in carrying for e in rules.excluded_by(f)))
    fix = "it is left out of the schedule: choose one with the patient"
    if not by:
        return f"{at or 'reintroduction'}: no safe test food for '{cid}' in the catalogue for this patient; {fix}"
    if at:
        return f"{at}: no safe test food in the catalogue for this patient ({entries_text(by)}); {fix}"
    return f"{_first(by)}: leaves no safe test food in the catalogue for one of the plan's tests; {fix}"


def reintroduction_tests(
    rules: PatientRules, plan: DietPlan, cust: DietCustomisation
) -> tuple[tuple[PlannedTest, ...], Warnings]:
    """The categories to bring back, in order, each with a safe test food; never an allergy."""
    if plan.reintroduction is None:
        return (), ()
    cat = rules.catalogue
    order = cust.reintroduction_order if cust.reintroduction_order is not None else plan.reintroduction.order
    tests: list[PlannedTest] = []
    warnings: list[str] = []
    own = cust.reintroduction_order is not None
    for cid in dict.fromkeys(order):  # each category once: the rules report a second mention
        if not cat.has_category(cid):
            raise DietError("reintroduction_order: unknown category (not repeated here: it may be the patient's)")
        at = f"reintroduction_order[{order.index(cid)}]" if own else None
        untested = _not_tested(rules, cid, at)
        if untested:
            warnings.append(untested)
            continue
        if not cat.expand([cid]) <= rules.eliminated:
            if at:
                warnings.append(f"{at}: '{cid}' is not left out for this patient; nothing to test")
            continue
        food, found = choose_test_food(rules, plan, cust, cid)
        warnings.extend(found)
        if food is None:
            warnings.append(_no_test_food(rules, cid, at))
            continue
        tests.append(PlannedTest(len(tests) + 1, cat.category(cid), food))
    warnings.extend(_unused_test_foods(rules, cust, order))
    warnings.extend(_never_brought_back(rules, plan, cust))
    warnings.extend(_added_never_tested(rules, plan, cust, order))
    return tuple(tests), tuple(warnings)


def _not_tested(rules: PatientRules, cid: str, at: str | None) -> str | None:
    """Why category `cid` is not tested for this patient (an allergy or an intolerance covers it), or None:
    at its entry `at` in the dietitian's own order, else at the allergy's or intolerance's entry. Never
    by name: which allergy a patient has is theirs, and a batch report keeps these warnings."""
    cat = rules.catalogue
    for what, excluded, never in (("an allergy", rules.allergies, "never brought back"),
                                  ("an intolerance", rules.intolerances, "not tested")):
        if excluded.covers(cat, cid):
            listed = excluded.listed(cat.expand([cid]))
            if at:
                return f"{at}: {what} of this patient ({entries_text(listed)}), so it is {never}"
            return f"{listed[0]}: the plan's reintroduction tests it, but {what} of this patient is {never}"
    return None


def _never_brought_back(rules: PatientRules, plan: DietPlan, cust: DietCustomisation) -> Warnings:
    """The plan's tests a customisation's own order drops: this patient leaves the category out, and
    the sheet would never say when to try it again. An allergy or intolerance is never tested anyway."""
    if cust.reintroduction_order is None or plan.reintroduction is None:
        return ()
    cat = rules.catalogue
    ordered = cat.expand(c for c in cust.reintroduction_order if cat.has_category(c))
    dropped = [
        cid for cid in dict.fromkeys(plan.reintroduction.order)
        if cat.has_category(cid) and cat.expand([cid]) <= rules.eliminated
        and not cat.expand([cid]) <= ordered
        and not (rules.allergies.covers(cat, cid) or rules.intolerances.covers(cat, cid))
    ]
    if not dropped:
        return ()
    names = ", ".join(f"'{cid}'" for cid in dropped)
    one = len(dropped) == 1
    return (
        f"reintroduction_order: {names} {'is' if one else 'are'} left out for this patient but not in the test "
        f"order, so the sheet never says when to try {'it' if one else 'them'} again: add "
        f"{'it' if one else 'them'} to the order (plan '{plan.id}' tests {'it' if one else 'them'})",
    )


def _added_never_tested(rules: PatientRules, plan: DietPlan, cust: DietCustomisation, order: tuple[str, ...]
                        ) -> Warnings:
    """Categories the customisation's own `eliminate` adds that no test brings back, each at its entry.

    Which of the plan's categories stay out is the plan's reviewed choice (trigger-foods never tests
    alcohol); one the dietitian adds for this patient is not, and the sheet would list it under 'Leave
    out' without ever saying when to try it again. Whether to test it is the dietitian's call, so the
    sheet warns rather than adding a test of its own choosing. An allergy or intolerance is never tested."""
    if plan.reintroduction is None:
        return ()
    cat = rules.catalogue
    planned = cat.expand(plan.eliminate)
    ordered = cat.expand(c for c in order if cat.has_category(c))
    out = []
    for cid in dict.fromkeys(cust.eliminate):
        if not cat.has_category(cid):
            continue
        untested = [c for c in sorted((cat.expand([cid]) & rules.eliminated) - planned - ordered)
                    if not (rules.allergies.covers(cat, c) or rules.intolerances.covers(cat, c))]
        if not untested:
            continue
        where = ("add it to `reintroduction_order`" if cust.reintroduction_order is not None
                 else f"add `reintroduction_order` with it and the plan's tests ({', '.join(plan.reintroduction.order)})")
        out.append(
            f"eliminate[{cust.eliminate.index(cid)}]: '{cid}' is left out for this patient only, and no reintroduction "
            f"test brings it back, so the sheet never says when to try it again: {where} to test it, or tell the "
            "patient in the notes"
        )
    return tuple(out)


def _unused_test_foods(rules: PatientRules, cust: DietCustomisation, order: tuple[str, ...]) -> Warnings:
    """The dietitian's test foods for categories this patient does not test (a file written for another
    plan, or kept from before the plan changed): said, not silently ignored. An allergy, an
    intolerance or a test food refused has its own warning."""
    out = []
    for cid, food_id in cust.test_foods.items():
        if not rules.catalogue.has_category(cid):
            continue
        if not rules.catalogue.expand([cid]) <= rules.eliminated:
            if not (rules.allergies.covers(rules.catalogue, cid) or rules.intolerances.covers(rules.catalogue, cid)):
                out.append(f"test_foods: '{cid}' is not left out for this patient, so '{food_id}' tests nothing")
        elif cid not in order:
            out.append(f"test_foods: '{cid}' is not in the test order, so '{food_id}' tests nothing")
    return tuple(out)


def schedule_days(plan: DietPlan, tests: int) -> int:
    """How long the reintroduction step lasts: test days, and break days between tests."""
    if plan.reintroduction is None or tests == 0:
        return 0
    s = plan.reintroduction
    return tests * s.days_per_food + (tests - 1) * s.washout_days


# --- phases with real dates ---------------------------------------------------------------


@dataclass(frozen=True)
class DatedPhase:
    number: int  # 1-based
    phase: Phase
    days: int | None  # None: ongoing
    length: Length | None
    start: date | None  # None: no start date given
    end: date | None  # inclusive; None: ongoing or no start date


def dated_phases(plan: DietPlan, cust: DietCustomisation, tests: int) -> tuple[tuple[DatedPhase, ...], Warnings]:
    """Each phase starts the day after the previous one ends; a reintroduction with nothing to test takes no days."""
    phases: list[DatedPhase] = []
    warnings: list[str] = []
    cursor = cust.start_date
    for number, phase in enumerate(plan.phases, start=1):
        days: int | None
        if phase.kind == "reintroduction":
            days = schedule_days(plan, tests)
            length = Length(days, "days") if days else None
        else:
            days, length, found = phase_length(phase, cust)
            warnings.extend(found)
        start = cursor
        end = start + timedelta(days=days - 1) if (start and days) else None
        phases.append(DatedPhase(number, phase, days, length, start, end))
        if phase.kind == "reintroduction" and not days:
            continue  # nothing to test: the next step starts straight away
        cursor = end + timedelta(days=1) if end else None
    return tuple(phases), tuple(warnings)


@dataclass(frozen=True)
class ScheduleRow:
    kind: str  # "test" | "break"
    test: int  # the test's number
    day: int  # 1-based day of the reintroduction step (first day of a break)
    last_day: int  # == day for a test day
    start: date | None
    end: date | None  # == start for a test day
    portion: LocalizedText | None  # a test day's portion; None for a break


def schedule_rows(plan: DietPlan, tests: tuple[PlannedTest, ...], start: date | None) -> tuple[ScheduleRow, ...]:
    """Test days with rising portions, then break days, one category at a time."""
    if plan.reintroduction is None:
        return ()
    schedule = plan.reintroduction
    rows = []
    day = 1
    for test in tests:
        for i, portion in enumerate(schedule.portions):
            when = start + timedelta(days=day - 1) if start else None
            rows.append(ScheduleRow("test", test.number, day, day, when, when, portion))
            day += 1
            if i + 1 >= schedule.days_per_food:
                break
        if schedule.washout_days and test is not tests[-1]:
            when = start + timedelta(days=day - 1) if start else None
            last = day + schedule.washout_days - 1
            end = when + timedelta(days=schedule.washout_days - 1) if when else None
            rows.append(ScheduleRow("break", test.number, day, last, when, end, None))
            day = last + 1
    return tuple(rows)
