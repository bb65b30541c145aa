"""The only way WeasyPrint may load anything: our own assets and the brand's folder.

No network, no `file:` outside those roots, whatever the content or a brand's
SVG asks for. Blocked requests are recorded so the render can fail loudly
instead of printing a document with something silently missing.

A folder may be kept: its files as the process first read them (handouts.kept_assets),
served in place of what is on disk now, so an upgrade under a running server cannot
remove or change a pictogram in its documents. A kept file is still one of the
allowed folders' own: the URL must name it inside that folder.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class RestrictedFetcher(URLFetcher):
    """One render's fetcher (a new one per document: `blocked` is that document's list).

    URLFetcher's own set-up builds a urllib opener of ten handlers, reading proxies
    from the environment, for every document; only a data: URL goes through it, so
    it is built for the first one, and a document without one never pays for it.
    """

    def __init__(self, roots: list[Path], kept: Mapping[Path, Mapping[str, bytes]] | None = None):
        """`kept`: for a folder among `roots`, its files' bytes by their path in it ('icons/call.svg')."""
        # Not URLFetcher.__init__ (see above): only what WeasyPrint reads from a fetcher.
        self._fail_on_errors = False
        self._data: URLFetcher | None = None
        self.roots = [r.resolve() for r in roots]
        # each kept folder by the path it was read at and by its real one, if among the roots
        self.kept = [((folder, folder.resolve()), files) for folder, files in (kept or {}).items()
                     if any(folder.resolve().is_relative_to(root) for root in self.roots)]
        self.blocked: list[str] = []

    def kept_file(self, url: str) -> tuple[Path, bytes] | None:
        """The kept copy of the file `url` names, if it names one of a kept folder's files.

        The path is read as written ('..' undone by its letters, not through the disk), so a
        file removed or replaced since the copy was made is still found by the URL it had."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(os.path.normpath(unquote(parts.path)))
        for written_as, files in self.kept:
            for written in written_as:
                if path.is_relative_to(written):
                    data = files.get(path.relative_to(written).as_posix())
                    if data is not None:
                        return path, data
        return None

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
        if (kept := self.kept_file(url)) is not None:
            return _response(*kept)
        path = self.allows(url)
        if path is None:
            self.blocked.append(url)
            raise ValueError(f"blocked: {url} is outside the allowed folders")
        return _response(path, path.read_bytes())


def _response(path: Path, body: bytes) -> URLFetcherResponse:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return URLFetcherResponse(path.as_uri(), body=body, headers={"Content-Type": mime})
