"""Whole food groups a customisation leaves out: what the patient may then go without.

An elimination diet is meant to be short and still nourishing. When every food
of a group that usually provides something (the catalogue's `provides`, in plain
words) ends up under 'leave out', the dietitian gets a warning naming the group
and what it usually provides, so they can plan a replacement with the patient.
"""

from __future__ import annotations

from handouts.approval import SOURCE_LANGUAGE
from handouts.diet.policy import PlacedGroup, Warnings


def missing_groups(groups: tuple[PlacedGroup, ...]) -> Warnings:
    """One warning per group whose every food is left out for this patient, in English (the
    dietitian's messages are, whatever the sheet's language)."""
    return tuple(
        f"every food in '{g.group.name.get(SOURCE_LANGUAGE)}' is left out for this patient; this group usually "
        f"provides {g.group.provides.get(SOURCE_LANGUAGE)}: plan with the patient where these will come from"
        for g in groups
        if g.group.provides is not None and g.foods and all(f.placement.where == "avoid" for f in g.foods)
    )
