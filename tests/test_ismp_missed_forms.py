"""Forms the first pharmacist review found the ISMP check let through, each printed as written:
'q.d' without its final dot, '5 u.' with one, 'qAM', and a figure grouped with spaces ('1 000 mg',
'2 500 mg': a thousand or one, 2500 mg or two 500 mg tablets)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts import ismp
from handouts.context import Context
from handouts.errors import ContentError
from handouts.loading import load_checked
from samples import edited_copy, key_line

CTX = Context.default(date(2025, 8, 1))
ENGLISH_END = "Stress can make gut problems\n            worse."  # stress-management's English patient text
SPANISH_END = "empeorar los problemas del intestino."


@pytest.mark.parametrize("text, found, safe", [
    ("Take it q.d with food.", "q.d", "'daily'"),
    ("Take it q.d", "q.d", "'daily'"),
    ("Then q.o.d for a week.", "q.o.d", "'every other day'"),
    ("Inject 5 u. at night.", "5 u.", "'5 units'"),
    ("Inject 5 U.", "5 U.", "'5 units'"),
    ("One capsule qAM.", "qAM", "'every morning'"),
    ("One capsule qPM.", "qPM", "'every evening'"),
    ("Take 1 000 mg a day.", "1 000", "'one figure without spaces (1,000 mg)' or 'the count in words (two 500 mg tablets)'"),
    ("Take 2\u00a0500 mg tablets.", "2\u00a0500", "'one figure without spaces (1,000 mg)' or 'the count in words (two 500 mg tablets)'"),
    ("Up to 12 500 units.", "12 500", "'one figure without spaces (1,000 mg)' or 'the count in words (two 500 mg tablets)'"),
])
def test_each_missed_form_is_found_with_what_to_write(text, found, safe):
    assert [(h.found, h.safe) for h in ismp.find(text)] == [(found, safe)]


def test_q_d_s_is_four_times_daily_never_daily():
    """'q.d.' matched the start of 'q.d.s.' (four times daily) and said to write 'daily'."""
    assert [(h.found, h.safe) for h in ismp.find("Take q.d.s. for 5 days.")] == [("q.d.s.", "'four times daily'")]


@pytest.mark.parametrize("text", ["in the U.S. today", "Take 5 units.", "Take 1,000 mg.",
                                  "In 2019 500 people", "Walk 20 minutes, 3 days a week.", "for 2 000 steps"])
def test_ordinary_writing_is_not_flagged(text):
    assert ismp.find(text) == []


def test_u_d_stays_as_directed_not_units():
    assert [h.safe for h in ismp.find("Take 5 u.d.")] == ["'as directed'"]


def test_a_spanish_text_grouped_with_spaces_is_told_to_write_the_thousand_without_a_separator():
    (hit,) = ismp.find("Tome 1 000 mg.", language="es")
    assert "1000 mg" in hit.safe and "1,000" not in hit.safe


def test_validate_refuses_each_in_a_patient_text_naming_line_and_field(tmp_path):
    path = edited_copy(tmp_path, (ENGLISH_END, f"{ENGLISH_END} Take 1 000 mg qAM, or 5 u. q.d"))
    with pytest.raises(ContentError) as raised:
        load_checked(path, "topic", CTX)
    found = [p for p in raised.value.problems if "error-prone" in p.message]
    assert {p.field for p in found} == {"sections[3].recommendations[0].patient.en"}, found
    assert all(p.line == key_line(path, ENGLISH_END) for p in found), found  # the text's key line
    said = " ".join(p.message for p in found)
    for form in ("'1 000'", "'qAM'", "'5 u.'", "'q.d'"):
        assert form in said, said
