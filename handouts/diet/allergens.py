"""What a customisation's `allergies` may name, and what a wrong name most likely meant.

`allergies` names allergens only: the catalogue's categories of kind
`allergen` (the US major food allergens, and any a practice adds). A trigger
category, a food or another word for an allergen there is a mistake with a
fix: "'dairy' is a trigger category, not an allergen; did you mean 'milk'?".
The other words are data (an allergen category's `aliases`), never code.

Both the customisation rules (located errors) and the sheet's view (which
refuses content that skipped validation) ask `allergy_problem`, and suggestion
lists leave out foods that carry what the patient most likely meant
(`meant_allergens`), so no "did you mean" ever offers a patient's allergen.
"""

from __future__ import annotations

from collections.abc import Iterable

from handouts.diet.suggest import normalised, suggestion
from handouts.models.diet_catalogue import Category, Food, FoodCatalogue

KIND_WORDS = {"trigger": "a trigger category", "fodmap": "a FODMAP category", "group": "a group of categories"}


def allergens(catalogue: FoodCatalogue) -> tuple[Category, ...]:
    return tuple(c for c in catalogue.categories if c.kind == "allergen")


def is_allergen(catalogue: FoodCatalogue, value: str) -> bool:
    return catalogue.has_category(value) and catalogue.category(value).kind == "allergen"


def alias_of(catalogue: FoodCatalogue, value: str) -> str | None:
    """The allergen another word stands for ('dairy' → 'milk'), from the catalogue's `aliases`."""
    key = normalised(value)
    return next((c.id for c in allergens(catalogue) if key in c.aliases), None)


def carried_allergens(catalogue: FoodCatalogue, food: Food) -> tuple[str, ...]:
    """The allergens a catalogue food carries, in the catalogue's order."""
    return tuple(c.id for c in allergens(catalogue) if c.id in food.carries)


def meant_allergens(catalogue: FoodCatalogue, values: Iterable[object]) -> frozenset[str]:
    """The allergens `allergies` stands for, read leniently: an allergen, the allergen another
    word stands for, or the allergens a food carries. Unknown names stand for nothing."""
    out: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            continue
        if is_allergen(catalogue, value):
            out.add(value)
        elif (alias := alias_of(catalogue, value)) is not None:
            out.add(alias)
        elif catalogue.has_food(value):
            out.update(carried_allergens(catalogue, catalogue.food(value)))
    return frozenset(out)


def _quoted(ids: Iterable[str]) -> str:
    return " or ".join(f"'{i}'" for i in ids)


def allergy_problem(catalogue: FoodCatalogue, value: str) -> str | None:
    """Why `value` cannot stand in `allergies`, with the fix; None when it names an allergen."""
    if is_allergen(catalogue, value):
        return None
    listing = ", ".join(c.id for c in allergens(catalogue))
    alias = alias_of(catalogue, value)
    if catalogue.has_category(value):
        kind = KIND_WORDS.get(catalogue.category(value).kind, "a category")
        if alias is not None:
            return f"'{value}' is {kind}, not an allergen; did you mean '{alias}'?"
        return (
            f"'{value}' is {kind}, not an allergen: to leave it out for this patient list it under "
            f"'intolerances' (allergens: {listing})"
        )
    if catalogue.has_food(value):
        carried = carried_allergens(catalogue, catalogue.food(value))
        if carried:
            return f"'{value}' is a food, not an allergen; did you mean {_quoted(carried)}?"
        return (
            f"'{value}' is a food, not an allergen: to keep it off this patient's sheet list it under 'avoid', "
            f"or add an allergen for it to your practice's food catalogue (allergens: {listing})"
        )
    # an unknown name is what was typed for this patient: never repeated, only the catalogue's word
    if alias is not None:
        return f"unknown allergen; did you mean '{alias}'?"
    hint = suggestion(value, [c.id for c in allergens(catalogue)])
    return f"unknown allergen{hint or f' (allergens: {listing})'}"
