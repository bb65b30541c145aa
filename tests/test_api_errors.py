"""Errors as an integrator's service meets them: typed, located, and intact across processes.

A task queue (Celery, a process pool) pickles the exception a call raised to hand it back:
it must arrive with the same message, place and class.
"""

from __future__ import annotations

import errno
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
