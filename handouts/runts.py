"""A paragraph's last word never stands alone on its last line.

A patient handout's short paragraphs wrapped to leave one word on a line of its
own ("Call 911 or go to the emergency room right away" / "if:", "...only as they
tell" / "you."): a reader with low literacy takes a line for a unit, and the lone
word reads as an afterthought. The last two words go in one span the stylesheet
keeps on one line (`.last-words`), so a line that must break moves the word before
them down too; the line count stays the same. A span, not a no-break space: the
text layer keeps its plain spaces, and pixels move only where a word did.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_LAST_TWO = re.compile(r"(\S+[ \t]+\S+)[ \t]*$")

LONGEST = 28
"""The most characters two last words may have to be bound: longer, they could not share a
narrow column's line with anything else, and binding them would only move a longer piece."""


def keep_last_words(text: str) -> Markup:
    """`text`, escaped, with its last two words in a `<span class="last-words">`."""
    found = _LAST_TWO.search(text)
    if found is None or len(found.group(1)) > LONGEST:
        return escape(text)
    return escape(text[:found.start()]) + Markup('<span class="last-words">%s</span>') % found.group(1) \
        + escape(text[found.end(1):])
