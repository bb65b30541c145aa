"""A customisation's test order that drops categories the patient leaves out is warned about.

Reproduction: `reintroduction_order: [fructans, lactose]` on Sam's low-FODMAP sheet was valid,
clean to lint and printed with no note: GOS, excess fructose, sorbitol and mannitol stayed
under 'Leave out' and the sheet never told the patient when to try them again.
"""

from __future__ import annotations

from datetime import date

from cliutil import assert_clean_exit, run
from handouts.context import Context
from handouts.diet.policy import resolve
from handouts.diet.schedule import reintroduction_tests
from handouts.diet.sheet import SHEET_RULE
from handouts.documents import build_view, diet_inputs
from handouts.lint.runner import Options, lint_file
from handouts.loading import load_checked
from handouts.models.diet_customisation import DietCustomisation

CTX = Context.default(date(2025, 8, 1))
DROPPED = ("reintroduction_order: 'gos', 'excess-fructose', 'sorbitol', 'mannitol' are left out for this patient "
           "but not in the test order, so the sheet never says when to try them again: add them to the order "
           "(plan 'low-fodmap' tests them)")


def warnings_for(plan_id: str, **fields) -> tuple[str, ...]:
    plan = CTX.load_plan(plan_id)
    cust = DietCustomisation.model_validate(fields)
    rules, _ = resolve(plan, CTX.catalogue, cust)
    return reintroduction_tests(rules, plan, cust)[1]


def test_an_order_that_drops_eliminated_categories_is_one_warning_naming_them():
    assert warnings_for("low-fodmap", reintroduction_order=["fructans", "lactose"]) == (DROPPED,)


def test_one_dropped_category_reads_in_the_singular():
    order = ["fructans", "gos", "lactose", "excess-fructose", "sorbitol"]
    assert warnings_for("low-fodmap", reintroduction_order=order) == (
        "reintroduction_order: 'mannitol' is left out for this patient but not in the test order, so the sheet "
        "never says when to try it again: add it to the order (plan 'low-fodmap' tests it)",)


def test_nothing_to_say_when_the_rest_is_never_tested_anyway():
    """An allergy or intolerance is never tested; a kept category is not left out; the plan's own order
    (no `reintroduction_order`) and a reordered complete one are fine."""
    assert warnings_for("low-fodmap") == ()
    assert warnings_for("low-fodmap", reintroduction_order=["mannitol", "sorbitol", "excess-fructose", "lactose",
                                                            "gos", "fructans"]) == ()
    assert warnings_for("low-fodmap", reintroduction_order=["fructans", "lactose"],
                        intolerances=["gos", "sorbitol"], keep=["excess-fructose", "mannitol"]) == ()
    # trigger-foods tests only dairy, gluten and caffeine: alcohol and the rest stay out on purpose
    assert warnings_for("trigger-foods", reintroduction_order=["gluten", "dairy", "caffeine"]) == ()
    assert warnings_for("trigger-foods", reintroduction_order=["gluten"], keep=["caffeine"]) == (
        "reintroduction_order: 'dairy' is left out for this patient but not in the test order, so the sheet never "
        "says when to try it again: add it to the order (plan 'trigger-foods' tests it)",)


def test_validate_and_lint_warn_at_the_order_line_and_the_file_stays_valid(write):
    path = write("c.yaml", "plan: low-fodmap\nallergies: [peanut]\nreintroduction_order: [fructans, lactose]\n")
    checked = load_checked(path, "diet-customisation", CTX)
    assert [(w.line, w.field, w.message) for w in checked.warnings if w.rule == SHEET_RULE] == [
        (3, "reintroduction_order", DROPPED.removeprefix("reintroduction_order: "))]
    linted = [(f.line, f.rule) for f in lint_file(path, Options()).findings if "test order" in f.message]
    assert linted == [(3, SHEET_RULE)]
    result = run("validate", path)
    assert_clean_exit(result, 0)
    assert f"{path}:3:1: warning: reintroduction_order: 'gos', 'excess-fructose'" in result.stderr


def test_handouts_diet_notes_it_as_the_other_sheet_warnings(write):
    path = write("c.yaml", "plan: low-fodmap\nreintroduction_order: [fructans, lactose]\n")
    view = build_view("diet-sheet", diet_inputs(None, path, "default", CTX), None, CTX)
    assert [w for w in view.warnings if "test order" in w] == [DROPPED]  # handouts diet prints it, located
