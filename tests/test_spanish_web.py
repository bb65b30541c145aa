"""A Spanish-speaking clinician's web pages: the browser's language is honoured, and every
message the form shows, its validation included, is in the page's language."""

from __future__ import annotations

import re
from datetime import date

import pytest

from handouts.web import create_app
from samples import ROOT
from webclient import app_fixtures

TODAY = date(2025, 9, 1)

app, client = app_fixtures(TODAY)


def page_language(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', html)
    assert found
    return found.group(1)


@pytest.mark.parametrize("header", [
    "es-ES,en;q=0.5",  # a browser in Spain that lists no bare 'es'
    "es-MX,en-US;q=0.7,en;q=0.3",
    "es-419",
    "de-DE,es-AR;q=0.8,en;q=0.2",  # a language the app lacks first: the next it speaks wins
])
def test_a_regional_spanish_preferred_over_english_gives_spanish_pages(client, header):
    assert page_language(client.get("/", headers={"Accept-Language": header}).text) == "es"


@pytest.mark.parametrize("header", ["en-GB,es;q=0.9", "en-US,en;q=0.9,es;q=0.8", "fr", "es;q=0,en;q=0.1", ""])
def test_english_when_the_browser_prefers_it_or_refuses_spanish(client, header):
    assert page_language(client.get("/", headers={"Accept-Language": header}).text) == "en"


def test_the_letterhead_choice_names_the_default_brand_in_the_pages_language(client):
    """A Spanish page offered 'Your care team' although the brand names itself 'Su equipo de salud' too."""
    spanish = client.get("/topics/leaky-gut", headers={"Accept-Language": "es"}).text
    assert '<option value="default" selected>Su equipo de salud</option>' in spanish.replace('selected="selected"',
                                                                                             "selected")
    assert "Your care team" not in spanish and "Riverside Family Practice" in spanish
    english = client.get("/diets/trigger-foods", headers={"Accept-Language": "en"}).text
    assert "Your care team" in english and "Su equipo de salud" not in english


@pytest.fixture
def no_patient_texts(tmp_path):
    """The sample topic as an import leaves it: a draft with no patient texts yet."""
    text = (ROOT / "data/topics/leaky-gut.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^about:.*?(?=^disclaimer:)", "", text, flags=re.S | re.M)
    text = text.replace("\n  status: under_review\n", "\n  status: draft\n", 1)
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics/leaky-gut.yaml").write_text(text, encoding="utf-8")
    return create_app(tmp_path, today=lambda: TODAY).test_client()


def test_the_fhir_download_of_a_topic_with_no_patient_texts_answers_in_the_pages_language(no_patient_texts):
    """Its error page was English on a Spanish page (the one page that asked the English catalogue)."""
    url = "/topics/leaky-gut/patient/document-reference"
    page = no_patient_texts.get(url, headers={"Accept-Language": "es"})
    assert page.status_code == 400 and '<html lang="es">' in page.text
    assert "No hay hoja para pacientes de este tema" in page.text
    assert "Este tema todavía no tiene textos para el paciente." in page.text
    assert "patient texts" not in page.text
    english = no_patient_texts.get(url, headers={"Accept-Language": "en"})
    assert english.status_code == 400 and "This topic has no patient texts yet." in english.text
