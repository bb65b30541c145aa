"""A category a customisation adds through `eliminate` that no reintroduction test brings back is warned
about, at its entry.

Reproduction: `eliminate: [soy, excess-fructose]` on a trigger-foods customisation
was valid, clean to lint and printed with no note: soy and fructose foods stayed
under 'Leave out' and the sheet never told the patient when to try them again.
The plan's own categories that it never tests (alcohol, refined sugar,
processed food) are its reviewed choice and get no warning; the sheet adds no
test of its own choosing (which food, when, is the dietitian's call).
"""

from __future__ import annotations

from datetime import date

from cliutil import assert_clean_exit, run
from handouts.context import Context
from handouts.diet.policy import resolve
from handouts.diet.schedule import reintroduction_tests
from handouts.diet.sheet import SHEET_RULE
from handouts.lint.runner import Options, lint_file
from handouts.loading import load_checked
from handouts.models.diet_customisation import DietCustomisation

CTX = Context.default(date(2025, 8, 1))


def untested(cid: str, fix: str = "add `reintroduction_order` with it and the plan's tests (dairy, gluten, caffeine)",
             index: int = 0) -> str:
    return (f"eliminate[{index}]: '{cid}' is left out for this patient only, and no reintroduction test brings it back, so "
            f"the sheet never says when to try it again: {fix} to test it, or tell the patient in the notes")


def warnings_for(plan_id: str, **fields) -> tuple[str, ...]:
    plan = CTX.load_plan(plan_id)
    cust = DietCustomisation.model_validate(fields)
    rules, _ = resolve(plan, CTX.catalogue, cust)
    return tuple(w for w in reintroduction_tests(rules, plan, cust)[1] if w.startswith("eliminate["))


def test_each_added_category_no_test_brings_back_is_one_warning():
    assert warnings_for("trigger-foods", eliminate=["soy", "excess-fructose"]) == (
        untested("soy"), untested("excess-fructose", index=1))


def test_an_order_that_tests_it_or_a_reason_it_is_never_tested_says_nothing():
    full = ["dairy", "gluten", "caffeine", "soy", "excess-fructose"]
    assert warnings_for("trigger-foods", eliminate=["soy", "excess-fructose"], reintroduction_order=full) == ()
    assert warnings_for("trigger-foods", eliminate=["soy", "excess-fructose"], reintroduction_order=full[:4]) == (
        untested("excess-fructose", "add it to `reintroduction_order`", index=1),)
    assert warnings_for("trigger-foods", eliminate=["soy"], allergies=["soy"]) == ()  # never tested anyway
    assert warnings_for("trigger-foods", eliminate=["alcohol"]) == ()  # the plan's own: it stays out on purpose
    assert warnings_for("trigger-foods", eliminate=["soy"], keep=["soy"]) == ()  # not left out after all
    assert warnings_for("low-fodmap", eliminate=["fructans"]) == ()  # the plan's, and tested


def test_validate_and_lint_warn_at_the_entry_and_the_file_stays_valid(write):
    path = write("c.yaml", "plan: trigger-foods\nallergies: [peanut]\neliminate: [caffeine, soy]\n")
    checked = load_checked(path, "diet-customisation", CTX)
    assert [(w.line, w.col, w.field, w.message) for w in checked.warnings if w.rule == SHEET_RULE] == [
        (3, 23, "eliminate[1]", untested("soy", index=1).removeprefix("eliminate[1]: "))]
    linted = [(f.line, f.rule) for f in lint_file(path, Options()).findings if "no reintroduction test" in f.message]
    assert linted == [(3, SHEET_RULE)]
    result = run("validate", path)
    assert_clean_exit(result, 0)
    assert f"{path}:3:23: warning: eliminate[1]: 'soy' is left out for this patient only" in result.stderr


def test_handouts_diet_prints_it_at_the_eliminate_line(write, tmp_path):
    path = write("c.yaml", "plan: trigger-foods\npatient: Test Person\neliminate: [soy]\n")
    result = run("diet", "trigger-foods", "--customize", path, "-o", tmp_path / "sheet.pdf", "--as-of", "2025-08-01")
    assert_clean_exit(result, 0)
    assert f"{path}:3:13: warning: eliminate[0]: 'soy' is left out for this patient only" in result.stderr
