"""The topic list's search, as a clinician at a visit types into it: codes from the problem list,
words without their accents or apostrophes, words joined by a hyphen."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from handouts.context import Context
from handouts.loading import load_topic
from handouts.web import create_app
from handouts.web.search import matching

ROOT = Path(__file__).resolve().parent.parent
EHR = ROOT / "tests" / "fixtures" / "ehr"  # iron-test and iron-draft: ICD-10-CM D50.9
TODAY = date(2026, 1, 5)


@pytest.fixture(scope="module")
def client():
    return create_app([EHR, ROOT / "data"], today=lambda: TODAY).test_client()


def listed(client, query: str) -> set[str]:
    html = client.get("/", query_string={"q": query}).text
    return {t for t in ("iron-test", "iron-draft", "leaky-gut") if f'href="/topics/{t}"' in html}


@pytest.mark.parametrize("query", ["D50.9", "d50.9", "D509", "D50", "anemia D50.9"])
def test_a_diagnosis_code_finds_its_topics(client, query):
    assert listed(client, query) == {"iron-test", "iron-draft"}


@pytest.mark.parametrize("query", ["D51", "D50.8", "D50.9 asthma"])
def test_another_code_finds_none(client, query):
    assert listed(client, query) == set()


def test_the_code_is_named_in_the_search_label(client):
    assert "or a diagnosis code" in client.get("/").text
    assert "o un código de diagnóstico" in client.get("/?hl=es").text


@pytest.mark.parametrize("query", ["leaky-gut syndrome", "Léaky gut", "LEAKY–GUT"])
def test_hyphens_and_accents_in_the_query(client, query):
    assert listed(client, query) == {"leaky-gut"}


@pytest.fixture(scope="module")
def accented():
    """The test topic, its condition renamed as a practice would spell one (accent, apostrophe)."""
    topic = load_topic(EHR / "topics" / "iron-test.yaml", Context.default(today=TODAY, data_dirs=[EHR]))
    condition = topic.condition.model_copy(update={"name": "Ménière’s disease", "aliases": ("Crohn's disease",)})
    return topic.model_copy(update={"condition": condition})


@pytest.mark.parametrize("query", ["meniere", "Menieres", "MÉNIÈRE'S", "crohns", "Crohn’s"])
def test_words_match_without_their_accents_or_apostrophes(accented, query):
    assert matching(query, [("iron-test", accented)]) == ["iron-test"]


def test_a_broken_topic_is_found_by_its_id():
    assert matching("iron test", [("iron-test", None)]) == ["iron-test"]
    assert matching("asthma", [("iron-test", None)]) == []


def did_you_mean(client, query: str, **args: str) -> str | None:
    """The text of the page's "Did you mean ...?" line and where its link goes, or None."""
    html = client.get("/", query_string={"q": query, "hl": "en", **args}).text
    found = re.search(r'<p class="did-you-mean">(.*?)</p>', html, re.S)
    return found and " ".join(found.group(1).split())


@pytest.mark.parametrize("query, meant", [("leeky gut", "leaky gut"), ("Leeky-Gut syndrom", "leaky gut syndrom"),
                                          ("intestinal permiability", "intestinal permeability")])
def test_a_mistyped_word_is_offered_as_the_topics_own(client, query, meant):
    href = "/?q=" + meant.replace(" ", "+")
    assert did_you_mean(client, query) == f'No topic matches. Did you mean <a href="{href}">{meant}</a>?'
    assert listed(client, meant) == {"leaky-gut"}


def test_did_you_mean_in_spanish(client):
    assert did_you_mean(client, "leeky gut", hl="es") == (
        'Ningún tema coincide. ¿Quiso decir <a href="/?q=leaky+gut">leaky gut</a>?')


@pytest.mark.parametrize("query", ["zzzz", "D51", "asthma", "gum"])
def test_nothing_near_is_not_guessed(client, query):
    """A code, a short word or a word like no listed one is not guessed at: the page says nothing matches."""
    html = client.get("/", query_string={"q": query, "hl": "en"}).text
    assert did_you_mean(client, query) is None
    assert "No topic matches. Try fewer or other words" in html


def test_a_sheet_found_is_not_called_no_match(client):
    """'fodmap' finds the diet sheet, not a topic: the page lists it, without 'Try fewer or other words'."""
    html = client.get("/", query_string={"q": "fodmap"}).text
    assert 'href="/diets/low-fodmap"' in html
    assert "Try fewer or other words" not in html
