"""Drop the web page around an answer: review widgets, personalisation prompts, marketing.

What an evidence tool prints around its answer is not content, and importing it
would put "Which best describes you?" into a clinician brief. The one piece of
chrome worth keeping is the "Last updated" date, which becomes `last_updated`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

# A line that is entirely page furniture (matched against the stripped line, any case).
_DROP = re.compile(
    r"""^(?:
        medical\ advisory\ board.*
      | all\ articles\ are\ reviewed\ for\ accuracy.*
      | educational\ purpose\ only.*
      | article\ review\ status
      | submitted | under\ review | approved | pending\ review
      | view\ editorial\ policy
      | personali[sz]e
      | help\ us\ tailor\ your\ experience.*
      | which\ best\ describes\ you\?.*
      | your\ choice\ helps\ us\ use\ language.*
      | share | print | copy | copy\ link | bookmark
      | was\ this\ (?:answer\ )?helpful\??
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# From a line like this on, everything is marketing or follow-up widgets.
_CUT = re.compile(
    r"^(?:have\ a\ follow[- ]up\ question\??|our\ medical\ a\.?i\.?(?:\s.*)?$|ask\ (?:any|a)\ follow[- ]up\ question.*"
    r"|related\ questions|people\ also\ ask)",
    re.IGNORECASE | re.VERBOSE,
)

_UPDATED = re.compile(r"^last\s+updated\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_DATE_FORMS = (
    (
        re.compile(r"(?P<d>[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})"),
        ("%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%b %d %Y", "%b. %d, %Y"),
    ),
    (re.compile(r"(?P<d>\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4})"), ("%d %B %Y", "%d %b %Y", "%d %b. %Y")),
    (re.compile(r"(?P<d>\d{4}-\d{2}-\d{2})"), ("%Y-%m-%d",)),
)


@dataclass(frozen=True)
class Stripped:
    """The answer's own lines, the page's "Last updated" date, and what was dropped."""

    lines: tuple[str, ...]
    last_updated: date | None
    dropped: tuple[str, ...]


def parse_date(text: str) -> date | None:
    """The first date in `text` written as 'July 2, 2025', '2 July 2025' or '2025-07-02'."""
    for pattern, formats in _DATE_FORMS:
        found = pattern.search(text)
        if not found:
            continue
        raw = " ".join(found.group("d").split())
        for form in formats:
            try:
                return datetime.strptime(raw, form).date()
            except ValueError:
                continue
    return None


def strip_chrome(lines: list[str] | tuple[str, ...]) -> Stripped:
    """Remove page furniture; keep blank lines so paragraph breaks survive."""
    kept: list[str] = []
    dropped: list[str] = []
    updated: date | None = None
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            kept.append("")
            continue
        if _CUT.match(text):
            dropped.extend(x.strip() for x in lines[index:] if x.strip())
            break
        stamp = _UPDATED.match(text)
        if stamp:
            updated = updated or parse_date(stamp.group("rest"))
            dropped.append(text)
            continue
        if _DROP.match(text):
            dropped.append(text)
            continue
        kept.append(line)
    return Stripped(tuple(kept), updated, tuple(dropped))
