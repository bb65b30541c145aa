"""handouts.api: what an integrator calls from their own service, and what it promises them.

Most checks ask for HTML (no layout); the PDFs are two handouts rendered at once in two
threads, made once for the module and read by every test that needs a PDF.
"""

from __future__ import annotations

import base64
import ctypes
import gc
import io
import locale
import logging
import os
import resource
import signal
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pypdf
import pytest

from handouts import api
from handouts.errors import ContentError, HandoutsError, UsageError

PR_GET_DUMPABLE = 3
NAMES = ("Zyxwvu Quorrington", "Ysolde Pemberthwaite")
NOTE = "Walk after lunch, Qxjv."
EHR = Path(__file__).parent / "fixtures" / "ehr"


def _dumpable() -> int | None:
    if not sys.platform.startswith("linux"):
        return None
    return int(ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


def _process_state() -> dict[str, object]:
    """What a library call must leave as it found it in its caller's process."""
    return {
        "cwd": os.getcwd(), "environ": dict(os.environ), "locale": locale.setlocale(locale.LC_ALL),
        "signals": {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)},
        "gc": gc.get_threshold(), "stdout": sys.stdout,
        "core": resource.getrlimit(resource.RLIMIT_CORE), "dumpable": _dumpable(),
        "root handlers": list(logging.getLogger().handlers), "root level": logging.getLogger().level,
        "weasyprint handlers": list(logging.getLogger("weasyprint").handlers),
    }


class _Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()}")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Two patients' handouts rendered at once in two threads, an integrator's service logging everything;
    the process state before and after, the log, and what reached stdout and stderr."""
    import handouts.render  # noqa: F401  WeasyPrint's import gives its logger a NullHandler, as libraries do

    root = logging.getLogger()
    before = _process_state()
    handler = _Everything()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        with ThreadPoolExecutor(2) as pool:
            docs = list(pool.map(
                lambda args: api.patient_handout("leaky-gut", patient_name=args[0], notes=NOTE, language=args[1],
                                                 visit_date=date(2026, 1, 5)),
                [(NAMES[0], None), (NAMES[1], "es")]))
    finally:
        sys.stdout, sys.stderr = saved
        root.removeHandler(handler)
        root.setLevel(old_level)
    state = _process_state()
    state["root handlers"] = [h for h in state["root handlers"] if h is not handler]  # type: ignore[attr-defined]
    return {"docs": docs, "before": before, "after": state, "log": handler.lines,
            "printed": out.getvalue() + err.getvalue()}


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_two_threads_each_get_their_own_patients_handout(made):
    english, spanish = made["docs"]
    for doc, name, other in ((english, NAMES[0], NAMES[1]), (spanish, NAMES[1], NAMES[0])):
        assert doc.data[:5] == b"%PDF-" and doc.media_type == "application/pdf" and doc.format == "pdf"
        text = _text(doc.data)
        assert name in text and other not in text and "Qxjv" in text
        assert doc.pages == len(pypdf.PdfReader(io.BytesIO(doc.data)).pages)
    assert (english.language, spanish.language) == ("en-US", "es-US")
    assert "Lo más importante" in _text(spanish.data)
    assert english.kind == "patient-handout" and english.day == date(2026, 1, 5)
    assert any("DRAFT" in note for note in english.notes)  # the sample is under review, as the CLI notes


def test_a_call_leaves_the_process_as_it_found_it_and_says_nothing(made):
    assert made["after"] == made["before"]
    assert made["printed"] == ""


def test_no_log_record_at_any_level_holds_the_patients_details(made):
    log = "\n".join(made["log"])
    assert made["log"], "the handler saw nothing: the check would pass vacuously"
    for secret in (*NAMES, *(n.split()[0] for n in NAMES), "Qxjv"):
        assert secret not in log


def test_a_documents_repr_names_it_but_holds_nothing_of_the_patient(made):
    shown = repr(made["docs"][0])
    assert "patient-handout" in shown and "bytes=" in shown
    assert NAMES[0] not in shown and "PDF" not in shown and len(shown) < 200


def test_the_content_cache_never_holds_a_patients_details(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOUTS_CACHE", str(tmp_path / "cache"))
    api.patient_handout("leaky-gut", patient_name=NAMES[0], notes=NOTE, format="html")
    api.diet_sheet(customisation={"plan": "low-fodmap", "patient": NAMES[1], "notes": NOTE}, format="html")
    files = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert files, "nothing was cached: the check would pass vacuously"
    for path in files:
        data = path.read_bytes()
        for secret in (*NAMES, "Qxjv"):
            assert secret.encode() not in data, path


def test_a_bad_detail_names_its_field_never_what_was_typed():
    """pydantic's own error quotes the input (input_value='...'): logged by a service's exception
    handler, that is the patient's name in its log."""
    for fields, field in (({"patient_name": "Quorrington " * 20}, "patient_name"),
                          ({"notes": "Quorrington\x1b[2J"}, "notes"),
                          ({"visit_date": date(2026, 2, 1), "follow_up": date(2026, 1, 1)}, "follow_up")):
        with pytest.raises(UsageError) as caught:
            api.patient_handout("leaky-gut", format="html", **fields)
        exc = caught.value
        assert exc.where == field and "Quorrington" not in str(exc) and "2026" not in str(exc)
        assert exc.__cause__ is None and exc.__suppress_context__


def test_a_string_is_an_id_never_a_path(tmp_path):
    """An id that came from a request cannot make the library read a file."""
    for value in ("../../etc/passwd", "leaky-gut.yaml", str(EHR / "topics" / "iron-test.yaml"), ""):
        with pytest.raises(UsageError, match="not an id"):
            api.patient_handout(value, format="html")
    with pytest.raises(UsageError, match="no topic 'leaky'; did you mean 'leaky-gut'"):
        api.clinician_brief("leaky", format="html")
    doc = api.clinician_brief(EHR / "topics" / "iron-test.yaml", brand=EHR / "brands" / "default.yaml",
                              format="html")  # a Path is a file
    assert b"Iron" in doc.data and doc.kind == "clinician-brief" and doc.pages is None


def test_the_clinician_brief_and_its_summary():
    whole = api.clinician_brief("leaky-gut", format="html", today=date(2026, 1, 5))
    summary = api.clinician_brief("leaky-gut", summary=True, format="html", today=date(2026, 1, 5))
    assert whole.media_type.startswith("text/html") and whole.language == "en-US"
    assert len(summary.data) < len(whole.data) and b"At a glance" in summary.data


def test_personal_options_reach_the_handout():
    doc = api.patient_handout("leaky-gut", patient_name="Ana Ruiz", clinician="Dr. Lee", omit=["probiotics"],
                              language="es", paper="a4", format="html")
    html = doc.data.decode()
    assert "Ana Ruiz" in html and "Dr. Lee" in html and 'lang="es"' in html
    with pytest.raises(UsageError, match="include 'nope': no such item"):
        api.patient_handout("leaky-gut", include=["nope"], format="html")
    with pytest.raises(UsageError, match="format must be"):
        api.patient_handout("leaky-gut", format="docx")  # type: ignore[arg-type]


def test_a_diet_sheet_from_an_ehrs_own_record():
    """The customisation as data (the EHR's record), checked by the same rules as a file."""
    record = {"plan": "low-fodmap", "patient": "Sam Rivera", "allergies": ["peanut"], "enjoy": ["peanut-butter"],
              "start_date": date(2025, 9, 1)}
    doc = api.diet_sheet(customisation=record, format="html")
    assert "Sam Rivera" in doc.data.decode() and doc.kind == "diet-sheet"
    # an allergen under 'enjoy', moved to 'leave out': said at the entry, never naming the allergy
    assert any("enjoy[0]: carries an allergy of this patient (allergies[0])" in w for w in doc.warnings), doc.warnings
    assert not any("peanut" in w for w in doc.warnings)
    with pytest.raises(ContentError) as caught:
        api.diet_sheet("low-fodmap", customisation={"plan": "low-fodmap", "allergies": ["unobtainium"]},
                       format="html")
    assert "allergies" in str(caught.value)
    with pytest.raises(UsageError, match="for plan 'trigger-foods', not 'low-fodmap'"):
        api.diet_sheet("low-fodmap", customisation={"plan": "trigger-foods"}, format="html")
    with pytest.raises(UsageError, match="has no DocumentReference"):
        doc.document_reference()
    from_file = api.diet_sheet(customisation="sam-low-fodmap", format="html")  # an id, as --customize takes
    assert "Sam Rivera" in from_file.data.decode()


def test_a_mapping_customisations_problems_name_its_fields_not_a_line():
    """A mapping has no lines: 'customisation: avoid[2]: ...', never a made-up 'customisation:1:1'."""
    with pytest.raises(ContentError) as caught:
        api.diet_sheet(customisation={"plan": "low-fodmap", "avoid": ["garlic", "onion", "zzz-no-food"],
                                      "allergies": 5}, format="html")
    said = [str(p) for p in caught.value.problems]
    assert any(s.startswith("customisation: avoid[2]: unknown food") for s in said), said
    assert any(s.startswith("customisation: allergies: give a list here") for s in said), said
    assert all(p.line == 0 and p.col == 0 for p in caught.value.problems), said
    with pytest.raises(ContentError, match=r"^customisation: follow_up: the follow-up has passed"):
        api.diet_sheet(customisation={"plan": "low-fodmap", "follow_up": date(2025, 9, 29)},
                       today=date(2025, 10, 10), format="html")  # refused at print, and named so too


def test_validate_and_list(tmp_path):
    checked = api.validate("leaky-gut")
    assert [c.valid for c in checked] == [True] and checked[0].path.endswith("leaky-gut.yaml")
    broken = tmp_path / "topics" / "broken.yaml"
    broken.parent.mkdir()
    broken.write_text("id: broken\ntitle: 3\n", encoding="utf-8")
    (result,) = api.validate(broken)
    assert not result.valid and all(p.path.endswith("broken.yaml") for p in result.problems)
    assert any(p.line >= 1 for p in result.problems)
    with pytest.raises(UsageError, match="no such file"):
        api.validate(tmp_path / "missing.yaml")
    listed = {t.id: t for t in api.topics()}
    assert listed["leaky-gut"].title == "Leaky gut syndrome" and listed["leaky-gut"].source == "shipped"
    assert api.topics(code="ICD-10-CM:D50.9") == []
    assert [t.id for t in api.topics(data_dirs=[EHR], code="ICD-10-CM:D50.9")] == ["iron-draft", "iron-test"]


def test_a_data_folder_anyone_may_write_to_is_refused(tmp_path):
    """Its brands/default.yaml would print on every handout: the command line refuses it, so does the library."""
    (tmp_path / "topics").mkdir()
    os.chmod(tmp_path, 0o777)
    with pytest.raises(UsageError, match="chmod o-w"):
        api.topics(data_dirs=[tmp_path])
    with pytest.raises(UsageError, match="no such folder"):
        api.topics(data_dirs=[tmp_path / "nowhere"])


def test_a_practices_workspace_by_name_only(tmp_path, monkeypatch):
    """A service's working folder (or HANDOUTS_CONFIG) is not where its content is: only a named workspace
    is used."""
    (tmp_path / "handouts.toml").write_text("schema = 1\n", encoding="utf-8")
    monkeypatch.setenv("HANDOUTS_CONFIG", str(tmp_path / "nowhere.toml"))
    monkeypatch.chdir(tmp_path)
    assert any(t.id == "leaky-gut" for t in api.topics())
    with pytest.raises(UsageError, match="no such file"):
        api.topics(workspace=tmp_path / "nowhere")


def test_the_document_reference_an_integrator_posts(made, tmp_path):
    from fhir.resources.R4B.documentreference import DocumentReference

    english = made["docs"][0]
    when = datetime(2026, 1, 5, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    data = english.document_reference(patient="Patient/123", made=when)
    resource = DocumentReference.model_validate(data)
    assert data["date"] == "2026-01-05T09:30:00-05:00"
    assert data["content"][0]["attachment"]["contentType"] == "application/pdf"
    assert resource.content[0].attachment.data == english.data
    assert data["subject"] == {"reference": "Patient/123"} and data["content"][0]["attachment"]["language"] == "en-US"
    assert "Zyxwvu" not in str(data)
    plain = english.document_reference(attachment="url", url="Binary/abc")
    assert "subject" not in plain and plain["content"][0]["attachment"]["url"] == "Binary/abc"
    assert datetime.fromisoformat(plain["date"]).tzinfo is not None  # now, with its time zone
    for kwargs, says in (({"made": datetime(2026, 1, 5, 9, 30)}, "time zone"),
                         ({"attachment": "url"}, "needs the url"),
                         ({"patient": "Maria Example"}, "never a name")):
        with pytest.raises(HandoutsError, match=says):
            english.document_reference(**kwargs)
    stored = english.binary(patient="Patient/123")
    assert stored["resourceType"] == "Binary" and stored["contentType"] == "application/pdf"
    assert base64.b64decode(stored["data"]) == english.data
    assert stored["securityContext"] == {"reference": "Patient/123"}  # guarded as the patient's
    assert "securityContext" not in english.binary()
    with pytest.raises(UsageError, match="never a name"):
        english.binary(patient="Maria Example")
    written = english.write(tmp_path / "handout.pdf")
    assert written.read_bytes() == english.data
