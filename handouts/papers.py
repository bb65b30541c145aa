"""Which paper size someone meant when they typed one handouts does not print on.

handouts prints on letter and A4. A near spelling ('lettre') is caught by
spelling, but the sizes people actually type instead are other sizes of the same
family, which no spelling check relates: 'a5' or 'A3' (ISO's series, of which
A4 is the one printed) and 'legal' or 'US letter' (the North American sizes, of
which letter is the one printed). Every place a paper size is typed (--paper,
handouts.toml, a brand file, `handouts brand`) says the one meant the same way.
"""

from __future__ import annotations

import difflib
import re

SIZES = ("letter", "a4")
"""The paper sizes handouts prints on (handouts.workspace.PAPERS, handouts.models.brand's `paper`)."""

_ISO = re.compile(r"(?:iso)?[abc]\d{1,2}(?:paper|size)?")
_NORTH_AMERICAN = re.compile(r"(?:us|ansi)?(?:letter|legal|tabloid|ledger|executive|halfletter|statement|"
                             r"8\.?5x1[14]|11x17)(?:paper|size)?|us|ansia")


def meant_paper(typed: str) -> str | None:
    """The size handouts prints that `typed` most likely means ('a5' → 'a4', 'legal' → 'letter',
    'lettre' → 'letter'); None when it is one of them already or resembles neither."""
    folded = re.sub(r"[\s_-]+", "", typed.strip().lower())
    if folded in SIZES:
        return folded if folded != typed else None  # ' A4' is 'a4' where case or spaces matter
    if _ISO.fullmatch(folded):
        return "a4"
    if _NORTH_AMERICAN.fullmatch(folded):
        return "letter"
    close = difflib.get_close_matches(folded, SIZES, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean_paper(typed: str) -> str:
    """"; did you mean 'a4'?" for a size handouts does not print on, or ''."""
    meant = meant_paper(typed)
    return f"; did you mean '{meant}'?" if meant else ""


__all__ = ["SIZES", "did_you_mean_paper", "meant_paper"]
