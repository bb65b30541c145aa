"""Can an EHR find the topic: codes on the condition, or a note saying why there are none."""

from __future__ import annotations

from collections.abc import Iterator

from handouts.lint.evidence import recommendation_locs
from handouts.lint.findings import Issue
from handouts.models import Topic


def check_codes(topic: Topic) -> Iterator[Issue]:
    """An uncoded condition is found by name only; a repeated code is a slip."""
    condition = topic.condition
    if not condition.codes and not condition.coding_note:
        yield Issue(
            "uncoded-condition", "info",
            "an EHR's infobutton finds this topic by name only: add the condition's codes (ICD-10-CM, "
            "SNOMED CT), or say in 'coding_note' why there are none",
            ("condition",),
        )
    lists = [(("condition", "codes"), condition.codes)]
    lists.extend(((*loc, "codes"), rec.codes) for loc, rec in recommendation_locs(topic))
    for where, codes in lists:  # the same drug may be coded on two items (two doses); not twice on one
        seen: set[tuple[str, str]] = set()
        for i, code in enumerate(codes):
            key = (code.system, code.code.upper())
            if key in seen:
                yield Issue("repeated-code", "warning", f"{code.system} {code.code} is given twice here",
                            (*where, i))
            seen.add(key)
