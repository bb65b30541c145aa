"""Errors as an integrator's service meets them: typed, located, and intact across processes.

A task queue (Celery, a process pool) pickles the exception a call raised to hand it back:
it must arrive with the same message, place and class.
"""

from __future__ import annotations

import errno
from pathlib import Path
import pickle

import pytest

from handouts import api
from handouts.atomic import WriteError
from handouts.errors import ContentError, HandoutsError, Problem, RenderError, UsageError
from handouts.translations import MissingTranslation


def _raised(call) -> HandoutsError:  # type: ignore[no-untyped-def]
    with pytest.raises(HandoutsError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize("exc", [
    UsageError("no topic 'leaky'", where="topic"),
    RenderError("could not render: KeyError", where="out.pdf"),
    ContentError([Problem("a.yaml", 3, 5, "title", "give text here, not a number")]),
    MissingTranslation([Problem("a.yaml", 20, 1, "patient_title", "no 'fr' text")], "fr"),
    WriteError("is a symbolic link; refusing to write through it", errno.ELOOP, target=True, where="x.pdf"),
], ids=lambda e: type(e).__name__)
def test_an_error_survives_a_trip_between_processes(exc):
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is type(exc) and str(back) == str(exc) and back.where == exc.where
    assert back.lines() == exc.lines() and back.exit_code == exc.exit_code
    if isinstance(exc, WriteError):
        assert (back.errno, back.target, back.message) == (exc.errno, exc.target, exc.message)


def test_what_the_library_raises_is_typed_and_located(tmp_path):
    missing = _raised(lambda: api.patient_handout("leaky-gut", language="fr", format="html"))
    assert isinstance(missing, ContentError) and missing.problems[0].line > 0
    assert "leaky-gut.yaml" in missing.problems[0].path
    (tmp_path / "folder.pdf").mkdir()
    doc = api.clinician_brief("leaky-gut", summary=True, format="html")
    refused = _raised(lambda: doc.write(tmp_path / "folder.pdf"))
    assert isinstance(refused, WriteError) and "folder.pdf" in str(refused)
    assert str(pickle.loads(pickle.dumps(refused))) == str(refused)


@pytest.mark.parametrize(("model", "fields"), [
    ("handouts.models.Personalisation", {"patient_name": "Quorrington " * 20}),
    ("handouts.models.Personalisation", {"notes": "Quorrington\x1b[2J"}),
    ("handouts.models.diet_customisation.DietCustomisation", {"patient": "Quorrington " * 20}),
])
def test_a_patient_models_own_error_text_never_quotes_the_patient(model, fields):
    """For a program that builds the models itself (handouts.documents with its own Personalisation) and
    logs the exception: pydantic's text quoted the input (input_value='Quorrington ...')."""
    import importlib

    from pydantic import ValidationError

    module, _, name = model.rpartition(".")
    cls = getattr(importlib.import_module(module), name)
    with pytest.raises(ValidationError) as caught:
        cls.model_validate(fields)
    assert "Quorrington" not in str(caught.value) and "Quorrington" not in repr(caught.value)
    assert caught.value.errors()[0]["loc"][0] == next(iter(fields))  # which field is still said


BAD_CALLS = {
    "unknown topic": (lambda: api.patient_handout("leaky", format="html"), UsageError, "no topic 'leaky'"),
    "visit date not a date": (lambda: api.patient_handout("leaky-gut", visit_date="soon", format="html"),
                              UsageError, "visit_date: "),
    "today a str": (lambda: api.patient_handout("leaky-gut", today="2026-01-05", format="html"), UsageError,
                    "today: give a datetime.date, not str"),
    "today for a brief": (lambda: api.clinician_brief("leaky-gut", today=20260105, format="html"), UsageError,
                          "today: give a datetime.date"),
    "include a number": (lambda: api.patient_handout("leaky-gut", include=5, format="html"), UsageError,
                         "include: give a str or a list of str, not int"),
    "also a number": (lambda: api.diet_sheet("low-fodmap", also=[5], format="html"), UsageError, "also: "),
    "max_grade a str": (lambda: api.patient_handout("leaky-gut", max_grade="8", format="html"), UsageError,
                        "max_grade: give a number, not str"),
    "paper unknown": (lambda: api.clinician_brief("leaky-gut", paper="a5", format="html"), UsageError,
                      "paper: give one of 'letter', 'a4', not 'a5'"),
    "customisation's wrong field": (lambda: api.diet_sheet(customisation={"plan": "low-fodmap", "patinet": "Q"},
                                                           format="html"), ContentError, "patinet: unknown key"),
    "brand file missing": (lambda: api.patient_handout("leaky-gut", brand=Path("/nonexistent/b.yaml"), format="html"),
                           ContentError, "/nonexistent/b.yaml: no such file"),
    "language untranslated": (lambda: api.patient_handout("leaky-gut", language="fr", format="html"), ContentError,
                              "cannot print in 'fr'"),
    "code a number": (lambda: api.topics(code=50.9), UsageError, "code: give a str"),
}


@pytest.mark.parametrize("name", BAD_CALLS)
def test_a_bad_argument_of_each_kind_is_a_located_handouts_error(name):
    """A service passing a value of the wrong type got TypeError or AttributeError from deep inside
    (today='2026-01-05': "'str' object has no attribute 'isoformat'" from the content cache; include=5,
    max_grade='8', topics(code=50.9)); paper='a5' printed on the brand's paper without a word."""
    call, kind, said = BAD_CALLS[name]
    raised = _raised(call)
    assert isinstance(raised, kind) and said in str(raised)


def test_a_documents_fhir_arguments_of_the_wrong_type_are_usage_errors():
    doc = api.clinician_brief("leaky-gut", summary=True)
    made = _raised(lambda: doc.document_reference(made="2026-01-05T10:00"))
    assert isinstance(made, UsageError) and str(made).startswith("made: give a datetime.datetime")
    for call in (lambda: doc.document_reference(patient=123), lambda: doc.binary(patient=123)):
        patient = _raised(call)
        assert isinstance(patient, UsageError) and str(patient).startswith("patient: ")


def test_also_takes_one_language_as_a_str():
    """also='es' was read letter by letter ("'e-US' is not a language code"); include='id' was one id already."""
    doc = api.patient_handout("leaky-gut", also="es", format="html")
    assert doc.notes[-1].startswith("the 'es' translation is")
