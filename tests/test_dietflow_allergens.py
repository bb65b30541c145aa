"""An allergy leaves out every food that carries the allergen: under 'Enjoy', as a swap, as a test food."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts.context import Context
from handouts.diet.merge import merge_catalogues
from handouts.inputs import DietInputs
from handouts.loading import load_brand
from handouts.models.diet_catalogue import FoodCatalogue
from handouts.models.diet_customisation import DietCustomisation
from handouts.views.diet import diet_view

ROOT = Path(__file__).resolve().parent.parent
CTX = Context.default(date(2025, 8, 1))
ALLERGENS = [c.id for c in CTX.catalogue.categories if c.kind == "allergen"]

PRACTICE = {  # a practice's own food, tagged with an allergen in large portions only
    "categories": [{"id": "fizz", "kind": "trigger", "name": "Fizzy drinks", "unverified": "a test category"}],
    "groups": [{"id": "grains", "name": "Grains", "foods": [{
        "id": "crackers", "name": "Crackers", "in_large_portions": ["wheat", "fructans"], "portion": "two crackers",
        "unverified": "the practice's own note"}]}],
}


@pytest.fixture(scope="module")
def brand():
    return load_brand(ROOT / "data" / "brands" / "default.yaml", CTX)


def sheet(plan_id, brand, catalogue=None, **fields):
    catalogue = catalogue or CTX.catalogue
    inputs = DietInputs(CTX.load_plan(plan_id), catalogue, DietCustomisation.model_validate(fields), brand,
                        ROOT / "data" / "brands")
    return diet_view(inputs, CTX)


@pytest.mark.parametrize("plan_id", ["low-fodmap", "trigger-foods"])
@pytest.mark.parametrize("allergen", ALLERGENS)
def test_no_food_with_the_allergen_is_enjoyed_swapped_in_or_tested(brand, plan_id, allergen):
    catalogue = CTX.catalogue
    carrying = {f.id for f in catalogue.foods() if allergen in (*f.carries, *f.in_large_portions)}
    names = {catalogue.food(f).name.get("en") for f in carrying}
    # the dietitian even asks for every one of them under 'Enjoy'
    view = sheet(plan_id, brand, allergies=[allergen], enjoy=sorted(carrying))
    assert not carrying & view.listed("enjoy")
    assert carrying <= view.listed("avoid")
    for group in view.groups:
        for item in group.avoid:
            assert not names & set(item.swaps), (item.id, item.swaps)
        for line in group.swaps:
            assert not names & set(line.options), line
    assert not carrying & {t.food_id for t in view.tests}
    assert allergen not in {t.category_id for t in view.tests}
    warned = {w.partition(":")[0] for w in view.warnings if "an allergy of this patient (allergies[0])" in w}
    assert warned == {f"enjoy[{i}]" for i in range(len(carrying))}, "each at its entry, never by name"


def test_a_practice_catalogue_cannot_tag_an_allergen_as_a_large_portion_only(write):
    from handouts.errors import ContentError
    from handouts.loading import load

    path = write("foods/catalogue.yaml", "categories:\n  - {id: fizz, kind: trigger, name: Fizzy drinks, "
                                         "unverified: a test category}\ngroups:\n  - id: grains\n    name: Grains\n"
                                         "    foods:\n      - id: crackers\n        name: Crackers\n"
                                         "        in_large_portions: [wheat, fructans]\n        portion: two crackers\n"
                                         "        unverified: the practice's own note\n")
    practice = Context.default(date(2025, 8, 1), data_dirs=[path.parent.parent])
    with pytest.raises(ContentError) as caught:
        load(path, "food-catalogue", practice)
    found = [(p.line, p.field, p.message) for p in caught.value.problems]
    assert found == [(9, "groups[0].foods[0].in_large_portions[0]",
                      "'wheat' is an allergen: a small portion is no safer for a patient allergic to it, "
                      "so list it under 'carries'")]


def test_content_that_skipped_the_rules_still_never_lists_the_allergen_under_enjoy(brand):
    """Before: 'Crackers (two crackers)' under 'Enjoy' for a patient allergic to wheat, with no wheat tag."""
    catalogue = merge_catalogues(CTX.catalogue, FoodCatalogue.model_validate(PRACTICE))
    view = sheet("trigger-foods", brand, catalogue, allergies=["wheat"])
    crackers = next(f for g in view.groups for f in g.avoid if f.id == "crackers")
    assert crackers.allergy and crackers.contains_text == "contains wheat"
    plain = sheet("trigger-foods", brand, catalogue)  # every sheet tags the allergen, whoever reads it
    assert next(f for g in plain.groups for f in (*g.avoid, *g.enjoy) if f.id == "crackers").contains_text == \
        "contains wheat"


def test_an_extra_food_tagged_with_a_group_of_categories_is_left_out_for_its_parts(brand):
    """Before: 'carries: [polyols]' matched none of the sheet's left-out categories (sorbitol, mannitol),
    so sugar-free mints went under 'Enjoy' on a low-FODMAP sheet."""
    view = sheet("low-fodmap", brand, extra_foods=[
        {"name": "Sugar-free mints", "group": "snacks", "carries": ["polyols"]},
        {"name": "Plain popcorn", "group": "snacks", "carries": []},
    ])
    snacks = next(g for g in view.groups if g.id == "snacks")
    mints = next(f for f in snacks.avoid if f.name == "Sugar-free mints")
    assert mints.reasons == ("Sorbitol", "Mannitol")
    assert "Plain popcorn" in {f.name for f in snacks.enjoy}
    kept = sheet("low-fodmap", brand, keep=["mannitol"],
                 extra_foods=[{"name": "Sugar-free mints", "group": "snacks", "carries": ["polyols"]}])
    assert next(f for g in kept.groups for f in g.avoid if f.name == "Sugar-free mints").reasons == ("Sorbitol",)


def test_a_note_for_a_group_of_categories_is_refused_where_it_would_never_print(write):
    """A sheet leaves out a group's parts, never the group: a 'when_avoiding: {polyols: ...}' note never printed."""
    from handouts.errors import ContentError
    from handouts.loading import load

    path = write("foods/catalogue.yaml", "categories:\n  - {id: fizz, kind: trigger, name: Fizzy drinks, "
                                         "unverified: a test category}\ngroups:\n  - id: snacks\n    name: Snacks\n"
                                         "    foods:\n      - id: mints\n        name: Mints\n        carries: []\n"
                                         "        when_avoiding: {polyols: choose mints without sorbitol}\n"
                                         "        unverified: the practice's own note\n")
    practice = Context.default(date(2025, 8, 1), data_dirs=[path.parent.parent])
    with pytest.raises(ContentError) as caught:
        load(path, "food-catalogue", practice)
    assert [(p.line, p.field, p.message) for p in caught.value.problems] == [
        (10, "groups[0].foods[0].when_avoiding.polyols",
         "'polyols' is a group of categories: give the note under each part it is for (sorbitol, mannitol)")]
