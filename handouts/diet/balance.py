"""Whole food groups a customisation leaves out: what the patient may then go without.

An elimination diet is meant to be short and still nourishing. When every food
of a group that usually provides something (the catalogue's `provides`, in plain
words) ends up under 'leave out', the dietitian gets a warning naming the group
and what it usually provides, so they can plan a replacement with the patient. The
warning starts with the entry of the customisation responsible ('allergies[0]: ...'),
so validate, lint and `handouts diet` locate it at that entry's line, not at the file.
A batch report, read beside the row that names the patient, says that a group is
left out but not which: 'every food in Milk, cheese and yogurt' is an allergy told.
"""

from __future__ import annotations

import re

from handouts.approval import SOURCE_LANGUAGE
from handouts.diet.policy import PatientRules, PlacedFood, PlacedGroup, Warnings
from handouts.models.diet_customisation import DietCustomisation

_SAID = ("every food in '{group}' is left out for this patient; this group usually provides {provides}: plan with the "
         "patient where these will come from")
_SAID_AGAIN = re.compile(r"(?:[a-z_]+\[\d+\]: )?" + re.escape(_SAID).replace(r"\{group\}", ".*").replace(r"\{provides\}", ".*"), re.S)
IN_A_REPORT = ("a whole food group is left out for this patient: plan with the patient what replaces it; which "
               "group, and what it usually provides, say what the patient cannot eat and are not repeated in a "
               "batch report: 'handouts validate' on the customisation says both")


def missing_groups(groups: tuple[PlacedGroup, ...], rules: PatientRules, cust: DietCustomisation) -> Warnings:
    """One warning per group whose every food is left out for this patient, in English (the
    dietitian's messages are, whatever the sheet's language), at the entry most to blame (`responsible`)."""
    out: list[str] = []
    for g in groups:
        if g.group.provides is None or not g.foods or any(f.placement.where != "avoid" for f in g.foods):
            continue
        said = _SAID.format(group=g.group.name.get(SOURCE_LANGUAGE), provides=g.group.provides.get(SOURCE_LANGUAGE))
        entry = responsible(g, rules, cust)
        out.append(f"{entry}: {said}" if entry else said)
    return tuple(out)


_BLAME_ORDER = ("allergies", "intolerances", "eliminate", "avoid", "extra_foods")
"""Which entry a group's warning points at when several left its foods out: an allergy first (the reason
that cannot be traded), then an intolerance, a category left out, a food moved, an extra food."""


def responsible(group: PlacedGroup, rules: PatientRules, cust: DietCustomisation) -> str | None:
    """The customisation's entry ('allergies[0]') that left out foods of `group`, first in _BLAME_ORDER and
    then in the file's order; None when only the plan did (the warning then stands at the file)."""
    entries = {e for food in group.foods for e in _entries(food, rules, cust)}
    ranked = sorted(entries, key=lambda e: (_BLAME_ORDER.index(e.split("[")[0]), int(e.split("[")[1][:-1])))
    return ranked[0] if ranked else None


def _entries(placed: PlacedFood, rules: PatientRules, cust: DietCustomisation) -> tuple[str, ...]:
    """The entries of the customisation that put one food under 'leave out' ('allergies[1]', 'avoid[0]')."""
    food, reason = placed.food, placed.placement.reason
    if reason == "allergy":
        return rules.allergies.listed((*food.carries, *food.in_large_portions, *food.named), food.id)
    if reason == "intolerance":
        return rules.intolerances.listed((), food.id)
    if reason == "left-out":  # by the plan (no entry), an `eliminate` entry or an intolerance's category
        cats = frozenset(placed.placement.categories)
        eliminated = tuple(f"eliminate[{i}]" for i, cid in enumerate(cust.eliminate)
                           if rules.catalogue.expand([cid]) & cats & rules.eliminated)
        return (*rules.intolerances.listed(cats), *eliminated)
    if food.entry.startswith("extra_foods["):  # moved there by its `list`, or stating nothing
        return (food.entry,)
    return (f"avoid[{cust.avoid.index(food.id)}]",) if food.id in cust.avoid else ()


def as_reported(warning: str) -> str:
    """A sheet warning as a batch report may say it: a group left out without its name nor what it provides
    (IN_A_REPORT), any other warning as it is."""
    return IN_A_REPORT if _SAID_AGAIN.fullmatch(warning) else warning
