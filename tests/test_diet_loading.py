"""Loading the food catalogue, diet plans and customisations: located problems, suggestions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from cliutil import run
from handouts.context import Context
from handouts.errors import ContentError
from handouts.kinds import CONTENT_KINDS as KINDS
from handouts.loading import detect_kind, load
from handouts.models.diet import DietPlan
from handouts.models.diet_catalogue import FoodCatalogue
from handouts.models.diet_customisation import DietCustomisation
from handouts.yamlsource import parse

CTX = Context.default(date(2025, 8, 1))  # the sample customisations' dates lie within two years of it

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).parent / "fixtures" / "diet"
CATALOGUE = DATA / "foods" / "catalogue.yaml"
PLAN = DATA / "diets" / "low-fodmap.yaml"


def problems(path: Path, kind: str | None = None) -> list[tuple[int, int, str, str]]:
    with pytest.raises(ContentError) as caught:
        load(path, kind, CTX)
    return [(p.line, p.col, p.field, p.message) for p in caught.value.problems]


def only(path: Path, kind: str | None = None) -> tuple[int, int, str, str]:
    found = problems(path, kind)
    assert len(found) == 1, found
    return found[0]


# --- the shipped data ------------------------------------------------------------------


def test_validate_data_checks_catalogue_plans_and_customisations():
    result = run("validate", str(DATA))
    assert result.exit_code == 0, result.output
    oks = [line for line in result.stdout.splitlines() if line.startswith("ok  ")]
    for name in ("foods/catalogue.yaml", "diets/low-fodmap.yaml", "diets/trigger-foods.yaml",
                 "customisations/sam-low-fodmap.yaml", "customisations/maria-trigger-foods.yaml"):
        assert any(line.endswith(name) for line in oks), name


def test_shipped_files_load_as_their_models():
    assert isinstance(load(CATALOGUE, None, CTX), FoodCatalogue)
    assert isinstance(load(PLAN, None, CTX), DietPlan)
    assert isinstance(load(DATA / "customisations" / "sam-low-fodmap.yaml", None, CTX), DietCustomisation)


def test_catalogue_covers_the_required_categories():
    catalogue = load(CATALOGUE, None, CTX)
    assert isinstance(catalogue, FoodCatalogue)
    required = {"gluten", "dairy", "lactose", "fructans", "gos", "excess-fructose", "sorbitol", "mannitol",
                "alcohol", "caffeine", "refined-sugar", "ultra-processed",
                "milk", "egg", "peanut", "tree-nuts", "soy", "wheat", "fish", "shellfish", "sesame"}
    assert required <= {c.id for c in catalogue.categories}
    carried = {t for f in catalogue.foods() for t in (*f.carries, *f.in_large_portions)}
    assert required <= carried, "every category is carried by at least one food"


def test_catalogue_says_it_is_general_guidance():
    head = CATALOGUE.read_text(encoding="utf-8")[:1500]
    assert "NOT A CLINICAL SOURCE" in head and "APPROXIMATE" in head


def test_well_established_fodmap_tags():
    catalogue = load(CATALOGUE, None, CTX)
    assert isinstance(catalogue, FoodCatalogue)
    expect = {
        "wheat-bread": "fructans", "rye-bread": "fructans", "onion": "fructans", "garlic": "fructans",
        "lentils": "gos", "chickpeas": "gos", "beans": "gos", "cow-milk": "lactose", "yoghurt": "lactose",
        "soft-cheese": "lactose", "apple": "excess-fructose", "pear": "excess-fructose", "mango": "excess-fructose",
        "honey": "excess-fructose", "stone-fruit": "sorbitol", "mushrooms": "mannitol", "cauliflower": "mannitol",
    }
    for food_id, tag in expect.items():
        assert tag in catalogue.food(food_id).carries, food_id
    assert {"excess-fructose", "sorbitol"} <= set(catalogue.food("apple").carries)


@pytest.mark.parametrize(("text", "kind"), [
    ("plan: low-fodmap\npatient: Ann\nallergies: [peanut]\n", "diet-customisation"),
    ("dietitian: Jo\nstart_date: 2025-01-01\n", "diet-customisation"),
    ("categories: []\ngroups: []\n", "food-catalogue"),
    ("id: x\nphases: []\nbasis: {}\neliminate: []\n", "diet-plan"),
])
def test_kinds_are_detected_from_keys_anywhere(write, text, kind):
    path = write("elsewhere/file.yaml", text)
    assert detect_kind(path, parse(text, str(path))).name == kind


def test_kinds_are_detected_from_their_folders(write):
    for folder, kind in (("foods", "food-catalogue"), ("diets", "diet-plan"), ("customisations", "diet-customisation")):
        path = write(f"{folder}/x.yaml", "patient: Ann\n")
        assert detect_kind(path, parse("patient: Ann\n", str(path))).name == kind


# --- customisations: a ten-line file, located errors with suggestions ----------------------------


def test_a_ten_line_customisation_is_enough(write):
    text = (
        "plan: low-fodmap\npatient: Sam Rivera\ndietitian: Jordan Lee, RD\nstart_date: 2025-09-01\n"
        "allergies: [peanut]\nkeep: [lactose]\navoid: [grapes]\nenjoy: [hard-cheese]\n"
        "phase_lengths: {elimination: 4 weeks}\nnotes: Bring your diary to your next visit.\n"
    )
    assert len(text.splitlines()) == 10
    cust = load(write("c.yaml", text), None, CTX)
    assert isinstance(cust, DietCustomisation)
    assert cust.start_date == date(2025, 9, 1) and cust.phase_lengths["elimination"].days() == 28


def test_typos_come_back_located_with_suggestions():
    found = problems(FIXTURES / "typos.yaml")
    assert found == [
        (5, 13, "eliminate[0]", "unknown category; did you mean 'caffeine'?"),
        (6, 9, "avoid[0]", "unknown food; did you mean 'wheat-bread'?"),
        (7, 9, "enjoy[0]", "'gluten' is a category, not a food: list it under 'eliminate' or 'keep'"),
        (8, 13, "allergies[0]", "unknown allergen; did you mean 'peanut'?"),
        (9, 17, "phase_lengths, the 1st entry",
         "not a phase of plan 'low-fodmap'; did you mean 'elimination'? "
         "(phases: elimination, reintroduction, personalisation)"),
    ]


@pytest.mark.parametrize(("line", "field", "message"), [
    ("extra_foods: [{name: Kombucha, group: drink}]", "extra_foods[0].group", "did you mean 'drinks'?"),
    ("test_foods: {lactose: apple}", "test_foods, the 1st entry", "'apple' does not carry 'lactose'"),
    ("test_foods: {lactose: cow-milk}\nallergies: [milk]", "test_foods, the 1st entry", "carries an allergy"),
    ("reintroduction_order: [peanut]\nallergies: [peanut]", "reintroduction_order[0]", "never brought back"),
    ("reintroduction_order: [caffeine]", "reintroduction_order[0]", "not left out for this patient"),
    ("avoid: [rice]\nenjoy: [rice]", "enjoy[0]", "under both 'avoid' and 'enjoy'"),
    ("start_date: 2025-09-01\nfollow_up: 2025-08-01", "follow_up", "comes before the start date"),
    ("phase_lengths: {elimination: 4}", "phase_lengths, the 1st entry", "give the unit too"),
    ("phase_lengths: {reintroduction: 2 weeks}", "phase_lengths, the 1st entry", "comes from its test schedule"),
    ("plan: low-fodmapp", "plan", "did you mean 'low-fodmap'?"),
    ("eliminate: [apple]", "eliminate[0]", "'apple' is a food, not a category"),
])
def test_customisation_mistakes_are_located(write, line, field, message):
    text = ("plan: low-fodmap\n" if not line.startswith("plan:") else "") + line + "\n"
    path = write("customisations/c.yaml", text)
    found = problems(path)
    assert any(f == field and message in m for _, _, f, m in found), found
    assert all(ln > 0 for ln, _, _, _ in found)


def test_an_allergy_a_test_would_bring_back_is_pointed_at_never_named(write):
    """Before: "'milk' is an allergy of this patient: it is never brought back", "'milk' is not left out for
    this patient" and "'cow-milk' carries an allergy of this patient": on a shared terminal, and in a batch
    run's report at the row that names the patient."""
    path = write("customisations/c.yaml", "plan: low-fodmap\nallergies: [egg, milk]\n"
                                          "reintroduction_order: [fructans, milk]\ntest_foods: {lactose: cow-milk}\n")
    found = problems(path)
    assert [(line, field, message) for line, _, field, message in found] == [
        (3, "reintroduction_order[1]", "an allergy of this patient (allergies[1]): it is never brought back"),
        (3, "reintroduction_order[1]", "not left out for this patient, so there is nothing to bring back"),
        (4, "test_foods, the 1st entry", "the test food carries an allergy of this patient (allergies[1]): "
                                         "choose another test food"),
    ]


@pytest.mark.parametrize(("allergies", "field", "message"), [
    ("[peanut, dairy]", "allergies[1]", "'dairy' is a trigger category, not an allergen; did you mean 'milk'?"),
    ("[gluten]", "allergies[0]", "'gluten' is a trigger category, not an allergen: to leave it out for this patient "
                                 "list it under 'intolerances' (allergens: milk, egg, peanut, tree-nuts, soy, wheat, "
                                 "fish, shellfish, sesame)"),
    ("[peanut-butter]", "allergies[0]", "'peanut-butter' is a food, not an allergen; did you mean 'peanut'?"),
    ("[strawberries]", "allergies[0]", "'strawberries' is a food, not an allergen: to keep it off this patient's "
                                       "sheet list it under 'avoid'"),
    ("[nuts]", "allergies[0]", "unknown allergen; did you mean 'tree-nuts'?"),
    ("[Crustacean shellfish]", "allergies[0]", "unknown allergen; did you mean 'shellfish'?"),
    ("[kiwi]", "allergies[0]", "unknown allergen (allergens: milk, egg, peanut"),
])
def test_allergies_name_allergens_only(write, allergies, field, message):
    found = problems(write("customisations/c.yaml", f"plan: low-fodmap\nallergies: {allergies}\n"))
    assert [(ln, f) for ln, _, f, m in found if message in m] == [(2, field)], found
    assert len(found) == 1, found


def test_the_allergens_are_valid_allergies(write):
    path = write("customisations/c.yaml", "plan: low-fodmap\nallergies: [milk, egg, fish, shellfish, tree-nuts, "
                                          "peanut, wheat, soy, sesame]\n")
    assert isinstance(load(path, None, CTX), DietCustomisation)


@pytest.mark.parametrize("allergies", ["[milk]", "[dairy]", "[cow-milk]"])
def test_no_suggestion_offers_a_food_with_the_patients_allergen(write, allergies):
    """The issue's reproduction: 'oat-milk' got 'cow-milk' suggested to a patient allergic to milk."""
    found = problems(write("customisations/c.yaml", f"plan: low-fodmap\nallergies: {allergies}\n"
                                                    "enjoy: [oat-milk]\navoid: [cheese]\ntest_foods: {lactose: milkk}\n"))
    milk_foods = [f.id for f in CTX.catalogue.foods() if "milk" in f.carries]
    suggested = [m for _, _, f, m in found if f in ("enjoy[0]", "avoid[0]", "test_foods, the 1st entry")]
    assert len(suggested) == 3, found
    for message in suggested:
        assert not any(f"'{food}'" in message for food in milk_foods), message
    without = problems(write("customisations/d.yaml", "plan: low-fodmap\nenjoy: [oat-milk]\n"))
    assert "did you mean 'cow-milk'?" in without[0][3]  # the same typo, for a patient with no milk allergy


@pytest.mark.parametrize(("line", "field"), [
    ("start_date: 9999-12-01", "start_date"),
    ("start_date: '9999-12-01'", "start_date"),
    ("follow_up: 1900-01-01", "follow_up"),
])
def test_dates_far_from_today_are_located_errors(write, line, field):
    ctx = Context.default(date(2025, 8, 1))
    with pytest.raises(ContentError) as caught:
        load(write("customisations/c.yaml", f"plan: low-fodmap\n{line}\n"), None, ctx)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (2, field)
    assert "give a date from 2000-01-01 to 2027-08-01" in problem.message
    assert ("more than 2 years after today" if "9999" in line else "is before 2000-01-01") in problem.message


def test_an_old_sheet_can_be_printed_again(write):
    """Past dates are fine (back to 2000): the shipped samples never go stale."""
    ctx = Context.default(date(2040, 1, 1))
    load(write("customisations/c.yaml", "plan: low-fodmap\nstart_date: 2025-09-01\n"), None, ctx)


def test_dates_within_two_years_of_today_are_fine(write):
    ctx = Context.default(date(2025, 8, 1))
    path = write("customisations/c.yaml", "plan: low-fodmap\nstart_date: 2027-07-01\nfollow_up: 2027-08-01\n")
    assert isinstance(load(path, None, ctx), DietCustomisation)


def test_customisation_without_a_plan_is_checked_against_the_plan_it_is_used_with(write):
    path = write("c.yaml", "patient: Ann\nphase_lengths: {step-one: 2 weeks}\n")
    assert isinstance(load(path, None, CTX), DietCustomisation)  # no plan named: only catalogue names are checked
    with pytest.raises(ContentError) as caught:
        ctx = Context.default()
        load(path, "diet-customisation", ctx.with_plan(ctx.load_plan("low-fodmap")))
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (2, "phase_lengths, the 1st entry")
    assert "not a phase of plan 'low-fodmap'" in problem.message and "step-one" not in problem.message


def test_a_broken_catalogue_is_reported_not_crashed_on(write):
    broken = write("foods/catalogue.yaml", "categories: [{id: x}]\ngroups: []\n")
    practice = Context.default(data_dirs=[broken.parent.parent])
    with pytest.raises(ContentError) as caught:
        load(write("customisations/c.yaml", "avoid: [rice]\n"), None, practice)
    found = [(p.line, p.col, p.field, p.message) for p in caught.value.problems]
    assert any("food catalogue" in m and "has problems" in m for _, _, _, m in found)


# --- the catalogue's own rules ---------------------------------------------------------------


def catalogue_with(write, food: str) -> Path:
    text = (
        "categories:\n"
        "  - {id: milk, kind: allergen, name: Milk, keywords: [milk, cheese]}\n"
        "  - {id: lactose, kind: fodmap, name: Lactose}\n"
        "  - {id: fodmap, kind: group, name: FODMAP, parts: [lactose]}\n"
        "groups:\n"
        "  - id: dairy\n"
        "    name: Dairy\n"
        "    foods:\n"
        "      - {id: rice, name: Rice, unverified: a test food}\n"
        f"      - {food}\n"
    )
    return write("foods/catalogue.yaml", text)


@pytest.mark.parametrize(("food", "field", "message"), [
    ("{id: oat-milk, name: Oat milk}", "groups[0].foods[1].name",
     "'Oat milk' mentions 'milk' but the food does not carry 'milk'"),
    ("{id: cheese, name: Cheese, carries: [milk, lactos]}", "groups[0].foods[1].carries[1]",
     "unknown category 'lactos'; did you mean 'lactose'?"),
    ("{id: cheese, name: Cheese, carries: [milk, fodmap]}", "groups[0].foods[1].carries[1]",
     "'fodmap' is a group of categories"),
    ("{id: cheese, name: Cheese, carries: [milk], swaps: [rise]}", "groups[0].foods[1].swaps[0]",
     "unknown food 'rise'; did you mean 'rice'?"),
    ("{id: rice, name: Brown rice}", "groups[0].foods[1].id", "duplicate food id 'rice'"),
    ("{id: milk, name: Milk, carries: [milk]}", "groups[0].foods[1].id", "is also a category id"),
    ("{id: nuts, name: Nuts, in_large_portions: [lactose]}", "groups[0].foods[1]",
     "'in_large_portions' needs a 'portion' note"),
])
def test_catalogue_mistakes_are_located(write, food, field, message):
    found = problems(catalogue_with(write, food))
    assert any(f == field and message in m for _, _, f, m in found), found


@pytest.mark.parametrize(("milk", "lactose", "field", "message"), [
    ("[lactose]", "[]", "categories[0].aliases[0]", "'lactose' is an allergen's own id"),
    ("[rice]", "[]", "categories[0].aliases[0]", "'rice' is a food id"),
    ("[dairy]", "[dairy]", "categories[1].aliases[0]", "'dairy' already stands for 'milk'"),
])
def test_allergen_aliases_stand_for_one_allergen(write, milk, lactose, field, message):
    text = catalogue_with(write, "{id: cheese, name: Cheese, carries: [milk]}").read_text(encoding="utf-8")
    text = text.replace("keywords: [milk, cheese]}", f"keywords: [milk, cheese], aliases: {milk}}}")
    text = text.replace("{id: lactose, kind: fodmap, name: Lactose}", f"{{id: lactose, kind: allergen, name: Lactose, "
                                                                      f"aliases: {lactose}}}")
    text = text.replace("  - {id: fodmap, kind: group, name: FODMAP, parts: [lactose]}\n", "")
    found = problems(write("foods/catalogue.yaml", text))
    assert [f for _, _, f, m in found if message in m] == [field], found


def test_only_allergens_have_aliases(write):
    text = catalogue_with(write, "{id: cheese, name: Cheese, carries: [milk]}").read_text(encoding="utf-8")
    found = problems(write("foods/catalogue.yaml", text.replace("name: Lactose}", "name: Lactose, aliases: [milk-sugar]}")))
    assert any(f == "categories[1]" and "only a category of kind 'allergen' has 'aliases'" in m for _, _, f, m in found)


def test_what_groups_provide_is_plain_words_on_the_groups_a_diet_needs():
    catalogue = load(CATALOGUE, None, CTX)
    assert isinstance(catalogue, FoodCatalogue)
    provides = {g.id: g.provides.get("en") for g in catalogue.groups if g.provides is not None}
    assert provides["dairy"] == "calcium and protein"
    assert provides["grains"] == "fiber, B vitamins and energy"
    assert "snacks" not in provides and "drinks" not in provides
    assert not any(ch.isdigit() for text in provides.values() for ch in text)  # no invented figures


def test_a_practice_group_keeps_what_the_shipped_group_provides_unless_it_says_otherwise():
    from handouts.diet.merge import merge_catalogues

    own = FoodCatalogue.model_validate({
        "categories": [{"id": "oat", "kind": "trigger", "name": "Oats"}],
        "groups": [{"id": "dairy", "name": "Dairy", "foods": [{"id": "oat-drink", "name": "Oat drink"}]},
                   {"id": "grains", "name": "Grains", "provides": "fibre and energy",
                    "foods": [{"id": "millet", "name": "Millet"}]}],
    })
    merged = merge_catalogues(CTX.catalogue, own)
    assert merged.group("dairy").provides.get("en") == "calcium and protein"
    assert merged.group("grains").provides.get("en") == "fibre and energy"


def test_a_food_can_say_it_is_free_of_an_allergen_its_name_suggests(write):
    path = catalogue_with(write, "{id: oat-milk, name: Oat milk, free_of: [milk], unverified: a test food}")
    assert isinstance(load(path, None, CTX), FoodCatalogue)


# --- plan rules -------------------------------------------------------------------------------


def plan_text(**changes: str) -> str:
    text = PLAN.read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  citations: [vasant2021bsgibs, lacy2021acgibs, lomer2023lowfodmap]\n", "",
     "no source: cite a reference in 'citations'"),
    ("citations: [lomer2023lowfodmap]", "citations: [lomer2023]", "did you mean 'lomer2023lowfodmap'?"),
    ("    - en: usual portion\n      es: porción normal\n", "", "give one portion per test day: 3 test day(s) but 2 portion(s)"),
    ("eliminate: [fodmap]", "eliminate: [fodmap, caffine]", "unknown category 'caffine'; did you mean 'caffeine'?"),
    ("eliminate: [fodmap]", "eliminate: [fructans, gos, excess-fructose, sorbitol, mannitol]",
     "'lactose' is not left out by this plan"),
    ("    sorbitol: avocado", "    sorbitol: rice", "'rice' does not carry 'sorbitol'"),
    ("    duration: {unit: weeks, min: 2, max: 6, usual: 4}", "    duration: {unit: weeks, min: 6, max: 2}",
     "'max' (2) must not be less than 'min' (6)"),
])
def test_plan_mistakes_are_found(write, old, new, message):
    path = write("diets/plan.yaml", plan_text(**{old: new}))
    found = problems(path)
    assert any(message in m for _, _, _, m in found), found
    assert all(ln > 0 for ln, _, _, _ in found), found


def test_sample_plans_say_what_has_no_verified_source():
    trigger = Context.default().load_plan("trigger-foods")
    assert trigger.basis.unsupported and not trigger.basis.citations
    assert trigger.references == ()
    fodmap = Context.default().load_plan("low-fodmap")
    assert set(fodmap.basis.citations) == {"vasant2021bsgibs", "lacy2021acgibs", "lomer2023lowfodmap"}
    assert fodmap.phase("elimination").unsupported  # the 2-6 weeks is practice, not a checked source
    assert fodmap.phase("elimination").duration is not None
    assert (fodmap.phase("elimination").duration.min, fodmap.phase("elimination").duration.max) == (2, 6)


# --- editor schemas -----------------------------------------------------------------------------


def as_json(node):
    if isinstance(node, dict):
        return {str(k): as_json(v) for k, v in node.items()}
    if isinstance(node, list):
        return [as_json(v) for v in node]
    if isinstance(node, date):
        return node.isoformat()
    return node


@pytest.mark.parametrize(("kind", "path"), [
    ("food-catalogue", CATALOGUE),
    ("diet-plan", PLAN),
    ("diet-customisation", DATA / "customisations" / "sam-low-fodmap.yaml"),
    ("diet-customisation", DATA / "customisations" / "maria-trigger-foods.yaml"),
])
def test_samples_validate_against_the_schema(kind, path):
    assert kind in KINDS
    result = run("schema", "--kind", kind)
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    data = as_json(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))
    assert [e.message for e in Draft202012Validator(schema).iter_errors(data)] == []


def test_a_customisations_name_or_notes_too_long_is_counted_in_characters(tmp_path):
    """pydantic read a limit on an optional text as a list's: 'value should have at most 2000 items after
    validation, not 2100' for a dietitian's notes (and 120 'items' for a name), as a personalisation's once was."""
    path = tmp_path / "c.yaml"
    path.write_text(f"plan: low-fodmap\npatient: {'Ana ' * 40}\ndietitian: Jordan Lee, RD\nnotes: {'x' * 2100}\n",
                    encoding="utf-8")
    assert problems(path, "diet-customisation") == [
        (2, 1, "patient", "string should have at most 120 characters"),
        (4, 1, "notes", "string should have at most 2000 characters"),
    ]


@pytest.mark.parametrize(("value", "given"), [("peanut", "text"), ("3", "a number"), ("{peanut: yes}", "a mapping")])
def test_a_list_written_as_something_else_says_to_give_a_list(tmp_path, value, given):
    """'allergies: peanut' (the brackets forgotten) said 'input should be a valid tuple': a Python type."""
    path = tmp_path / "c.yaml"
    path.write_text(f"plan: low-fodmap\nallergies: {value}\n", encoding="utf-8")
    assert problems(path, "diet-customisation") == [
        (2, 1, "allergies", f"give a list here, as [first, second], not {given}")]
