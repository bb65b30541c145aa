"""Read the rendered PDFs back as a reader and as independent checkers would.

The clinician brief here (riverside, this module's date) is test_a11y_pdf_tags' too: the pdfua
checker and qpdf read it there, and this module's own checkers read the patient handout.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pypdf
import pytest

from handouts import documents
from handouts.context import Context
from handouts.models import Personalisation
from pdfutil import fonts, pages_text
from samples import printed_file

TODAY = date(2026, 1, 15)
PERSON = Personalisation(
    patient_name="Alex Morgan", clinician="Dr. Priya Shah", visit_date=date(2025, 7, 14),
    follow_up=date(2025, 8, 11), notes="Try one change at a time for two weeks.",
)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdfs")
    inputs = documents.topic_inputs("leaky-gut", "riverside")
    made = {}
    for audience, person in (("patient", PERSON), ("clinician", None)):
        view = documents.build_view(audience, inputs, person, Context.default(TODAY))
        made[audience] = printed_file(view, out, f"{audience}.pdf")
    return made


@pytest.fixture(scope="module")
def read(pdfs) -> dict[str, tuple[str, ...]]:
    """Each document's pages as pypdf reads them, read once for the tests below (most of a second
    for the brief)."""
    return {name: tuple(pages_text(path)) for name, path in pdfs.items()}


def text(pages: tuple[str, ...]) -> str:
    """All text, with line breaks folded so phrases can be searched across wraps (as pdfutil.text)."""
    return re.sub(r"\s+", " ", " ".join(pages))


def test_patient_handout_fits_two_letter_pages(pdfs):
    reader = pypdf.PdfReader(str(pdfs["patient"]))
    assert len(reader.pages) == 2
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (612, 792)  # US Letter in points


def test_patient_handout_has_its_sections_and_personal_details(read):
    body = text(read["patient"])
    for heading in ("The main thing to know", "What is leaky gut syndrome?", "What you can do", "What to avoid",
                    "Medicines your care team may suggest", "When to get help", "My plan", "My next appointment"):
        assert heading in body, heading
    for detail in ("Alex Morgan", "Dr. Priya Shah", "July 14, 2025", "August 11, 2025",
                   "Try one change at a time for two weeks.", "Riverside Family Practice", "(217) 555-0142",
                   "In an emergency, call 911."):
        assert detail in body, detail


def test_patient_handout_has_no_doses_citations_or_clinician_content(read):
    body = text(read["patient"])
    for dose in ("4 to 12 mg", "15 to 60 mg", "100 mcg", "10 mg", "mcg"):
        assert dose not in body, dose
    assert not re.search(r"\[\d+", body), "no citation numbers on a patient handout"
    assert not re.search(r"\b\d+(\.\d+)?\s?mg\b", body)
    assert "No verified source" not in body and "Loperamide" not in body


def test_clinician_brief_has_the_doses_the_patient_never_sees(read):
    body = text(read["clinician"])
    for dose in ("4 to 12 mg", "15 to 60 mg", "100 mcg", "three times daily"):
        assert dose in body, dose
    for heading in ("At a glance", "Bottom line", "What to do first", "Doses with a verified source",
                    "Red flags and when to refer", "Key references", "Details and evidence", "Dosing",
                    "Recommendations", "Treatment algorithm", "Monitoring and follow-up", "Pitfalls",
                    "Emerging treatments", "Evidence by source", "FDA drug label", "Does not answer the question",
                    "References", "intended for healthcare professionals"):
        assert heading in body, heading


def test_clinician_brief_citations_match_the_reference_list(read):
    body = text(read["clinician"])
    glance, details = body.split("Details and evidence", 1)
    glance_cited, key_refs = glance.split("Key references", 1)
    details_cited, later_refs = details.rsplit("References", 1)
    cited_part, refs_part = glance_cited + details_cited, key_refs + later_refs
    cited: list[int] = []
    for group in re.findall(r"\[([\d,–\s]+)\]", cited_part):
        for part in group.split(","):
            bounds = [int(n) for n in part.strip().split("–")]
            cited += [n for n in range(bounds[0], bounds[-1] + 1) if n not in cited]
    assert cited == list(range(1, len(cited) + 1)), "numbered in order of first use, none skipped"
    inputs = documents.topic_inputs("leaky-gut", "riverside")
    view = documents.build_view("clinician", inputs, None, Context.default(TODAY))
    assert len(view.references) == len(cited)
    # the list prints in citation order: each entry's title appears after the previous one
    titles = [inputs.topic.reference(r.id).title[:40].lower() for r in view.references]
    lowered = refs_part.lower()  # AMA title-cases report titles
    assert all(t in lowered for t in titles), "every cited reference is listed in the PDF"
    html = documents.render_bytes(view, "html").decode().lower().replace("&#39;", "'")
    listing = html[html.index('class="key-references"'):]  # page 1's key references, then the rest
    positions = [listing.find(f'value="{r.number}"') for r in view.references]
    assert -1 not in positions and positions == sorted(positions), "listed in citation order"
    squeezed = refs_part.replace(" ", "")  # long DOIs wrap inside the narrow columns
    assert "doi:10.1136/gutjnl-2019-318427" in squeezed
    assert "PMID:31076401" in squeezed


def test_draft_mark_on_every_page(read):
    for name, pages in read.items():
        for number, page in enumerate(pages, start=1):
            assert "DRAFT" in page, f"{name} page {number}"


def test_page_x_of_y_and_review_line_on_every_page(read):
    for pages in read.values():
        for number, page in enumerate(pages, start=1):
            assert f"Page {number} of {len(pages)}" in page
            assert "Under review: not yet approved" in page


def test_metadata(pdfs):
    info = pypdf.PdfReader(str(pdfs["patient"])).metadata
    assert info.title == "Leaky gut syndrome: information for patients"
    assert info.author == "Riverside Family Practice"
    assert "intestinal permeability" in info.subject.lower()
    assert "leaky gut" in info["/Keywords"]
    assert info.creation_date.date() == date(2025, 7, 2)  # the content's date, never now()
    root = pypdf.PdfReader(str(pdfs["patient"])).trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root, "tagged PDF"


def test_fonts_are_embedded_and_hyperlegible(pdfs):
    for path in pdfs.values():
        rows = fonts(path)
        assert rows and all(r["emb"] == "yes" for r in rows), rows
        assert all("Atkinson-Hyperlegible" in r["name"] for r in rows), rows


def test_qpdf_finds_no_structural_errors(pdfs):
    assert shutil.which("qpdf"), "qpdf is needed: make test installs it"
    result = subprocess.run(["qpdf", "--check", str(pdfs["patient"])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pdfua_checker(pdfs):
    """Machine-checkable PDF/UA-1: nothing found (the brief, its table headers included: test_a11y_pdf_tags)."""
    import pdfua

    assert list(pdfua.validate(str(pdfs["patient"])).findings) == []
