"""Make pasted answer text uniform before anything tries to understand it.

Answers arrive copied from web pages, word processors and e-mail: Windows or old
Mac line endings, non-breaking and thin spaces, tabs, Unicode dashes, two
different "micro" characters, zero-width characters and the odd Markdown
emphasis. Every later step (outline, markers, doses) is simpler and safer when
it can assume one spelling of each, so all of that is settled here, once.
"""

from __future__ import annotations

import re

# Spaces that look like a space but do not match " ".
_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u2007\u2009\u200a\u202f\u205f\u3000\u2002\u2003\u2004\u2005\u2006\u2008"), " "
)
# Characters that are invisible and only get in the way of matching; with them, the bidirectional
# embeddings, overrides and isolates (Windows adds them around copied numbers and names) and the
# control characters that are not spaces, which content may not hold (handouts.models.common.Text).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None) | dict.fromkeys(
    [c for c in (*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
     if not chr(c).isspace()], None)
# Every dash and minus becomes an ASCII hyphen: ranges ("5–10 mg"), bullets ("– item")
# and punctuation all parse the same way.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
# Greek small mu (U+03BC) and the micro sign (U+00B5) look identical; keep one.
_MU = {0x03BC: "\u00b5"}
_QUOTES = {0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'}

TAB_WIDTH = 4
_MARKDOWN_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def normalise_line(line: str) -> str:
    """One line with uniform characters and single spaces; leading indentation kept.

    Indentation is kept (tabs expanded) because it is the only sign that a pasted
    bullet is a sub-item of the bullet above it.
    """
    line = line.translate(_INVISIBLE).translate(_SPACES).translate(_DASHES).translate(_MU).translate(_QUOTES)
    line = line.expandtabs(TAB_WIDTH)
    indent = len(line) - len(line.lstrip(" "))
    body = " ".join(line.split())
    body = _MARKDOWN_BOLD.sub(lambda m: m.group(1) or m.group(2), body)
    return " " * indent + body if body else ""


def normalise(text: str) -> list[str]:
    """The text as a list of normalised lines ("" for blank lines).

    HTML comments are dropped: they are never part of an answer (test fixtures use
    one to say that they are fixtures).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\f", "\n").replace("\v", "\n")
    text = _HTML_COMMENT.sub("", text)
    return [normalise_line(line) for line in text.split("\n")]
