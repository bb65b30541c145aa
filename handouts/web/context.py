"""What every request handler shares: the catalogue, the day, the render lock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask import current_app

from handouts.context import Context
from handouts.web.catalogue import Catalogue


@dataclass
class State:
    catalogue: Catalogue
    today: Callable[[], date] = date.today
    # WeasyPrint's warm FontConfiguration and parsed stylesheets are shared
    # by the whole process; one render at a time keeps them consistent.
    render_lock: threading.Lock = field(default_factory=threading.Lock)

    def context(self) -> Context:
        """This request's context: the app's data folders, as of today."""
        return self.catalogue.on(self.today())


def state() -> State:
    return current_app.extensions["handouts"]  # type: ignore[no-any-return]
