"""One patient's sheet worked out: their rules, foods placed, tests and dated steps, with warnings.

The sheet's view (handouts.views.diet) turns this into words; `handouts validate`
and `handouts lint` report its warnings for a customisation file (through
`sheet_check`, a model check of the customisation kind), so the dietitian reads
what `handouts diet` would say before printing, from the same code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from handouts.diet.balance import missing_groups
from handouts.diet.errors import DietError
from handouts.diet.policy import PatientRules, PlacedGroup, Warnings, place_foods, resolve
from handouts.diet.schedule import DatedPhase, PlannedTest, dated_phases, reintroduction_tests
from handouts.errors import ContentError, UsageError
from handouts.locale import language_of
from handouts.models.diet import DietPlan
from handouts.models.diet_catalogue import FoodCatalogue
from handouts.models.diet_customisation import DietCustomisation
from handouts.validation import Flag, RuleContext
from handouts.yamlsource import Loc

SHEET_RULE = "diet-sheet"
"""The rule name validate and lint report the sheet's warnings under."""


@dataclass(frozen=True)
class PatientSheet:
    rules: PatientRules
    groups: tuple[PlacedGroup, ...]
    tests: tuple[PlannedTest, ...]
    phases: tuple[DatedPhase, ...]
    warnings: Warnings


def work_out(plan: DietPlan, catalogue: FoodCatalogue, cust: DietCustomisation, lang: str) -> PatientSheet:
    """Everything the sheet decides for this patient; DietError for content that skipped validation."""
    rules, resolve_warnings = resolve(plan, catalogue, cust)
    placed, place_warnings = place_foods(rules, cust, lang)
    place_warnings += missing_groups(placed, rules, cust)
    planned, test_warnings = reintroduction_tests(rules, plan, cust)
    dated, phase_warnings = dated_phases(plan, cust, len(planned))
    warnings = tuple(dict.fromkeys((*resolve_warnings, *place_warnings, *test_warnings, *phase_warnings)))
    return PatientSheet(rules, placed, planned, dated, warnings)


def sheet_check(cust: Any, ctx: RuleContext) -> Iterator[Flag]:
    """A valid customisation's sheet warnings (a `keep` that keeps nothing, a test food that tests
    nothing...), each at the line of the entry it is about, as warnings: the file is still valid."""
    if not isinstance(cust, DietCustomisation):
        return
    catalogue = ctx.try_catalogue()
    plan = ctx.plan
    if plan is None and cust.plan is not None:
        try:
            plan = ctx.load_plan(cust.plan)
        except (ContentError, UsageError):  # the rules said so already
            return
    if plan is None or catalogue is None:
        return  # no plan named: what the sheet would say depends on the plan it is printed with
    try:
        sheet = work_out(plan, catalogue, cust, language_of(cust.language) if cust.language else "en")
    except DietError:  # cannot happen after the rules passed; the sheet itself would say it
        return
    for warning in sheet.warnings:
        loc, message = locate(warning, cust)
        yield Flag(loc, message, "warning", SHEET_RULE)


_KEY = re.compile(r"(?P<key>[a-z_]+)(?:\[(?P<index>\d+)\])?: (?P<rest>.*)", re.S)
_NAMED = re.compile(r"'(?P<name>[^']*)'")
_TEST_FOOD = re.compile(r"test food for '(?P<name>[^']*)':")


def locate(warning: str, cust: DietCustomisation) -> tuple[Loc, str]:
    """(where in the file, the message) for one sheet warning: 'extra_foods[2]: ...' → ('extra_foods', 2)
    and the rest, by position (the warning names no extra food nor allergy: they are the patient's);
    'test_foods: 'lactose' ...' → that key of the mapping; 'reintroduction: ...' → `reintroduction_order`;
    one about no entry: the file."""
    given = cust.model_fields_set
    test_food = _TEST_FOOD.match(warning)
    if test_food:
        return _entry(cust, "test_foods" if test_food["name"] in cust.test_foods else "reintroduction_order",
                      test_food["name"]) or (), warning
    found = _KEY.fullmatch(warning)
    if not found:
        return (), warning
    key = found["key"]
    field = key if key in given else next((f for f in sorted(given) if f.startswith(f"{key}_")), None)
    if field is None:
        return (), warning
    if found["index"] is not None:  # a list's entry, or a mapping's (test_foods[0]: its first key)
        index = int(found["index"])
        listed = getattr(cust, field, None)
        if isinstance(listed, dict):
            listed = tuple(listed)
            return ((field, listed[index]) if index < len(listed) else (field,)), found["rest"]
        return ((field, index) if isinstance(listed, tuple) and index < len(listed) else (field,)), found["rest"]
    named = _NAMED.match(found["rest"])
    return (_entry(cust, field, named["name"]) if named else None) or (field,), found["rest"]


def _entry(cust: DietCustomisation, field: str, name: str) -> Loc | None:
    """Where catalogue id `name` stands in one of the file's lists or mappings, if it does."""
    value = getattr(cust, field, None)
    if isinstance(value, dict) and name in value:
        return field, name
    if isinstance(value, tuple) and name in value:
        return field, value.index(name)
    return None
