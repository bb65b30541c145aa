"""What every view model has: the frame. Templates and the renderer need nothing else to pick
the template, the stylesheet, the brand and the PDF's metadata."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from handouts.views.frame import Frame


class ViewContext(Protocol):
    """What a view may ask of its context (handouts.context.Context is the one in use)."""

    @property
    def today(self) -> date: ...

    @property
    def locale(self) -> str | None: ...

    @property
    def home_locale(self) -> str | None: ...


class View(Protocol):
    """A view model: exactly what one reader may see, ready to lay out."""

    @property
    def frame(self) -> Frame: ...
