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
from samples import edited_copy, key_line

CTX = Context.default(date(2025, 8, 1))
STRESS_EN = "breaths. Make one of them part of your day."
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
    assert (problem.field, problem.line) == ("sections[3].recommendations[0].patient.en", key_line(path, STRESS_EN))
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


# --- the unit forms probiotic doses are written in, and measures the brief has no unit for ----------
# The shipped topic doses a probiotic in 'billion CFU' (10 to 50 billion CFU a day, clinician-only); a
# patient text's '50 billion CFU' was not read as a dose at all, and '2 teaspoons' or '2 puffs' were
# read and then skipped: each printed on the handout with nothing in the brief behind it.


@pytest.mark.parametrize("found, stated", [
    ("10 to 50 billion CFU", StatedDose((Decimal(10), Decimal(50)), "billion CFU")),
    ("50 billion CFUs", StatedDose((Decimal(50),), "billion CFU")),
    ("10 a 50 mil millones de UFC", StatedDose((Decimal(10), Decimal(50)), "billion CFU")),
    ("5 CFU", StatedDose((Decimal(5),), "CFU")),
])
def test_colony_forming_units_are_read_as_the_dose_models_units(found, stated):
    assert read_dose(found, "") == stated


@pytest.mark.parametrize("added, quoted", [
    ("Some take 50 billion CFU a day.", "('50 billion CFU')"),
    ("Some take 5 million CFU a day.", "('5 million CFU')"),
])
def test_a_probiotic_dose_the_brief_does_not_print_is_refused(tmp_path, added, quoted):
    path = edited_copy(tmp_path, (STRESS_EN, f"{STRESS_EN} {added}"))
    (problem,) = problems(path)
    assert problem.field == "sections[3].recommendations[0].patient.en" and quoted in problem.message


def test_the_probiotic_dose_the_brief_prints_validates_in_either_language(tmp_path):
    path = edited_copy(tmp_path, (STRESS_EN, f"{STRESS_EN} Some take 10 to 50 billion CFU a day."),
                       (STRESS_ES, f"{STRESS_ES} Algunos toman de 10 a 50 mil millones de UFC al día."))
    checked = load_checked(path, "topic", CTX)
    assert not [w for w in checked.warnings if w.rule == RULE]


@pytest.mark.parametrize("text, where, added, quoted", [
    (STRESS_EN, "en", "Take 2 teaspoons of psyllium a day.", "('2 teaspoons')"),
    (STRESS_EN, "en", "Use 2 puffs before exercise.", "('2 puffs')"),
    (STRESS_ES, "es", "Tome 2 cucharaditas de psyllium al día.", "('2 cucharaditas')"),
])
def test_a_dose_in_a_measure_the_brief_has_no_unit_for_is_refused(tmp_path, text, where, added, quoted):
    path = edited_copy(tmp_path, (text, f"{text} {added}"))
    (problem,) = problems(path)
    assert problem.field.endswith(f"patient.{where}") and quoted in problem.message
    assert "in a measure the clinician brief cannot print" in problem.message


def test_a_measure_the_brief_has_no_unit_for_is_a_warning_in_a_draft(tmp_path):
    path = edited_copy(tmp_path, (STRESS_EN, f"{STRESS_EN} Take 2 teaspoons of psyllium a day."),
                       ("  status: under_review", "  status: draft"))
    checked = load_checked(path, "topic", CTX)
    assert [w.rule for w in checked.warnings if w.rule == RULE] == [RULE]
