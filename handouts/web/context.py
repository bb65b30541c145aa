"""What every request handler shares: the catalogue, the day, the renderers, the audit log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask import current_app

from handouts import dates
from handouts.context import Context
from handouts.web.audit import Audit
from handouts.web.catalogue import Catalogue
from handouts.web.rendering import Renderers


@dataclass
class State:
    catalogue: Catalogue
    today: Callable[[], date] = dates.today
    renderers: Renderers = field(default_factory=Renderers)
    audit: Audit = field(default_factory=Audit)
    zone: str | None = None
    """The clinic's time zone (handouts.toml `timezone`), for the instants a document is stamped with."""

    def context(self) -> Context:
        """This request's context: the app's data folders, as of today."""
        return self.catalogue.on(self.today())


def state() -> State:
    return current_app.extensions["handouts"]  # type: ignore[no-any-return]
