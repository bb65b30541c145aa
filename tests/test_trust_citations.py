"""One source is one numbered reference, and a DOI is a whole DOI.

Reproductions: the same paper recorded under two ids validated, so the brief
numbered it twice and an item citing both looked backed by two sources; and a
DOI cut to its prefix ('10.1136') or broken by a space passed as long as it
began with '10.', printing a link that resolves nowhere.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts.context import Context
from handouts.errors import ContentError
from handouts.loading import load_checked
from samples import edited_copy as edited

CTX = Context.default(date(2025, 8, 1))
FIRST_DOI = "    DOI: 10.1136/gutjnl-2019-318427\n"  # camilleri2019leaky, the first reference
LATER_DOI = "    DOI: 10.1016/j.clnu.2020.12.014\n"  # delbo2021maple


def line_of(path: Path, text: str) -> int:
    """The line of the last occurrence of `text` (the second record, when the first has the same line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return len(lines) - lines[::-1].index(text.rstrip("\n"))


@pytest.mark.parametrize("written", [
    "    DOI: 10.1136/gutjnl-2019-318427\n", "    DOI: https://doi.org/10.1136/GUTJNL-2019-318427\n",
])
def test_one_source_under_two_ids_is_refused_at_the_second(tmp_path, written):
    path = edited(tmp_path, (LATER_DOI, written))
    with pytest.raises(ContentError) as raised:
        load_checked(path, "topic", CTX)
    found = [p for p in raised.value.problems if "same source" in p.message]
    assert len(found) == 1
    assert found[0].line == line_of(path, written)
    assert found[0].field.endswith(".DOI") and "'delbo2021maple' is the same source as 'camilleri2019leaky'" in found[0].message


def test_in_a_draft_it_is_a_warning(tmp_path):
    path = edited(tmp_path, (LATER_DOI, FIRST_DOI), ("  status: under_review\n", "  status: draft\n"))
    checked = load_checked(path, "topic", CTX)
    assert [w.rule for w in checked.warnings if "same source" in w.message] == ["duplicate-source"]


@pytest.mark.parametrize("doi", ["10.1136", "10.1136/", "10.1136/gutjnl 2019-318427", "10.11/abc"])
def test_a_doi_that_is_not_whole_is_refused_at_its_line(tmp_path, doi):
    path = edited(tmp_path, (FIRST_DOI, f'    DOI: "{doi}"\n'))
    with pytest.raises(ContentError) as raised:
        load_checked(path, "topic", CTX)
    found = [p for p in raised.value.problems if p.field.endswith("DOI")]
    assert len(found) == 1 and "is not a whole DOI" in found[0].message
    assert found[0].line == line_of(path, f'    DOI: "{doi}"\n')


def test_the_shipped_references_are_whole_dois_each_once():
    root = Path(__file__).resolve().parent.parent / "data"
    for name in ("topics/leaky-gut.yaml",):
        checked = load_checked(root / name, "topic", CTX)
        assert not [w for w in checked.warnings if w.rule == "duplicate-source"]
