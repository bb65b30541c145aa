"""Embedded fonts without the time of rendering in them, so the same input gives the same PDF bytes.

WeasyPrint 70 turns a variable font (our Noto Sans, Devanagari and Thai fallbacks)
into a static instance, and strips the colour emoji font's bitmaps, with fontTools,
and saves each font with fontTools' default `recalcTimestamp=True`: the font's
`head.modified` became the second it was rendered. Two renders of a handout with
a Greek or Hindi name, a second apart, differed in those bytes (and so in the
file's /ID), which broke the batch manifest's hashes and any audit comparing a
reprint with the original. Subset names and object order were already the same.

`install` makes WeasyPrint's PDF font module open fonts with
`recalcTimestamp=False`: a font keeps the dates its file carries. This wraps the
module's `TTFont` name (private to the pinned WeasyPrint, >=70,<71), not
WeasyPrint itself; fontTools' other option, the SOURCE_DATE_EPOCH environment
variable, would change the whole process's behaviour. A test renders a fallback
font and reads its date back, so an upgrade that moves this fails there.
"""

from __future__ import annotations

from typing import Any

_MARK = "_handouts_no_timestamp"


def install() -> bool:
    """Make WeasyPrint's font embedding keep each font's own dates, once per process; False if it
    cannot (the name moved in an upgrade: the fonts then carry the time, nothing else breaks)."""
    try:
        from weasyprint.pdf import fonts
    except ImportError:  # pragma: no cover - WeasyPrint is a dependency
        return False
    opened = getattr(fonts, "TTFont", None)
    if opened is None:
        return False
    if getattr(opened, _MARK, False):
        return True

    def keeping_dates(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("recalcTimestamp", False)
        return opened(*args, **kwargs)

    setattr(keeping_dates, _MARK, True)
    fonts.TTFont = keeping_dates
    return True
