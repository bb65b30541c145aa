"""A brand's footer speaks to patients: it prints on what they take home, never on the brief.

The default brand's "Ask your care team if anything in this handout is unclear." printed on
every page of the clinician brief too. The brief now carries the brand's own
`clinician_footer` when it gives one, and no footer line when it does not.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.context import Context
from handouts.errors import ContentError
from handouts.loading import load_brand
from handouts.locale import parse
from handouts.models import Brand
from handouts.views.frame import brand_view
from pdfutil import pages_text
from samples import printed_file

TODAY = date(2026, 1, 15)
CTX = Context.default(TODAY)
PATIENT_LINE = "Ask your care team if anything in this handout is unclear."
RIVERSIDE_PATIENT_LINE = "Questions? Call (217) 555-0142, Monday to Friday, 8 am to 6 pm."
RIVERSIDE_CLINICIAN_LINE = "Clinician line for referrals and questions (217) 555-0142."


def flat(text: str) -> str:
    return " ".join(text.split())


def printed(audience: str, brand: str | Path, out: Path) -> list[str]:
    """Each page's text of the leaky-gut document for `audience` under `brand`."""
    view = documents.build_view(audience, documents.topic_inputs("leaky-gut", brand, CTX), None, CTX)
    return [flat(page) for page in pages_text(printed_file(view, out, f"{audience}.pdf"))]


@pytest.fixture(scope="module")
def default_brand(tmp_path_factory) -> dict[str, list[str]]:
    out = tmp_path_factory.mktemp("default-brand")
    return {audience: printed(audience, "default", out) for audience in ("patient", "clinician")}


def test_the_clinician_brief_does_not_print_the_patients_footer(default_brand):
    brief = default_brand["clinician"]
    assert len(brief) >= 2
    assert not any(PATIENT_LINE in page for page in brief), brief


def test_the_patient_handout_still_prints_it_on_every_page(default_brand):
    handout = default_brand["patient"]
    assert handout and all(page.count(PATIENT_LINE) == 1 for page in handout), handout


def test_the_brief_keeps_its_review_line_without_a_footer(default_brand):
    for page in default_brand["clinician"]:
        assert "version " in page  # the running review line still prints on each page


def test_a_brand_with_a_clinician_footer_prints_it_on_the_brief_only(tmp_path):
    brief = printed("clinician", "riverside", tmp_path)
    assert all(page.count(RIVERSIDE_CLINICIAN_LINE) == 1 for page in brief), brief
    assert not any(RIVERSIDE_PATIENT_LINE in page for page in brief)
    handout = printed("patient", "riverside", tmp_path)
    assert all(page.count(RIVERSIDE_PATIENT_LINE) == 1 for page in handout), handout
    assert not any(RIVERSIDE_CLINICIAN_LINE in page for page in handout)


def test_a_diet_sheet_is_for_the_patient_and_prints_the_patients_footer():
    view = documents.build_view("diet-sheet", documents.diet_inputs("low-fodmap", None, "default", CTX), None, CTX)
    assert view.frame.brand.footer == PATIENT_LINE


def brand(**fields: object) -> Brand:
    """A brand with a phone, so the warnings asserted are the ones under test."""
    return Brand.model_validate({"id": "test", "name": "Test Clinic", "colors": {"primary": "#1f4e79"},
                                 "contact": {"phone": "555-0100"}, **fields})


def test_the_footer_is_chosen_by_the_reader():
    both = brand(footer="Call us with questions.", clinician_footer="Referrals: 555-0100.")
    assert brand_view(both, None, parse("en-US")).footer == "Call us with questions."
    assert brand_view(both, None, parse("en-US"), "patient").footer == "Call us with questions."
    assert brand_view(both, None, parse("en-US"), "clinician").footer == "Referrals: 555-0100."
    only_patients = brand(footer="Call us with questions.")
    assert brand_view(only_patients, None, parse("en-US"), "clinician").footer is None


def test_a_clinician_footer_in_another_language_is_tagged_and_warned_about():
    spanish = brand(clinician_footer={"es": "Derivaciones: 555-0100."})
    view = brand_view(spanish, None, parse("en-US"), "clinician")
    assert (view.footer, view.footer_lang) == ("Derivaciones: 555-0100.", "es")
    assert view.warnings == ("brand 'test': clinician_footer: its clinician footer has no 'en' wording, so it prints in 'es'; "
                             "give it per language (clinician_footer: {es: ..., en: ...})",)


def test_a_bad_clinician_footer_is_a_located_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text('id: bad\nname: Bad Clinic\ncolors: {primary: "#1f4e79"}\nclinician_footer:\n  english: Hi\n',
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_brand(path, CTX)
    message = str(caught.value)
    assert "bad.yaml:5:" in message and "clinician_footer" in message, message
