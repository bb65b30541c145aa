"""What a document is made from, loaded and validated: the input of a view.

Inputs hold content only (topics, plans, catalogues, brands), never a patient's
details, so they can be cached and shared between renders.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: a topic's render need not import the diet models
    from handouts.errors import Problem
    from handouts.models import Brand, Topic
    from handouts.models.diet import DietPlan
    from handouts.models.diet_catalogue import FoodCatalogue
    from handouts.models.diet_customisation import DietCustomisation


def _by_value(value: object) -> object:
    """`value` in a hashable form that is equal when it compares equal: a model as its JSON (pydantic's frozen
    hash hashes each field, and a text given by language, `{en: ..., es: ...}`, is a dict, which raised
    TypeError), anything else as it is."""
    dump = getattr(value, "model_dump", None)
    if dump is None:
        return value
    return type(value).__name__, json.dumps(dump(mode="json"), sort_keys=True, ensure_ascii=False)


def _hash_by_value(inputs: object) -> int:
    """Inputs hash as they compare, field by field, like the views they make and the contexts they are made
    in, so a cache keyed by inputs (as tests' `printed` is by view) or a set of them works. A topic's hash
    costs a few milliseconds (its JSON), far below a render's. Set as each class's own `__hash__`: one
    inherited would be replaced by the field-by-field hash dataclass writes for a frozen class."""
    return hash(tuple(_by_value(getattr(inputs, f.name)) for f in fields(inputs)))  # type: ignore[arg-type]


@dataclass(frozen=True)
class TopicInputs:
    """A topic and the brand it prints under (patient handout, clinician brief)."""

    topic: Topic
    brand: Brand
    brand_folder: Path
    source: Path | None = None  # the topic's file: a refusal (e.g. a missing translation) points into it
    warnings: tuple[Problem, ...] = ()  # what validating the topic found short of an error, located

    __hash__ = _hash_by_value


@dataclass(frozen=True)
class DietInputs:
    """A plan, the catalogue it draws foods from, one patient's customisation (or none), a brand."""

    plan: DietPlan
    catalogue: FoodCatalogue
    customisation: DietCustomisation | None
    brand: Brand
    brand_folder: Path
    source: Path | None = None  # the plan's file: a refusal (e.g. a missing translation) points into it

    __hash__ = _hash_by_value


Inputs = TopicInputs | DietInputs
