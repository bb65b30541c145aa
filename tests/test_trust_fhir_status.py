"""The chart is told what the paper says: a document printed with a mark is not filed as final.

Reproduction: the DocumentReference's docStatus was 'final' whenever the
approval held, so a handout printed REVIEW OVERDUE, or a Spanish handout
printed DRAFT TRANSLATION, went into the EHR as final, authenticated by the
English content's reviewer.
"""

from __future__ import annotations

from datetime import date

import pytest

from handouts.approve import approve_file
from handouts.context import Context
from handouts.fhir import Printed, document_reference
from handouts.loading import load_topic
from samples import copy_of

CTX = Context.default(date(2025, 8, 1))


@pytest.fixture(scope="module")
def approved(tmp_path_factory):
    """The sample, its English approved until 2026-07-10; its Spanish is the shipped draft."""
    path = copy_of(tmp_path_factory.mktemp("fhir"))
    approve_file(path, "Dr Ada Lane", CTX, on=date(2025, 7, 10), next_review=date(2026, 7, 10))
    return load_topic(path, CTX)


def resource(topic, language: str, day: date, audience: str = "patient"):
    printed = Printed(b"%PDF-1.7 test", audience, language, "Leaky gut", day, "leaky-gut.pdf")
    return document_reference(topic, printed)


def test_an_approved_english_handout_in_date_is_final(approved):
    found = resource(approved, "en-US", date(2025, 8, 1))
    assert found.docStatus == "final" and found.authenticator.display == "Dr Ada Lane"


def test_a_handout_printed_after_its_review_date_is_preliminary(approved):
    found = resource(approved, "en-US", date(2026, 8, 1))
    assert found.docStatus == "preliminary" and found.authenticator is None
    assert "review status: review overdue" in found.description


def test_a_spanish_handout_with_a_draft_translation_is_preliminary(approved):
    found = resource(approved, "es-US", date(2025, 8, 1))
    assert found.docStatus == "preliminary"
    assert "review status: es translation draft" in found.description


def test_the_clinician_brief_is_english_and_final(approved):
    assert resource(approved, "en-US", date(2025, 8, 1), "clinician").docStatus == "final"
