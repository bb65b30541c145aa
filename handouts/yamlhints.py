"""A YAML syntax error in words a clinician editing a topic can act on.

The parser names its own machinery ("expected <block end>, but found '<block mapping
start>'", "mapping values are not allowed here"); the person who mis-indented a line or
wrote a title with a colon in it needs to hear which, and what to type instead. The
error stays where the parser found it; a hint that needs another line (where a quote or
a bracket was opened) names that line. A message with no known cause is passed on as
the parser wrote it.
"""

from __future__ import annotations

import re

_KEY_THEN_TEXT = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"][^:#]*:\s+\S")
"""`key: some text` before the offending ':' on its line: a second ': ' inside a value."""

_NOT_A_START = re.compile(r"found character '(?P<char>[^']+)' that cannot start any token")


def plain(problem: str, context: str, line_text: str, column: int, context_line: int | None) -> str:
    """What went wrong and what to write instead; `column` is 0-based, `context_line` 1-based."""
    opened = f" on line {context_line}" if context_line else ""
    if problem == "mapping values are not allowed here":
        if _KEY_THEN_TEXT.match(line_text[:column]):
            return ("a text with ': ' in it must be in quotes, "
                    'e.g. title: "Gut health: what helps"')
        return ("this line is indented more than a new field can be here: line it up with the "
                "fields at its level (YAML nests by indentation, with spaces)")
    if problem.startswith("expected <block end>, but found"):
        if problem.endswith("'<scalar>'"):
            return "more text after a closing quote: put the whole text inside the quotes"
        return ("this line is indented differently from the lines above it: line it up with the "
                "other fields (or '- ' list items) at its level (YAML nests by indentation, with spaces)")
    if problem == "could not find expected ':'" and "simple key" in context:
        where = f"line {context_line}" if context_line else "the line above"
        return (f"{where} has no ':' after its field name: write 'name: value' (a text that goes on "
                "to the next line is indented under its field)")
    if problem == "found unexpected end of stream" and "quoted scalar" in context:
        return f"a quote opened{opened} is never closed: end the text with the same quote mark"
    if problem.startswith("expected ',' or ']'"):
        return f"a list opened with '['{opened} is not closed with ']'"
    if problem.startswith("expected ',' or '}'"):
        return f"a group opened with '{{'{opened} is not closed with '}}'"
    if problem.startswith("expected the node content") and "flow" in context:
        return "a '[' or '{' is never closed (a text that starts with one must be in quotes)"
    start = _NOT_A_START.match(problem)
    if start and start.group("char") in ("%", "@", "`"):
        return f"a text cannot start with '{start.group('char')}' unless it is in quotes, e.g. \"{start.group('char')}...\""
    return problem
