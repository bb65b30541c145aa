"""The few files a document preview needs, and nothing else.

Each route serves from a fixed list: the print stylesheets by name, the
pictograms and drawings they and the documents use, the bundled font files by
name, a brand's colours and that brand's own logo.
No route takes a path, so nothing else on disk can be reached.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes

from flask import Blueprint, Response, abort, send_file, url_for

from handouts.kept_assets import stylesheet_sources
from handouts.kinds import stylesheets
from handouts.resources import body_faces, font_dir
from handouts.views.pictograms import shipped_images
from handouts.views.frame import brand_view
from handouts.web.context import state

bp = Blueprint("assets", __name__, url_prefix="/preview-assets")

STYLESHEETS = frozenset({"base.css", *stylesheets()})
FONTS = {face.path.name: (face.style, face.weight) for face in body_faces()}
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def _kept(name: str, mimetype: str) -> Response:
    """A file under styles/ as the server started with it (handouts.kept_assets), never a newer one on disk."""
    data = stylesheet_sources().get(name)
    if data is None:
        abort(404)
    return send_file(io.BytesIO(data), mimetype=mimetype, max_age=300, etag=hashlib.sha256(data).hexdigest()[:32],
                     conditional=True)


@bp.get("/styles/<name>")
def stylesheet(name: str) -> Response:
    if name not in STYLESHEETS:
        abort(404)
    return _kept(name, "text/css")


@bp.get("/styles/icons/<name>.svg")
def icon(name: str) -> Response:
    """A shipped pictogram, where the stylesheets' relative url(icons/NAME.svg) points."""
    if name not in shipped_images():
        abort(404)
    response = _kept(f"icons/{name}.svg", "image/svg+xml")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@bp.get("/fonts/<name>")
def font(name: str) -> Response:
    if name not in FONTS:
        abort(404)
    return send_file(font_dir() / name, mimetype=mimetypes.guess_type(name)[0] or "font/ttf", max_age=3600)


@bp.get("/fonts.css")
def fonts_css() -> Response:
    faces = [
        "@font-face { font-family: 'Atkinson Hyperlegible'; "
        f"font-style: {style}; font-weight: {weight}; src: url('{url_for('assets.font', name=filename)}'); }}"
        for filename, (style, weight) in FONTS.items()
    ]
    response = Response("\n".join(faces) + "\n", mimetype="text/css")
    response.cache_control.max_age = 3600
    return response


@bp.get("/brand/<brand_id>.css")
def brand_css(brand_id: str) -> Response:
    brand, folder = state().catalogue.brand(brand_id)
    colours = brand_view(brand, folder)  # validated #rrggbb, darkened for text where needed
    css = f":root {{ --brand-primary: {colours.primary}; --brand-accent: {colours.accent}; }}\n"
    return Response(css, mimetype="text/css")


@bp.get("/brand/<brand_id>/logo")
def logo(brand_id: str) -> Response:
    brand, folder = state().catalogue.brand(brand_id)
    path = brand_view(brand, folder).logo_path
    if path is None or not path.is_relative_to(folder) or not path.is_file():
        abort(404)
    mimetype = LOGO_TYPES.get(path.suffix.lower())
    if mimetype is None:
        abort(404)
    response = send_file(path, mimetype=mimetype)
    # an SVG opened on its own is a document: it may not run or load anything
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
