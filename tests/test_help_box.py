"""The patient's safety net says whom to call and how, on every brand.

Issue reproduction: with the default brand no phone number appeared anywhere on
the handout, "Get help right away if" named no number, and "your symptoms do not
get better" had no time frame.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.context import Context
from handouts.loading import load_checked
from handouts.views.frame import emergency_number
from cliutil import run
from pdfutil import text

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 1, 15)
CTX = Context.default(TODAY)
TIME_FRAME = re.compile(r"\b\d+\s+(?:hours?|days?|weeks?|months?)\b")


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> dict[str, Path]:
    """The default brand's handout as a PDF (tests/test_render_pdf.py reads riverside's)."""
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "default", CTX), None, CTX)
    return {"default": documents.write_document(view, tmp_path_factory.mktemp("help") / "default.pdf")}


def view_for(brand: str):
    return documents.build_view("patient", documents.topic_inputs("leaky-gut", brand, CTX), None, CTX)


def test_a_brand_with_a_phone_names_it_in_the_help_box():
    view = view_for("riverside")
    assert view.call_us_lead == "Call us at (217) 555-0142 if:"
    assert not view.phone_write_in


def test_a_brand_without_a_phone_prints_a_line_to_write_it_in():
    view = view_for("default")
    assert view.call_us_lead == "Call us if:" and view.phone_write_in


def test_the_urgent_list_names_the_emergency_number_and_the_emergency_department():
    for brand in ("default", "riverside"):
        assert view_for(brand).get_help_now_lead == "Call 911 or go to the emergency department right away if:"


@pytest.mark.parametrize("brand", ["default", "riverside"])
def test_both_shipped_brands_print_a_number_to_call(handouts, brand):
    if brand in handouts:
        box = text(handouts[brand])  # the box's columns float: pypdf reads them out of order
    else:
        html = documents.render_bytes(view_for(brand), "html").decode()
        box = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index('class="get-help"'):]))
    assert "In an emergency, call 911." in box
    assert "Call 911 or go to the emergency department right away if:" in box
    if brand == "riverside":
        assert "Call us at (217) 555-0142 if:" in box
    else:
        assert "Call us if:" in box and "Our phone:" in box


def test_the_handout_stays_on_two_pages_with_the_write_in_line(handouts):
    import pypdf

    assert len(pypdf.PdfReader(str(handouts["default"])).pages) == 2


def test_validate_warns_on_a_brand_without_a_phone():
    result = run("validate", ROOT / "data" / "brands")
    assert result.exit_code == 0
    assert re.search(r"default\.yaml:1:1: warning: no phone number \(contact\.phone\): handouts tell patients to "
                     r"call the practice; every document's letterhead prints without one, and a patient handout's 'When to "
                     r"get help' box prints a write-in line 'Our phone: ______'",
                     result.stderr), result.stderr
    assert "riverside.yaml" not in result.stderr


def test_the_emergency_number_comes_from_the_locale_unless_the_brand_gives_one():
    brand = load_checked(ROOT / "data" / "brands" / "default.yaml", "brand", CTX).model
    assert emergency_number(brand, "en-US") == "911"
    assert emergency_number(brand, "en-GB") == "999"
    assert emergency_number(brand, "en") is None
    assert emergency_number(brand.model_copy(update={"emergency_number": "112"}), "en-US") == "112"
    view = documents.build_view(
        "patient", documents.topic_inputs("leaky-gut", "default", CTX), None, Context.default(TODAY, locale="en-ZZ"))
    assert view.get_help_now_lead.startswith("Call your local emergency number or go to the emergency department")


def test_time_frames_in_the_sample_await_the_reviewers_confirmation():
    topic = load_checked(ROOT / "data" / "topics" / "leaky-gut.yaml", "topic", CTX).model
    framed = [item for item in topic.when_to_get_help if TIME_FRAME.search(item.patient.get("en"))]
    assert [item.patient.get("en") for item in framed] == ["Your symptoms do not get better in 2 weeks."]
    for item in framed:  # no source gives the time frame: it says so, for the reviewer
        assert not item.citations and item.unsupported and "time frames" in item.unsupported
        assert "reviewer must confirm" in item.unsupported
