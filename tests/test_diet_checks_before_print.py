"""What a dietitian learns from `handouts validate` / `lint` before printing a customised sheet.

Reproductions: a file whose `keep` kept nothing and whose test food tested nothing was
"ok" to `validate` and clean to `lint`; only `handouts diet` said so, after printing.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from cliutil import assert_clean_exit, run
from handouts.context import Context
from handouts.documents import build_view, diet_inputs
from handouts.loading import load_checked

TODAY = date(2025, 8, 1)
NOTHING_DONE = """\
plan: low-fodmap
allergies: [peanut]
keep: [caffeine]
test_foods: {lactose: cow-milk}
intolerances: [fructans]
reintroduction_order: [gos, fructans]
extra_foods:
  - {name: Homemade cookies, group: snacks}
"""


@pytest.fixture
def nothing_done(write):
    return write("c.yaml", NOTHING_DONE)


def test_validate_says_what_the_sheet_would_warn_at_each_entry_and_the_file_stays_valid(nothing_done):
    result = run("validate", nothing_done)
    assert_clean_exit(result, 0)
    shown = str(nothing_done)
    for line in (
        f"{shown}:3:8: warning: keep[0]: not left out by plan 'low-fodmap', so there is nothing to keep",
        f"{shown}:4:14: warning: test_foods, the 1st entry: 'lactose' is not in the test order, so 'cow-milk' tests nothing",
        f"{shown}:6:29: warning: reintroduction_order[1]: an intolerance of this patient (intolerances[0]), so it "
        "is not tested",
        f"{shown}:8:5: warning: extra_foods[0]: says neither what it carries nor where to list it",
    ):
        assert line in result.stderr, result.stderr
    assert f"ok  {shown}" in result.stdout


def test_lint_reports_them_as_warnings_under_one_rule(nothing_done):
    result = run("lint", nothing_done, "--format", "json")
    assert_clean_exit(result, 0)
    (report,) = json.loads(result.stdout)["files"]
    sheet = [f for f in report["findings"] if f["rule"] == "diet-sheet"]
    assert {f["severity"] for f in sheet} == {"warning"} and len(sheet) == 5
    assert {(f["line"], f["field"]) for f in sheet} == {
        (3, "keep[0]"), (4, "test_foods, the 1st entry"), (6, "reintroduction_order[1]"), (6, "reintroduction_order"),
        (8, "extra_foods[0]")}
    assert_clean_exit(run("lint", nothing_done, "--strict"), 1)


def test_they_are_the_warnings_handouts_diet_prints(nothing_done):
    """One source: every warning of the sheet's view, and nothing else, whatever the wording's key."""
    ctx = Context.default(today=TODAY)
    checked = load_checked(nothing_done, "diet-customisation", ctx)
    view = build_view("diet-sheet", diet_inputs(None, nothing_done, "default", ctx), None, ctx)
    assert len(view.warnings) == len(checked.warnings) == 5
    messages = [w.message for w in checked.warnings]
    assert all(sum(said.endswith(m) for m in messages) == 1 for said in view.warnings), (view.warnings, messages)


def test_a_customisation_that_names_no_plan_has_no_sheet_to_warn_about(write):
    loose = write("c.yaml", "patient: A\nkeep: [caffeine]\n")
    result = run("validate", loose, "--kind", "diet-customisation")
    assert_clean_exit(result, 0)
    assert "warning" not in result.stderr


def test_a_file_with_errors_says_its_errors_only(write):
    broken = write("c.yaml", NOTHING_DONE + "avoid: [grapez]\n")
    result = run("validate", broken)
    assert_clean_exit(result, 1)
    assert "avoid[0]: unknown food; did you mean 'grapes'?" in result.stderr and "tests nothing" not in result.stderr


def test_on_a_spanish_sheet_the_dietitians_messages_name_things_in_english(write):
    """Before: "'almond-milk' carries Nueces de árbol, an allergy of this patient" and "every food in
    'Leche, queso y yogur' ... usually provides calcio y proteínas": Spanish inside English sentences."""
    cust = write("c.yaml", "plan: trigger-foods\nlanguage: es\nallergies: [tree-nuts]\nenjoy: [almond-milk]\n"
                           "avoid: [coconut-yoghurt]\n")
    ctx = Context.default(today=TODAY)
    view = build_view("diet-sheet", diet_inputs(None, cust, "default", ctx), None, ctx)
    said = " ".join(view.warnings) + " ".join(w.message for w in load_checked(cust, None, ctx).warnings)
    assert "enjoy[0]: carries an allergy of this patient (allergies[0])" in said
    assert "every food in 'Milk, cheese and yogurt' is left out for this patient; this group usually provides " \
           "calcium and protein" in said
    assert "Nueces" not in said and "Leche" not in said
    assert view.frame.lang == "es"


def test_a_food_group_left_out_whole_is_said_at_the_allergy_that_left_it_out(write, tmp_path):
    """Before: "c.yaml:1:1: warning: every food in 'Milk, cheese and yogurt' ...": at the file, where an editor
    jumping to FILE:LINE:COL finds 'plan:', not the milk allergy that left the group out."""
    cust = write("c.yaml", "plan: low-fodmap\nallergies: [milk, tree-nuts]\navoid: [coconut-yoghurt]\n")
    said = "every food in 'Milk, cheese and yogurt' is left out for this patient; this group usually provides"
    validated = run("validate", cust)
    assert_clean_exit(validated, 0)
    assert f"{cust}:2:13: warning: allergies[0]: {said}" in validated.stderr
    assert f"{cust}:1:1: warning" not in validated.stderr
    linted = run("lint", cust)
    assert f"{cust}:2: diet-sheet [warning]: {said}" in linted.stdout + linted.stderr
    printed = run("diet", "--customize", cust, "--format", "html", "-o", tmp_path / "s.html")
    assert_clean_exit(printed, 0)
    assert f"{cust}:2:13: warning: allergies[0]: {said}" in printed.stderr


def test_a_refused_test_food_is_said_at_its_test_foods_entry_without_naming_it(write, tmp_path):
    """Before: "test food for 'lactose': 'cow-milk' (from the customisation) and 'cow-milk' (from the plan)
    carries an allergy or intolerance of this patient; testing with 'yoghurt' instead", at no line."""
    cust = write("c.yaml", "plan: low-fodmap\nintolerances: [cow-milk]\ntest_foods: {lactose: cow-milk}\n"
                           "reintroduction_order: [gos, lactose]\n")
    said = ("carries an allergy or intolerance of this patient (intolerances[0]), as does the plan's: the sheet "
            "tests with another food")
    validated = run("validate", cust)
    assert_clean_exit(validated, 0)
    assert f"{cust}:3:14: warning: test_foods, the 1st entry: {said}" in validated.stderr
    printed = run("diet", "--customize", cust, "--as-of", "2025-08-01", "--format", "html", "-o", tmp_path / "s.html")
    assert_clean_exit(printed, 0)
    assert f"{cust}:3:14: warning: test_foods, the 1st entry: {said}" in printed.stderr  # as validate says it
    assert "milk" not in validated.stderr + printed.stderr and "yoghurt" not in printed.stderr
