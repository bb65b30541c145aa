"""Food facts: what the catalogue says about each food, where it comes from, and what a sheet
may put under "Enjoy" because of it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.cli import main
from handouts.context import Context
from handouts.diet.facts import NO_BACKING, food_facts, shown_unverified
from handouts.diet.policy import enjoy_contradictions
from handouts.errors import ContentError
from handouts.inputs import DietInputs
from handouts.lint.runner import lint_paths
from handouts.loading import load, load_brand
from handouts.models.diet_catalogue import FoodCatalogue
from handouts.models.diet_customisation import DietCustomisation
from handouts.views.diet import RATINGS_UNREVIEWED, diet_view

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCED = Path(__file__).parent / "fixtures" / "diet" / "sourced-catalogue.yaml"
TODAY = date(2025, 8, 1)
CTX = Context.default(TODAY)
PLANS = ("low-fodmap", "trigger-foods")


@pytest.fixture(scope="module")
def catalogue() -> FoodCatalogue:
    return CTX.catalogue


@pytest.fixture(scope="module")
def brand():
    return load_brand(DATA / "brands" / "default.yaml", CTX)


def view_of(plan_id: str, brand, catalogue: FoodCatalogue | None = None, **fields):
    inputs = DietInputs(CTX.load_plan(plan_id), catalogue or CTX.catalogue,
                        DietCustomisation.model_validate(fields), brand, DATA / "brands")
    return diet_view(inputs, CTX)


def item(view, food_id: str, where: str = "enjoy"):
    found = [f for g in view.groups for f in getattr(g, where) if f.id == food_id]
    assert found, f"{food_id} is not under {where}"
    return found[0]


def where(view, food_id: str) -> str:
    avoid, enjoy = view.listed("avoid"), view.listed("enjoy")
    assert (food_id in avoid) != (food_id in enjoy), f"{food_id} must be listed exactly once"
    return "avoid" if food_id in avoid else "enjoy"


# --- the facts the issue found wrong -----------------------------------------------------------


@pytest.mark.parametrize("food_id", [
    "cola",  # US sodas are sweetened with high-fructose corn syrup: excess fructose
    "fruit-juice", "processed-meat", "chips", "sweets", "ready-meals", "sugar-free-sweets",
])
def test_the_low_fodmap_sheet_leaves_out_what_carries_fodmaps(brand, food_id):
    assert where(view_of("low-fodmap", brand), food_id) == "avoid"


@pytest.mark.parametrize("food_id", ["sugar-free-sweets", "cola", "beer", "wine", "chips", "processed-meat"])
def test_the_trigger_sheet_leaves_out_sugar_free_gum_drinks_and_processed_food(brand, food_id):
    assert where(view_of("trigger-foods", brand), food_id) == "avoid"


def test_drinks_to_leave_out_name_soda_and_fruit_juice(brand):
    drinks = next(g for g in view_of("low-fodmap", brand).groups if g.id == "drinks")
    assert {"cola", "fruit-juice"} <= {f.id for f in drinks.avoid}


def test_sugar_free_gum_carries_its_sugar_alcohols_with_the_paper_that_measured_them(catalogue):
    facts = {f.key: f for f in food_facts(catalogue, catalogue.food("sugar-free-sweets"))}
    assert facts["sorbitol"].sources == ("yao2014",)
    assert facts["ultra-processed"].sources == ("monteiro2019upf",)
    assert not facts["mannitol"].verified  # not named in what was read: honest about it


def test_alcohol_on_a_low_fodmap_sheet_is_enjoyed_only_in_its_portion(brand):
    view = view_of("low-fodmap", brand)
    assert item(view, "wine").notes == ("1 small glass at most",)
    assert item(view, "beer").notes == ("1 can at most",)


# --- no food under Enjoy contradicts its plan ------------------------------------------------------


@pytest.mark.parametrize("plan_id", PLANS)
def test_no_food_under_enjoy_contradicts_the_shipped_plans(catalogue, brand, plan_id):
    plan = CTX.load_plan(plan_id)
    eliminated = catalogue.expand(plan.eliminate)
    assert list(enjoy_contradictions(catalogue, eliminated)) == []
    for group in view_of(plan_id, brand).groups:
        for food in group.enjoy:
            tagged = set(catalogue.food(food.id).carries) & eliminated
            assert not tagged, (food.id, tagged)


def write_practice(tmp_path: Path, foods: str) -> Path:
    """A practice folder whose catalogue adds drinks to the shipped one."""
    folder = tmp_path / "practice"
    (folder / "foods").mkdir(parents=True)
    (folder / "foods" / "catalogue.yaml").write_text(
        "categories:\n  - {id: fizz, kind: trigger, name: Fizzy drinks, unverified: a test category}\n"
        "groups:\n  - id: drinks\n    name: Drinks\n    foods:\n" + foods, encoding="utf-8")
    return folder


def test_a_food_named_like_a_left_out_category_is_a_located_error_on_the_plan(tmp_path):
    practice = write_practice(tmp_path, "      - {id: apple-juice, name: Apple juice, unverified: not rated}\n")
    ctx = Context.default(TODAY, data_dirs=[practice])
    with pytest.raises(ContentError) as caught:
        load(DATA / "diets" / "low-fodmap.yaml", None, ctx)
    (problem,) = caught.value.problems
    line = (DATA / "diets" / "low-fodmap.yaml").read_text(encoding="utf-8").splitlines().index("eliminate: [fodmap]") + 1
    assert (problem.line, problem.field) == (line, "eliminate[0]")
    assert "'apple-juice' ('Apple juice') would be listed under 'Enjoy'" in problem.message
    assert "'apple', a sign of Excess fructose (fruit sugar) ('excess-fructose')" in problem.message
    # tagged, or said to be free of it, it validates; the trigger plan never cared
    for fixed in ("carries: [excess-fructose], source: varney2017", "free_of: [excess-fructose], unverified: x"):
        practice = write_practice(tmp_path / fixed[:5], f"      - {{id: apple-juice, name: Apple juice, {fixed}}}\n")
        load(DATA / "diets" / "low-fodmap.yaml", None, Context.default(TODAY, data_dirs=[practice]))
    load(DATA / "diets" / "trigger-foods.yaml", None, ctx)


def test_a_customisation_that_leaves_out_more_is_checked_the_same_way(tmp_path):
    practice = write_practice(tmp_path, "      - {id: pear-cider-vinegar, name: Pear drink, unverified: not rated}\n")
    (practice / "customisations").mkdir()
    cust = practice / "customisations" / "c.yaml"
    cust.write_text("plan: trigger-foods\neliminate: [caffeine, excess-fructose]\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load(cust, None, Context.default(TODAY, data_dirs=[practice]))
    (problem,) = caught.value.problems
    assert problem.field == "eliminate[1]" and "which this customisation leaves out" in problem.message


# --- every fact is sourced or says why not -------------------------------------------------------


def test_every_food_fact_has_a_source_that_resolves_or_a_reason(catalogue):
    for food in catalogue.foods():
        for fact in food_facts(catalogue, food):
            assert fact.verified or (fact.unverified and fact.unverified != NO_BACKING), (food.id, fact)
            assert all(catalogue.has_source(s) for s in fact.sources), (food.id, fact)


def test_every_allergen_tag_cites_the_us_major_allergen_law(catalogue):
    law = catalogue.source("fdca-major-allergens")
    assert law.URL and "21/321" in law.URL and "FASTER Act" in law.title and "2004" in law.title
    allergens = {c.id for c in catalogue.categories if c.kind == "allergen"}
    tags = [(f.id, fact) for f in catalogue.foods() for fact in food_facts(catalogue, f) if fact.key in allergens]
    assert tags and all("fdca-major-allergens" in fact.sources for _, fact in tags)


def test_papers_are_cited_by_doi(catalogue):
    for source_id in ("varney2017", "muir2007", "biesiekierski2011", "yao2014", "monteiro2019upf"):
        assert catalogue.source(source_id).DOI, source_id
    assert catalogue.source("varney2017").DOI == "10.1111/jgh.13698"
    facts = {f.key: f for f in food_facts(catalogue, catalogue.food("wheat-bread"))}
    assert facts["fructans"].sources == ("biesiekierski2011",)
    assert facts["gluten"].sources == ("cfr-gluten-free",)
    assert facts["wheat"].sources == ("fdca-major-allergens", "fda-allergen-guidance")


def catalogue_problems(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load(path, "food-catalogue", CTX)
    return [(p.field, p.message) for p in caught.value.problems]


BASE = (
    "sources:\n"
    "  - {id: paper2020, title: A paper, authors: A B, year: 2020, DOI: 10.1000/xyz}\n"
    "categories:\n"
    "  - {id: lactose, kind: fodmap, name: Lactose}\n"
    "  - {id: milk, kind: allergen, name: Milk, source: paper2020}\n"
    "groups:\n"
    "  - id: dairy\n"
    "    name: Dairy\n"
    "    foods:\n"
)


@pytest.mark.parametrize(("food", "field", "message"), [
    ("{id: rice, name: Rice}", "groups[0].foods[0]",
     "'rice': no source for its FODMAP rating ('fodmap': low, as it carries no FODMAP tag)"),
    ("{id: cream, name: Cream, carries: [milk, lactose]}", "groups[0].foods[0]",
     "'cream': no source for its 'lactose' tag"),
    ("{id: cream, name: Cream, carries: [milk, lactose], source: paper2021}", "groups[0].foods[0].source",
     "unknown source 'paper2021'; did you mean 'paper2020'?"),
    ("{id: cream, name: Cream, carries: [milk, lactose], unverified: {sorbitol: x}}",
     "groups[0].foods[0].unverified.sorbitol", "'sorbitol' is not a fact of this food (its facts: milk, lactose)"),
    ("{id: cream, name: Cream, carries: [milk, lactose], source: {lactose: paper2020}, unverified: {lactose: x}}",
     "groups[0].foods[0]", "'lactose' has both a 'source' and an 'unverified' reason"),
])
def test_unsourced_facts_and_unknown_sources_are_located(tmp_path, food, field, message):
    found = catalogue_problems(tmp_path, BASE + f"      - {food}\n")
    assert any(f == field and message in m for f, m in found), found


def test_a_category_source_backs_every_food_it_tags(tmp_path):
    path = tmp_path / "catalogue.yaml"
    path.write_text(BASE + "      - {id: cream, name: Cream, carries: [milk, lactose], unverified: not checked}\n",
                    encoding="utf-8")
    cream = load(path, "food-catalogue", CTX)
    facts = {f.key: f for f in food_facts(cream, cream.food("cream"))}
    assert facts["milk"].sources == ("paper2020",) and facts["lactose"].unverified == "not checked"
    problems = catalogue_problems(tmp_path, BASE.replace("year: 2020, DOI: 10.1000/xyz", "year: 2020")
                                  + "      - {id: rice, name: Rice, unverified: x}\n")
    assert ("sources[0]", "a source needs a 'DOI' or a 'URL', so a reader can find it") in problems


# --- lint lists every unverified fact ----------------------------------------------------------------


def test_lint_lists_every_unverified_food_fact_once_per_food(catalogue):
    (report,) = [r for r in lint_paths([DATA]) if r.kind == "food-catalogue"]
    listed = [f for f in report.findings if f.rule == "unverified-food-fact"]
    expected = {f.id for f in catalogue.foods() if any(not x.verified for x in food_facts(catalogue, f))}
    assert {f.message.split("'")[1] for f in listed} == expected
    assert len(listed) == len(expected)
    assert all(f.severity == "info" for f in listed)
    cola = next(f for f in listed if f.message.startswith("'cola'"))
    assert "caffeine (" in cola.message and "refined-sugar (" in cola.message
    assert "excess-fructose" not in cola.message  # sourced
    assert not any(f.message.startswith("'wheat-bread'") for f in listed)


def test_handouts_lint_data_prints_them_and_still_passes(catalogue):
    result = CliRunner().invoke(main, ["lint", str(DATA)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "unverified-food-fact [info]" in line]
    assert len(lines) == sum(1 for f in catalogue.foods() if any(not x.verified for x in food_facts(catalogue, f)))
    assert any("'wine' has unverified facts: alcohol (" in line and "fodmap (" in line for line in lines)


def test_lint_resolves_a_practice_catalogue_against_the_one_it_extends():
    practice = ROOT / "tests" / "fixtures" / "practice"
    (report,) = [r for r in lint_paths([practice / "foods" / "catalogue.yaml"])]
    (finding,) = [f for f in report.findings if f.rule != "catalogue-never-approved"]  # it has no review
    assert finding.message == ("'tomatillo' has unverified facts: nightshades (the practice's own grouping; no "
                               "source cited); fodmap (not rated by the practice yet)")


# --- the sheet says so, once, when it relies on an unverified fact ------------------------------------


@pytest.mark.parametrize("plan_id", PLANS)
def test_a_sheet_relying_on_an_unverified_fact_says_its_ratings_await_review(brand, plan_id):
    assert view_of(plan_id, brand).ratings_note == RATINGS_UNREVIEWED


def test_a_sheet_whose_facts_are_all_sourced_says_nothing_of_the_kind(brand, tmp_path):
    sourced = load(SOURCED, "food-catalogue", CTX)
    assert next(shown_unverified(sourced, sourced.expand(["fodmap"])), None) is None
    assert view_of("low-fodmap", brand, sourced).ratings_note is None
    # one low-FODMAP rating left unverified is enough
    text = SOURCED.read_text(encoding="utf-8").replace("{id: rice, name: Rice, source: test-source}",
                                                       "{id: rice, name: Rice, unverified: not checked}")
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    unverified = load(tmp_path / "c.yaml", "food-catalogue", CTX)
    assert view_of("low-fodmap", brand, unverified).ratings_note == RATINGS_UNREVIEWED
    # ... on a sheet that relies on it: keeping every FODMAP, the rice rating plays no part
    kept = view_of("low-fodmap", brand, unverified, keep=["fodmap"], reintroduction_order=[], test_foods={})
    assert kept.ratings_note is None


# --- portions --------------------------------------------------------------------------------------


def test_the_portion_prints_wherever_the_food_is_under_enjoy(brand):
    # the dietitian listing a portion-dependent food under 'enjoy' used to drop its portion
    view = view_of("low-fodmap", brand, enjoy=["avocado", "almonds"])
    assert item(view, "avocado").notes == ("small portion: an eighth of one",)
    assert item(view, "almonds").notes == ("about 10 at a time",)
    # a dietitian's own food with a portion prints it too
    view = view_of("low-fodmap", brand, extra_foods=[{"name": "Rice noodles", "group": "grains", "carries": [],
                                                      "portion": "1 cup cooked"}])
    noodles = next(f for g in view.groups for f in g.enjoy if f.name == "Rice noodles")
    assert noodles.notes == ("1 cup cooked",)
