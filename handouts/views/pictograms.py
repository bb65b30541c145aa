"""The pictograms a patient handout may print, and what each one means.

Each is a simple line drawing shipped in styles/icons/NAME.svg (found through
handouts.resources.icon_path). A view decides which pictogram goes with which
block; the template only places it. Health-literacy guides (PEMAT items 15-18
and 26, the CDC Clear Communication Index) ask for visuals that support the
main message and the actions, with a title or caption, so every pictogram here
has the words printed with it and a description for readers who cannot see it.

The first time a pictogram appears on a page it is a figure: tagged in the PDF
with its description. Where it appears again its meaning is already said, so
it is drawn as decoration (an artifact a screen reader skips).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import get_args

from handouts.models.topic import Diagram


@dataclass(frozen=True)
class Pictogram:
    name: str  # the file in styles/icons/, without ".svg"
    caption: str  # the words printed with it
    alt: str  # what it shows, for a screen reader
    decorative: bool = False  # a repeat: drawn as an artifact, its words already given

    def repeated(self) -> Pictogram:
        return replace(self, decorative=True)


@dataclass(frozen=True)
class ActionKind:
    """A kind of step a patient can take: its pictogram and the heading its steps print under."""

    heading: str
    pictogram: Pictogram


ACTIONS: dict[str, ActionKind] = {
    "eat": ActionKind("Food and drink that may help",
                      Pictogram("eat", "Eat well", "A bowl of plant food with a spoon")),
    "move": ActionKind("Less stress", Pictogram("move", "Move and relax", "A person out for a walk")),
    "ask": ActionKind("Treatments to ask about",
                      Pictogram("ask", "Ask your care team", "Two speech bubbles: you and your care team talking")),
}
"""The groups a topic's sections may name (models.topic.ActionPictogram), in no particular order."""

MEDICINE = Pictogram("medicine", "Take medicine only as your care team tells you",
                     "A medicine bottle and a pill")
CALL = Pictogram("call", "Call us", "A telephone")
EMERGENCY = Pictogram("emergency", "Get help right away", "An ambulance")
ALL: tuple[Pictogram, ...] = (*(a.pictogram for a in ACTIONS.values()), MEDICINE, CALL, EMERGENCY)
"""Every pictogram a handout may print: each has a file in styles/icons/ (as has every
diagram a topic may name: models.topic.Diagram)."""


def shipped_images() -> frozenset[str]:
    """Every drawing a document may print: the pictograms and the diagrams topics may name."""
    return frozenset({p.name for p in ALL} | set(get_args(Diagram)))
