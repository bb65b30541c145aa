"""Find and load the food catalogue and diet plans, each parsed once per process.

Rules for customisations and plans need the catalogue; `handouts validate data/`
would otherwise parse it once per file. The cache is keyed by path, size and
modification time, so an edited catalogue is read again.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from handouts.errors import ContentError
from handouts.models.diet import DietPlan
from handouts.models.diet_catalogue import FoodCatalogue
from handouts.resources import asset_dir

CATALOGUE_KIND = "food-catalogue"
PLAN_KIND = "diet-plan"
CUSTOMISATION_KIND = "diet-customisation"


def catalogue_path() -> Path:
    return asset_dir("data") / "foods" / "catalogue.yaml"


def plans_dir() -> Path:
    return asset_dir("data") / "diets"


def plan_ids() -> list[str]:
    return sorted(p.stem for p in plans_dir().glob("*.yaml"))


def plan_path(name_or_path: str) -> Path:
    """A plan by id (data/diets/<id>.yaml) or by path to its YAML file."""
    as_path = Path(name_or_path)
    if as_path.suffix in (".yaml", ".yml"):
        return as_path
    return plans_dir() / f"{name_or_path}.yaml"


def _stamp(path: Path) -> tuple[str, int, int]:
    resolved = path.resolve()
    try:
        stat = resolved.stat()
    except OSError:
        return (str(resolved), -1, -1)
    return (str(resolved), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _load_cached(stamp: tuple[str, int, int], kind: str) -> object:
    from handouts.loading import load  # loading imports this package's kinds at its end

    return load(Path(stamp[0]), kind)


def load_catalogue(path: Path | None = None) -> FoodCatalogue:
    """The food catalogue (default: the shipped one); raises ContentError if it is invalid."""
    return _load_cached(_stamp(path or catalogue_path()), CATALOGUE_KIND)  # type: ignore[return-value]


def load_plan(name_or_path: str | Path) -> DietPlan:
    return _load_cached(_stamp(plan_path(str(name_or_path))), PLAN_KIND)  # type: ignore[return-value]


def try_catalogue() -> FoodCatalogue | None:
    """The shipped catalogue, or None when it is missing or invalid (its own check reports why)."""
    try:
        return load_catalogue()
    except (ContentError, FileNotFoundError):
        return None


def suggestion(value: str, choices: Iterable[str]) -> str:
    """"; did you mean 'x'?" for the closest id, or ''."""
    key = "-".join(value.lower().replace("_", "-").split())
    pool = list(choices)
    if key in pool and key != value:
        return f"; did you mean '{key}'?"
    close = difflib.get_close_matches(key, pool, n=1, cutoff=0.6)
    if not close:  # 'peanuts' → 'peanut', 'bread' → 'wheat-bread'
        close = [c for c in pool if key.rstrip("s") and (key.rstrip("s") in c or c in key)][:1]
    return f"; did you mean '{close[0]}'?" if close else ""
