"""Which way a line someone typed reads: right to left when its first letter is Arabic or Hebrew.

A clinician's note in Arabic, printed in a left-to-right paragraph, is laid out
backwards around anything that is not Arabic: "خذ Ibuprofen مرتين يوميا."
printed its words in reverse order with the full stop first. Browsers decide a
line's direction from its first strong letter (`dir="auto"`, Unicode's rule P2);
WeasyPrint has no `dir="auto"`, so the view decides the same way and the line is
printed with that base direction.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

_RIGHT_TO_LEFT = frozenset({"R", "AL"})
_LEFT_TO_RIGHT = frozenset({"L"})


def direction(text: str) -> Literal["rtl"] | None:
    """"rtl" when the first letter with a direction of its own reads right to left; else None (the document's)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RIGHT_TO_LEFT:
            return "rtl"
        if kind in _LEFT_TO_RIGHT:
            return None
    return None
