"""One diet sheet's inputs, loaded and checked together: plan, catalogue, customisation, brand.

The CLI and the demo come through here; the sheet itself is written by
handouts.documents.write_document like every other document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from handouts.diet.catalogue import CUSTOMISATION_KIND, load_catalogue, load_plan, plan_ids, plan_path
from handouts.diet.rules import plan_fit
from handouts.errors import UsageError, display_path
from handouts.loading import KINDS, load, load_brand
from handouts.models import Brand
from handouts.models.diet import DietPlan
from handouts.models.diet_catalogue import FoodCatalogue
from handouts.models.diet_customisation import DietCustomisation
from handouts.resources import asset_dir, brand_path
from handouts.validation import validate
from handouts.views.diet import DietView, diet_view
from handouts.yamlsource import read


@dataclass(frozen=True)
class DietInputs:
    plan: DietPlan
    catalogue: FoodCatalogue
    customisation: DietCustomisation | None
    brand: Brand
    brand_folder: Path


def find_plan(name_or_path: str) -> Path:
    """A plan file by id or path; an unknown id is a usage error that lists the plans."""
    path = plan_path(name_or_path)
    if not path.is_file():
        if Path(name_or_path).suffix in (".yaml", ".yml"):
            raise UsageError(f"no such plan file: {name_or_path}")
        raise UsageError(f"no plan '{name_or_path}' in data/diets; plans: {', '.join(plan_ids())}")
    return path


def sample_customisations() -> list[Path]:
    """The fictional patients shipped in data/customisations (one per sample plan)."""
    return sorted((asset_dir("data") / "customisations").glob("*.yaml"))


def named_plan(customisation: Path) -> str:
    """The plan id a customisation names (it must name one to be rendered without a PLAN)."""
    cust = load(customisation, CUSTOMISATION_KIND)
    assert isinstance(cust, DietCustomisation)
    if not cust.plan:
        raise UsageError(f"{display_path(customisation)} does not say which plan it is for: add 'plan: <id>'")
    return cust.plan


def load_customisation(path: Path, plan: DietPlan) -> DietCustomisation:
    """Validate a customisation against the catalogue and `plan`, every problem located."""
    source = read(path)
    named = source.data.get("plan")
    if isinstance(named, str) and named != plan.id:
        raise UsageError(f"{display_path(path)} is a customisation for plan '{named}', not '{plan.id}'")
    spec = KINDS[CUSTOMISATION_KIND]
    return validate(source, DietCustomisation, (*spec.rules, lambda data: plan_fit(data, plan)))


def load_diet_inputs(
    plan: str | Path, customisation: Path | None = None, brand: str | Path = "default",
    catalogue: Path | None = None,
) -> DietInputs:
    plan_model = load_plan(find_plan(str(plan)))
    brand_file = brand_path(str(brand))
    return DietInputs(
        plan=plan_model,
        catalogue=load_catalogue(catalogue),
        customisation=load_customisation(customisation, plan_model) if customisation else None,
        brand=load_brand(brand_file),
        brand_folder=brand_file.resolve().parent,
    )


def build_diet_view(inputs: DietInputs, today: date | None = None) -> DietView:
    return diet_view(inputs.plan, inputs.catalogue, inputs.customisation, inputs.brand,
                     brand_folder=inputs.brand_folder, today=today)
