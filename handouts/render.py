"""HTML → PDF. The only module that imports WeasyPrint.

One Renderer per process keeps WeasyPrint's FontConfiguration and the parsed
stylesheets warm, so every document after the first costs only its layout.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from handouts.errors import HandoutsError
from handouts.fetcher import RestrictedFetcher
from handouts.html import render_html
from handouts.kinds import kind_stylesheets
from handouts.rendered import Rendered
from handouts.resources import asset_dir, font_dir
from handouts.views.base import View
from handouts.views.frame import BrandView

VARIANTS = {"ua": "pdf/ua-1", "archive": "pdf/a-3a"}
"""Tagged, accessible PDF by default; PDF/A-3a (archival and tagged) on request."""

FONT_FACES = (
    ("normal", 400, "AtkinsonHyperlegible-Regular.ttf"),
    ("italic", 400, "AtkinsonHyperlegible-Italic.ttf"),
    ("normal", 700, "AtkinsonHyperlegible-Bold.ttf"),
    ("italic", 700, "AtkinsonHyperlegible-BoldItalic.ttf"),
)


class RenderError(HandoutsError):
    """A document that could not be rendered as asked."""


def _font_css() -> str:
    faces = []
    for style, weight, filename in FONT_FACES:
        uri = (font_dir() / filename).as_uri()
        faces.append(
            "@font-face { font-family: 'Atkinson Hyperlegible'; "
            f"font-style: {style}; font-weight: {weight}; src: url('{uri}'); }}"
        )
    return "\n".join(faces)


def _brand_css(brand: BrandView) -> str:
    # Only validated values reach here: #rrggbb colours and a paper keyword.
    return (
        f":root {{ --brand-primary: {brand.primary}; --brand-accent: {brand.accent}; }}\n"
        f"@page {{ size: {brand.paper}; }}\n"
    )


@dataclass
class Renderer:
    font_config: FontConfiguration = field(default_factory=FontConfiguration)
    _css: dict[str, Any] = field(default_factory=dict)

    def _roots(self, brand: BrandView) -> list[Path]:
        roots = [asset_dir("templates"), asset_dir("styles"), font_dir()]
        return roots + ([brand.folder] if brand.folder else [])

    def _stylesheet(self, key: str, **source: Any) -> Any:
        if key not in self._css:
            fetcher = RestrictedFetcher([asset_dir("styles"), font_dir()])
            self._css[key] = CSS(font_config=self.font_config, url_fetcher=fetcher, **source)
        return self._css[key]

    def stylesheets(self, kind: str, brand: BrandView, large_print: bool = False) -> list[Any]:
        styles = asset_dir("styles")
        return [
            self._stylesheet("fonts", string=_font_css()),
            self._stylesheet("base", filename=str(styles / "base.css")),
            *(self._stylesheet(name, filename=str(styles / name)) for name in kind_stylesheets(kind, large_print)),
            self._stylesheet(f"brand:{brand.primary}:{brand.accent}:{brand.paper}", string=_brand_css(brand)),
        ]

    def pdf(self, view: View, variant: str = "ua") -> Rendered:
        """Render a view model to PDF bytes and its page count."""
        frame = view.frame
        return self.pdf_from_html(render_html(view), frame.kind, frame.brand, variant, large_print=frame.large_print)

    def pdf_from_html(self, html: str, kind: str, brand: BrandView, variant: str = "ua", *,
                      large_print: bool = False) -> Rendered:
        fetcher = RestrictedFetcher(self._roots(brand))
        document = HTML(string=html, base_url=asset_dir("templates").as_uri() + "/", url_fetcher=fetcher)
        options: dict[str, Any] = {"stylesheets": self.stylesheets(kind, brand, large_print),
                                   "pdf_variant": VARIANTS[variant]}
        # PDF/UA output is already deterministic for the same HTML; pinning an
        # identifier makes pydyf serialise the whole file twice, so only PDF/A,
        # which requires one, gets it (from the HTML, so it too is reproducible).
        if variant == "archive":
            options["pdf_identifier"] = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
        # Lay out once, then write: the page count comes from the layout, not from parsing the PDF.
        laid_out = document.render(font_config=self.font_config, **options)
        pdf = laid_out.write_pdf(**options)
        if fetcher.blocked:
            raise RenderError("refused to load: " + ", ".join(sorted(set(fetcher.blocked))))
        return Rendered(pdf, len(laid_out.pages))


_RENDERER: Renderer | None = None


def renderer() -> Renderer:
    """The process's warm renderer."""
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = Renderer()
    return _RENDERER
