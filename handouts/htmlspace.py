"""Drop the template's indentation next to block-level tags from the print HTML.

The templates are indented for people to read. Whitespace between a block-level
tag and its neighbour tag prints nothing: CSS collapses it away at the start and
end of a block, and between blocks it makes no box. WeasyPrint still parses
each run into a text node and builds a box for it before throwing it away: about
150 of them in a patient handout, over 1% of a warm render.

Only whitespace between two tags goes, and only when one of them is a block-level
element (by its HTML name: none of our stylesheets makes one of these inline);
whitespace between two inline tags (`</strong> <span>`) can be a visible space and
stays, as does all text. Our templates write no element whose whitespace is kept
(`pre`, `textarea`), and content never adds a tag: every value is escaped, so `<`
and `>` in the output are always tag delimiters.
"""

from __future__ import annotations

import re

BLOCK_TAGS = frozenset(
    "html head body title meta link div p section header footer main nav article aside"
    " ul ol li dl dt dd h1 h2 h3 h4 h5 h6 figure figcaption blockquote"
    " table caption thead tbody tfoot tr td th".split()
)
"""Elements laid out as blocks (or table parts, or not at all): the space beside them collapses."""

_GAP = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*>(\s+)(?=</?([A-Za-z][A-Za-z0-9]*))")


def _close_gap(match: re.Match[str]) -> str:
    if match[2].lower() in BLOCK_TAGS or match[4].lower() in BLOCK_TAGS:
        return match[0][: match.start(3) - match.start(0)]
    return match[0]


def strip_block_whitespace(html: str) -> str:
    """`html` without the whitespace-only runs between a block-level tag and the next tag."""
    return _GAP.sub(_close_gap, html)
