"""Phone numbers in a brand's words, and the content's version, kept on one line.

A footer at 14 pt wraps, and a line break may fall inside "(217) 555-0142" or
after the hyphen in "555-0142": a reader then dials half a number, or has to put
it together across two lines. The brand's words are plain text (escaped like
every other text); this marks each phone number in them so the stylesheet keeps
it whole (`.unbroken` in styles/large-print.css), and changes no character.

Large print only (templates/base.html.j2): at 8 pt a footer's words fit their lines, and a
span, even unstyled, moves the text after it by a rounding error (0.004 pt), enough to
change a few anti-aliased pixels of documents that otherwise print as they always have.

The review line ends with the content's version ("versión 2a03e874"): a Spanish large-print
footer on A4 broke before the hash and printed it alone on the line under the rest. A
no-break space binds it to its word at every size (it draws exactly as the space did), so
the line breaks at the separator before them instead.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_NUMBER = re.compile(r"(?<![\w+(])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d[\d .-]{4,}\d(?![\w])[,.;:)]*")
"""A run of digits with spaces, dots or hyphens between them, after an optional country code and
an optional area code in brackets: '(217) 555-0142', '01632 960 014', '+44 20 7946 0958'. A range of
years ('2025-2026') is kept whole too, which does no harm. The punctuation right after it goes
into the span with it: then the span ends at a space, and no pair of letters is set differently
(a comma kerned against the last digit would move by a fraction of a pixel)."""

_MIN_DIGITS = 7  # shorter runs are times, years or counts, which may break where they like


def keep_numbers_whole(text: str) -> Markup:
    """`text`, escaped, with each phone number in it in a `<span class="unbroken">`."""
    out: list[str] = []
    last = 0
    for found in _NUMBER.finditer(text):
        number = found.group()
        if sum(c.isdigit() for c in number) < _MIN_DIGITS or not re.search(r"[ -]", number):
            continue  # nowhere to break, or not a phone number
        out.append(escape(text[last:found.start()]))
        out.append(Markup('<span class="unbroken">%s</span>') % number)
        last = found.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


NO_BREAK_SPACE = "\u00a0"


def keep_version_whole(line: str, version: str) -> Markup:
    """`line`, escaped, with a no-break space between `version` and the word before it
    ('version 2a03e874'), wherever the language puts them."""
    return escape(line.replace(f" {version}", f"{NO_BREAK_SPACE}{version}")) if version else escape(line)
