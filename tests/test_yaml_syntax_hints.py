"""A YAML mistake is reported in words that say what to type, at the parser's location.

The parser's own words ("expected <block end>, but found '<block mapping start>'") name its
machinery, not the mis-indented line or the unquoted colon a clinician editing a topic made.
"""

from __future__ import annotations

import pytest

from handouts.errors import ContentError
from handouts.yamlsource import parse

CASES = {
    "a line indented less than its neighbours": (
        "a:\n    b: 1\n  c: 2\n", (3, 3), "indented differently from the lines above it"),
    "a field indented under a field that has a value": (
        "a: 1\n b: 2\n", (2, 3), "indented more than a new field can be here"),
    "a list item where a field was expected": (
        "a: 1\n- b\n", (2, 1), "indented differently"),
    "a colon inside a title": (
        "title: Gut health: what helps\n", (1, 18), "a text with ': ' in it must be in quotes"),
    "a colon inside a list item's text": (
        "a:\n  - patient: Eat more: fiber\n", (2, 22), "must be in quotes"),
    "a quote never closed": (
        'title: "Leaky gut\nid: x\n', (3, 1), "a quote opened on line 1 is never closed"),
    "a line without its colon": (
        "a: 1\nb\nc: 2\n", (3, 1), "line 2 has no ':' after its field name"),
    "a list never closed": (
        "a: [1, 2\nb: 3\n", (2, 2), "a list opened with '[' on line 1 is not closed with ']'"),
    "text after a closing quote": (
        'a: "x" y\n', (1, 8), "more text after a closing quote"),
    "a text starting with @": (
        "a: @handle\n", (1, 4), "cannot start with '@' unless it is in quotes"),
}


@pytest.mark.parametrize("text, where, says", CASES.values(), ids=CASES.keys())
def test_a_yaml_mistake_says_what_to_write(text: str, where: tuple[int, int], says: str) -> None:
    with pytest.raises(ContentError) as info:
        parse(text, "topic.yaml")
    (problem,) = info.value.problems
    assert (problem.path, problem.line, problem.col) == ("topic.yaml", *where)
    assert problem.message.startswith("YAML syntax: ") and says in problem.message, problem.message
    assert "<block" not in problem.message and "mapping values" not in problem.message
