"""A medicine whose prescription status no source confirms is marked neither way.

Reproduction: loperamide was `prescription: true`, so the clinician brief printed 'Loperamide Rx'
in the dosing table and beside the item ('Rx: prescription medicine'), though it is sold without a
prescription in some countries and neither the seeds nor the verified records say which. The item
keeps the prescription item's handling (its dose clinician-only, listed with the medicines the care
team may suggest); the brief prints no Rx mark for it and says, for the reviewer, that its status is
unconfirmed; the patient handout, in English and Spanish, says neither that it needs a prescription
nor that it does not.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from handouts import documents
from handouts.context import Context
from cliutil import assert_clean_exit, run
from pdfutil import text
from samples import edited_copy, printed

CTX = Context.default(date(2025, 8, 1))
STATUS = "Prescription status varies by country; unconfirmed."


def words(pdf: bytes) -> str:
    return " ".join(text(pdf).split())


def test_the_brief_marks_loperamide_neither_prescription_nor_not_and_says_why_for_the_reviewer():
    body = words(printed(documents.build_view("clinician", documents.topic_inputs("leaky-gut", "riverside", CTX),
                                              None, CTX)).data)
    assert re.search(r"Loperamide 4 to 12 mg per day", body), "its dosing row: no Rx mark"
    assert re.search(r"Codeine sulfate Rx 15 to 60 mg", body), "a confirmed prescription medicine keeps its mark"
    item = body[body.index("Anti-motility agent for diarrhea: loperamide"):]
    item = item[:item.index("Caution:")]
    assert "Rx" not in item and STATUS in item, item
    assert "over the counter" not in body.lower() and "without a prescription" not in body.lower()


@pytest.mark.parametrize("language, medicine, claims", [
    ("en", "If you have a lot of diarrhea, your care team may suggest a medicine to slow it down.",
     ("prescription", "over the counter", "without a doctor")),
    ("es", "Si tiene mucha diarrea, su equipo de salud puede sugerirle una medicina para frenarla.",
     ("receta", "sin receta", "de venta libre")),
])
def test_the_patient_handout_lists_it_with_the_medicines_and_claims_no_status(language, medicine, claims):
    ctx = CTX.with_locale(language)
    body = words(printed(documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside", ctx),
                                              None, ctx)).data)
    assert medicine in body
    assert not [claim for claim in claims if claim in body.lower()]


def test_an_unconfirmed_status_on_an_item_not_handled_as_a_prescription_is_refused_at_its_line(tmp_path):
    """Without the flag the medicine would print among the steps anyone may take, its dose unguarded."""
    path = edited_copy(tmp_path, ("        prescription: true\n        prescription_unconfirmed:",
                                  "        prescription: false\n        prescription_unconfirmed:"))
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text == "      - id: loperamide")
    result = run("validate", path)
    assert_clean_exit(result, 1)
    assert re.search(rf"leaky-gut\.yaml:{line}:\d+: sections\[\d+\]\.recommendations\[0\]: "
                     r"'prescription_unconfirmed' needs 'prescription: true'", result.stderr + result.stdout), (
        result.stderr + result.stdout)
