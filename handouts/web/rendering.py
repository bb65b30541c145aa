"""How the app turns a view into a PDF or a page count: the cache, then the pool (or this process).

`handouts serve` renders in a pool of warm worker processes (handouts.web.pool);
an app made without one (tests, embedding) renders here, one document at a
time, as before. Either way a document without patient details is kept in the
document cache (handouts.web.doccache) under its content key.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import has_request_context, request

from handouts import documents
from handouts.rendered import LaidOut, Rendered
from handouts.views.base import View
from handouts.web.doccache import DocumentCache, DocumentKey
from handouts.web.pool import RenderPool

DISCONNECTED = "waitress.client_disconnected"
"""The WSGI server's way to tell that the browser went away (waitress, with request lookahead on)."""


def _cancelled() -> Callable[[], bool] | None:
    if not has_request_context():
        return None
    check = request.environ.get(DISCONNECTED)
    return check if callable(check) else None


class Renderers:
    """The app's renderer: a document cache in front of a pool (or of this process)."""

    def __init__(self, pool: RenderPool | None = None, cache: DocumentCache | None = None):
        self.pool = pool
        self.cache = cache if cache is not None else DocumentCache()
        # Without a pool, WeasyPrint's warm FontConfiguration and parsed stylesheets are
        # shared by this whole process: one render at a time keeps them consistent.
        self._lock = threading.Lock()

    def _run(self, what: str, view: View) -> Any:
        if self.pool is not None:
            return self.pool.run((what, view), _cancelled())
        with self._lock:
            return documents.laid_out(view) if what == "pages" else documents.render(view, "pdf")

    def cached(self, key: DocumentKey | None) -> Any | None:
        return self.cache.get(key) if key is not None else None

    def pdf(self, view: View | Callable[[], View], key: DocumentKey | None = None) -> Rendered:
        """The PDF: from the cache when `key` is there, else rendered (and kept under `key`).

        Only documents without patient details have a key. `view` may be a function that
        makes the view, so a document found in the cache costs no view at all.
        """
        hit = self.cached(key)
        if hit is not None:
            return hit  # type: ignore[no-any-return]
        rendered: Rendered = self._run("pdf", view() if callable(view) else view)
        if key is not None:
            self.cache.put(key, rendered)
        return rendered

    def laid_out(self, view: View, key: DocumentKey | None = None) -> LaidOut:
        """A preview's page count and what its layout found (a diary run over two pages): from the
        cache, else from a layout (no PDF written)."""
        hit = self.cached(key)
        if isinstance(hit, LaidOut):
            return hit
        laid: LaidOut = self._run("pages", view)
        if key is not None:
            self.cache.put(key, laid)
        return laid

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
