"""Doses in a Spanish text are checked the way Spanish readers read numbers.

Reproduction: the ISMP check read every text as English. A Spanish patient text with
"1.000 mg" (a thousand milligrams to most readers of Spanish) was refused with "write
'1 mg'", a thousand-fold error, and one with "1000 mg" with "write '1,000'", which
readers who write decimals with a comma read as one milligram. "1,0 mg", "0,50 mg",
",5 mg" and "10 UI" (Spanish for IU) validated in content under review.
"""

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
SPANISH_END = "empeorar los problemas del intestino."  # stress-management's Spanish patient text


def found(text: str, language: str) -> dict[str, str]:
    return {hit.found: hit.safe for hit in ismp.find(text, language=language)}


@pytest.mark.parametrize("text, safe", [
    ("Tome 1,0 mg.", "'1 mg'"),
    ("Tome 0,50 mg.", "'0,5 mg'"),
    ("Tome 2,500 mg.", None),  # three figures after the comma: not a trailing zero, see below
    ("Tome ,5 mg.", "'0,5'"),
    ("Tome 10 UI.", "'unidades'"),
    ("Tome 10 U al día.", "'10 unidades'"),
])
def test_spanish_decimal_commas_and_units_are_checked(text, safe):
    hits = found(text, "es")
    assert hits and (safe is None or safe in hits.values())


@pytest.mark.parametrize("text", ["Tome 1.000 mg.", "Tome 1,000 mg.", "Tome 1,250 mg.", "1.000.000 unidades"])
def test_a_mark_before_three_figures_is_ambiguous_in_spanish_and_never_fixed_to_one(text):
    (safe,) = found(text, "es").values()
    assert "1000 mg" in safe and "'1 mg'" != safe  # both readings named, neither chosen for the author


@pytest.mark.parametrize("text", ["Tome 1000 mg al día.", "Tome 2,5 mg.", "Tome 1,25 mg.", "Los días 1, 2 y 3."])
def test_spanish_numbers_read_right_are_not_flagged(text):
    assert found(text, "es") == {}


def test_english_texts_keep_the_english_rules():
    assert found("Take 1.000 mg or 1000 mg.", "en") == {"1.000 mg": "'1 mg'", "1000": "'1,000'"}
    assert found("Tome 1.000 mg.", "es-US") == found("Tome 1.000 mg.", "es")


def spanish_problems(tmp_path: Path, added: str) -> list:
    path = edited_copy(tmp_path, (SPANISH_END, f"{SPANISH_END} {added}"))
    with pytest.raises(ContentError) as raised:
        load_checked(path, "topic", CTX)
    return [p for p in raised.value.problems if "error-prone" in p.message]


def test_validate_never_tells_a_spanish_text_to_write_a_thousandth_of_its_dose(tmp_path):
    (problem,) = spanish_problems(tmp_path, "Tome 1.000 mg de calcio.")
    line = key_line(edited_copy(tmp_path / "unedited"), SPANISH_END)
    assert problem.field == "sections[3].recommendations[0].patient.es" and problem.line == line
    assert "write '1 mg'" not in problem.message and "1000 mg" in problem.message


def test_validate_refuses_a_trailing_zero_after_a_decimal_comma(tmp_path):
    (problem,) = spanish_problems(tmp_path, "Tome 1,0 mg.")
    assert problem.field.endswith("patient.es") and "write '1 mg'" in problem.message


def test_a_spanish_thousand_without_a_separator_validates(tmp_path):
    path = edited_copy(tmp_path, (SPANISH_END, f"{SPANISH_END} Tome 800 a 1200 mg de calcio."))  # the brief's dose
    checked = load_checked(path, "topic", CTX)
    assert not [w for w in checked.warnings if "error-prone" in w.message]
