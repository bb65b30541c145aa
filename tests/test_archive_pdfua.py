"""The archive copy (--archive, PDF/A-3a) says it is accessible too: PDF/UA-1 beside PDF/A-3a.

It is the same tagged document as the default PDF/UA one, but WeasyPrint writes one
variant's identification: a records system, or the pdfua checker (UA-28-004), took the
archived handout for one that makes no accessibility claim.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest

from handouts import documents
from handouts.context import Context
from samples import ROOT

TODAY = date(2026, 1, 15)
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
SCHEMA = "{http://www.aiim.org/pdfa/ns/schema#}"
PROPERTY = "{http://www.aiim.org/pdfa/ns/property#}"


@pytest.fixture(scope="module")
def archived(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("archive")
    ctx = Context.default(TODAY)
    inputs = documents.topic_inputs("leaky-gut", "riverside", ctx)
    sam = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"
    views = {
        "patient": documents.build_view("patient", inputs, None, ctx),
        "clinician": documents.build_view("clinician", inputs, None, ctx),
        "diet": documents.build_view("diet-sheet", documents.diet_inputs(None, sam, "riverside", ctx), None, ctx),
    }
    return {name: documents.write_document(view, out / f"{name}.pdf", variant="archive") for name, view in views.items()}


@pytest.mark.parametrize("name", ["patient", "clinician", "diet"])
def test_the_archive_copy_claims_pdf_a_3a_and_pdf_ua_1_and_the_checker_agrees(archived, name):
    import pdfua

    with pikepdf.open(archived[name]) as pdf:
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance"), meta.get("pdfuaid:part")) == ("3", "A", "1")
    assert [finding.rule_id for finding in pdfua.validate(str(archived[name])).findings] == []
    subprocess.run(["qpdf", "--check", str(archived[name])], check=True, capture_output=True)


def test_the_pdf_ua_property_is_declared_as_pdf_a_asks(archived):
    """PDF/A allows a property outside its predefined schemas only when an extension schema in the same
    packet declares it (ISO 19005-3, 6.6.2.3): pdfuaid:part, an Integer, under the prefix it is written with."""
    with pikepdf.open(archived["patient"]) as pdf:
        packet = pdf.Root.Metadata.read_bytes()
    rdf = ElementTree.fromstring(packet).find(f"{RDF}RDF")
    assert rdf is not None  # one rdf:RDF, which XMP readers read
    schemas = [li for li in rdf.iter(f"{RDF}li") if li.find(f"{SCHEMA}namespaceURI") is not None]
    assert [(s.findtext(f"{SCHEMA}namespaceURI"), s.findtext(f"{SCHEMA}prefix")) for s in schemas] == [
        ("http://www.aiim.org/pdfua/ns/id/", "pdfuaid")]
    properties = [(p.findtext(f"{PROPERTY}name"), p.findtext(f"{PROPERTY}valueType"), p.findtext(f"{PROPERTY}category"))
                  for p in schemas[0].iter(f"{RDF}li") if p is not schemas[0]]
    assert properties == [("part", "Integer", "internal")]
    assert packet.count(b"<rdf:RDF") == 1
