"""A practice's food catalogue over the shipped one: it extends it, and its own ids win.

A source, category, group or food whose id the practice's file uses replaces
the shipped one; new ones are added. Foods merge group by group, so a practice can
add one food to the shipped "Snacks" group without copying the group.
"""

from __future__ import annotations

from handouts.models.diet_catalogue import FoodCatalogue, FoodGroup


def merge_catalogues(base: FoodCatalogue, own: FoodCatalogue) -> FoodCatalogue:
    own_sources = {s.id for s in own.sources}
    sources = (*own.sources, *(s for s in base.sources if s.id not in own_sources))
    own_categories = {c.id for c in own.categories}
    categories = (*own.categories, *(c for c in base.categories if c.id not in own_categories))
    own_groups = {g.id: g for g in own.groups}
    own_foods = {f.id for g in own.groups for f in g.foods}
    groups: list[FoodGroup] = []
    for group in base.groups:
        kept = tuple(f for f in group.foods if f.id not in own_foods)
        mine = own_groups.pop(group.id, None)
        if mine is not None:
            provides = mine.provides if mine.provides is not None else group.provides
            groups.append(FoodGroup(id=group.id, name=mine.name, provides=provides, foods=(*kept, *mine.foods)))
        elif kept:
            groups.append(group.model_copy(update={"foods": kept}))
    groups.extend(own_groups.values())
    return FoodCatalogue.model_construct(
        sources=sources, categories=tuple(categories), groups=tuple(groups), language=own.language or base.language,
        translations={**base.translations, **own.translations},
    )
