"""A food's facts and what backs each one: a source to check, or an `unverified` reason.

A catalogue food states these facts:

- each FODMAP, trigger and allergen tag it carries (in `carries` or
  `in_large_portions`), keyed by the category id;
- its low-FODMAP rating, keyed `fodmap`, when it carries no FODMAP tag at all: a
  sheet that leaves FODMAPs out lists it under "enjoy", which is a claim too.

What backs a fact, first match wins: the food's own entry for that fact
(`source: {sorbitol: yao2014}` or `unverified: {sorbitol: ...}`); then the
category's default (`source:` on the `milk` allergen backs every food's milk
tag); then the food's plain `source` or `unverified`, which covers the rest.

The rules here work on plain values so the located checks over raw YAML
(handouts.diet.rules) and the models (lint, the sheet) resolve facts the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from handouts.models.diet_catalogue import Food, FoodCatalogue
from handouts.models.diet_sources import FODMAP_RATING, source_ids

FACT_KINDS = ("fodmap", "trigger", "allergen")
"""The kinds of category whose tags are facts that need a source."""

NO_BACKING = "no source and no reason given"


@dataclass(frozen=True)
class Backing:
    """What one level (a food's entry, a category's default) says about a fact."""

    sources: tuple[str, ...] = ()
    unverified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.sources) or self.unverified is not None


@dataclass(frozen=True)
class Fact:
    key: str  # a category id, or 'fodmap' for the low-FODMAP rating
    sources: tuple[str, ...] = ()
    unverified: str | None = None  # why there is no source (NO_BACKING when nothing was given)

    @property
    def verified(self) -> bool:
        return bool(self.sources)


def fact_keys(tags: Iterable[str], kind_of: Callable[[str], str | None], rates_fodmap: bool) -> tuple[str, ...]:
    """The facts a food with these tags states (tags of unknown categories are reported elsewhere).

    `rates_fodmap`: the catalogue has FODMAP categories, so a food without one is rated low.
    """
    keys = tuple(dict.fromkeys(t for t in tags if kind_of(t) in FACT_KINDS))
    if rates_fodmap and not any(kind_of(t) == "fodmap" for t in keys):
        keys += (FODMAP_RATING,)
    return keys


def backing_of(key: str, source: Any, unverified: Any, default: Backing | None) -> Backing | None:
    """What backs fact `key` of a food with these raw `source` / `unverified` values, or None."""
    if isinstance(source, Mapping) and key in source:
        return Backing(sources=_ids(source[key]))
    if isinstance(unverified, Mapping) and isinstance(unverified.get(key), str):
        return Backing(unverified=unverified[key])
    if default:
        return default
    if source is not None and not isinstance(source, Mapping) and _ids(source):
        return Backing(sources=_ids(source))
    if isinstance(unverified, str):
        return Backing(unverified=unverified)
    return None


def _ids(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(v for v in value if isinstance(v, str))
    return ()


# --- over the models ---------------------------------------------------------------------


def category_backing(catalogue: FoodCatalogue, category_id: str) -> Backing | None:
    if not catalogue.has_category(category_id):
        return None
    category = catalogue.category(category_id)
    return Backing(source_ids(category.source), category.unverified)


def rates_fodmap(catalogue: FoodCatalogue) -> bool:
    return any(c.kind == "fodmap" for c in catalogue.categories)


def food_facts(catalogue: FoodCatalogue, food: Food) -> tuple[Fact, ...]:
    """Every fact a catalogue food states, with what backs it."""

    def kind_of(cid: str) -> str | None:
        return catalogue.category(cid).kind if catalogue.has_category(cid) else None

    facts = []
    for key in fact_keys((*food.carries, *food.in_large_portions), kind_of, rates_fodmap(catalogue)):
        found = backing_of(key, food.source, food.unverified, category_backing(catalogue, key))
        if found is None:
            facts.append(Fact(key, unverified=NO_BACKING))
        else:
            facts.append(Fact(key, found.sources, None if found.sources else found.unverified))
    return tuple(facts)


def unverified_facts(catalogue: FoodCatalogue, food: Food) -> tuple[Fact, ...]:
    return tuple(f for f in food_facts(catalogue, food) if not f.verified)


def shown_unverified(catalogue: FoodCatalogue, avoided: frozenset[str]) -> Iterator[tuple[Food, Fact]]:
    """Unverified facts a sheet relies on, for a patient who avoids `avoided` (concrete categories).

    Every catalogue food is on every sheet. A sheet relies on a food's allergen tags
    (printed on every sheet), on the tags it leaves out (they place the food, or print
    its portion), and, when it leaves out any FODMAP, on the low-FODMAP rating of the
    foods it lists under "enjoy".
    """
    fodmap_sheet = any(catalogue.has_category(c) and catalogue.category(c).kind == "fodmap" for c in avoided)
    for food in catalogue.foods():
        for fact in unverified_facts(catalogue, food):
            if fact.key == FODMAP_RATING:
                shown = fodmap_sheet
            else:
                shown = fact.key in avoided or catalogue.category(fact.key).kind == "allergen"
            if shown:
                yield food, fact
