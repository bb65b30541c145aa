"""The document cache: unpersonalised documents answered from memory; a personalised one is never kept."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from handouts import documents
from handouts.context import Context
from handouts.models import Personalisation
from handouts.rendered import Rendered
from handouts.web import create_app
from handouts.web.context import State
from handouts.web.doccache import DocumentCache, PersonalDocument, document_key

TOPIC = "/topics/leaky-gut"
NAME = "Zebulon Quagmire"
NOTE = "Bring the ferret diary"


def _state(app) -> State:
    return app.extensions["handouts"]


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def app():
    return create_app(today=lambda: date(2026, 1, 15))


def test_a_clinician_brief_is_made_once_then_answered_from_the_cache(app):
    client = app.test_client()
    cache = _state(app).renderers.cache
    first = client.get(f"{TOPIC}/clinician?action=download")
    assert first.status_code == 200 and len(cache) == 1 and cache.hits == 0
    second = client.get(f"{TOPIC}/clinician?action=download")
    assert second.data == first.data and cache.hits == 1
    other = client.get(f"{TOPIC}/clinician?action=download&brand=riverside")  # another letterhead: another PDF
    assert other.data != first.data and len(cache) == 2
    summary = client.get(f"{TOPIC}/clinician?action=download&summary=1")  # the first page alone: its own entry
    assert summary.status_code == 200 and summary.data not in (first.data, other.data) and len(cache) == 3


def test_a_plain_handout_is_cached_per_language(app):
    client = app.test_client()
    cache = _state(app).renderers.cache
    english = client.get(f"{TOPIC}/patient?action=print")
    spanish = client.get(f"{TOPIC}/patient?action=print&language=es")
    assert english.status_code == spanish.status_code == 200
    assert english.data != spanish.data and len(cache) == 2
    assert client.get(f"{TOPIC}/patient?action=print&language=es").data == spanish.data and cache.hits == 1


def test_a_personalised_handout_is_never_kept(app):
    client = app.test_client()
    cache = _state(app).renderers.cache
    for action in ("download", "print", "preview", "download"):
        response = client.post(f"{TOPIC}/patient", data={"action": action, "patient_name": NAME, "notes": NOTE})
        assert response.status_code == 200
    assert NAME in _text(client.post(f"{TOPIC}/patient", data={"action": "download", "patient_name": NAME}).data)
    # a form with nothing typed is still the patient's own choice of items: not kept either
    assert client.post(f"{TOPIC}/patient", data={"action": "download"}).status_code == 200
    assert len(cache) == 0 and cache.hits == 0
    client.get(f"{TOPIC}/patient?action=download")
    client.get(f"{TOPIC}/clinician?action=download")
    kept = [value for value in cache.values() if isinstance(value, Rendered)]
    assert len(kept) == 2
    for rendered in kept:
        text = _text(rendered.data)
        assert NAME not in text and NOTE not in text


def test_a_customised_diet_sheet_is_never_kept(app):
    client = app.test_client()
    cache = _state(app).renderers.cache
    plan = _state(app).catalogue.plan_ids()[0]
    response = client.post(f"/diets/{plan}/sheet", data={"action": "download", "patient": NAME})
    assert response.status_code == 200, response.text
    assert len(cache) == 0
    assert client.get(f"/diets/{plan}/sheet?action=download").status_code == 200
    assert len(cache) == 1


def test_a_key_is_refused_for_a_document_with_patient_details():
    ctx = Context.default()
    inputs = documents.topic_inputs("leaky-gut", "default", ctx)
    today = date(2026, 1, 15)
    for person in (Personalisation(patient_name=NAME), Personalisation(notes=NOTE, language="es"),
                   Personalisation(omit=("x",)), Personalisation(visit_date=date(2026, 1, 14)),
                   Personalisation(visit_date=today, follow_up=today)):
        with pytest.raises(PersonalDocument):
            document_key("patient-handout", inputs, person, today=today, language="en")
    plain = document_key("patient-handout", inputs, Personalisation(language="es"), today=today, language="es")
    assert plain == document_key("patient-handout", inputs, None, today=today, language="es")
    # today's date is no patient detail, but it prints: another document than the one without it
    dated = document_key("patient-handout", inputs, Personalisation(language="es", visit_date=today), today=today,
                         language="es")
    assert dated != plain


def test_the_key_follows_what_shapes_the_document():
    ctx = Context.default()
    inputs = documents.topic_inputs("leaky-gut", "default", ctx)
    day = date(2026, 1, 15)
    key = document_key("clinician-brief", inputs, None, today=day, language=None)
    changed_topic = type(inputs)(inputs.topic.model_copy(update={"title": "Another title"}), inputs.brand,
                                 inputs.brand_folder)
    others = [
        document_key("patient-handout", inputs, None, today=day, language=None),
        document_key("clinician-brief", inputs, None, today=date(2026, 1, 16), language=None),
        document_key("clinician-brief", inputs, None, today=day, language="es"),
        document_key("clinician-brief", inputs, None, today=day, language=None, variant="archive"),
        document_key("clinician-brief", inputs, None, today=day, language=None, large_print=True),
        document_key("clinician-brief", changed_topic, None, today=day, language=None),
        document_key("clinician-brief", documents.topic_inputs("leaky-gut", "riverside", ctx), None, today=day,
                     language=None),
    ]
    assert len({key, *others}) == len(others) + 1


def test_the_cache_is_bounded_and_drops_the_least_recently_used():
    ctx = Context.default()
    inputs = documents.topic_inputs("leaky-gut", "default", ctx)
    keys = [document_key("clinician-brief", inputs, None, today=date(2026, 1, d), language=None) for d in (1, 2, 3)]
    cache = DocumentCache(max_bytes=2 * (1000 + 64))
    cache.put(keys[0], Rendered(b"a" * 1000, 1))
    cache.put(keys[1], Rendered(b"b" * 1000, 1))
    assert cache.get(keys[0]) is not None  # now the most recently used
    cache.put(keys[2], Rendered(b"c" * 1000, 1))
    assert cache.get(keys[1]) is None and cache.get(keys[0]) is not None and cache.get(keys[2]) is not None
    assert cache.size <= cache.max_bytes
