"""Brand colours that stay readable: WCAG 2 contrast on white paper."""

from __future__ import annotations

MIN_TEXT_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def luminance(hex_colour: str) -> float:
    r, g, b = (_channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_on_white(hex_colour: str) -> float:
    return 1.05 / (luminance(hex_colour) + 0.05)


def readable_on_white(hex_colour: str) -> tuple[str, bool]:
    """The colour, darkened just enough for 4.5:1 on white; and whether it had to change."""
    if contrast_on_white(hex_colour) >= MIN_TEXT_CONTRAST:
        return hex_colour.lower(), False
    r, g, b = _rgb(hex_colour)
    factor = 1.0
    while factor > 0:
        factor -= 0.02
        candidate = "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))
        if contrast_on_white(candidate) >= MIN_TEXT_CONTRAST:
            return candidate, True
    return "#000000", True
