"""The only way WeasyPrint may load anything: our own assets and the brand's folder.

No network, no `file:` outside those roots, whatever the content or a brand's
SVG asks for. Blocked requests are recorded so the render can fail loudly
instead of printing a document with something silently missing.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class RestrictedFetcher(URLFetcher):
    """One render's fetcher (a new one per document: `blocked` is that document's list).

    URLFetcher's own set-up builds a urllib opener of ten handlers, reading proxies
    from the environment, for every document; only a data: URL goes through it, so
    it is built for the first one, and a document without one never pays for it.
    """

    def __init__(self, roots: list[Path]):
        # Not URLFetcher.__init__ (see above): only what WeasyPrint reads from a fetcher.
        self._fail_on_errors = False
        self._data: URLFetcher | None = None
        self.roots = [r.resolve() for r in roots]
        self.blocked: list[str] = []

    def allows(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
            return path
        return None

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            if self._data is None:
                self._data = URLFetcher(allowed_protocols=["data"])
            return self._data.fetch(url, headers)
        path = self.allows(url)
        if path is None:
            self.blocked.append(url)
            raise ValueError(f"blocked: {url} is outside the allowed folders")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime})
