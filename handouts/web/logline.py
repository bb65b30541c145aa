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
    """A logger's filter: the record's message, formatted, made one_line (for every handler alike).

    A record that carries an exception keeps only the exception's kind: its text and its traceback
    may quote what a form said (Flask logs a failure no error page caught that way).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            kind = record.exc_info[0]
            message = f"{message}: {kind.__name__ if kind else 'unknown error'}"
            record.exc_info, record.exc_text = None, None
        record.stack_info = None
        record.msg, record.args = one_line(message), None
        return True


def install(logger: logging.Logger) -> None:
    """Add the filter once, however many apps a process makes.

    A logger's filter sees only the records logged on that logger, not those of its children:
    each logger the app writes through (its own, and Flask's app.logger) is given one.
    """
    if not any(isinstance(f, OneLine) for f in logger.filters):
        logger.addFilter(OneLine())
