"""What a logo that prints still gets wrong on paper: warnings, never refusals.

`handouts.logo` refuses what cannot print safely; this module names what prints but
reads badly, so `validate` and `brand new` can say so before a practice prints a
thousand handouts with it:

- a picture far sharper than print needs: a 6000-pixel photo printed at 45 mm carried
  half a megabyte into every PDF (16 times the rest of the handout), at 3,600 dpi;
- a white or very pale logo on a transparent background (made for a dark website
  header): on white paper it prints as nothing; for an SVG, read from the colours its
  shapes are painted with (handouts.svg_paint), without rendering it;
- words set as SVG text: they print in that font only where it is installed, else in
  a substitute, so the practice's wordmark changes from one computer to the next.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from xml.etree.ElementTree import Element

from handouts import logo

PRINTED_MM = (58.0, 18.0)
"""The largest the logo prints (width, height): in large print, 18 mm tall and up to 58 mm wide
(the masthead's box, 45 by 14 mm, scaled by 18/14: styles/large-print.css)."""

ENOUGH_DPI = 600
"""Sharper than any office printer prints a logo this small."""

TOO_SHARP_DPI = 2 * ENOUGH_DPI
"""Above this, the picture's size costs every PDF and buys nothing."""

_PALE_CONTRAST = 1.5
"""A pixel this close to white (after its transparency) does not show on white paper."""

_SHOWING_SHARE = 0.005
"""A logo whose showing pixels are fewer than this share of its box prints as nothing."""

_JUDGED_PIXELS = 2048 * 2048
"""The largest picture whose colours are judged (decoding it takes a few hundredths of a second)."""

_FONT_FAMILY = re.compile(r"font-family\s*:\s*([^;}]+)", re.I)
_GENERIC_FONTS = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}


def advice(path: Path) -> list[str]:
    """Warnings for a logo that `logo.problems` accepts; empty when it will print well."""
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError:
        return []  # problems() says so
    if suffix == ".svg":
        return _svg_advice(data, path.name)
    return _raster_advice(data, path.name)


def printed_dpi(width: int, height: int) -> float:
    """The dots per inch a picture of this size prints at, fitted into the logo's largest box."""
    mm_per_pixel = min(PRINTED_MM[0] / width, PRINTED_MM[1] / height)
    return 25.4 / mm_per_pixel


def enough_pixels(width: int, height: int) -> tuple[int, int]:
    """The size that prints at ENOUGH_DPI in the logo's largest box (never larger than it is)."""
    scale = min(1.0, ENOUGH_DPI / printed_dpi(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _raster_advice(data: bytes, name: str) -> list[str]:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                found = _too_sharp(width, height, len(data), name)
                # judged on every load of the brand: a picture too large to decode quickly is already
                # told to be exported smaller, and its smaller copy is judged then
                if width * height <= _JUDGED_PIXELS and _invisible_on_white(image):
                    found.append(
                        f"{name} is white or very pale where it is not transparent: on white paper it does not "
                        "show (the masthead prints an empty space); use the version of the logo made for light "
                        "backgrounds")
                return found
    except Exception:  # noqa: BLE001 (unreadable: logo.problems and the render say so)
        return []


def _too_sharp(width: int, height: int, size: int, name: str) -> list[str]:
    dpi = printed_dpi(width, height)
    if dpi <= TOO_SHARP_DPI:
        return []
    fit_width, fit_height = enough_pixels(width, height)
    printed = 25.4 / dpi  # mm per pixel
    return [f"{name} is {width:,} by {height:,} pixels: it prints at most {width * printed:.0f} by "
            f"{height * printed:.0f} mm, at {dpi:,.0f} dpi, and every PDF carries all {size / 1024:,.0f} kB of it; "
            f"{ENOUGH_DPI} dpi is plenty: export it at {fit_width:,} by {fit_height:,} pixels "
            "(`handouts brand new` shrinks a logo it copies)"]


def _invisible_on_white(image: object) -> bool:
    """Whether the picture, laid on white paper, shows almost nowhere (judged on a small copy)."""
    from PIL import Image

    assert isinstance(image, Image.Image)
    image.draft("RGB", (256, 256))  # a JPEG decodes at a fraction of its size
    small = image.convert("RGBA")
    small.thumbnail((128, 128))
    paper = Image.new("RGBA", small.size, (255, 255, 255, 255))
    grey = Image.alpha_composite(paper, small).convert("L")
    # relative luminance of a grey level: contrast against white under _PALE_CONTRAST means "does not show"
    showing = sum(count for level, count in enumerate(grey.histogram())
                  if 1.05 / (_luminance(level) + 0.05) >= _PALE_CONTRAST)
    return showing < _SHOWING_SHARE * small.size[0] * small.size[1]


def _luminance(level: int) -> float:
    c = level / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def _svg_advice(data: bytes, name: str) -> list[str]:
    import defusedxml.ElementTree as safe_xml

    try:
        root = safe_xml.fromstring(logo.without_svg_doctype(data), forbid_dtd=True, forbid_entities=True,
                                   forbid_external=True)
    except Exception:  # noqa: BLE001 (logo.problems says so)
        return []
    return _svg_size(root, name) + _svg_pale(root, name) + _svg_text(root, name)


def _svg_pale(root: Element, name: str) -> list[str]:
    """An SVG that paints only white or very pale colours (its fills, strokes and gradients, read from
    the markup: no rendering) prints as nothing on white paper, as a white PNG on transparency does."""
    from handouts.svg_paint import painted_colours

    colours = painted_colours(root)
    if not colours or any(_shows_on_white(colour) for colour in colours):
        return []  # nothing drawn (no shapes: another warning's business), or a colour that shows, or cannot tell
    return [f"{name} draws only in white or very pale colours: on white paper it does not show (the masthead "
            "prints an empty space); use the version of the logo made for light backgrounds"]


def _shows_on_white(rgb: tuple[int, int, int]) -> bool:
    """Whether a colour's contrast against white paper is at least _PALE_CONTRAST (WCAG's relative luminance)."""
    red, green, blue = (_luminance(channel) for channel in rgb)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05) >= _PALE_CONTRAST


def _svg_size(root: Element, name: str) -> list[str]:
    """An SVG with neither a viewBox nor a width and height of its own has no size or shape to fit
    into the logo's box: it printed cropped to a corner, and pushed the masthead's DRAFT mark off the page."""
    sized = all(root.get(side) and not root.get(side, "").strip().endswith("%") for side in ("width", "height"))
    if root.get("viewBox") or sized:
        return []
    return [f"{name} has no size of its own (no viewBox, and no width and height on <svg>): it prints cropped and "
            "can push the masthead's marks off the page; export it with a viewBox (e.g. viewBox=\"0 0 300 100\", "
            "the drawing's own width and height)"]


def _svg_text(root: Element, name: str) -> list[str]:
    """Words drawn as SVG text, named with the fonts they ask for."""
    texts = [element for element in root.iter() if logo.local_name(element.tag) in ("text", "textPath", "tspan")]
    words = " ".join(" ".join(" ".join(t.itertext()) for t in texts if logo.local_name(t.tag) == "text").split())
    if not words:
        return []
    fonts: list[str] = []
    for element in root.iter():
        declared = [element.get("font-family") or ""]
        declared += _FONT_FAMILY.findall(element.get("style") or "")
        if logo.local_name(element.tag) == "style":
            declared += _FONT_FAMILY.findall(element.text or "")
        for value in declared:
            for family in value.split(","):
                family = family.strip().strip("'\"").strip()
                if family and family.lower() not in _GENERIC_FONTS and family not in fonts:
                    fonts.append(family)
    shown = words if len(words) <= 40 else words[:37] + "..."
    font = f"in {', '.join(repr(f) for f in fonts[:3])}" if fonts else "in no named font"
    return [f"{name} writes '{shown}' as text {font}: it prints in that font only on a computer that has it "
            "installed, else in a substitute; ask your designer for the logo with its text converted to "
            "outlines (paths), or export it as PNG"]
