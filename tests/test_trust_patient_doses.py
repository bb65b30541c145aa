"""No patient text states a prescription medicine's dose, whichever part of the topic it is in.

Reproduction: only a `prescription: true` item's own patient text was checked
for doses. The same words in an item whose flag was forgotten ("codeine 15 to
60 mg" with `prescription: false`), in 'about', or in a section's side note,
validated and printed on the patient handout.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts.context import Context
from handouts.errors import ContentError
from handouts.loading import load_checked
from samples import edited_copy

CTX = Context.default(date(2025, 8, 1))
CODEINE = ("        audience: clinician\n        prescription: true\n        clinician: >-\n"
           "          For severe diarrhea: codeine sulfate 15 to 60 mg two to three times\n")
CODEINE_FOR_PATIENTS = ("        audience: both\n        prescription: false\n"
                        "        patient: For bad diarrhea, take codeine 15 to 60 mg two to three times a day.\n"
                        "        clinician: >-\n"
                        "          For severe diarrhea: codeine sulfate 15 to 60 mg two to three times\n")
ABOUT = "    \"Leaky gut\" is an idea, not an illness that doctors can name. Your gut has a\n"


def edited(tmp_path: Path, old: str, new: str) -> Path:
    return edited_copy(tmp_path, (old, new))


def dose_problems(path: Path) -> list:
    with pytest.raises(ContentError) as raised:
        load_checked(path, "topic", CTX)
    return [p for p in raised.value.problems if "prescription medicine" in p.message]


def test_a_prescription_dose_in_an_item_whose_flag_was_forgotten_is_refused(tmp_path):
    path = edited(tmp_path, CODEINE, CODEINE_FOR_PATIENTS)
    found = dose_problems(path)
    assert len(found) == 1
    assert found[0].field.endswith(".patient") and "('15 to 60 mg') of codeine" in found[0].message
    assert "set 'prescription: true'" in found[0].message


def test_a_prescription_dose_in_about_is_refused_at_its_language(tmp_path):
    path = edited(tmp_path, ABOUT, "    Some people are given omeprazole 20 mg. " + ABOUT.lstrip())
    found = dose_problems(path)
    assert [(p.field, p.line) for p in found] == [("about.en", 88)]  # its "en:" line
    assert "('20 mg') of omeprazole" in found[0].message


def test_an_over_the_counter_amount_is_not_a_prescription_dose(tmp_path):
    path = edited(tmp_path, ABOUT, "    Some people take calcium, 800 to 1,200 mg a day. " + ABOUT.lstrip())
    checked = load_checked(path, "topic", CTX)
    assert not [w for w in checked.warnings if "prescription medicine" in w.message]


def test_a_drug_named_without_a_dose_is_not_refused(tmp_path):
    path = edited(tmp_path, ABOUT, "    Some people are given omeprazole for heartburn. " + ABOUT.lstrip())
    load_checked(path, "topic", CTX)
