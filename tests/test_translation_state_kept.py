"""A translation's review state is worked out once per content model, not once per request.

It hashes every text of the topic twice (the language's texts, the English); the web app's
form asked for it on every request, a third of the server's own CPU for a handout. Content
models are frozen, so the state is kept per model object: an edited file is a new model,
with its own state.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from handouts import documents, translations
from handouts.context import Context
from handouts.web import create_app
from samples import edited_copy
from webclient import PageClient

TOPIC = "/topics/leaky-gut"


@pytest.fixture
def hashed(monkeypatch) -> Counter[str]:
    """How many times a topic's texts were hashed, by language."""
    counts: Counter[str] = Counter()
    real = translations.translated_sha256

    def counting(content, language):
        counts[language] += 1
        return real(content, language)

    monkeypatch.setattr(translations, "translated_sha256", counting)
    return counts


def test_the_same_topic_is_hashed_once(hashed):
    topic = documents.topic_inputs("leaky-gut", "riverside", Context.default()).topic
    first = translations.state(topic, "es")
    assert translations.state(topic, "es") == first and first is not None and first.state == "draft"
    assert hashed["es"] == 1


def test_handout_requests_hash_the_spanish_once(hashed):
    app = create_app(today=lambda: date(2026, 1, 15))
    app.test_client_class = PageClient
    client = app.test_client()
    for name in ("Zebulon Quagmire", "Ada Quagmire"):
        printed = client.post(f"{TOPIC}/patient", data={"item": "soluble-fibre", "patient_name": name,
                                                        "action": "download"})
        assert printed.status_code == 200 and printed.data.startswith(b"%PDF-")
    assert 'Español (draft translation)' in client.get(TOPIC).text
    assert hashed["es"] == 1


def test_an_edited_translation_has_its_own_state(tmp_path):
    shipped = documents.topic_inputs("leaky-gut", "riverside", Context.default()).topic
    before = translations.state(shipped, "es")
    edited_copy(tmp_path, ("es: Síndrome del intestino permeable", "es: Intestino permeable"))
    edited = documents.topic_inputs("leaky-gut", "riverside", Context.default(data_dirs=[tmp_path])).topic
    after = translations.state(edited, "es")
    assert before is not None and after is not None
    assert after.version != before.version  # the footer prints the Spanish the PDF carries
    assert after.version == translations.translated_sha256(edited, "es")[:len(after.version)]
