"""The keyboard focus ring can be seen wherever it is drawn: 3:1 against what lies behind it (WCAG 2.2, 1.4.11).

The orange ring was 2.7:1 on the navy header, and 2.9:1 on the page's own grey.
"""

from __future__ import annotations

import re
from pathlib import Path

CSS = re.sub(r"/\*.*?\*/", "", (Path(__file__).resolve().parent.parent / "handouts" / "web" / "static" / "app.css")
             .read_text(encoding="utf-8"), flags=re.DOTALL)


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rule(selector: str) -> str:
    """Every declaration of the rules with exactly this selector, in order."""
    return " ".join(re.findall(rf"(?:^|\}})\s*{re.escape(selector)}\s*\{{([^}}]*)\}}", CSS, re.MULTILINE))


def _properties(selector: str) -> dict[str, str]:
    return {name: value.strip() for name, value in re.findall(r"([\w-]+)\s*:\s*([^;]+);", _rule(selector))}


ROOT = _properties(":root")


def _colour(value: str, scope: dict[str, str] | None = None) -> str:
    """A colour value with var() resolved, in `scope` (a rule's own custom properties) then :root."""
    found = re.search(r"var\((--[\w-]+)\)|(#[0-9a-fA-F]{6})\b", value)
    assert found, value
    if found.group(2):
        return found.group(2).lower()
    name = found.group(1)
    return _colour((scope or {}).get(name) or ROOT[name])


def _light_backgrounds() -> set[str]:
    """Every background the stylesheet paints, but the navy of the header and the buttons."""
    values = re.findall(r"background:\s*(var\(--[\w-]+\)|#[0-9a-fA-F]{6})", CSS)
    return {_colour(v) for v in values} - {_colour("var(--accent)")}


def test_the_ring_stands_out_on_every_light_background():
    ring = _colour(_properties(":focus-visible")["outline"])
    for background in sorted(_light_backgrounds()):
        assert _contrast(ring, background) >= 3, (ring, background, round(_contrast(ring, background), 2))


def test_the_ring_stands_out_on_the_navy_header():
    header = _properties(".site-header")
    ring = _colour(_properties(":focus-visible")["outline"], header)
    navy = _colour(header["background"])
    assert _contrast(ring, navy) >= 3, round(_contrast(ring, navy), 2)


def test_the_skip_links_ring_stands_out_over_the_header_and_over_the_page():
    """It appears over the top of the page, the header behind most of it: two rings, one dark, one light."""
    skip = _properties(".skip-link:focus-visible")
    rings = {_colour(skip["outline"]), _colour(skip["box-shadow"])}
    for background in (_colour("var(--accent)"), _colour("var(--page)"), _colour("var(--panel)")):
        assert max(_contrast(ring, background) for ring in rings) >= 3, background
