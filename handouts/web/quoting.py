"""Which value from a request a page may quote back: a short plain token, never a sentence.

A message that repeats what was typed helps ('14/07/2025' is not a date), but a
link can carry anything in its address: quoted whole, `?brand=Call 555-0100 to
reset your password` or a right-to-left override would put an attacker's words
on the practice's own page. So a value is quoted only when it is short and made
of letters, digits and the few marks ids and dates use; otherwise the message
says the same thing without it.
"""

from __future__ import annotations

import re

MAX_QUOTED = 40
_PLAIN = re.compile(rf"[\w.,:/@+-]{{1,{MAX_QUOTED}}}")  # \w: letters and digits of any script; no space, no control


def quotable(value: str) -> bool:
    """Whether `value` may appear in a message on the page."""
    return _PLAIN.fullmatch(value) is not None
