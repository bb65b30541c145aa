"""A customisation edited by hand: slips a dietitian makes come back located, never silently applied."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts.context import Context
from handouts.errors import ContentError
from handouts.loading import load
from handouts.models.diet_customisation import DietCustomisation
from handouts.diet.policy import resolve
from handouts.diet.schedule import reintroduction_tests

CTX = Context.default(date(2025, 8, 1))
ROOT = Path(__file__).resolve().parent.parent


def problems(path: Path) -> list[tuple[int, str, str]]:
    with pytest.raises(ContentError) as caught:
        load(path, None, CTX)
    return [(p.line, p.field, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(("line", "field", "value"), [
    ("allergies: [tree-nuts, peanut, tree-nuts]", "allergies[2]", "tree-nuts"),
    ("intolerances: [garlic, garlic]", "intolerances[1]", "garlic"),
    ("eliminate: [caffeine, caffeine]", "eliminate[1]", "caffeine"),
    ("avoid: [grapes, rice, grapes]", "avoid[2]", "grapes"),
    ("enjoy: [rice, rice]", "enjoy[1]", "rice"),
    ("reintroduction_order: [gos, fructans, gos]", "reintroduction_order[2]", "gos"),
])
def test_an_id_listed_twice_is_located(write, line, field, value):
    path = write("customisations/c.yaml", f"plan: low-fodmap\n{line}\n")
    found = problems(path)
    assert found == [(2, field, f"duplicate entry (first at {field.split('[')[0]}[0])")], found


def test_a_category_tested_twice_is_tested_once_when_content_skipped_validation():
    """Built in memory (no rules ran), the order's second 'gos' must not schedule a second test."""
    plan, catalogue = CTX.load_plan("low-fodmap"), CTX.catalogue
    cust = DietCustomisation.model_validate({"reintroduction_order": ["gos", "fructans", "gos"]})
    rules, _ = resolve(plan, catalogue, cust)
    tests, _ = reintroduction_tests(rules, plan, cust)
    assert [t.category.id for t in tests] == ["gos", "fructans"]


def test_a_group_of_categories_in_the_test_order_names_its_parts(write):
    """'polyols' passed validation, then the sheet dropped it with 'no safe test food in the catalogue'."""
    path = write("customisations/c.yaml", "plan: low-fodmap\nreintroduction_order: [polyols, fructans]\n"
                                          "test_foods: {polyols: avocado}\n")
    assert problems(path) == [
        (2, "reintroduction_order[0]",
         "'polyols' is a group of categories: test its parts one at a time (sorbitol, mannitol)"),
        (3, "test_foods, the 1st entry",
         "'polyols' is a group of categories: test its parts one at a time (sorbitol, mannitol)"),
    ]


def test_a_plan_that_tests_a_group_of_categories_is_told_so(write):
    plan = (ROOT / "data" / "diets" / "low-fodmap.yaml").read_text(encoding="utf-8")
    old = "order: [fructans, gos, lactose, excess-fructose, sorbitol, mannitol]"
    assert old in plan
    path = write("diets/low-fodmap.yaml", plan.replace(old, "order: [fructans, gos, lactose, excess-fructose, polyols]"))
    found = [(f, m) for _, f, m in problems(path)]
    assert ("reintroduction.order[4]",
            "'polyols' is a group of categories: test its parts one at a time (sorbitol, mannitol)") in found, found


def test_a_food_both_left_out_as_an_intolerance_and_enjoyed_is_a_contradiction(write):
    """Before: 'garlic' went under 'Enjoy' with 'your dietitian says this is fine', and nobody was told."""
    path = write("customisations/c.yaml", "plan: low-fodmap\nintolerances: [garlic]\nenjoy: [rice, garlic]\n")
    assert problems(path) == [(3, "enjoy[1]", "this entry is under both 'intolerances' and 'enjoy'")]


def test_the_diet_command_locates_a_warning_about_an_unused_setting(write, tmp_path):
    """What the sheet's checks say about a file points at the line to change."""
    from cliutil import run

    path = write("c.yaml", "plan: low-fodmap\npatient: Sam Example\nkeep: [caffeine]\ntest_foods: {caffeine: coffee}\n")
    result = run("diet", "--customize", str(path), "--as-of", "2025-08-01", "--format", "html",
                 "-o", str(tmp_path / "sheet.html"))
    assert result.exit_code == 0, result.output
    assert f"{path}:3:8: warning: keep[0]: not left out by plan 'low-fodmap'" in result.output
    assert (f"{path}:4:14: warning: test_foods, the 1st entry: 'caffeine' is not left out for this patient, so "
            "'coffee' tests nothing") in result.output  # as handouts validate says it


def test_an_extra_food_named_like_a_catalogue_food_is_refused(write):
    """Before: 'avoid: [rice]' and an extra food 'Rice' printed Rice under both 'Leave out' and 'Enjoy'."""
    path = write("customisations/c.yaml", "plan: low-fodmap\navoid: [rice]\nextra_foods:\n"
                                          "  - {name: 'Rice ', group: grains, carries: []}\n"
                                          "  - {name: {en: Kombucha, es: Kombucha}, group: drinks, carries: []}\n"
                                          "  - {name: KOMBUCHA, group: snacks, carries: [caffeine]}\n"
                                          "  - {name: {en: Tea, es: Leche de vaca}, group: drinks, carries: []}\n")
    assert problems(path) == [
        (4, "extra_foods[0].name",
         "'Rice ' is the catalogue's food 'rice': list 'rice' under 'avoid' or 'enjoy' instead of adding it again"),
        (6, "extra_foods[2].name", "duplicate extra food (first at extra_foods[1].name)"),
        (7, "extra_foods[3].name", "'Leche de vaca' is the catalogue's food 'cow-milk': list 'cow-milk' under "
                                   "'avoid' or 'enjoy' instead of adding it again"),
    ]


def test_warnings_about_an_extra_food_point_at_the_extra_foods_line(write, tmp_path):
    """They named no line ('maria.yaml: extra food ... mentions sesame'), or the line of 'enjoy:'."""
    from cliutil import run

    path = write("c.yaml", "plan: trigger-foods\npatient: Maria Example\nallergies: [sesame]\nenjoy: [rice]\n"
                           "extra_foods:\n  - {name: Grandma's sesame cookies, group: snacks}\n"
                           "  - {name: Tahini bars, group: snacks, carries: [sesame], list: enjoy}\n")
    result = run("diet", "--customize", str(path), "--as-of", "2025-08-01", "--format", "html",
                 "-o", str(tmp_path / "sheet.html"))
    assert result.exit_code == 0, result.output
    assert (f"{path}:6:5: warning: extra_foods[0]: its name mentions an allergy of this patient (allergies[0])"
            in result.output)
    assert f"{path}:7:5: warning: extra_foods[1]: carries an allergy of this patient (allergies[0])" in result.output
    assert "sesame" not in result.stderr.lower() and "Tahini" not in result.stderr, "neither the name nor the allergy"
