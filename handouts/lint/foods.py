"""What `handouts lint` says about a food catalogue: every food fact that has no source.

One finding per food, listing its unverified facts (tags, and `fodmap` for its
low-FODMAP rating) with the reasons the catalogue gives, so a dietitian reviewing
the catalogue has the full list in one run. Facts are resolved as the sheets
resolve them: against the catalogue this file extends (a practice's over the
shipped one), so a category default from the shipped catalogue counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from handouts.diet.facts import Fact, unverified_facts
from handouts.diet.merge import merge_catalogues
from handouts.lint.findings import Issue
from handouts.models.diet_catalogue import FoodCatalogue
from handouts.validation import RuleContext

RULE = "unverified-food-fact"


def check_food_facts(catalogue: FoodCatalogue, ctx: RuleContext | None) -> Iterator[Issue]:
    base = ctx.base_catalogue(ctx.file) if ctx is not None and isinstance(ctx.file, Path) else None
    merged = merge_catalogues(base, catalogue) if base is not None else catalogue
    for g, group in enumerate(catalogue.groups):
        for f, food in enumerate(group.foods):
            facts = unverified_facts(merged, merged.food(food.id))
            if facts:
                yield Issue(RULE, "info", f"'{food.id}' has unverified facts: {_listing(facts)}",
                            ("groups", g, "foods", f))


def _listing(facts: tuple[Fact, ...]) -> str:
    """'fodmap (low in FODMAPs by ...); caffeine, refined-sugar (no source cited)': facts grouped by reason."""
    by_reason: dict[str, list[str]] = {}
    for fact in facts:
        by_reason.setdefault(fact.unverified or "", []).append(fact.key)
    return "; ".join(f"{', '.join(keys)} ({reason})" for reason, keys in by_reason.items())
