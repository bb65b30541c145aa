"""The HL7 Infobutton endpoint, asked the way an EHR asks: by code or by name, for a patient or a clinician."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from handouts.approve import approve_file, approve_translation
from handouts.context import Context
from handouts.web import create_app
from handouts.web.routes import infobutton
from samples import copy_of, edited_copy
from serving import serving

ROOT = Path(__file__).resolve().parent.parent
EHR = ROOT / "tests" / "fixtures" / "ehr"
ICD10CM, SNOMED, RXNORM = "2.16.840.1.113883.6.90", "2.16.840.1.113883.6.96", "2.16.840.1.113883.6.88"
ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = date(2026, 1, 5)


def query(**params: str) -> str:
    names = {"c": "mainSearchCriteria.v.c", "cs": "mainSearchCriteria.v.cs", "dn": "mainSearchCriteria.v.dn",
             "recipient": "informationRecipient", "lang": "informationRecipient.languageCode.c",
             "type": "knowledgeResponseType"}
    return "infobutton?" + urllib.parse.urlencode({names.get(k, k): v for k, v in params.items()})


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    """The EHR fixtures (an approved topic and a draft, both ICD-10-CM D50.9) beside the shipped sample."""
    folder = tmp_path_factory.mktemp("library")
    shutil.copytree(EHR, folder, dirs_exist_ok=True)
    shutil.copy(ROOT / "data" / "topics" / "leaky-gut.yaml", folder / "topics")
    return folder


@pytest.fixture(scope="module")
def client(library: Path):
    return create_app([library], today=lambda: TODAY).test_client()


def feed_entries(text: str) -> list[dict]:
    return json.loads(text)["feed"]["entry"]


def link(entry: dict, rel: str) -> str:
    return next(x["href"] for x in entry["link"] if x["rel"] == rel)


def category(entry: dict, scheme: str) -> str:
    return next(x["term"] for x in entry["category"] if x["scheme"] == scheme)


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (the test's own server)
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


def test_an_ehr_asks_the_running_app_by_code_and_by_name(library):
    """The done-when test: loopback, real HTTP, JSON and Atom, PAT and PROV, and the PDFs behind the links."""
    with serving("--data", str(library)) as served:
        # a patient's problem list: ICD-10-CM D50.9, as JSON
        status, kind, body = fetch(served.url + query(c="D50.9", cs=ICD10CM, recipient="PAT", type="application/json"))
        assert (status, kind) == (200, "application/json")
        entries = feed_entries(body.decode())
        assert [e["title"]["_value"] for e in entries] == ["Iron test topic"]  # the draft is never offered to PAT
        assert category(entries[0], "reviewStatus") == "approved"
        pdf = link(entries[0], "enclosure")
        assert pdf.startswith(served.url) and "/topics/iron-test/patient?" in pdf
        status, kind, document = fetch(pdf)
        assert (status, kind) == (200, "application/pdf") and document.startswith(b"%PDF")
        assert fetch(link(entries[0], "alternate"))[0] == 200

        # the same problem for the clinician, as the Atom feed: the brief, drafts included and marked
        status, kind, body = fetch(served.url + query(c="D50.9", cs=ICD10CM, recipient="PROV"))
        assert (status, kind) == (200, "text/xml")
        feed = ET.fromstring(body)
        atom = {e.findtext(f"{ATOM}title"): e for e in feed.iter(f"{ATOM}entry")}
        assert set(atom) == {"Iron test topic", "DRAFT: Iron draft topic"}
        statuses = {t: e.find(f"{ATOM}category[@scheme='reviewStatus']").get("term") for t, e in atom.items()}
        assert statuses == {"Iron test topic": "approved", "DRAFT: Iron draft topic": "draft"}
        brief = atom["Iron test topic"].find(f"{ATOM}link[@rel='enclosure']").get("href")
        assert "/topics/iron-test/clinician?" in brief
        status, kind, document = fetch(brief)
        assert (status, kind) == (200, "application/pdf") and document.startswith(b"%PDF")

        # the sample, which has no code of its own, by the name on the problem list: under review, so
        # offered to the clinician, marked, and not to a patient
        status, _, body = fetch(served.url + query(dn="Leaky gut syndrome", recipient="PROV", type="application/json"))
        entries = feed_entries(body.decode())
        assert status == 200 and [e["title"]["_value"] for e in entries] == ["DRAFT: Leaky gut syndrome"]
        assert category(entries[0], "reviewStatus") == "under_review"
        status, _, body = fetch(served.url + query(dn="Leaky gut syndrome", recipient="PAT", type="application/json"))
        assert status == 200 and feed_entries(body.decode()) == []

        bad = fetch(served.url + query(c="D50.9", cs=ICD10CM, **{"age.v.v": "44"}))
        assert bad[0] == 400 and bad[1] == "text/plain" and b"nothing about the patient" in bad[2]
    requests = [line for line in served.log if '"GET ' in line]
    assert len(requests) >= 8 and any("/infobutton" in line for line in requests)
    for line in requests:  # the path only: no query string, no code, nothing about the patient
        assert "?" not in line and "D50.9" not in line and "age.v.v" not in line and "Leaky" not in line


def test_an_overdue_topic_says_so(library):
    late = create_app([library], today=lambda: date(2099, 6, 1)).test_client()
    approved = {"c": "D50.9", "cs": ICD10CM, "type": "application/json"}
    (entry,) = [e for e in feed_entries(late.get("/" + query(recipient="PROV", **approved)).text)
                if "/topics/iron-test/" in link(e, "enclosure")]
    assert category(entry, "reviewStatus") == "approved" and category(entry, "reviewMark") == "REVIEW OVERDUE"
    assert entry["title"]["_value"] == "REVIEW OVERDUE: Iron test topic"
    # batch would not print it for a patient without --allow-draft: nor does a patient portal get it
    assert feed_entries(late.get("/" + query(recipient="PAT", **approved)).text) == []
    (entry,) = feed_entries(create_app([library], today=lambda: TODAY).test_client()
                            .get("/" + query(**approved)).text)
    assert not any(c["scheme"] == "reviewMark" for c in entry["category"])
    assert entry["title"]["_value"] == "Iron test topic"


def test_a_patient_is_offered_only_what_prints_unmarked(tmp_path):
    """Under review, changed since approval, approved by hand: a clinician sees each, marked; a patient none.

    Reproduction: the feed left out only `status: draft`, so a patient portal offered a
    topic under review, whose every page prints DRAFT, to the patient directly.
    """
    path = edited_copy(tmp_path)  # the sample: under review
    ask = {"dn": "leaky gut", "type": "application/json"}

    def offered(recipient: str) -> list[str]:
        client = create_app([tmp_path], today=lambda: TODAY).test_client()
        return [e["title"]["_value"] for e in feed_entries(client.get("/" + query(recipient=recipient, **ask)).text)]

    assert offered("PAT") == [] and offered("PROV") == ["DRAFT: Leaky gut syndrome"]
    approve_file(path, "Dr Ada Lane", Context.default(TODAY, data_dirs=[tmp_path]), on=date(2025, 12, 1),
                 next_review=date(2026, 12, 1))
    assert offered("PAT") == ["Leaky gut syndrome"] and offered("PROV") == ["Leaky gut syndrome"]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("          amount: [4, 12]\n", "          amount: [4, 16]\n", 1), encoding="utf-8")
    assert offered("PAT") == [] and offered("PROV") == ["DRAFT: Leaky gut syndrome"]  # changed since approval
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  content_sha256:", "  # content_sha256:", 1), encoding="utf-8")
    assert offered("PAT") == [] and offered("PROV") == ["DRAFT: Leaky gut syndrome"]  # no record of the approval


def test_a_patient_gets_a_translation_only_once_it_is_approved(tmp_path):
    """An approved topic whose Spanish is a draft: the patient asking in Spanish gets the English.

    Reproduction: the entry pointed a Spanish-speaking patient at the draft Spanish PDF,
    which prints DRAFT TRANSLATION on every page.
    """
    path = copy_of(tmp_path)
    ctx = Context.default(TODAY, data_dirs=[tmp_path])
    approve_file(path, "Dr Ada Lane", ctx, on=date(2025, 12, 1), next_review=date(2026, 12, 1))
    ask = {"dn": "leaky gut", "lang": "es", "type": "application/json"}

    def entry(recipient: str = "PAT") -> dict:
        client = create_app([tmp_path], today=lambda: TODAY).test_client()
        (found,) = feed_entries(client.get("/" + query(recipient=recipient, **ask)).text)
        return found

    english = entry()
    assert english["lang"] == "en" and english["title"]["_value"] == "Leaky gut syndrome"
    assert "language=en" in link(english, "enclosure") and not any(
        c["scheme"] in ("reviewMark", "translationStatus") for c in english["category"])
    approve_translation(path, "es", "Dr Ada Lane", ctx, on=date(2025, 12, 2))
    spanish = entry()
    assert spanish["lang"] == "es" and spanish["title"]["_value"] == "Síndrome del intestino permeable"
    assert "language=es" in link(spanish, "enclosure") and category(spanish, "translationStatus") == "approved"


def test_atom_feed_shape(client):
    response = client.get("/" + query(c="d50.9", cs=ICD10CM, type="application/atom+xml"))
    assert response.status_code == 200 and response.mimetype == "text/xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed" and feed.findtext(f"{ATOM}author/{ATOM}name") == "Test clinic"
    assert feed.findtext(f"{ATOM}updated").endswith("Z")
    asked = {c.get("scheme"): c.get("term") for c in feed.findall(f"{ATOM}category")}
    assert asked == {"mainSearchCriteria.v.c": "d50.9", "mainSearchCriteria.v.cs": ICD10CM,
                     "informationRecipient": "PAT"}
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}summary") == "Test bottom line for patients."
    # With no list of host names to check the Host against, ids name no host: a UUID URN of the topic's path.
    assert entry.findtext(f"{ATOM}id") == "urn:uuid:" + str(uuid.uuid5(infobutton._ID_NAMESPACE, "/topics/iron-test"))
    assert feed.findtext(f"{ATOM}id").startswith("urn:uuid:") and feed.findtext(f"{ATOM}id") != entry.findtext(f"{ATOM}id")


def test_the_atom_feed_says_its_language_as_the_json_does(client):
    """The JSON shape gave the feed's language (`feed.lang`, MedlinePlus Connect's key for the Atom feed's
    xml:lang), the Atom feed only each entry's: an EHR reading the default text/xml answer had no language
    for the feed it shows. RFC 4287 section 2: any Atom element may carry xml:lang, its content's language."""
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for asked in ({"c": "D50.9", "cs": ICD10CM}, {"dn": "asthma", "lang": "es"}):
        atom = ET.fromstring(client.get("/" + query(**asked)).data)
        data = json.loads(client.get("/" + query(type="application/json", **asked)).text)["feed"]
        assert atom.get(lang) == data["lang"]["_value"] and atom.get(lang) in ("en", "es")
        assert [e.get(lang) for e in atom.findall(f"{ATOM}entry")] == [e["lang"] for e in data["entry"]]
    assert ET.fromstring(client.get("/" + query(dn="asthma", lang="es")).data).get(lang) == "es"


def test_an_ehr_coding_in_icd_10_finds_a_topic_coded_so(tmp_path):
    """Outside the US an EHR codes problems in ICD-10 (WHO), which HL7 names by the OID 2.16.840.1.113883.6.3
    (HL7 Terminology, CodeSystem icd10: http://hl7.org/fhir/sid/icd-10, identifier urn:oid:2.16.840.1.113883.6.3).
    A topic could be coded in ICD-10, but the infobutton answered that OID with a 400 ("must be the OID of
    ICD-10-CM, SNOMED CT or RxNorm"): an en-GB practice's EHR found nothing by code."""
    shutil.copytree(EHR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "topics" / "iron-test.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  codes:\n", "  codes:\n    - system: ICD-10\n      code: D50.9\n", 1), encoding="utf-8")
    client = create_app([tmp_path], today=lambda: TODAY).test_client()
    response = client.get("/" + query(c="D50.9", cs="2.16.840.1.113883.6.3", recipient="PROV", type="application/json"))
    assert response.status_code == 200, response.text
    (entry,) = feed_entries(response.text)
    assert "/topics/iron-test/" in link(entry, "enclosure") and category(entry, "matched").startswith("ICD-10 D50.9")
    category_only = client.get("/" + query(c="D50", cs="2.16.840.1.113883.6.3", recipient="PROV",
                                           type="application/json"))
    assert feed_entries(category_only.text) == []  # a category answers the codes under it, not the reverse
    assert "ICD-10 (2.16.840.1.113883.6.3)" in client.get("/" + query(c="D50.9", cs="1.2.3")).text


def test_drug_codes_and_names(client):
    entries = feed_entries(client.get("/" + query(c="999999991", cs=RXNORM, type="application/json")).text)
    assert [e["title"]["_value"] for e in entries] == ["Iron test topic"]
    assert category(entries[0], "matched") == "RxNorm 999999991 (Test drug)"
    assert feed_entries(client.get("/" + query(c="999999991", cs=SNOMED, type="application/json")).text) == []
    by_name = client.get("/" + query(dn="Iron deficiency anemia, unspecified", recipient="PROV",
                                     type="application/json"))
    assert {e["title"]["_value"] for e in feed_entries(by_name.text)} == {"Iron test topic", "DRAFT: Iron draft topic"}
    # with a code, the name is not used: a code that matches nothing matches nothing
    assert feed_entries(client.get("/" + query(c="J45.909", cs=ICD10CM, dn="leaky gut",
                                               type="application/json")).text) == []


def test_language_falls_back_to_english(client):
    response = client.get("/" + query(dn="leaky gut", lang="es-MX", type="application/json"))
    assert json.loads(response.text)["feed"]["title"]["_value"] == "Test clinic: hojas informativas para este " \
        "problema o medicamento"
    assert feed_entries(response.text) == []  # the sample is under review: not for a patient (see above)
    # the fixture has no Spanish: English, said so in the entry
    iron = feed_entries(client.get("/" + query(c="D50.9", cs=ICD10CM, lang="es", type="application/json")).text)
    assert iron[0]["lang"] == "en" and "language=en" in link(iron[0], "enclosure")
    # the clinician brief is English only
    prov = feed_entries(client.get("/" + query(dn="leaky gut", lang="es", recipient="PROV",
                                               type="application/json")).text)
    assert prov[0]["lang"] == "en" and "/clinician?" in link(prov[0], "enclosure")
    # a clinician's feed in Spanish marks a draft in Spanish
    marked = feed_entries(client.get("/" + query(c="D50.9", cs=ICD10CM, lang="es", recipient="PROV",
                                                 type="application/json")).text)
    assert "BORRADOR: Iron draft topic" in {e["title"]["_value"] for e in marked}


def test_a_reviewed_topic_comes_before_a_marked_one(client):
    """Two topics code D50.9, one approved, one a draft: a clinician's feed listed the draft first (by title),
    and text/html ("straight to the best topic's page") sent the clinician to the draft's page."""
    asked = {"c": "D50.9", "cs": ICD10CM, "recipient": "PROV"}
    titles = [e["title"]["_value"] for e in feed_entries(client.get("/" + query(type="application/json", **asked)).text)]
    assert titles == ["Iron test topic", "DRAFT: Iron draft topic"]
    response = client.get("/" + query(type="text/html", **asked))
    assert response.status_code == 303 and response.location.endswith("/topics/iron-test")


def test_text_html_goes_to_the_topic_page(client):
    response = client.get("/" + query(c="D50.9", cs=ICD10CM, type="text/html"))
    assert response.status_code == 303 and response.location.endswith("/topics/iron-test?language=en")
    assert client.get(response.location).status_code == 200
    none = client.get("/" + query(dn="asthma", type="text/html"))
    assert none.status_code == 404 and none.mimetype == "text/plain"


@pytest.mark.parametrize(("params", "says"), [
    ({"c": "D50.9"}, "needs its code system"),
    ({"cs": ICD10CM}, "needs its code system"),
    ({"c": "D50.9", "cs": "2.16.840.1.113883.6.103"}, "must be the OID of ICD-10-CM"),
    ({"c": "D50.9", "cs": "not an oid"}, "must be the OID"),
    ({"c": "12", "cs": SNOMED}, "is not a valid SNOMED CT code"),
    ({}, "Ask for a code"),
    ({"dn": "iron", "recipient": "PAYOR"}, "must be PAT"),
    ({"dn": "iron", "lang": "not a language!"}, "must be a language code"),
    ({"dn": "iron", "type": "application/pdf"}, "must be one of"),
    ({"dn": "iron", "patientPerson.administrativeGenderCode.c": "F"}, "nothing about the patient"),
    ({"dn": "iron", "ageGroup.v.c": "D000328"}, "nothing about the patient"),
    ({"dn": "iron", "observation.v.c": "77386006"}, "nothing about the patient"),
    ({"dn": "iron", "locationOfInterest.addr.ZIP": "02139"}, "nothing about the patient"),
    ({"dn": "iron", "mainSearchCriteria.v.c1": "D64.9"}, "both mainSearchCriteria.v.c1 and mainSearchCriteria.v.cs1"),
    ({"dn": "iron", "mainsearchcriteria.v.x": "1"}, "Unknown parameter 'mainsearchcriteria.v.x'"),
    ({"dn": "x" * 500}, "too long"),
])
def test_bad_requests_get_a_plain_400(client, params, says):
    response = client.get("/" + query(**params))
    assert response.status_code == 400 and response.mimetype == "text/plain", response.text
    assert says in response.text and "Traceback" not in response.text
    for value in params.values():  # the service never repeats a value back (it may be about the patient)
        if value not in (ICD10CM, SNOMED):
            assert value not in response.text


def test_a_parameter_given_twice_is_refused(client):
    response = client.get("/infobutton?mainSearchCriteria.v.dn=a&mainSearchCriteria.v.dn=b")
    assert response.status_code == 400 and "more than once" in response.text


def test_an_ehrs_usual_context_is_accepted_and_changes_nothing(client):
    """The knowledge request of the HL7 URL-based Infobutton guide (R4, its parameter table) carries the
    request's context beside the search: when it was made, the task, the concept's original text, the
    sub-topic, who asks (performer, their language and specialty), for whom, the kind of encounter, the
    clinic, the requester's account. An EHR sends these as a matter of course; each got a 400 ("Unknown
    parameter"), so the clinician's infobutton showed an error instead of the handout."""
    asked = {"c": "D50.9", "cs": ICD10CM, "recipient": "PROV", "type": "application/json"}
    context = {
        "knowledgeRequestNotification.effectiveTime.v": "20260105093000", "taskContext.c.c": "PROBLISTREV",
        "taskContext.c.dn": "Problem list review", "mainSearchCriteria.v.dn": "Iron deficiency anemia",
        "mainSearchCriteria.v.ot": "anaemia", "subTopic.v.c": "Q000628", "subTopic.v.cs": "2.16.840.1.113883.6.177",
        "subTopic.v.dn": "therapy", "performer": "PROV", "performer.languageCode.c": "en",
        "performer.healthCareProvider.c.c": "207Q00000X", "informationRecipient.healthCareProvider.c.c": "207Q00000X",
        "encounter.c.c": "AMB", "serviceDeliveryLocation.id.root": "2.16.840.1.113883.19.5",
        "holder.assignedEntity.n": "clinic-ehr", "holder.assignedEntity.certificateText": "s3cret" + "x" * 400,
    }
    plain = client.get("/" + query(**asked))
    with_context = client.get("/" + query(**asked, **context))
    assert with_context.status_code == 200, with_context.text
    titles = [e["title"]["_value"] for e in feed_entries(with_context.text)]
    assert titles == [e["title"]["_value"] for e in feed_entries(plain.text)] and "Iron test topic" in titles
    assert "s3cret" not in with_context.text and "clinic-ehr" not in with_context.text
    # nor in the feed's id, an address on a checked origin: the context is ignored, the id names what decides
    named = create_app([EHR], today=lambda: TODAY, trusted_hosts=["localhost"]).test_client()
    for kind in ("text/xml", "application/json"):
        answer = named.get("/" + query(**{**asked, "type": kind}, **context), base_url="http://localhost").text
        assert "http://localhost/infobutton?mainSearchCriteria.v.c=D50.9" in answer
        assert not any(value in answer for value in ("s3cret", "clinic-ehr", "anaemia", "PROBLISTREV")), answer


def test_harmless_context_parameters_are_accepted(client):
    response = client.get("/" + query(dn="iron", taskContext_c_c="x").replace("taskContext_c_c", "taskContext.c.c"))
    assert response.status_code == 200
