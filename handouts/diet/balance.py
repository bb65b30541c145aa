"""Whole food groups a customisation leaves out: what the patient may then go without.

An elimination diet is meant to be short and still nourishing. When every food
of a group that usually provides something (the catalogue's `provides`, in plain
words) ends up under 'leave out', the dietitian gets a warning naming the group
and what it usually provides, so they can plan a replacement with the patient.
A batch report, read beside the row that names the patient, says that a group is
left out but not which: 'every food in Milk, cheese and yogurt' is an allergy told.
"""

from __future__ import annotations

import re

from handouts.approval import SOURCE_LANGUAGE
from handouts.diet.policy import PlacedGroup, Warnings

_SAID = ("every food in '{group}' is left out for this patient; this group usually provides {provides}: plan with the "
         "patient where these will come from")
_SAID_AGAIN = re.compile(re.escape(_SAID).replace(r"\{group\}", ".*").replace(r"\{provides\}", ".*"), re.S)
IN_A_REPORT = ("a whole food group is left out for this patient: plan with the patient what replaces it; which "
               "group, and what it usually provides, say what the patient cannot eat and are not repeated in a "
               "batch report: 'handouts validate' on the customisation says both")


def missing_groups(groups: tuple[PlacedGroup, ...]) -> Warnings:
    """One warning per group whose every food is left out for this patient, in English (the
    dietitian's messages are, whatever the sheet's language)."""
    return tuple(
        _SAID.format(group=g.group.name.get(SOURCE_LANGUAGE), provides=g.group.provides.get(SOURCE_LANGUAGE))
        for g in groups
        if g.group.provides is not None and g.foods and all(f.placement.where == "avoid" for f in g.foods)
    )


def as_reported(warning: str) -> str:
    """A sheet warning as a batch report may say it: a group left out without its name nor what it provides
    (IN_A_REPORT), any other warning as it is."""
    return IN_A_REPORT if _SAID_AGAIN.fullmatch(warning) else warning
