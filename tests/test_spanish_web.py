"""A Spanish-speaking clinician's web pages: the browser's language is honoured, and every
message the form shows, its validation included, is in the page's language."""

from __future__ import annotations

import re
from datetime import date

import pytest

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
