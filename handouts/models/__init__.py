"""Validated, frozen content models. One module per model family."""

from handouts.models.brand import Brand, Colors, Contact
from handouts.models.common import LocalizedText
from handouts.models.dose import UNITS, Dose
from handouts.models.personalisation import Personalisation
from handouts.models.reference import Name, Reference
from handouts.models.topic import (
    AlgorithmStep,
    Evidence,
    Recommendation,
    Review,
    SafetyNetItem,
    Section,
    SourceFinding,
    Statement,
    Topic,
)

__all__ = [
    "AlgorithmStep", "UNITS", "Brand", "Colors", "Contact", "Dose", "Evidence", "LocalizedText", "Name",
    "Personalisation", "Recommendation", "Reference", "Review", "SafetyNetItem", "Section",
    "SourceFinding", "Statement", "Topic",
]
