"""What a document is made from, loaded and validated: the input of a view.

Inputs hold content only (topics, plans, catalogues, brands), never a patient's
details, so they can be cached and shared between renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: a topic's render need not import the diet models
    from handouts.errors import Problem
    from handouts.models import Brand, Topic
    from handouts.models.diet import DietPlan
    from handouts.models.diet_catalogue import FoodCatalogue
    from handouts.models.diet_customisation import DietCustomisation


@dataclass(frozen=True)
class TopicInputs:
    """A topic and the brand it prints under (patient handout, clinician brief)."""

    topic: Topic
    brand: Brand
    brand_folder: Path
    source: Path | None = None  # the topic's file: a refusal (e.g. a missing translation) points into it
    warnings: tuple[Problem, ...] = ()  # what validating the topic found short of an error, located


@dataclass(frozen=True)
class DietInputs:
    """A plan, the catalogue it draws foods from, one patient's customisation (or none), a brand."""

    plan: DietPlan
    catalogue: FoodCatalogue
    customisation: DietCustomisation | None
    brand: Brand
    brand_folder: Path
    source: Path | None = None  # the plan's file: a refusal (e.g. a missing translation) points into it


Inputs = TopicInputs | DietInputs
