"""'Did you mean ...?' for catalogue and plan ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def normalised(value: str) -> str:
    """An id as a person might have meant it: 'Tree Nuts' → 'tree-nuts'."""
    return "-".join(value.lower().replace("_", "-").split())


def suggestion(value: str, choices: Iterable[str]) -> str:
    """"; did you mean 'x'?" for the closest id, or ''."""
    key = normalised(value)
    pool = list(choices)
    if key in pool and key != value:
        return f"; did you mean '{key}'?"
    close = difflib.get_close_matches(key, pool, n=1, cutoff=0.6)
    if not close:  # 'peanuts' → 'peanut', 'bread' → 'wheat-bread'
        close = [c for c in pool if key.rstrip("s") and (key.rstrip("s") in c or c in key)][:1]
    return f"; did you mean '{close[0]}'?" if close else ""
