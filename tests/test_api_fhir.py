"""The DocumentReference as an integrator's FHIR server checks it: built from a PDF's bytes, no render needed."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fhir.resources.R4B.documentreference import DocumentReference

from handouts.context import Context
from handouts.errors import UsageError
from handouts.fhir import Printed, document_reference, to_json
from handouts.loading import load_topic

PDF = b"%PDF-1.7\n% not a real document, only bytes to describe\n%%EOF\n"
EHR = Path(__file__).parent / "fixtures" / "ehr"


@pytest.fixture(scope="module")
def topic():
    return load_topic(EHR / "topics" / "iron-test.yaml", Context.default(today=date(2026, 1, 5)))


def test_date_is_an_instant_with_its_time_zone(topic):
    """R4 DocumentReference.date is an `instant`: to the second, with a time zone. An EHR sorts and
    searches the chart by it; without one, the filed handout had no date at all."""
    made = datetime(2026, 1, 5, 9, 30, 12, 345678, tzinfo=timezone(timedelta(hours=1)))
    resource = document_reference(topic, Printed(PDF, "patient", "en-US", "Iron", date(2026, 1, 5), "x.pdf",
                                                 made=made))
    data = json.loads(to_json(resource))
    assert data["date"] == "2026-01-05T09:30:12+01:00"
    assert data["content"][0]["attachment"]["creation"] == "2026-01-05T09:30:12+01:00"
    now = json.loads(to_json(document_reference(topic, Printed(PDF, "patient", "en-US", "Iron",
                                                                date(2026, 1, 5), "x.pdf"))))
    stamped = datetime.fromisoformat(now["date"])
    assert stamped.tzinfo is not None and abs(stamped - datetime.now(timezone.utc)) < timedelta(minutes=5)
    with pytest.raises(UsageError, match="time zone"):
        document_reference(topic, Printed(PDF, "patient", "en-US", "Iron", date(2026, 1, 5), "x.pdf",
                                          made=datetime(2026, 1, 5, 9, 30)))


def test_the_attachment_as_r4_describes_it(topic):
    resource = document_reference(topic, Printed(PDF, "clinician", "en-US", "Iron: clinician brief",
                                                 date(2026, 1, 5), "x.pdf", "Test Clinic"), "inline")
    data = json.loads(to_json(resource))
    attachment = data["content"][0]["attachment"]
    assert attachment["contentType"] == "application/pdf" and base64.b64decode(attachment["data"]) == PDF
    assert attachment["size"] == len(PDF)
    assert attachment["hash"] == base64.b64encode(hashlib.sha1(PDF).digest()).decode()  # noqa: S324
    assert data["resourceType"] == "DocumentReference" and data["status"] == "current"
    assert data["type"]["coding"][0] == {"system": "http://loinc.org", "code": "34895-3", "display": "Education note"}
    assert "subject" not in data and data["author"] == [{"display": "Test Clinic"}]
    assert DocumentReference.model_validate(data).date is not None


def test_the_resource_reads_as_its_own_narrative(topic):
    """R4 dom-6 (domainresource.html): "A resource should have narrative for robust management"; the official
    validator warned on every reference. The narrative is XHTML generated from the resource's own description
    (narrative.html: status 'generated'), a title's markup shown as text, never read as markup."""
    import xml.etree.ElementTree as ET

    marked = topic.model_copy(update={"title": "Iron & <b>bold</b>"})
    data = json.loads(to_json(document_reference(marked, Printed(PDF, "clinician", "en-US", "Iron", date(2026, 1, 5),
                                                                   "x.pdf"))))
    assert data["text"]["status"] == "generated"
    div = ET.fromstring(data["text"]["div"])
    assert div.tag == "{http://www.w3.org/1999/xhtml}div" and "".join(div.itertext()) == data["description"]
    assert data["description"].startswith("Iron & <b>bold</b>: clinician brief") and "<b>" not in data["text"]["div"]


def test_a_kept_documents_reference_says_when_its_pdf_was_made():
    """R4 Attachment.creation is "the date that the attachment was first created": a service that keeps a
    Document and makes its DocumentReference later (when the EHR asks to file it) got the later moment."""
    from handouts import api

    document = api.clinician_brief("leaky-gut")
    later = datetime.now(timezone(timedelta(hours=-5))) + timedelta(hours=3)
    data = document.document_reference(made=later)
    created = datetime.fromisoformat(data["content"][0]["attachment"]["creation"])
    assert data["date"] == later.isoformat(timespec="seconds") and created.utcoffset() == timedelta(hours=-5)
    assert abs(created - datetime.now(timezone.utc)) < timedelta(minutes=5)
