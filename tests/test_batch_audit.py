"""What the manifest tells an auditor about each print: whose approval the content printed under, and when.

Topics and diet plans share the code that records it (Preparer._review)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from handouts.batch.jobs import Job
from handouts.batch.prepare import Preparer
from handouts.resources import asset_dir

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
BRAND = str(asset_dir("data") / "brands" / "default.yaml")


def test_a_topic_documents_entry_names_its_reviewer_and_review_date():
    job = Job("a.pdf", str(FIXTURES / "topics" / "alpha.yaml"), BRAND, "clinician")
    review = Preparer(date(2025, 7, 1)).prepare(job).review
    assert review == {"status": "approved", "reviewer": "Dr. Test Reviewer", "reviewed": "2025-01-10",
                      "next_review": "2099-01-10", "mark": None, "as_of": "2025-07-01"}

