"""Register the diet file kinds with handouts.loading (imported at the end of loading.py).

- food-catalogue: data/foods/, recognised by `categories` and `groups`;
- diet-plan: data/diets/, recognised by `phases`, `reintroduction`, `basis`;
- diet-customisation: data/customisations/ or anywhere, recognised by its keys.
"""

from __future__ import annotations

from handouts.diet.catalogue import CATALOGUE_KIND, CUSTOMISATION_KIND, PLAN_KIND
from handouts.diet.rules import CATALOGUE_RULES, CUSTOMISATION_RULES, PLAN_RULES
from handouts.loading import Kind, register
from handouts.models.diet import DietPlan
from handouts.models.diet_catalogue import FoodCatalogue
from handouts.models.diet_customisation import DietCustomisation

register(Kind(CATALOGUE_KIND, FoodCatalogue, "foods", frozenset({"categories", "groups"}), CATALOGUE_RULES))
register(Kind(PLAN_KIND, DietPlan, "diets", frozenset({"phases", "reintroduction", "basis", "eliminate"}), PLAN_RULES))
register(Kind(
    CUSTOMISATION_KIND, DietCustomisation, "customisations",
    frozenset({"plan", "patient", "dietitian", "start_date", "allergies", "intolerances", "keep",
               "phase_lengths", "extra_foods", "reintroduction_order", "test_foods"}),
    CUSTOMISATION_RULES,
))
