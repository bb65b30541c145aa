"""FHIR R4 DocumentReference beside a PDF: render --fhir, and the web download."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest
from fhir.resources.R4B.documentreference import DocumentReference

from cliutil import run
from handouts.errors import UsageError
from handouts.fhir import patient_reference, sha1_base64
from handouts.web import create_app

EHR = Path(__file__).parent / "fixtures" / "ehr"


def sha1(data: bytes) -> bytes:
    """What fhir.resources reads Attachment.hash as: the digest itself (the JSON holds its base64)."""
    return hashlib.sha1(data).digest()  # noqa: S324


def test_the_sample_patient_handout_with_its_document_reference(tmp_path):
    pdf, doc = tmp_path / "out" / "leaky-gut.pdf", tmp_path / "chart" / "leaky-gut.fhir.json"
    pdf.parent.mkdir()
    doc.parent.mkdir()
    result = run("render", "leaky-gut", "--audience", "patient", "--patient-name", "Maria Example",
                 "--lang", "es", "--date", "2026-01-05", "-o", pdf, "--fhir", doc, "--patient-ref", "Patient/123")
    assert result.exit_code == 0, result.output
    assert str(doc) in result.stdout
    text = doc.read_text()
    resource = DocumentReference.model_validate_json(text)  # parses back as a valid R4 resource
    attachment = resource.content[0].attachment
    data = pdf.read_bytes()
    assert attachment.hash == sha1(data) and attachment.size == len(data)
    assert json.loads(text)["content"][0]["attachment"]["hash"] == base64.b64encode(sha1(data)).decode()
    assert attachment.url == "../out/leaky-gut.pdf" and (doc.parent / attachment.url).resolve() == pdf.resolve()
    assert attachment.contentType == "application/pdf" and attachment.language == "es-US"
    # R4 Resource.language is the resource's own ("the base language in which the resource is written",
    # resource.html#Resource): its description and type.text are English; the Spanish is the attachment's
    assert resource.language == "en" and resource.description.startswith("Leaky gut syndrome: patient handout")
    assert attachment.creation == resource.date  # when the PDF was made, not the visit's date (below)
    assert resource.type.coding[0].system == "http://loinc.org" and resource.type.coding[0].code == "34895-3"
    assert resource.status == "current" and resource.docStatus == "preliminary"  # the sample is under review
    assert resource.subject.reference == "Patient/123" and resource.author[0].display == "Su equipo de salud"  # the brand speaks Spanish
    assert resource.context.event is None  # the sample has no codes
    # what it was made from, by identifier: never the reference's own identifier, which every patient's handout
    # of this version would share (R4 Identifier "identifies some entity uniquely and unambiguously";
    # DocumentReference.context.related: "identifiers ... that caused the ... Document to be created")
    (made_from,) = resource.context.related
    assert made_from.identifier.system == "urn:ietf:rfc:3986" and made_from.reference is None
    assert made_from.identifier.value.startswith("urn:uuid:") and resource.identifier is None
    assert "Maria" not in text and "Example" not in text  # the name is on the PDF only


def test_the_visit_date_stays_on_the_pdf(tmp_path):
    """R4 Attachment.creation is "the date that the attachment was first created" (datatypes.html#Attachment),
    optional, as is every date of DocumentReference but `date` (documentreference.html): the handout's
    visit date, a detail of the patient's, was written as the attachment's creation, so the chart said a PDF
    made today was made on the day typed after --date. A PDF a batch finds up to date, made before, has no
    creation the reference could vouch for."""
    pdf, doc = tmp_path / "a.pdf", tmp_path / "a.fhir.json"
    result = run("render", "leaky-gut", "--audience", "patient", "--date", "2025-07-14", "--patient-name", "Zed Quill",
                 "--clinician", "Dr Vex Yule", "--note", "Walk xyzzy", "--follow-up", "2025-09-22",
                 "-o", pdf, "--fhir", doc)
    assert result.exit_code == 0, result.output
    text = doc.read_text()
    assert "2025-07-14" not in text and "07-14" not in text
    assert not any(detail in text for detail in ("Zed", "Quill", "Vex", "Yule", "xyzzy", "09-22")), text
    data = json.loads(text)
    assert data["content"][0]["attachment"]["creation"] == data["date"]
    out = tmp_path / "out"
    args = ("batch", "--topics", EHR / "topics" / "iron-test.yaml", "--brands", EHR / "brands" / "default.yaml",
            "--out", out, "--audiences", "patient", "--document-references", "-q")
    assert run(*args).exit_code == 0
    (made,) = [json.loads(p.read_text()) for p in out.rglob("*.fhir.json")]
    assert made["content"][0]["attachment"]["creation"] == made["date"]
    assert run(*args).exit_code == 0  # up to date: the PDF is from the first run
    (again,) = [json.loads(p.read_text()) for p in out.rglob("*.fhir.json")]
    assert "creation" not in again["content"][0]["attachment"] and again["date"] >= made["date"]


def test_an_approved_coded_topic_inline(tmp_path):
    pdf, doc = tmp_path / "iron.pdf", tmp_path / "iron.json"
    result = run("render", EHR / "topics" / "iron-test.yaml", "--audience", "clinician", "-o", pdf,
                 "--fhir", doc, "--attachment", "inline", "--brand", EHR / "brands" / "default.yaml")
    assert result.exit_code == 0, result.output
    resource = DocumentReference.model_validate_json(doc.read_text())
    attachment = resource.content[0].attachment
    assert attachment.data == pdf.read_bytes() and attachment.url is None
    assert attachment.hash == sha1(pdf.read_bytes())
    assert resource.docStatus == "final" and resource.authenticator.display == "Dr. Test Reviewer"
    assert resource.subject is None
    event = resource.context.event[0].coding[0]
    assert (event.system, event.code) == ("http://hl7.org/fhir/sid/icd-10-cm", "D50.9")


@pytest.mark.parametrize(("args", "says"), [
    (["--patient-ref", "Maria Example"], "never a name"),
    (["--patient-ref", "Patient/1?name=x"], "never a name"),
    (["--fhir", "-"], "needs a file name"),
    (["--format", "html"], "describes a PDF file"),
    (["--fhir", "SAME"], "names the PDF's own file"),
])
def test_bad_fhir_options_write_nothing(tmp_path, args, says):
    pdf = tmp_path / "x.pdf"
    extra = [] if args[0] == "--fhir" else ["--fhir", tmp_path / "x.json"]
    args = [pdf if a == "SAME" else a for a in args]
    result = run("render", "leaky-gut", "--audience", "patient", "-o", pdf, *extra, *args)
    assert result.exit_code == 2 and says in result.output, result.output
    assert not pdf.exists() and not (tmp_path / "x.json").exists() and "Traceback" not in result.output
    alone = run("render", "leaky-gut", "--audience", "patient", "-o", pdf, "--patient-ref", "Patient/1")
    assert alone.exit_code == 2 and "add --fhir" in alone.output


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
def test_a_fhir_file_that_is_a_link_or_fifo_is_refused_before_the_pdf_is_written(tmp_path, monkeypatch):
    """The PDF was written, then the DocumentReference refused with no file named: half the output, exit 1."""
    import os

    written: list[object] = []
    monkeypatch.setattr("handouts.cli.render_cmd.write_and_report", lambda *args: written.append(args))
    (tmp_path / "victim.json").write_text("precious")
    (tmp_path / "link.json").symlink_to(tmp_path / "victim.json")
    os.mkfifo(tmp_path / "pipe.json")
    for name, kind in (("link.json", "is a symbolic link"), ("pipe.json", "is a FIFO (named pipe)")):
        result = run("render", "leaky-gut", "--audience", "clinician", "-o", tmp_path / "x.pdf",
                     "--fhir", tmp_path / name)
        assert result.exit_code == 1, result.output
        assert result.output.startswith(f"error: {tmp_path / name}: {kind}"), result.output
        assert written == [] and not (tmp_path / "x.pdf").exists()
    assert (tmp_path / "victim.json").read_text() == "precious"


def test_patient_reference_and_hash():
    assert patient_reference(" Patient/a-1.B ") == "Patient/a-1.B"
    with pytest.raises(UsageError):
        patient_reference("Practitioner/1")
    assert sha1_base64(b"abc") == "qZk+NkcGgWq6PiVxeFDCbJzQ2J0="  # SHA-1 of 'abc' (FIPS 180 test vector)


def test_the_web_download_and_its_link_from_the_infobutton():
    client = create_app([EHR], today=lambda: date(2026, 1, 5)).test_client()
    feed = client.get("/infobutton?mainSearchCriteria.v.c=D50.9&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90"
                      "&knowledgeResponseType=application/json").get_json()
    related = next(x["href"] for x in feed["feed"]["entry"][0]["link"] if x["rel"] == "related")
    response = client.get(related)
    assert response.status_code == 200 and response.mimetype == "application/fhir+json"
    assert 'filename="iron-test-patient-en.fhir.json"' in response.headers["Content-Disposition"]
    resource = DocumentReference.model_validate_json(response.data)
    data = resource.content[0].attachment.data
    assert data.startswith(b"%PDF") and resource.content[0].attachment.hash == sha1(data)
    assert resource.subject is None and resource.docStatus == "final"
    assert client.get("/topics/iron-test/nobody/document-reference").status_code == 404
    assert client.get("/topics/no-such/patient/document-reference").status_code == 404
    assert json.loads(client.get("/topics/iron-test/clinician/document-reference").data)["type"]["text"] == \
        "clinician brief"


def test_a_pdf_name_with_a_space_or_hash_is_written_as_a_url_that_finds_it(tmp_path):
    """The attachment's url is a URL: 'leaky gut #2.pdf' as written sent an EHR to 'leaky gut ' (the rest a
    fragment), and a name with '%20' in it to another file."""
    pdf, doc = tmp_path / "out" / "leaky gut #2.pdf", tmp_path / "leaky-gut.fhir.json"
    pdf.parent.mkdir()
    result = run("render", "leaky-gut", "--audience", "clinician", "-o", pdf, "--fhir", doc)
    assert result.exit_code == 0, result.output
    url = DocumentReference.model_validate_json(doc.read_text()).content[0].attachment.url
    assert url == "out/leaky%20gut%20%232.pdf" and (doc.parent / unquote(url)).resolve() == pdf.resolve()
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f"topic,audience,brand,output\n{EHR / 'topics' / 'iron-test.yaml'},clinician,"
                    f"{EHR / 'brands' / 'default.yaml'},iron #2.pdf\n", encoding="utf-8")
    result = run("batch", jobs, "--out", tmp_path / "batch", "--as-of", "2026-01-05", "--document-references", "-q")
    assert result.exit_code == 0, result.output
    doc = tmp_path / "batch" / "iron #2.fhir.json"
    assert DocumentReference.model_validate_json(doc.read_text()).content[0].attachment.url == "iron%20%232.pdf"


def test_batch_writes_a_document_reference_beside_each_topic_pdf(tmp_path):
    out = tmp_path / "out"
    args = ("batch", "--topics", EHR / "topics" / "iron-test.yaml", "--brands", EHR / "brands" / "default.yaml",
            "--out", out, "--as-of", "2026-01-05", "--document-references", "-q", "--jobs", "1")  # one worker start
    result = run(*args)
    assert result.exit_code == 0, result.output
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 2
    for pdf in pdfs:
        doc = pdf.with_name(pdf.name.removesuffix(".pdf") + ".fhir.json")
        resource = DocumentReference.model_validate_json(doc.read_text())
        attachment = resource.content[0].attachment
        assert attachment.url == pdf.name and attachment.hash == sha1(pdf.read_bytes())
        assert resource.type.text == ("patient handout" if "patient" in pdf.name else "clinician brief")
        doc.unlink()
    again = run(*args)  # up to date: nothing renders, the resources are written again from the PDFs
    assert again.exit_code == 0 and len(list(out.rglob("*.fhir.json"))) == 2
    bad = run("batch", "--topics", EHR / "topics" / "iron-test.yaml", "--out", out, "--attachment", "inline")
    assert bad.exit_code == 2 and "add --document-references" in bad.output


def test_a_url_an_ehrs_fhir_server_can_follow(tmp_path):
    """R4 Attachment.url (datatypes.html#Attachment, its comment): "Relative URLs are interpreted relative to
    the service url, like a resource reference, rather than relative to the resource itself. If a URL is
    provided, it SHALL resolve to actual data." The only URL written was the PDF's path from the reference's
    file ('../out/leaky-gut.pdf'), which an EHR's FHIR server, once the reference is posted to it, reads as
    its own address plus that path, where no PDF is. --attachment-base names where the clinic puts the PDFs."""
    pdf, doc = tmp_path / "leaky gut.pdf", tmp_path / "chart.fhir.json"
    result = run("render", "leaky-gut", "--audience", "clinician", "-o", pdf, "--fhir", doc,
                 "--attachment-base", "https://docs.clinic.example/handouts")
    assert result.exit_code == 0, result.output
    attachment = DocumentReference.model_validate_json(doc.read_text()).content[0].attachment
    assert attachment.url == "https://docs.clinic.example/handouts/leaky%20gut.pdf"
    assert attachment.hash == sha1(pdf.read_bytes())
    out = tmp_path / "batch"
    result = run("batch", "--topics", EHR / "topics" / "iron-test.yaml", "--brands", EHR / "brands" / "default.yaml",
                 "--out", out, "--as-of", "2026-01-05", "--document-references", "-q", "--jobs", "1",
                 "--attachment-base", "https://docs.clinic.example/library/")
    assert result.exit_code == 0, result.output
    docs = sorted(out.rglob("*.fhir.json"))
    assert len(docs) == 2
    for path in docs:
        url = DocumentReference.model_validate_json(path.read_text()).content[0].attachment.url
        pdf = path.with_name(path.name.removesuffix(".fhir.json") + ".pdf")
        assert url == "https://docs.clinic.example/library/" + pdf.relative_to(out).as_posix()


@pytest.mark.parametrize(("args", "says"), [
    (["--attachment-base", "ftp://docs.clinic.example/"], "must be the http(s) address"),
    (["--attachment-base", "https://user:secret@docs.clinic.example/"], "no query, fragment or password"),
    (["--attachment-base", "https://docs.clinic.example/?folder=a"], "must be the http(s) address"),
    (["--attachment-base", "handouts/"], "must be the http(s) address"),
    (["--attachment-base", "https://docs.clinic.example/", "--attachment", "inline"], "give one of them"),
])
def test_a_bad_attachment_base_writes_nothing(tmp_path, args, says):
    pdf, doc = tmp_path / "x.pdf", tmp_path / "x.json"
    result = run("render", "leaky-gut", "--audience", "clinician", "-o", pdf, "--fhir", doc, *args)
    assert result.exit_code == 2 and says in result.output, result.output
    assert "secret" not in result.output and not pdf.exists() and not doc.exists()
    batch = run("batch", "--topics", "leaky-gut", "--out", tmp_path / "out", "--document-references", *args)
    assert batch.exit_code == 2 and says in batch.output, batch.output
    assert not (tmp_path / "out").exists()
    alone = run("render", "leaky-gut", "--audience", "clinician", "-o", pdf, *args[:2])
    assert alone.exit_code == 2 and "add --fhir" in alone.output and not pdf.exists()


def test_the_content_version_is_identified_in_a_namespace_no_one_else_mints_in(tmp_path):
    """An identifier system must be a URI a receiver can trust not to collide (R4 Identifier.system); the
    content version was system 'urn:handouts:content-version', a URN namespace no one registered (RFC 8141),
    value 'leaky-gut/83440e69'. It is now FHIR's `urn:ietf:rfc:3986` with a name-based urn:uuid of the
    content's hash: the same for the same content on every machine, another for other content."""
    import uuid

    from handouts.approval import content_version
    from handouts.context import Context
    from handouts.fhir import Printed, document_reference
    from handouts.loading import load_topic
    from samples import SAMPLE_TOPIC, edited_copy

    ctx = Context.default(date(2025, 8, 1))

    def related(path: Path):
        topic = load_topic(path, ctx)
        printed = Printed(b"%PDF-1.7 test", "patient", "en-US", "Leaky gut", date(2025, 8, 1), "leaky-gut.pdf")
        (made_from,) = document_reference(topic, printed).context.related
        return topic, made_from

    topic, made_from = related(SAMPLE_TOPIC)
    value = made_from.identifier.value
    assert made_from.identifier.system == "urn:ietf:rfc:3986"
    assert value.startswith("urn:uuid:") and uuid.UUID(value.removeprefix("urn:uuid:")).version == 5
    assert made_from.display == f"Leaky gut syndrome, content version {content_version(topic)}"
    assert related(SAMPLE_TOPIC)[1].identifier.value == value  # the same content, the same identifier
    edited = edited_copy(tmp_path, ("title: Leaky gut syndrome\n", "title: Leaky gut syndrome (edited)\n"))
    assert related(edited)[1].identifier.value != value
