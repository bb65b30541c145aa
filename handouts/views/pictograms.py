"""The pictograms a patient handout may print, and what each one means.

Each is a simple line drawing shipped in styles/icons/NAME.svg (found through
handouts.kept_assets.icon_file). A view decides which pictogram goes with which
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

from handouts.i18n import N_, Words
from handouts.models.topic import Diagram


@dataclass(frozen=True)
class Pictogram:
    name: str  # the file in styles/icons/, without ".svg"
    caption: str  # the words printed with it
    alt: str  # what it shows, for a screen reader
    decorative: bool = False  # a repeat: drawn as an artifact, its words already given

    def repeated(self) -> Pictogram:
        return replace(self, decorative=True)

    def in_words(self, words: Words) -> Pictogram:
        """The tool's own pictogram with its caption and description in the document's language."""
        return replace(self, caption=words.gettext(self.caption), alt=words.gettext(self.alt))


@dataclass(frozen=True)
class ActionKind:
    """A kind of step a patient can take: its pictogram and the heading its steps print under."""

    heading: str
    pictogram: Pictogram


ACTIONS: dict[str, ActionKind] = {
    "eat": ActionKind(N_("Food and drink that may help"),
                      Pictogram("eat", N_("Eat well"), N_("A bowl of plant food with a spoon"))),
    "move": ActionKind(N_("Less stress"), Pictogram("move", N_("Move and relax"), N_("A person out for a walk"))),
    "ask": ActionKind(N_("Treatments to ask about"),
                      Pictogram("ask", N_("Ask your care team"),
                                N_("Two speech bubbles: you and your care team talking"))),
}
"""The groups a topic's sections may name (models.topic.ActionPictogram), in no particular order."""

MEDICINE = Pictogram("medicine", N_("Take medicine only as your care team tells you"),
                     N_("A medicine bottle and a pill"))
CALL = Pictogram("call", N_("Call us"), N_("A telephone"))
EMERGENCY = Pictogram("emergency", N_("Get help right away"), N_("An ambulance"))
OTHER_STEPS = N_("Other steps that may help")
ALL: tuple[Pictogram, ...] = (*(a.pictogram for a in ACTIONS.values()), MEDICINE, CALL, EMERGENCY)
"""Every pictogram a handout may print: each has a file in styles/icons/ (as has every
diagram a topic may name: models.topic.Diagram)."""


def shipped_images() -> frozenset[str]:
    """Every drawing a document may print: the pictograms and the diagrams topics may name."""
    return frozenset({p.name for p in ALL} | set(get_args(Diagram)))
