"""The food catalogue's own approval, as a diet sheet prints it.

A sheet's food lists come from the catalogue files merged for it (a practice's
own first, the shipped one last: handouts.context), so its review mark is the
weakest of its plan's and of every catalogue file that supplied a food or a
category it prints: a practice's draft catalogue makes the sheet DRAFT, an
overdue one REVIEW OVERDUE. A file with no review block at all (the shipped
catalogue: nobody has reviewed it) prints no mark, so sheets do not change
overnight, unless the workspace sets `require_catalogue_approval`: then it
counts as a draft. `handouts lint` warns about such a file either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from handouts.approval import content_version, effective_status
from handouts.diet.sheet import PatientSheet, work_out
from handouts.models.diet import DietPlan
from handouts.models.diet_catalogue import CatalogueLayer, FoodCatalogue
from handouts.models.diet_customisation import DietCustomisation
from handouts.review import review_mark_for, weakest_mark

NEVER_APPROVED = "never_approved"
"""The status of a catalogue file with no review block (no one has approved it)."""


def with_layers(merged: FoodCatalogue, layers: Iterable[CatalogueLayer], strict: bool) -> FoodCatalogue:
    """`merged`, remembering the files it was merged from (a practice's first) and the workspace's policy."""
    out = merged.model_copy()
    out._layers = tuple(layers)
    out._strict = strict
    return out


def layers(catalogue: FoodCatalogue) -> tuple[CatalogueLayer, ...]:
    return catalogue._layers


def requires_approval(catalogue: FoodCatalogue) -> bool:
    """Whether it was merged under require_catalogue_approval: a file never approved counts as a draft."""
    return catalogue._strict


def status(layer: CatalogueLayer) -> str:
    """The file's review status as a document prints by it (handouts.approval.effective_status)."""
    return NEVER_APPROVED if layer.catalogue.review is None else effective_status(layer.catalogue)


def layer_mark(layer: CatalogueLayer, today: date, strict: bool) -> str | None:
    """DRAFT / REVIEW OVERDUE / None for one file, as for a plan; a file never approved: None unless `strict`."""
    review = layer.catalogue.review
    if review is None:
        return "DRAFT" if strict else None
    return review_mark_for(effective_status(layer.catalogue), review.next_review, today)


def suppliers(catalogue: FoodCatalogue, foods: Iterable[str] = (), categories: Iterable[str] = ()
              ) -> tuple[CatalogueLayer, ...]:
    """The files the given foods and categories come from: for each id, the first file that has it
    (its ids win over the files after it), in the files' order."""
    order = layers(catalogue)
    found = {_first(order, lambda c: c.has_food(food)) for food in foods}
    found |= {_first(order, lambda c: c.has_category(category)) for category in categories}
    return tuple(layer for i, layer in enumerate(order) if i in found)


def _first(order: tuple[CatalogueLayer, ...], has: Callable[[FoodCatalogue], bool]) -> int | None:
    return next((index for index, layer in enumerate(order) if has(layer.catalogue)), None)


@dataclass(frozen=True)
class LayerMark:
    layer: CatalogueLayer
    mark: str

    @property
    def status(self) -> str:
        return status(self.layer)


def marked(catalogue: FoodCatalogue, used: Iterable[CatalogueLayer], today: date) -> tuple[LayerMark, ...]:
    """The files among `used` that print a mark today, with it."""
    out = []
    for layer in used:
        mark = layer_mark(layer, today, requires_approval(catalogue))
        if mark:
            out.append(LayerMark(layer, mark))
    return tuple(out)


def catalogue_mark(catalogue: FoodCatalogue, used: Iterable[CatalogueLayer], today: date) -> str | None:
    """The weakest mark of the files among `used`."""
    return weakest_mark(*(m.mark for m in marked(catalogue, used, today)))


def version(catalogue: FoodCatalogue) -> str:
    """The short hash of the merged food lists a sheet was made from (printed in its footer)."""
    return content_version(catalogue)


def printed(sheet: PatientSheet, cust: DietCustomisation) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(food ids, category ids) of the catalogue that a sheet prints: its food lists, what it leaves
    out, the patient's allergies and intolerances (a food or a category)."""
    foods = tuple(f.food.id for g in sheet.groups for f in g.foods if f.placement.where in ("avoid", "enjoy"))
    return (*foods, *cust.intolerances), (*sheet.rules.eliminated, *cust.allergies, *cust.intolerances)


def sheet_layers(catalogue: FoodCatalogue, sheet: PatientSheet, cust: DietCustomisation) -> tuple[CatalogueLayer, ...]:
    """The catalogue files that supplied something the sheet prints."""
    foods, categories = printed(sheet, cust)
    return suppliers(catalogue, foods, categories)


def sheet_mark(catalogue: FoodCatalogue, sheet: PatientSheet, cust: DietCustomisation, today: date) -> str | None:
    """The mark the sheet's food lists print by: the weakest of the files they come from."""
    return catalogue_mark(catalogue, sheet_layers(catalogue, sheet, cust), today)


def plan_marks(plan: DietPlan, catalogue: FoodCatalogue, cust: DietCustomisation | None, today: date
               ) -> tuple[LayerMark, ...]:
    """The catalogue files that mark the sheet of `plan` for this customisation (none: the plan's own sheet),
    for a refusal or a form that has not built the sheet's view. The language does not move a food."""
    return marked(catalogue, plan_layers(plan, catalogue, cust), today)


def plan_layers(plan: DietPlan, catalogue: FoodCatalogue, cust: DietCustomisation | None
                ) -> tuple[CatalogueLayer, ...]:
    """The catalogue files the sheet of `plan` for this customisation (none: the plan's own) draws on."""
    cust = cust or DietCustomisation()
    return sheet_layers(catalogue, work_out(plan, catalogue, cust, "en"), cust)
