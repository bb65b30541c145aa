"""The text layer reads once: running headers and footers are in it only where they are printed.

A hidden copy of the practice name, footer and review line (the old string-set
sources) made copied or screen-read text say "Riverside Riverside Family
Practice Family Under review ...".
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.context import Context
from handouts.models import Personalisation
from pdfutil import pages_text

TODAY = date(2026, 1, 15)
NAME = "Alder Street Clinic"
FOOTER = "Ring the front desk with any question about this sheet."
CLINICIAN_FOOTER = "Send referrals and clinical questions to the duty doctor."
BRAND = f"""id: alder
name: {NAME}
colors: {{primary: "#1f4e79"}}
footer: {FOOTER}
clinician_footer: {CLINICIAN_FOOTER}
paper: letter
"""


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def documents_made(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    out = tmp_path_factory.mktemp("layer")
    brand = out / "alder.yaml"
    brand.write_text(BRAND, encoding="utf-8")
    inputs = documents.topic_inputs("leaky-gut", brand)
    person = Personalisation(patient_name="Alex Morgan", notes="Try one change at a time.")
    made = {}
    for audience in ("patient", "clinician"):
        view = documents.build_view(audience, inputs, person if audience == "patient" else None, Context.default(TODAY))
        made[audience] = (documents.write_document(view, out / f"{audience}.pdf"), view.frame.review_line)
    ctx = Context.default(TODAY)
    diet = documents.build_view("diet-sheet", documents.diet_inputs("low-fodmap", None, brand, ctx), None, ctx)
    made["diet"] = (documents.write_document(diet, out / "diet.pdf"), diet.frame.review_line)
    return made


@pytest.mark.parametrize("kind", ["patient", "clinician", "diet"])
def test_each_running_line_is_in_the_text_exactly_as_often_as_it_is_printed(documents_made, kind):
    path, review_line = documents_made[kind]
    pages = [flat(page) for page in pages_text(path)]
    assert len(pages) >= 2, "the header only runs from page 2"
    footer = CLINICIAN_FOOTER if kind == "clinician" else FOOTER  # the patients' footer is theirs alone
    for number, page in enumerate(pages, start=1):
        # page 1: the masthead shows the name (the top margin leaves it out); later pages: the top margin
        assert page.count(NAME) == 1, (number, page)
        assert page.count(footer) == 1, (number, page)
        assert page.count(review_line) == 1, (number, page)

