"""A brand's `contact.email`: accepted, and printed where its phone and website print.

A practice that sets an email address expects its patients to see it; it was accepted and
never printed. It now closes the masthead's contact line on every document, as a mailto:
link a patient reading the PDF on screen can press, tagged as a /Link for a screen reader.
Only a plain address is accepted: anything else would make a link that does not write to
the practice ('care@x.example?subject=…', two addresses, 'see website').
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pikepdf
import pytest
from click.testing import CliRunner

from handouts import documents
from handouts.cli import main
from handouts.context import Context
from handouts.html import render_html
from handouts.models import Personalisation
from pdfutil import pages_text
from samples import ROOT, printed

TODAY = date(2026, 1, 15)
EMAIL = "care@riverside-family.example"  # the shipped riverside brand's
SAM = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"
CTX = Context.default(TODAY)


@pytest.fixture(scope="module")
def handout() -> bytes:
    """The view test_a11y_pdf_tags prints too: one render per process serves both."""
    inputs = documents.topic_inputs("leaky-gut", "riverside", CTX)
    person = Personalisation(patient_name="Alex Morgan", visit_date=date(2025, 7, 14), notes="Walk after dinner.")
    return printed(documents.build_view("patient", inputs, person, CTX)).data


def test_the_handout_prints_the_address_on_its_first_page_only(handout):
    pages = pages_text(handout)
    assert EMAIL in " ".join(pages[0].split())
    assert all(EMAIL not in page for page in pages[1:])  # the masthead, not the running header


def test_the_address_is_a_tagged_mailto_link(handout):
    with pikepdf.open(BytesIO(handout)) as pdf:
        links = [annot for annot in pdf.pages[0].get("/Annots", [])
                 if annot.get("/Subtype") == "/Link" and "/A" in annot]
        mailto = [annot for annot in links if str(annot.A.URI) == f"mailto:{EMAIL}"]
        assert len(mailto) == 1, [str(annot.A.URI) for annot in links]
        parent = int(mailto[0].StructParent)
        element = pdf.Root.StructTreeRoot.ParentTree
        owners = dict(zip(element.Nums[::2], element.Nums[1::2], strict=True))
        assert str(owners[parent].S) == "/Link"  # read out as a link, not passed over


@pytest.mark.parametrize("kind", ["clinician", "diet-sheet"])
def test_the_brief_and_the_diet_sheet_print_it_too(kind):
    """Every document's masthead is the same partial: its HTML, without a render, answers."""
    if kind == "diet-sheet":
        view = documents.build_view(kind, documents.diet_inputs(None, SAM, "riverside", CTX), None, CTX)
    else:
        view = documents.build_view(kind, documents.topic_inputs("leaky-gut", "riverside", CTX), None, CTX)
    html = render_html(view)
    assert f'<a class="contact-whole" href="mailto:{EMAIL}" aria-label="Email {EMAIL}">{EMAIL}</a></p>' in html


def test_a_brand_without_an_email_prints_no_link():
    inputs = documents.topic_inputs("leaky-gut", "riverside", CTX)
    contact = inputs.brand.contact.model_copy(update={"email": None})
    brand = inputs.brand.model_copy(update={"contact": contact})
    view = documents.build_view("patient", inputs.__class__(inputs.topic, brand, inputs.brand_folder), None, CTX)
    html = render_html(view)
    assert "mailto:" not in html and "riverside-family.example</span></p>" in html


def test_an_email_alone_prints_without_a_leading_dot():
    inputs = documents.topic_inputs("leaky-gut", "riverside", CTX)
    brand = inputs.brand.model_copy(update={"contact": inputs.brand.contact.__class__(email=EMAIL)})
    view = documents.build_view("patient", inputs.__class__(inputs.topic, brand, inputs.brand_folder), None, CTX)
    assert f'<p class="practice-contact"><a class="contact-whole" href="mailto:{EMAIL}"' in render_html(view)


@pytest.mark.parametrize("value", ["care@practice.example?subject=Hello", "care@practice.example, desk@practice.example",
                                   "see our website", "care@practice", "mailto:care@practice.example",
                                   # the mail program decodes the link: it wrote to care@other.example
                                   "care%40other.example@practice.example", "care%0Abcc@practice.example"])
def test_anything_but_one_plain_address_is_refused_where_it_is_written(tmp_path, value):
    brand = tmp_path / "b.yaml"
    brand.write_text(f"id: b\nname: B\ncolors:\n  primary: '#1d4e89'\ncontact:\n  email: '{value}'\n",
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(brand)])
    assert result.exit_code == 1, result.output
    assert "b.yaml:6:3: contact.email: " in result.output and "is not an email address" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", ["care@riverside-family.example", "dr.o'neil+clinic@mail.practice.example",
                                   "consultas@clínica.example"])
def test_a_plain_address_is_accepted(tmp_path, value):
    brand = tmp_path / "b.yaml"
    brand.write_text(f'id: b\nname: B\ncolors:\n  primary: "#1d4e89"\ncontact:\n  email: "{value}"\n',
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(brand)])
    assert result.exit_code == 0, result.output
