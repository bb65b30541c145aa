"""The document templates and print stylesheets as this process first read them.

A long-running process (`handouts serve`) imported its code when it started. Jinja
reloads a template that changed on disk, and a stylesheet read per request is read
as it is now: after an upgrade made without a restart (`git pull`, a new wheel),
a preview mixed the old code's view model with the new version's template and
stylesheets. Read once, the way handouts.web.loaded keeps the app's own pages, a
process lays out with one version until it is restarted; the render workers say
when to restart (handouts.installed, handouts.web.pool).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import jinja2

from handouts.resources import asset_dir

WEB_PAGES = "web"
"""The app's own pages (handouts.web.loaded keeps those), not document templates."""


@cache
def template_sources() -> dict[str, str]:
    """Every document template's source, by the name a template includes it by."""
    folder = asset_dir("templates")
    return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*.j2")) if path.relative_to(folder).parts[0] != WEB_PAGES}


@cache
def stylesheet_sources() -> dict[str, bytes]:
    """Every print stylesheet and pictogram under styles/, by its path there ('base.css', 'icons/pill.svg').

    Only files inside styles/ on disk: the renderer's fetcher serves these in place of the disk's
    (handouts.fetcher), and a link out of the folder is no more allowed there than it was on disk."""
    folder = asset_dir("styles")
    inside = folder.resolve()
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.suffix in (".css", ".svg") and path.is_file() and path.resolve().is_relative_to(inside)}


def kept_styles() -> dict[Path, dict[str, bytes]]:
    """styles/ as this process first read it, for the renderer's fetcher (handouts.fetcher): the pictograms
    a stylesheet or a template names are served from here, whatever an upgrade did to the disk since."""
    return {asset_dir("styles"): stylesheet_sources()}


def icon_file(name: str) -> Path:
    """Where a shipped pictogram was when this process first read styles/: the URL the print HTML
    names it by, answered from the kept copy (kept_styles), even if an upgrade removed the file since."""
    icon_bytes(name)
    return asset_dir("styles") / "icons" / f"{name}.svg"


def icon_bytes(name: str) -> bytes:
    """A shipped pictogram's drawing as this process first read it."""
    data = stylesheet_sources().get(f"icons/{name}.svg")
    if data is None:
        raise FileNotFoundError(f"handouts is installed without its '{name}' pictogram")
    return data


def read_now() -> None:
    """Read them all, at a server's start, before any upgrade can happen under it; and record the font
    files as they are, which are read only when a document first needs them (handouts.installed)."""
    from handouts.installed import fonts_started_with

    template_sources()
    stylesheet_sources()
    fonts_started_with()


class KeptTemplates(jinja2.BaseLoader):
    """Templates from template_sources(): never reloaded, whatever changes on disk."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        source = template_sources().get(template)
        if source is None:
            raise jinja2.TemplateNotFound(template)
        return source, str(asset_dir("templates") / template), lambda: True

    def list_templates(self) -> list[str]:
        return sorted(template_sources())
