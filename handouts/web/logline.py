"""Every line the app logs is one line: what a request put in its address is shown, never obeyed.

waitress decodes the path (`/x%0a...` arrives as a line break), and the log lines quote
it: without this, one request could add lines of its own to the server's log, such as
a made-up sign-in or a print that never happened. Control characters and the
bidirectional overrides are written as escapes, and a line is cut at MAX_CHARS.
"""

from __future__ import annotations

import logging
import re

from handouts.patterns import UNSAFE_IN_A_LOG_LINE

MAX_CHARS = 1000
_UNPRINTABLE = re.compile(UNSAFE_IN_A_LOG_LINE)


def one_line(text: str) -> str:
    """`text` with every character that could break or disguise a log line escaped, and cut short."""
    shown = _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return shown if len(shown) <= MAX_CHARS else shown[:MAX_CHARS] + "..."


class OneLine(logging.Filter):
    """A logger's filter: the record's message, formatted, made one_line (for every handler alike)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = one_line(record.getMessage()), None
        return True


def install(logger: logging.Logger) -> None:
    """Add the filter once, however many apps a process makes."""
    if not any(isinstance(f, OneLine) for f in logger.filters):
        logger.addFilter(OneLine())
