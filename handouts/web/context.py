"""What every request handler shares: the catalogue, the day, the renderers, the audit log.

The day is read once a request: a request made as the clinic's clock passes midnight asked it
several times (the form's date, the review mark, the cache key, the view's own) and could get two
answers, a form dated yesterday that its own page judged as of today.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, g, has_request_context

from handouts import dates
from handouts.context import Context
from handouts.web.audit import Audit
from handouts.web.catalogue import Catalogue
from handouts.web.rendering import Renderers

_DAY = "handouts_today"


@dataclass
class State:
    catalogue: Catalogue
    clock: Callable[[], date] = dates.today
    """Today's date where the clinic is (handouts.dates), read through `today`."""
    renderers: Renderers = field(default_factory=Renderers)
    audit: Audit = field(default_factory=Audit)
    zone: str | None = None
    """The clinic's time zone (handouts.toml `timezone`), for the instants a document is stamped with."""

    def today(self) -> date:
        """Today, as this request first read it (the clock itself outside a request)."""
        if not has_request_context():
            return self.clock()
        day: date | None = g.get(_DAY)
        if day is None:
            day = self.clock()
            setattr(g, _DAY, day)
        return day

    def context(self) -> Context:
        """This request's context: the app's data folders, as of today."""
        return self.catalogue.on(self.today())


def state() -> State:
    return current_app.extensions["handouts"]  # type: ignore[no-any-return]
