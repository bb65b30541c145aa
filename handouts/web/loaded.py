"""Everything the app's own pages are made of, read from disk once, when the app is made.

Flask reads a page template the first time a page uses it, a static file
(app.js, app.css) each time a browser asks for it, and gettext a language's
words the first time a page asks for them. Upgrading handouts under
a running server (`git pull`, a new wheel) then mixed versions: the topic page
of one with the sign-in or error page of another, which a newer `base.html.j2`
or new message ids can break, and the old page with the new app.js. The render workers say so when the package on
disk changes (handouts.installed, handouts.web.pool); the pages are simply all
loaded at start, so a running server keeps serving the version it started with
until it is restarted.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.bccache
from flask import Flask, Response, abort, send_file

from handouts import i18n, kept_assets

STATIC = "handouts.static-files"


class _Compiled(jinja2.BytecodeCache):
    """The page templates as compiled, shared by every app this process makes (the tests make hundreds;
    compiling all of them took most of an app's making). Keyed by template and checked against its source,
    as Jinja does: a template changed on disk is compiled afresh by the next app made, never by a running one.
    Every app compiles them with the same options (handouts.web.app.WebApp, handouts.web.words)."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with self._lock:
            kept = self._kept.get(bucket.key)
        if kept is not None:
            bucket.bytecode_from_string(kept)  # Jinja drops it unless its source checksum matches

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with self._lock:
            self._kept[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()


@dataclass(frozen=True)
class Kept:
    """A static file as it was on disk when the app was made."""

    data: bytes
    modified: float

    @property
    def etag(self) -> str:
        return hashlib.sha256(self.data).hexdigest()[:32]


def load_now(app: Flask) -> int:
    """Compile every page template, read the static files and load every language's words now; the number of
    templates.

    Called once the app's Jinja environment is set up (its extensions, filters and policies decide
    how a template compiles). Jinja keeps what it compiled (400 templates; the app has a handful)
    and, with auto-reload off (Flask's default outside debug mode), never reads it again."""
    env = app.jinja_env
    env.bytecode_cache = _COMPILED
    names = env.list_templates()
    for name in names:
        env.get_template(name)
    shared = app.extensions.get("handouts")
    region = (shared.catalogue.home_region() if shared is not None else None) or ""
    for language in i18n.languages():
        i18n.translations(language)
        i18n.translations(language, region)  # the pages read their region's words (words.py)
    kept_assets.read_now()  # and the documents' templates and stylesheets, which previews are made of
    folder = Path(app.static_folder or "")
    app.extensions[STATIC] = {path.name: Kept(path.read_bytes(), path.stat().st_mtime)
                              for path in sorted(folder.iterdir()) if path.is_file()}
    return len(names)


def static_file(app: Flask, filename: str) -> Response:
    """A static file as the app started with it (Flask's own would read it from disk now)."""
    kept: Kept | None = app.extensions[STATIC].get(filename)
    if kept is None:
        abort(404)
    return send_file(io.BytesIO(kept.data), mimetype=mimetypes.guess_type(filename)[0] or "application/octet-stream",
                     conditional=True, etag=kept.etag, last_modified=kept.modified,
                     max_age=app.get_send_file_max_age(filename))
