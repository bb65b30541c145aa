"""Brand colours that stay readable: WCAG 2 contrast on the paper they print on.

Brand-coloured words sit on white paper and on the documents' grey boxes (the
handout's main message, the clinician brief's "Bottom line"): a shade darkened only
to 4.5:1 on white was about 4.1:1 on that grey, below WCAG's 4.5:1 for the brief's
11.5 pt heading. So a shade is made readable on the darker of the two.

And on the grey a black-and-white office printer prints it as: such a printer turns a colour
into its luma, 0.299 R + 0.587 G + 0.114 B of its written values (as poppler's grey pages do;
PostScript's rule rounds these to 0.3, 0.59, 0.11), which
makes a purple or a pink that just passes in colour (#9359a6: 4.5:1 on the grey boxes) a mid
grey (#737373: 4.3:1 on them). A shade is made readable in both.

And under the DRAFT / REVIEW OVERDUE mark, printed across every page of a document not yet
approved in 7% black (#ededed on white paper, darker than the boxes' grey, which covers it):
headings cross its letters, and a shade readable only on the boxes was 4.3:1 there (#2f7d32,
#1a73e8's darker shade). The shade is made readable on it too, whether or not a document has a
mark, so a practice's headings print the same on a draft and on the approved handout.
"""

from __future__ import annotations

MIN_TEXT_CONTRAST = 4.5

WHITE = "#ffffff"
TINT = "#f2f4f6"
"""The grey of the boxes brand-coloured headings sit in: styles/base.css's --tint (a test holds them equal)."""
WATERMARK = "#ededed"
"""The review mark's letters on white paper: styles/base.css's .watermark, rgba(0, 0, 0, 0.07) (a test holds
them equal)."""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def luminance(hex_colour: str) -> float:
    r, g, b = (_channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG's contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_on_white(hex_colour: str) -> float:
    return contrast(hex_colour, WHITE)


def printed_grey(hex_colour: str) -> str:
    """The grey a black-and-white printer prints the colour as: its luma (ITU-R BT.601)."""
    r, g, b = _rgb(hex_colour)
    level = round(0.299 * r + 0.587 * g + 0.114 * b)
    return f"#{level:02x}{level:02x}{level:02x}"


def contrast_in_grey(hex_colour: str) -> float:
    """Its contrast printed in grey, where it is lowest: on the grey boxes' own grey."""
    grey = printed_grey(hex_colour)
    return min(contrast(grey, WHITE), contrast(grey, printed_grey(TINT)))


def contrast_under_mark(hex_colour: str) -> float:
    """Its contrast on the review mark's letters, in colour or in grey, where lower."""
    return min(contrast(hex_colour, WATERMARK), contrast(printed_grey(hex_colour), WATERMARK))


def contrast_on_paper(hex_colour: str) -> float:
    """Its contrast where it is lowest: on the grey boxes or under the review mark (both darker than white
    paper), in colour or in grey (the mark is a grey already)."""
    return min(contrast(hex_colour, WHITE), contrast(hex_colour, TINT), contrast_in_grey(hex_colour),
               contrast_under_mark(hex_colour))


def readable_on_white(hex_colour: str) -> tuple[str, bool]:
    """The colour, darkened just enough for 4.5:1 on white paper, on the grey boxes and under the review
    mark, in colour and printed in grey; and whether it had to change. Every channel is scaled alike, so
    the hue stays the brand's."""
    if contrast_on_paper(hex_colour) >= MIN_TEXT_CONTRAST:
        return hex_colour.lower(), False
    r, g, b = _rgb(hex_colour)
    factor = 1.0
    while factor > 0:
        factor -= 0.02
        candidate = "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))
        if contrast_on_paper(candidate) >= MIN_TEXT_CONTRAST:
            return candidate, True
    return "#000000", True
