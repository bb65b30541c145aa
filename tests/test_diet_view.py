"""The diet sheet's view: placement of foods, the allergen rule, dates, reintroduction."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from handouts.context import Context
from handouts.diet.errors import DietError
from handouts.inputs import DietInputs
from handouts.loading import load_brand
from handouts.models.diet_customisation import DietCustomisation
from handouts.views.diet import diet_view

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 8, 1)
CTX = Context.default(TODAY)


@pytest.fixture(scope="module")
def catalogue():
    return CTX.catalogue


@pytest.fixture(scope="module")
def fodmap():
    return CTX.load_plan("low-fodmap")


@pytest.fixture(scope="module")
def trigger():
    return CTX.load_plan("trigger-foods")


@pytest.fixture(scope="module")
def brand():
    return load_brand(ROOT / "data" / "brands" / "default.yaml", CTX)


def view_of(plan, catalogue, brand, **fields):
    inputs = DietInputs(plan, catalogue, DietCustomisation.model_validate(fields), brand, ROOT / "data" / "brands")
    return diet_view(inputs, CTX)


def where(view, food_id: str) -> str:
    avoid, enjoy = view.listed("avoid"), view.listed("enjoy")
    assert (food_id in avoid) != (food_id in enjoy), f"{food_id} must be listed exactly once"
    return "avoid" if food_id in avoid else "enjoy"


# --- the plan's own lists ---------------------------------------------------------------


def test_every_catalogue_food_is_listed_exactly_once(fodmap, catalogue, brand):
    view = view_of(fodmap, catalogue, brand)
    ids = [f.id for g in view.groups for f in (*g.avoid, *g.enjoy)]
    assert sorted(ids) == sorted(f.id for f in catalogue.foods())


def test_low_fodmap_sorts_by_fodmap_tags(fodmap, catalogue, brand):
    view = view_of(fodmap, catalogue, brand)
    for food_id in ("wheat-bread", "onion", "garlic", "lentils", "cow-milk", "apple", "honey", "mushrooms"):
        assert where(view, food_id) == "avoid", food_id
    for food_id in ("rice", "hard-cheese", "lactose-free-milk", "orange", "carrot", "chicken", "coffee"):
        assert where(view, food_id) == "enjoy", food_id


def test_trigger_plan_leaves_out_its_six_categories(trigger, catalogue, brand):
    view = view_of(trigger, catalogue, brand)
    assert {c.id for c in view.leave_out} == {"gluten", "dairy", "ultra-processed", "alcohol", "refined-sugar", "caffeine"}
    for food_id in ("wheat-bread", "cow-milk", "hard-cheese", "processed-meat", "wine", "sugar", "coffee"):
        assert where(view, food_id) == "avoid", food_id
    for food_id in ("rice", "apple", "onion", "lentils", "almond-milk", "decaf-coffee"):
        assert where(view, food_id) == "enjoy", food_id


def test_small_portion_foods_are_enjoyed_with_their_portion_note(fodmap, catalogue, brand):
    view = view_of(fodmap, catalogue, brand)
    almonds = next(f for g in view.groups for f in g.enjoy if f.id == "almonds")
    assert "about 10 at a time" in almonds.notes
    # without the FODMAP elimination the portion note does not apply
    other = view_of(fodmap, catalogue, brand, keep=["gos"])
    almonds = next(f for g in other.groups for f in g.enjoy if f.id == "almonds")
    assert almonds.notes == ()


def test_label_notes_appear_when_the_category_is_avoided(trigger, catalogue, brand):
    view = view_of(trigger, catalogue, brand)
    oats = next(f for g in view.groups for f in g.enjoy if f.id == "oats")
    assert oats.notes == ("choose oats labeled gluten-free",)


# --- the customisation moves foods as asked ----------------------------------------------


def test_customisation_moves_foods_between_lists(fodmap, catalogue, brand):
    view = view_of(fodmap, catalogue, brand, avoid=["grapes", "rice"], enjoy=["yoghurt"])
    assert where(view, "grapes") == "avoid" and where(view, "rice") == "avoid"
    assert where(view, "yoghurt") == "enjoy"
    grapes = next(f for g in view.groups for f in g.avoid if f.id == "grapes")
    assert grapes.notes == ("your dietitian's choice",)


def test_keep_and_eliminate_change_whole_categories(fodmap, catalogue, brand):
    view = view_of(fodmap, catalogue, brand, keep=["lactose"], eliminate=["caffeine"])
    assert where(view, "cow-milk") == "enjoy" and where(view, "yoghurt") == "enjoy"
    assert where(view, "coffee") == "avoid" and where(view, "cola") == "avoid"
    assert "lactose" not in {c.id for c in view.leave_out}
    assert "lactose" not in {t.category_id for t in view.tests}  # nothing to bring back


def test_group_category_expands_to_its_parts(trigger, catalogue, brand):
    view = view_of(trigger, catalogue, brand, eliminate=["polyols"])
    assert where(view, "sugar-free-sweets") == "avoid"
    assert where(view, "stone-fruit") == "avoid"


def test_intolerances_are_avoided_but_the_dietitian_may_allow_a_food(trigger, catalogue, brand):
    view = view_of(trigger, catalogue, brand, keep=["dairy"], intolerances=["lactose"], enjoy=["yoghurt"])
    assert where(view, "cow-milk") == "avoid"
    assert where(view, "hard-cheese") == "enjoy"
    assert where(view, "yoghurt") == "enjoy"  # an intolerance, not an allergy: the dietitian decides
    yoghurt = next(f for g in view.groups for f in g.enjoy if f.id == "yoghurt")
    assert yoghurt.notes == ("your dietitian says this is fine for you",)


def test_extra_foods_are_placed_by_their_tags(trigger, catalogue, brand):
    view = view_of(trigger, catalogue, brand, extra_foods=[
        {"name": "Kombucha", "group": "drinks", "carries": ["caffeine"]},
        {"name": "Rice porridge", "group": "grains", "carries": []},
        {"name": "Mum's flapjack", "group": "snacks", "list": "avoid"},
    ])
    drinks = next(g for g in view.groups if g.id == "drinks")
    grains = next(g for g in view.groups if g.id == "grains")
    snacks = next(g for g in view.groups if g.id == "snacks")
    assert "Kombucha" in [f.name for f in drinks.avoid]
    assert "Rice porridge" in [f.name for f in grains.enjoy]
    assert "Mum's flapjack" in [f.name for f in snacks.avoid]


def test_an_extra_food_that_says_nothing_of_what_it_carries_is_never_listed_as_safe(trigger, catalogue, brand):
    # Homemade cookies carry refined sugar, which this plan leaves out; the tool cannot know
    # that, so a food whose facts nobody stated goes under 'Leave out', asking the dietitian.
    view = view_of(trigger, catalogue, brand, extra_foods=[
        {"name": "Homemade cookies", "group": "snacks"},
        {"name": "Seed crackers", "group": "snacks", "free_of": ["sesame"]},
        {"name": "Rice porridge", "group": "grains", "carries": []},
        {"name": "Granola", "group": "grains", "list": "enjoy"},
    ])
    snacks = next(g for g in view.groups if g.id == "snacks")
    grains = next(g for g in view.groups if g.id == "grains")
    for index, name in enumerate(("Homemade cookies", "Seed crackers")):
        [food] = [f for f in snacks.avoid if f.name == name]
        assert food.notes == ("ask your dietitian",)
        assert name not in [f.name for f in snacks.enjoy]
        assert [w for w in view.warnings if w.startswith(f"extra_foods[{index}]: says neither what it carries nor "
                                                         "where to list it")]
        assert not [w for w in view.warnings if name in w], "at its entry, never by the name typed for the patient"
    assert "Rice porridge" in [f.name for f in grains.enjoy]  # 'carries: []': stated, it carries none
    assert "Granola" in [f.name for f in grains.enjoy]  # the dietitian placed it
    assert not [w for w in view.warnings if "Rice porridge" in w or "Granola" in w]


def test_swaps_are_only_foods_this_patient_may_eat(trigger, catalogue, brand):
    view = view_of(trigger, catalogue, brand)
    grains = next(g for g in view.groups if g.id == "grains")
    wheat = next(f for f in grains.avoid if f.id == "wheat-bread")
    # sourdough spelt bread carries gluten: never a swap when gluten is left out
    assert wheat.swaps == ("Gluten-free bread",)
    enjoyed = {f.name for g in view.groups for f in g.enjoy}
    for group in view.groups:
        for food in group.avoid:
            assert set(food.swaps) <= enjoyed, food.id


# --- an allergen never lands under "enjoy" --------------------------------------------------

ALLERGENS = ["milk", "egg", "peanut", "tree-nuts", "soy", "wheat", "fish", "shellfish", "sesame"]


def carriers(catalogue, category: str) -> list[str]:
    return [f.id for f in catalogue.foods() if category in catalogue.expand(f.carries)]


@pytest.mark.parametrize("seed", range(12))
def test_allergens_never_enjoyed_swapped_or_tested_whatever_the_customisation(seed, fodmap, trigger, catalogue, brand):
    """Property-style: random allergies, and a dietitian who lists every food under 'enjoy'."""
    rng = random.Random(seed)
    allergies = rng.sample(ALLERGENS, rng.randint(1, 3))
    everything = [f.id for f in catalogue.foods()]
    plan = rng.choice([fodmap, trigger])
    chosen = rng.sample(everything, rng.randint(5, 30))
    keep = rng.sample(["gluten", "dairy", "lactose", "fructans", "caffeine", "milk", "peanut"], 2)
    view = view_of(plan, catalogue, brand, allergies=allergies, enjoy=chosen, keep=keep,
                   test_foods={"lactose": "cow-milk"} if plan is fodmap else {})
    unsafe = {food_id for a in allergies for food_id in carriers(catalogue, a)}
    assert unsafe, "every allergen is carried by some catalogue food"
    assert not unsafe & view.listed("enjoy")
    assert unsafe <= view.listed("avoid")
    unsafe_names = {catalogue.food(f).name.get("en") for f in unsafe}
    for group in view.groups:
        for food in group.avoid:
            assert not set(food.swaps) & unsafe_names
            if food.id in unsafe:
                assert food.allergy, food.id
    assert not {t.food_id for t in view.tests} & unsafe
    assert not {t.category_id for t in view.tests} & set(allergies)
    for food_id in set(chosen) & unsafe:  # the dietitian asked: the view says why it did not, at the entry
        assert any(w.startswith(f"enjoy[{chosen.index(food_id)}]: carries an allergy of this patient (allergies[")
                   and "never under 'Enjoy'" in w for w in view.warnings), food_id
    named = [w for w in view.warnings for a in allergies if f"'{a}'" in w or f"'{a.title()}" in w]
    assert not named, "which allergy the patient has is never said, only where it is listed"


@pytest.mark.parametrize(("allergy", "says"), [
    ("dairy", "'dairy' is a trigger category, not an allergen; did you mean 'milk'?"),
    ("lactose", "'lactose' is a FODMAP category, not an allergen: to leave it out for this patient list it under "
                "'intolerances'"),
    ("cow-milk", "'cow-milk' is a food, not an allergen; did you mean 'milk'?"),
    ("soy-sauce", "'soy-sauce' is a food, not an allergen; did you mean 'soy' or 'wheat'?"),
    ("strawberries", "'strawberries' is a food, not an allergen: to keep it off this patient's sheet list it under "
                     "'avoid'"),
    ("soya", "unknown allergen; did you mean 'soy'?"),
])
def test_allergies_name_allergens_only(fodmap, catalogue, brand, allergy, says):
    """Content that skipped validation is refused by the view with the rules' own words."""
    with pytest.raises(DietError) as caught:
        view_of(fodmap, catalogue, brand, allergies=["peanut", allergy])
    assert str(caught.value).startswith(f"allergies: {says}")


def test_a_milk_allergy_keeps_the_label_note_on_dark_chocolate(fodmap, catalogue, brand):
    """The issue's reproduction: with 'milk' (not 'dairy') the sheet warns about the label."""
    view = view_of(fodmap, catalogue, brand, allergies=["peanut", "milk"])
    chocolate = next(f for g in view.groups for f in g.enjoy if f.id == "dark-chocolate")
    assert chocolate.notes == ("check the label for milk",)
    assert where(view, "cow-milk") == "avoid" and where(view, "hard-cheese") == "avoid"
    assert view.allergies == ("Peanut", "Milk")


def test_the_allergen_categories_are_the_us_major_allergens(catalogue):
    assert {c.id for c in catalogue.categories if c.kind == "allergen"} == set(ALLERGENS)


def test_extra_food_named_like_an_allergen_is_avoided_with_a_warning(trigger, catalogue, brand):
    view = view_of(trigger, catalogue, brand, allergies=["sesame"], extra_foods=[
        {"name": "Sesame snaps", "group": "snacks", "list": "enjoy"},
        {"name": "Coconut milk", "group": "dairy", "free_of": ["milk"], "carries": []},
    ])
    snacks = next(g for g in view.groups if g.id == "snacks")
    assert "Sesame snaps" in [f.name for f in snacks.avoid]
    assert any(w.startswith("extra_foods[0]: carries an allergy of this patient (allergies[0])")
               for w in view.warnings), view.warnings
    assert not any("Sesame" in w or "sesame" in w for w in view.warnings), "neither the name typed nor the allergy"
    dairy = next(g for g in view.groups if g.id == "dairy")
    assert "Coconut milk" in [f.name for f in dairy.enjoy]


def test_keep_of_an_allergy_still_avoids_it_with_a_warning(trigger, catalogue, brand):
    view = view_of(trigger, catalogue, brand, allergies=["milk"], keep=["milk", "dairy"])
    assert where(view, "cow-milk") == "avoid" and where(view, "butter") == "avoid"
    assert [w for w in view.warnings if w.startswith("keep[")] == [
        "keep[0]: an allergy of this patient (allergies[0]), so foods with it stay under 'Leave out'"]


# --- every sheet tags allergens; a sheet without allergies asks for them ------------------------


def test_blank_sheet_asks_for_allergies_and_tags_every_allergen(fodmap, catalogue, brand):
    inputs = DietInputs(fodmap, catalogue, None, brand, ROOT / "data" / "brands")
    view = diet_view(inputs, CTX)
    assert view.allergy_write_in and view.allergies == ()
    peanut = next(f for g in view.groups for f in g.enjoy if f.id == "peanut-butter")
    assert peanut.contains_text == "contains peanut"
    soy_sauce = next(f for g in view.groups for f in (*g.avoid, *g.enjoy) if f.id == "soy-sauce")
    assert soy_sauce.contains_text == "contains soy and wheat"
    for group in view.groups:
        for food in (*group.avoid, *group.enjoy):
            carried = {c for c in catalogue.food(food.id).carries if catalogue.category(c).kind == "allergen"}
            assert bool(food.contains) == bool(carried), food.id
    rice = next(f for g in view.groups for f in g.enjoy if f.id == "rice")
    assert rice.contains_text == ""


def test_a_sheet_with_allergies_has_no_write_in_but_still_tags_other_allergens(fodmap, catalogue, brand):
    view = view_of(fodmap, catalogue, brand, allergies=["peanut"])
    assert not view.allergy_write_in
    cheese = next(f for g in view.groups for f in g.enjoy if f.id == "hard-cheese")
    assert cheese.contains_text == "contains milk"
    extra = view_of(fodmap, catalogue, brand, allergies=["peanut"], extra_foods=[
        {"name": "Sesame snaps", "group": "snacks"}])
    snaps = next(f for g in extra.groups for f in (*g.avoid, *g.enjoy) if f.name == "Sesame snaps")
    assert snaps.contains_text == "contains sesame"


# --- dates stay on the calendar ---------------------------------------------------------------


@pytest.mark.parametrize("field", ["start_date", "follow_up"])
def test_a_date_years_away_is_refused_not_crashed_on(fodmap, catalogue, brand, field):
    with pytest.raises(DietError) as caught:
        view_of(fodmap, catalogue, brand, **{field: date(9999, 12, 1)})
    assert str(caught.value).startswith(f"{field}: this date is more than 2 years after today (2025-08-01)")
    with pytest.raises(DietError):
        view_of(fodmap, catalogue, brand, **{field: date(1999, 12, 31)})
    old = TODAY - timedelta(days=5 * 366)
    assert view_of(fodmap, catalogue, brand, start_date=old, follow_up=old).phases  # an old sheet
    assert view_of(fodmap, catalogue, brand, **{field: date(2027, 8, 1)}).phases  # the window's last day


# --- a whole food group left out ---------------------------------------------------------------


def test_leaving_out_whole_food_groups_warns_with_what_they_provide(trigger, catalogue, brand):
    view = view_of(trigger, catalogue, brand, avoid=[
        "almond-milk", "coconut-yoghurt", "gluten-free-bread", "rice", "rice-pasta", "quinoa", "oats"])
    grains = [w for w in view.warnings if "'Bread, grains and cereals'" in w]
    dairy = [w for w in view.warnings if "'Milk, cheese and yogurt'" in w]
    assert grains and "usually provides fiber, B vitamins and energy" in grains[0]
    assert dairy and "usually provides calcium and protein" in dairy[0]
    assert not any("usually provides" in w for w in view_of(trigger, catalogue, brand).warnings)


def test_a_group_that_provides_nothing_in_particular_never_warns(fodmap, catalogue, brand):
    drinks = [f.id for f in catalogue.group("drinks").foods]
    view = view_of(fodmap, catalogue, brand, avoid=drinks)
    assert all(where(view, d) == "avoid" for d in drinks)
    assert not any("usually provides" in w for w in view.warnings)


# --- dates follow the start date and phase lengths -----------------------------------------


def test_phases_follow_the_start_date_and_lengths(fodmap, catalogue, brand):
    start = date(2025, 9, 1)
    view = view_of(fodmap, catalogue, brand, start_date=start, phase_lengths={"elimination": "3 weeks"})
    leave, back, own = view.phases
    assert (leave.start, leave.end, leave.length) == (start, start + timedelta(days=20), "3 weeks")
    # six tests of 3 days, 2 break days between them: 6 * 3 + 5 * 2 = 28 days
    assert back.start == date(2025, 9, 22) and back.days == 28 and back.end == date(2025, 10, 19)
    assert own.start == date(2025, 10, 20) and own.end is None
    assert leave.start_text == "Mon, Sep 1, 2025" and leave.range_text == "Sep\u00a01 – 21,\u00a02025"


def test_reintroduction_days_rise_then_break(fodmap, catalogue, brand):
    start = date(2025, 9, 1)
    view = view_of(fodmap, catalogue, brand, start_date=start, phase_lengths={"elimination": "14 days"})
    first = view.tests[0]
    assert [d.date for d in first.days] == [date(2025, 9, 15), date(2025, 9, 16), date(2025, 9, 17)]
    assert [d.portion for d in first.days] == ["small portion", "medium portion", "usual portion"]
    assert first.rest is not None and first.rest.date_text == "Sep\u00a018 – 19"  # the date whole; it may break at the dash
    assert first.days[0].date_text == "Mon Sep\u00a015"  # the weekday may go on a line of its own, not the day
    assert view.tests[1].days[0].date == date(2025, 9, 20)
    assert view.tests[-1].rest is None  # no break after the last test
    assert [t.category_id for t in view.tests] == ["fructans", "gos", "lactose", "excess-fructose", "sorbitol", "mannitol"]


def test_length_in_days_and_default_length(fodmap, catalogue, brand):
    view = view_of(fodmap, catalogue, brand, start_date=date(2025, 1, 1), phase_lengths={"elimination": "10 days"})
    assert view.phases[0].end == date(2025, 1, 10) and view.phases[0].length == "10 days"
    default = view_of(fodmap, catalogue, brand, start_date=date(2025, 1, 1))
    assert default.phases[0].length == "4 weeks" and default.phases[0].range == "2 to 6 weeks"


def test_length_outside_the_plan_range_warns(fodmap, catalogue, brand):
    view = view_of(fodmap, catalogue, brand, phase_lengths={"elimination": "8 weeks"})
    assert any("outside the plan's 2 to 6 weeks" in w for w in view.warnings)


def test_without_a_start_date_there_are_lengths_but_no_dates(fodmap, catalogue, brand):
    view = view_of(fodmap, catalogue, brand)
    assert all(p.start is None and p.end is None for p in view.phases)
    assert view.phases[0].length == "4 weeks"
    assert all(d.date is None for t in view.tests for d in t.days)


def test_reintroduction_order_and_test_foods_from_the_customisation(fodmap, catalogue, brand):
    view = view_of(fodmap, catalogue, brand, reintroduction_order=["lactose", "fructans"],
                   test_foods={"lactose": "yoghurt"})
    assert [(t.category_id, t.food_id) for t in view.tests] == [("lactose", "yoghurt"), ("fructans", "wheat-bread")]


def test_unsafe_test_food_is_replaced_by_a_safe_one(fodmap, catalogue, brand):
    view = view_of(fodmap, catalogue, brand, allergies=["wheat"])
    fructans = next(t for t in view.tests if t.category_id == "fructans")
    assert fructans.food_id == "rye-bread"
    # said at the allergy, never the foods or the category: with the catalogue they say which allergy it is
    assert ("allergies[0]: carried by the plan's test food for one of its tests: the sheet tests with another food"
            in view.warnings), view.warnings
    assert not [w for w in view.warnings if "wheat" in w or "rye" in w or "fructans" in w]


def test_a_category_with_no_safe_test_food_is_left_out_with_a_warning(fodmap, catalogue, brand):
    view = view_of(fodmap, catalogue, brand, allergies=["milk"])
    assert "lactose" not in {t.category_id for t in view.tests}
    assert ("allergies[0]: leaves no safe test food in the catalogue for one of the plan's tests; it is left out "
            "of the schedule: choose one with the patient") in view.warnings, view.warnings
    assert not [w for w in view.warnings if "lactose" in w or "milk" in w]
    # every one moved under 'avoid', no allergy in the way: the category is named
    moved = view_of(fodmap, catalogue, brand, avoid=["cow-milk", "yoghurt", "soft-cheese", "milk-chocolate"])
    assert "lactose" not in {t.category_id for t in moved.tests}
    assert ("reintroduction: no safe test food for 'lactose' in the catalogue for this patient; it is left out of "
            "the schedule: choose one with the patient") in moved.warnings, moved.warnings


# --- honest wording ----------------------------------------------------------------------------


def test_unsupported_plan_prints_as_the_dietitians_choice(trigger, fodmap, catalogue, brand):
    unproven = view_of(trigger, catalogue, brand)
    assert unproven.unproven and "no firm proof" in unproven.unproven and "short" in unproven.unproven
    assert unproven.sources == ()
    cited = view_of(fodmap, catalogue, brand)
    assert cited.unproven is None
    assert cited.timing_note  # its lengths and schedule have no verified source
    assert any("British Society of Gastroenterology" in s for s in cited.sources)


def test_draft_plans_carry_the_draft_mark(fodmap, catalogue, brand):
    view = view_of(fodmap, catalogue, brand)
    assert view.frame.kind == "diet-sheet"
    assert view.frame.review_mark == "DRAFT"
    assert view.frame.metadata.created == date(2025, 7, 2)
