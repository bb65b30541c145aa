"""The DocumentReference's category: an EHR that lists the chart's notes by category finds the handout there."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

from fhir.resources.R4B.documentreference import DocumentReference

from handouts.context import Context
from handouts.fhir import Printed, document_reference, to_json
from handouts.loading import load_topic

PDF = b"%PDF-1.7\n% not a real document, only bytes to describe\n%%EOF\n"
TOPIC = Path(__file__).parent / "fixtures" / "ehr" / "topics" / "iron-test.yaml"


def test_a_handout_is_filed_under_us_cores_clinical_note_category():
    """US Core DocumentReference Category (3.0.0 to 8.0.0): clinical-note, 'Clinical Note'. Without a
    category, `DocumentReference?category=clinical-note` never listed the handout."""
    topic = load_topic(TOPIC, Context.default(today=date(2026, 1, 5)))
    for audience in ("patient", "clinician"):
        printed = Printed(PDF, audience, "en-US", "Iron", date(2026, 1, 5), "x.pdf",
                          made=datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc))
        text = to_json(document_reference(topic, printed, "inline"))
        resource = DocumentReference.model_validate_json(text)  # a valid R4 resource, as an EHR reads it
        (category,) = resource.category
        (coding,) = category.coding
        assert (coding.system, coding.code, coding.display) == (
            "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category", "clinical-note",
            "Clinical Note")
        assert json.loads(text)["type"]["coding"][0]["code"] == "34895-3"  # the type says which note: education
