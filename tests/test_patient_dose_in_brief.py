"""A dose a patient reads on the handout is one the clinician brief prints, the same figure.

Reproduction: a patient text of content under review said "Take magnesium, 400 mg a day, at
bedtime." for an item with no dose: it validated, lint said nothing, and the handout printed a
dose that the brief, where a prescriber checks every dose against its source, never showed.
An item whose dose is 2 capsules could tell the patient 3.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from handouts.context import Context
from handouts.dosetext import StatedDose, read_dose, read_number
from handouts.errors import ContentError
from handouts.loading import load_checked
from samples import edited_copy

CTX = Context.default(date(2025, 8, 1))
STRESS_EN = "breaths. Make one part of your day."
STRESS_ES = "empeorar los problemas del intestino."
PROBIOTIC_CITES = "        citations: [zheng2023probiotics, ghorbani2025gutintegrity, camilleri2021barrier]"
PROBIOTIC_DOSE = PROBIOTIC_CITES + """
        dose:
          amount: 2
          unit: capsules
          frequency: per day
          route: oral
          unsupported: No reference gives this figure."""
PROBIOTIC_EN = "In studies, they improved tests of the gut lining."
RULE = "patient-dose-not-in-brief"


def problems(path: Path) -> list:
    with pytest.raises(ContentError) as raised:
        load_checked(path, "topic", CTX)
    return [p for p in raised.value.problems if p.rule == RULE]


@pytest.mark.parametrize("text, number", [
    ("1,200", Decimal(1200)), ("2.5", Decimal("2.5")), ("2,5", Decimal("2.5")), ("dos", Decimal(2)),
    ("½", Decimal("0.5")), ("to", None),
])
def test_figures_are_read_in_english_and_spanish(text, number):
    assert read_number(text) == number


def test_a_stated_dose_is_read_as_figures_and_the_dose_models_unit():
    assert read_dose("800 to 1,200 milligrams", "") == StatedDose((Decimal(800), Decimal(1200)), "mg")
    assert read_dose("dos cápsulas", "") == StatedDose((Decimal(2),), "capsules")
    assert read_dose("10 mg", "/kg a day") == StatedDose((Decimal(10),), "mg/kg")
    assert read_dose("2 teaspoons", "") is None  # no dose unit to compare with


def test_a_dose_in_a_patient_text_that_the_brief_does_not_print_is_refused(tmp_path):
    path = edited_copy(tmp_path, (STRESS_EN, f"{STRESS_EN} Take magnesium, 400 mg a day, at bedtime."))
    (problem,) = problems(path)
    assert (problem.field, problem.line) == ("sections[3].recommendations[0].patient.en", 408)
    assert "('400 mg')" in problem.message and "the clinician brief does not print" in problem.message


def test_a_spanish_patient_text_is_checked_too(tmp_path):
    path = edited_copy(tmp_path, (STRESS_ES, f"{STRESS_ES} Tome 2,5 g al día."))
    (problem,) = problems(path)
    assert problem.field.endswith("patient.es") and "('2,5 g')" in problem.message


def test_an_items_patient_text_must_state_the_items_own_dose(tmp_path):
    path = edited_copy(tmp_path, (PROBIOTIC_CITES, PROBIOTIC_DOSE),
                       (PROBIOTIC_EN, f"{PROBIOTIC_EN} Take 3 capsules a day."))
    (problem,) = problems(path)
    assert problem.field.endswith("patient.en")
    assert "'3 capsules'" in problem.message and "this item's dose in the brief is 2 capsules" in problem.message


def test_the_same_dose_as_the_brief_validates(tmp_path):
    path = edited_copy(tmp_path, (PROBIOTIC_CITES, PROBIOTIC_DOSE),
                       (PROBIOTIC_EN, f"{PROBIOTIC_EN} Take two capsules a day."),
                       (STRESS_EN, f"{STRESS_EN} Some take calcium, 800 to 1,200 milligrams a day."))
    checked = load_checked(path, "topic", CTX)
    assert not [w for w in checked.warnings if w.rule == RULE]


def test_a_draft_is_warned_not_refused(tmp_path):
    path = edited_copy(tmp_path, (STRESS_EN, f"{STRESS_EN} Take magnesium, 400 mg a day."),
                       ("  status: under_review", "  status: draft"))
    checked = load_checked(path, "topic", CTX)
    assert [w.rule for w in checked.warnings if w.rule == RULE] == [RULE]
