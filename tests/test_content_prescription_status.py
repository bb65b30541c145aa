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

import functools
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from handouts import documents
from handouts.approve import approve_file
from handouts.context import Context
from handouts.importer.drugs import list_path as drug_list, prescription_term
from cliutil import assert_clean_exit, run
from pdfutil import text
from samples import NEXT_REVIEW, copy_of, edited_copy, printed

CTX = Context.default(date(2025, 8, 1))
STATUS = "Prescription status varies by country; unconfirmed."


@functools.cache
def words(pdf: bytes) -> str:
    """The PDF's text, spaces collapsed; read once per PDF (the brief's three tests read one printed PDF)."""
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
    path = edited_copy(tmp_path, (f"        prescription: true\n        prescription_unconfirmed: {STATUS}",
                                  f"        prescription: false\n        prescription_unconfirmed: {STATUS}"))
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text == "      - id: loperamide")
    result = run("validate", path)
    assert_clean_exit(result, 1)
    assert re.search(rf"leaky-gut\.yaml:{line}:\d+: sections\[\d+\]\.recommendations\[0\]: "
                     r"'prescription_unconfirmed' needs 'prescription: true'", result.stderr + result.stdout), (
        result.stderr + result.stdout)


CLASSES = [  # (where the item's text starts in the brief, where the next text starts, its note for review)
    ("H2-receptor antagonists or proton pump inhibitors", "Caution:",
     "Prescription status varies by medicine, strength and country; unconfirmed."),
    ("Antispasmodics, particularly those with anticholinergic action", "For persistent abdominal pain",
     "Prescription status varies by medicine and country; unconfirmed."),
]


@pytest.mark.parametrize("start, end, status", CLASSES, ids=["acid-suppression", "antispasmodics"])
def test_a_class_with_members_sold_without_prescription_is_marked_neither_way(start, end, status):
    """'H2 antagonists or proton pump inhibitors' and 'Antispasmodics' printed 'Rx' ('prescription
    medicine'), though some medicines of both classes are sold without one in some strengths or
    countries (the importer's drug list says so) and no seed or verified record says which are meant."""
    body = words(printed(documents.build_view("clinician", documents.topic_inputs("leaky-gut", "riverside", CTX),
                                              None, CTX)).data)
    item = body[body.index(start):]
    item = item[:item.index(end)]
    assert "Rx" not in item, item
    assert status in item[item.index("Note for review:"):], item
    assert "Tricyclic antidepressant (low dose) Rx 10 mg" in body, "a prescription-only class keeps its mark"


def _sold_without_prescription(tmp_path: Path) -> Path:
    """The importer's drug list cut to the names and classes it marks as also sold over the counter."""
    marked = [line.split("#")[0].strip().removeprefix("- ").strip()
              for line in drug_list().read_text(encoding="utf-8").splitlines()
              if re.match(r"\s*- [^#]+#.*\bOTC\b", line)]
    assert {"h2 antagonists", "proton pump inhibitors", "omeprazole", "antispasmodics"} <= set(marked)
    path = tmp_path / "otc.yaml"
    path.write_text(yaml.safe_dump({"names": marked}), encoding="utf-8")
    return path


def test_no_item_naming_a_medicine_also_sold_over_the_counter_claims_it_needs_a_prescription(tmp_path):
    """An item flagged 'prescription' whose name or text names a drug or class the importer's list marks
    'also OTC' says its status is unconfirmed: the brief would otherwise print 'Rx' for it."""
    otc = _sold_without_prescription(tmp_path)
    topic = documents.topic_inputs("leaky-gut", "riverside", CTX).topic
    items = [rec for section in topic.sections for rec in section.recommendations if rec.prescription]
    named = {rec.id: prescription_term([rec.name, rec.clinician], otc) for rec in items}
    assert named["acid-suppression"] and named["antispasmodics"], named
    claimed = [rec.id for rec in items if named[rec.id] and rec.prescription_unconfirmed is None]
    assert not claimed, f"marked Rx though the list says some are sold without a prescription: {claimed}"
    confirmed = {rec.id for rec in items if rec.prescription_unconfirmed is None}
    assert {"diphenoxylate", "codeine", "octreotide", "tricyclic-antidepressant"} <= confirmed


def test_once_approved_the_brief_still_says_why_an_item_carries_no_rx_mark(tmp_path):
    """Approval drops the notes for review, and with them the only words on the status: beside medicines
    marked Rx under a legend 'Rx prescription medicine', loperamide, acid suppression and antispasmodics
    then read as sold without a prescription. The approved brief prints each one's status as it stands."""
    path = copy_of(tmp_path)
    ctx = Context.default()
    approve_file(path, "Dr Ada Lane", ctx, on=ctx.today, next_review=NEXT_REVIEW)
    body = words(printed(documents.build_view("clinician", documents.topic_inputs(str(path), "riverside", ctx),
                                              None, ctx)).data)
    assert "Note for review" not in body, "approved: no notes for review"
    for start, end, status in [("Anti-motility agent for diarrhea: loperamide", "Caution:", STATUS), *CLASSES]:
        item = body[body.index(start):]
        item = item[:item.index(end)]
        assert "Rx" not in item and status in item, item
