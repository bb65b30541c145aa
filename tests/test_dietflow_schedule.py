"""The reintroduction schedule for one patient: which food tests each category, and on which days."""

from __future__ import annotations

from datetime import date

from handouts.context import Context
from handouts.diet.policy import resolve
from handouts.diet.schedule import dated_phases, reintroduction_tests, schedule_rows
from handouts.models.diet_customisation import DietCustomisation

CTX = Context.default(date(2025, 8, 1))


def planned(plan_id: str, **fields):
    plan, catalogue = CTX.load_plan(plan_id), CTX.catalogue
    cust = DietCustomisation.model_validate(fields)
    rules, _ = resolve(plan, catalogue, cust)
    tests, warnings = reintroduction_tests(rules, plan, cust)
    return {t.category.id: t.food.id for t in tests}, warnings


def test_a_plan_test_food_the_dietitian_moved_to_avoid_is_not_the_patients_test_food():
    """Before: 'avoid: [wheat-bread]' printed wheat bread under 'Leave out (your dietitian's choice)' and
    then told the patient to test fructans with wheat bread; the fallback already skipped such foods."""
    tests, warnings = planned("low-fodmap", avoid=["wheat-bread", "honey"])
    assert tests["fructans"] not in ("wheat-bread",) and tests["excess-fructose"] != "honey"
    assert tests["gos"] == "lentils"  # the plan's other choices stand
    catalogue = CTX.catalogue
    assert "fructans" in catalogue.food(tests["fructans"]).carries
    assert any(w.startswith("test food for 'fructans': 'wheat-bread' (from the plan) is under 'avoid' for this "
                            f"patient; testing with '{tests['fructans']}' instead") for w in warnings), warnings
    assert any("'honey' (from the plan) is under 'avoid'" in w for w in warnings), warnings


def test_the_dietitians_own_test_food_stands_even_under_avoid():
    tests, warnings = planned("low-fodmap", avoid=["wheat-bread"], test_foods={"fructans": "wheat-bread"})
    assert tests["fructans"] == "wheat-bread" and warnings == ()


def test_without_avoid_the_plan_test_foods_stand_with_no_warning():
    tests, warnings = planned("low-fodmap")
    assert tests["fructans"] == "wheat-bread" and tests["excess-fructose"] == "honey" and warnings == ()


def test_dates_run_day_after_day_across_a_year_end_a_leap_day_and_clock_changes():
    """Calendar days, not hours: 29 Feb 2028 and the March and October clock changes take one day each."""
    plan, catalogue = CTX.load_plan("low-fodmap"), CTX.catalogue
    cust = DietCustomisation.model_validate({"start_date": "2027-12-20", "phase_lengths": {"elimination": "10 weeks"}})
    rules, _ = resolve(plan, catalogue, cust)
    tests, _ = reintroduction_tests(rules, plan, cust)
    phases, _ = dated_phases(plan, cust, len(tests))
    elimination, reintroduction, after = phases
    assert (elimination.start, elimination.end) == (date(2027, 12, 20), date(2028, 2, 27))
    assert reintroduction.start == date(2028, 2, 28) and reintroduction.end == date(2028, 3, 26)  # 28 days
    assert after.start == date(2028, 3, 27)
    rows = schedule_rows(plan, tests, reintroduction.start)
    days = [r.start for r in rows if r.kind == "test"]
    assert days[:3] == [date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1)]
    covered = [r.start for r in rows if r.kind == "test"] + [
        date.fromordinal(d) for r in rows if r.kind == "break" for d in range(r.start.toordinal(), r.end.toordinal() + 1)]
    assert sorted(covered) == [date.fromordinal(reintroduction.start.toordinal() + i) for i in range(28)]


def test_a_test_food_for_a_category_this_patient_does_not_test_is_said():
    """A file written for the trigger-foods plan (or kept from before the plan changed) used on the
    low-FODMAP plan: its test food for caffeine was silently ignored."""
    _, warnings = planned("low-fodmap", test_foods={"caffeine": "coffee"})
    assert warnings == ("test_foods: 'caffeine' is not left out for this patient, so 'coffee' tests nothing",)
    tests, warnings = planned("low-fodmap", reintroduction_order=["fructans", "gos"], test_foods={"lactose": "yoghurt"})
    assert list(tests) == ["fructans", "gos"]
    assert warnings == (
        "test_foods: 'lactose' is not in the test order, so 'yoghurt' tests nothing",
        "reintroduction_order: 'lactose', 'excess-fructose', 'sorbitol', 'mannitol' are left out for this patient but "
        "not in the test order, so the sheet never says when to try them again: add them to the order (plan "
        "'low-fodmap' tests them)",
    )


def test_keeping_a_category_the_plan_does_not_leave_out_is_said():
    plan, catalogue = CTX.load_plan("low-fodmap"), CTX.catalogue
    _, warnings = resolve(plan, catalogue, DietCustomisation.model_validate({"keep": ["caffeine", "lactose"]}))
    assert warnings == ("keep[0]: not left out by plan 'low-fodmap', so there is nothing to keep",)
    trigger = CTX.load_plan("trigger-foods")
    assert resolve(trigger, catalogue, DietCustomisation.model_validate({"keep": ["caffeine"]}))[1] == ()
