"""The food catalogue: foods by group, each tagged with the trigger categories it carries.

Cross-field rules (ids unique, tags and swaps resolve, allergen names tagged, every
food fact sourced or marked unverified): handouts.diet.rules. The catalogue is
general guidance for dietitians to adjust, never a clinical source: portion notes
are approximate and in plain words, and each fact names the source it rests on
(handouts.models.diet_sources) or says why it has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, Tag, model_validator
from pydantic_core import PydanticCustomError

from handouts.locale import EnglishTag
from handouts.models.common import TOO_MANY_ENTRIES, Capped, LocalizedText, Model, Slug, Text, at_most
from handouts.models.diet_sources import FoodSource, SourceIds
from handouts.models.shapes import by_shape
from handouts.models.topic import Review
from handouts.models.translation import Translations

CategoryKind = Literal["trigger", "fodmap", "allergen", "group"]

MAX_FOODS = 5000
"""The most foods one catalogue file may hold, in all its groups together, and the most sources it may list.
Ours, chosen generously: the shipped catalogue has 80 foods and 8 sources, a practice's own file adds some
dozens, and a file the size of a national food-composition table (a few thousand foods) still fits. Validating
a food costs about half a millisecond (its name is read against every allergen's keywords), so 5,000 take
seconds; 30,000 foods in one group took 18 s, and 30,000 tags on one food listed a problem for each."""

MAX_KEYWORDS = 50
"""The most keywords (or aliases) one category may hold: each keyword is searched for in every food's name,
so they multiply with the foods. The shipped catalogue's longest list has 11; 30,000 keywords on one allergen
took 12 s to validate a catalogue of one food."""

Keywords = Annotated[tuple[Text, ...], Field(max_length=MAX_KEYWORDS), at_most(MAX_KEYWORDS)]

FactSources = Annotated[
    Annotated[Slug, Tag("text")] | Annotated[Capped[tuple[Slug, ...]], Tag("list")]
    | Annotated[Capped[dict[Slug, SourceIds]], Tag("mapping")],
    by_shape("give a source id, a list of source ids, or source ids by fact: {fodmap: id, sorbitol: [id, id]}"),
]
"""A food's sources: for all its facts, or by fact (told apart by shape: handouts.models.shapes)."""

FactReasons = Annotated[
    Annotated[Text, Tag("text")] | Annotated[Capped[dict[Slug, Text]], Tag("mapping")],
    by_shape("give the reason as text, or reasons by fact: {fodmap: ...}"),
]
"""Why a food's facts have no source: for all of them, or by fact."""


class Category(Model):
    """Something a food can carry: a trigger (gluten), a FODMAP subgroup, an allergen.

    A `group` category (e.g. `fodmap`) stands for its `parts`, so a plan or a
    dietitian can eliminate all FODMAP subgroups with one word.
    """

    id: Slug
    kind: CategoryKind
    name: LocalizedText = Field(description="Plain name for patients, e.g. 'Lactose (milk sugar)'")
    short: LocalizedText | None = Field(default=None, description="For tight spaces, e.g. 'lactose' (default: name)")
    about: LocalizedText | None = Field(default=None, description="Where it is found, in plain words")
    parts: Capped[tuple[Slug, ...]] = Field(
        default=(), description="Only for kind 'group': the categories it stands for")
    keywords: Keywords = Field(
        default=(),
        description="Words in a food's name that mean it likely carries this category: an allergen's are "
        "checked on every food; another category's on every food a plan that leaves it out would list "
        "under 'enjoy' (safety checks)",
    )
    aliases: Annotated[tuple[Slug, ...], Field(max_length=MAX_KEYWORDS), at_most(MAX_KEYWORDS)] = Field(
        default=(),
        description="Only for kind 'allergen': other words a dietitian may write for it under 'allergies' "
        "(e.g. 'dairy' for milk); they are refused there with this allergen suggested",
    )
    source: SourceIds | None = Field(
        default=None,
        description="Source id(s) that back this tag on every food that carries it (e.g. the FDA's list of "
        "major food allergens), unless the food says otherwise",
    )
    unverified: Text | None = Field(
        default=None, description="Why this tag has no source on the foods that carry it, unless a food cites one"
    )

    @model_validator(mode="after")
    def _parts_only_for_groups(self) -> Category:
        if self.kind == "group" and not self.parts:
            raise ValueError("a 'group' category needs 'parts'")
        if self.kind != "group" and self.parts:
            raise ValueError("only a category of kind 'group' has 'parts'")
        if self.kind != "allergen" and self.aliases:
            raise ValueError("only a category of kind 'allergen' has 'aliases'")
        if self.kind == "group" and (self.source is not None or self.unverified is not None):
            raise ValueError("a 'group' category is never a food's tag: give 'source' or 'unverified' on its parts")
        if self.source is not None and self.unverified is not None:
            raise ValueError("give 'source' or 'unverified', not both")
        return self


class Food(Model):
    id: Slug
    name: LocalizedText
    carries: Capped[tuple[Slug, ...]] = Field(default=(), description="Category ids this food carries")
    in_large_portions: Capped[tuple[Slug, ...]] = Field(
        default=(), description="Categories it carries only in large portions: fine in the small portion below"
    )
    portion: LocalizedText | None = Field(
        default=None,
        description="Plain, approximate portion note, e.g. 'about 10 at a time'. With 'in_large_portions': "
        "printed under 'enjoy' when one of those is left out; alone: its rating holds only in this portion, "
        "so it is printed wherever the food is under 'enjoy'",
    )
    free_of: Capped[tuple[Slug, ...]] = Field(
        default=(),
        description="Categories its name suggests but it does not carry, e.g. milk for 'coconut milk', "
        "fructans for 'garlic-infused oil'",
    )
    swaps: Capped[tuple[Slug, ...]] = Field(default=(), description="Food ids to suggest instead")
    when_avoiding: Capped[dict[Slug, LocalizedText]] = Field(
        default_factory=dict, description="A note shown when the patient avoids that category"
    )
    source: FactSources | None = Field(
        default=None,
        description="Source id(s) for this food's facts that its categories do not already source; or, by fact, "
        "e.g. {fodmap: varney2017, sorbitol: yao2014} ('fodmap' is its low-FODMAP rating)",
    )
    unverified: FactReasons | None = Field(
        default=None,
        description="Why this food's other facts have no source; or, by fact, e.g. {fodmap: 'not yet checked'}",
    )

    @model_validator(mode="after")
    def _portion_with_large_portions(self) -> Food:
        if self.in_large_portions and self.portion is None:
            raise ValueError("'in_large_portions' needs a 'portion' note saying what a small portion is")
        return self

    @model_validator(mode="after")
    def _one_backing_per_fact(self) -> Food:
        if isinstance(self.source, dict) and isinstance(self.unverified, dict):
            both = sorted(set(self.source) & set(self.unverified))
            if both:
                raise ValueError(f"'{both[0]}' has both a 'source' and an 'unverified' reason: give one")
        if self.source is not None and not isinstance(self.source, dict) and isinstance(self.unverified, str):
            raise ValueError("give 'source' or 'unverified' for the rest of its facts, not both")
        return self


class FoodGroup(Model):
    id: Slug
    name: LocalizedText
    provides: LocalizedText | None = Field(
        default=None,
        description="What this group usually gives a diet, in plain words (e.g. 'calcium and protein'): "
        "a customisation that leaves out every food in it warns the dietitian. Common knowledge only, no figures",
    )
    foods: Annotated[tuple[Food, ...], Field(max_length=MAX_FOODS), at_most(MAX_FOODS)] = Field(min_length=1)


def _foods_in_all(groups: Any) -> Any:
    """The catalogue's foods counted over its groups before any is checked: each group's own cap lets
    many groups hold more foods than MAX_FOODS between them."""
    if not isinstance(groups, list | tuple):
        return groups
    count = sum(len(g["foods"]) for g in groups if isinstance(g, dict) and isinstance(g.get("foods"), list | tuple))
    if count > MAX_FOODS:
        raise PydanticCustomError(
            TOO_MANY_ENTRIES,
            "{count} foods in its groups, more than any document uses: give at most {limit} (each entry is checked "
            "once there are no more)",
            {"count": count, "limit": MAX_FOODS},
        )
    return groups


@lru_cache(maxsize=16384)  # a catalogue's keywords at their caps (200 categories of MAX_KEYWORDS) all stay compiled
def _word_pattern(keyword: str) -> re.Pattern[str]:
    # whole words, optional plural: 'egg' matches 'eggs' but not 'eggplant'; 'nut' not 'coconut'
    return re.compile(r"\b" + re.escape(keyword.lower()) + r"(?:e?s)?\b")


@lru_cache(maxsize=1024)
def _any_word(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """One search for all of a category's keywords, as `_word_pattern` reads each (the alternation backtracks
    into the next keyword, so it matches exactly when one of them does): a name is searched once per category,
    not once per keyword. Past the 512 patterns `re` keeps compiled, a catalogue's keywords were compiled anew
    for every food, and 500 foods against 200 allergens of 50 keywords took minutes."""
    return re.compile(r"\b(?:" + "|".join(re.escape(k.lower()) for k in keywords) + r")(?:e?s)?\b")


def named_categories(categories: Iterable[Category], name: str, free_of: Iterable[str] = ()) -> dict[str, str]:
    """Categories whose keywords a food's name mentions (category id → the word found)."""
    text = name.lower()
    skip = set(free_of)
    found: dict[str, str] = {}
    for cat in categories:
        if cat.id in skip or not cat.keywords or not _any_word(cat.keywords).search(text):
            continue
        for word in cat.keywords:  # the first keyword in its list that the name mentions
            if _word_pattern(word).search(text):
                found[cat.id] = word
                break
    return found


def named_allergens(categories: Iterable[Category], name: str, free_of: Iterable[str] = ()) -> dict[str, str]:
    """Allergen categories among `categories` whose keywords a food's name mentions."""
    return named_categories((c for c in categories if c.kind == "allergen"), name, free_of)


@dataclass(frozen=True)
class CatalogueLayer:
    """One catalogue file as merged: where it is and its own content (with its review)."""

    path: str
    catalogue: FoodCatalogue


class FoodCatalogue(Model):
    sources: Annotated[tuple[FoodSource, ...], Field(max_length=MAX_FOODS), at_most(MAX_FOODS)] = Field(
        default=(), description="What the food facts cite, by id")
    categories: Capped[tuple[Category, ...]] = Field(min_length=1)
    groups: Annotated[Capped[tuple[FoodGroup, ...]], BeforeValidator(_foods_in_all)] = Field(min_length=1)
    language: EnglishTag | None = Field(
        default=None, description="The English spelling the names are written in (handouts lint checks it)",
    )
    translations: Capped[Translations] = Field(
        default_factory=dict, description="Each other language's translation of the names, and its review",
    )
    review: Review | None = Field(
        default=None,
        description="Who reviewed this catalogue file, and when: `handouts approve FILE` writes it, as for a plan. "
        "A diet sheet prints DRAFT or REVIEW OVERDUE by the weakest of its plan and the catalogue files its "
        "foods come from; a file with no review prints no mark unless the workspace sets "
        "require_catalogue_approval",
    )
    _layers: tuple[CatalogueLayer, ...] = PrivateAttr(default=())
    """The files merged into this catalogue, a practice's own first (handouts.diet.catalogue_review):
    set by the context that merged them, empty for a catalogue built otherwise."""
    _strict: bool = PrivateAttr(default=False)
    """The workspace's require_catalogue_approval when it was merged: a file never approved counts as a draft."""

    @cached_property
    def _categories(self) -> dict[str, Category]:
        return {c.id: c for c in self.categories}

    @cached_property
    def _sources(self) -> dict[str, FoodSource]:
        return {s.id: s for s in self.sources}

    def source(self, source_id: str) -> FoodSource:
        return self._sources[source_id]

    def has_source(self, source_id: str) -> bool:
        return source_id in self._sources

    @cached_property
    def _foods(self) -> dict[str, tuple[FoodGroup, Food]]:
        return {f.id: (g, f) for g in self.groups for f in g.foods}

    def category(self, category_id: str) -> Category:
        return self._categories[category_id]

    def has_category(self, category_id: str) -> bool:
        return category_id in self._categories

    def food(self, food_id: str) -> Food:
        return self._foods[food_id][1]

    def group_of(self, food_id: str) -> FoodGroup:
        return self._foods[food_id][0]

    def has_food(self, food_id: str) -> bool:
        return food_id in self._foods

    def group(self, group_id: str) -> FoodGroup:
        return next(g for g in self.groups if g.id == group_id)

    def foods(self) -> Iterator[Food]:
        for group in self.groups:
            yield from group.foods

    def expand(self, ids: Iterable[str]) -> frozenset[str]:
        """Category ids with every 'group' category replaced by its parts (recursively)."""
        out: set[str] = set()
        todo = list(ids)
        while todo:
            cid = todo.pop()
            cat = self._categories.get(cid)
            if cat is not None and cat.kind == "group":
                todo.extend(p for p in cat.parts if p not in out)
            else:
                out.add(cid)
        return frozenset(out)

    def named_allergens(self, name: str, free_of: Iterable[str] = ()) -> dict[str, str]:
        """Allergen categories a food's name mentions (category id → the word found)."""
        return named_categories((c for c in self.categories if c.kind == "allergen"), name, free_of)
