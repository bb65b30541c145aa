"""A dose stated in the clinician bottom line traces to a reference, as the dosing table's do.

Reproduction: the bottom line need not cite (it summarises cited items), so
"loperamide 4 to 12 mg a day" in an uncited bottom line validated in content
under review and printed on the brief's first page with nothing to trace it to.
"""

from __future__ import annotations

from datetime import date

import pytest

from handouts.context import Context
from handouts.errors import ContentError
from handouts.loading import load_checked
from samples import edited_copy as edited

CTX = Context.default(date(2025, 8, 1))
CITES = "  citations: [camilleri2019leaky, lacy2024leakymyths, vasant2021bsgibs]\n"
FIRST_LINE = "    \"Leaky gut syndrome\" is not a recognized diagnosis and no validated test\n"
WITH_DOSE = "    Loperamide 4 to 12 mg a day helps diarrhea. \"Leaky gut syndrome\" is not a recognized diagnosis and no validated test\n"


def test_an_uncited_bottom_line_that_states_a_dose_is_refused(tmp_path):
    path = edited(tmp_path, (CITES, ""), (FIRST_LINE, WITH_DOSE))
    with pytest.raises(ContentError) as raised:
        load_checked(path, "topic", CTX)
    found = [p for p in raised.value.problems if p.rule == "bottom-line-dose-uncited"]
    assert [(p.field, p.severity) for p in found] == [("bottom_line.clinician", "error")]
    assert "('4 to 12 mg')" in found[0].message


def test_a_cited_one_or_one_without_a_dose_is_not(tmp_path):
    load_checked(edited(tmp_path, (FIRST_LINE, WITH_DOSE)), "topic", CTX)
    load_checked(edited(tmp_path / "b", (CITES, "")), "topic", CTX)


def test_a_draft_is_warned(tmp_path):
    path = edited(tmp_path, (CITES, ""), (FIRST_LINE, WITH_DOSE), ("  status: under_review\n", "  status: draft\n"))
    warnings = [w.rule for w in load_checked(path, "topic", CTX).warnings]
    assert "bottom-line-dose-uncited" in warnings
