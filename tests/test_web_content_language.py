"""Content on a Spanish web page is in Spanish where its translation is reviewed, else tagged English.

The page's own words followed the clinician's language, but a diet plan's title and
summary, its first step's name and the food categories to tick stayed English even
where the content carries a reviewed Spanish translation, and untagged: a screen
reader set to the page's Spanish read "Low-FODMAP diet" with Spanish sounds.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from handouts.approve import approve_translation
from handouts.context import Context
from handouts.loading import load
from handouts import translations
from handouts.web import create_app

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 9, 1)
SPANISH = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}


def approve(path: Path, data: Path) -> None:
    approve_translation(path, "es", "Dr. Ana Revisora", Context.default(TODAY, data_dirs=[data]), on=TODAY)


@pytest.fixture(scope="module")
def reviewed_data(tmp_path_factory) -> Path:
    """The shipped data with the low-FODMAP plan's and the food catalogue's Spanish approved;
    the trigger-foods plan's Spanish stays a draft."""
    data = tmp_path_factory.mktemp("reviewed") / "data"
    shutil.copytree(ROOT / "data", data)
    approve(data / "foods" / "catalogue.yaml", data)
    approve(data / "diets" / "low-fodmap.yaml", data)
    ctx = Context.default(TODAY, data_dirs=[data])
    plan = load(data / "diets" / "low-fodmap.yaml", "diet-plan", ctx)
    assert translations.state(plan, "es").approved
    return data


@pytest.fixture(scope="module")
def reviewed_app(reviewed_data):
    return create_app(reviewed_data, today=lambda: TODAY)


@pytest.fixture(scope="module")
def shipped_app():
    return create_app(today=lambda: TODAY)


@pytest.fixture
def reviewed(reviewed_app):
    return reviewed_app.test_client()  # a client per test: `?hl=` keeps the page language in a cookie


@pytest.fixture
def shipped(shipped_app):
    return shipped_app.test_client()


def tag(html: str, name: str, cls: str | None = None) -> list[str]:
    """The opening tags and texts of every `name` element (with class `cls`): '<h1 lang="en">Title'."""
    where = rf'<{name}\b(?=[^>]*class="{cls}")[^>]*>[^<]*' if cls else rf"<{name}\b[^>]*>[^<]*"
    return [" ".join(m.split()) for m in re.findall(where, html)]


def label_of(html: str, option: str) -> str:
    found = re.search(rf'<label for="{option}">(.*?)</label>', html, re.S)
    assert found, option
    return " ".join(found.group(1).split())


def test_a_reviewed_plan_shows_in_spanish_on_a_spanish_page(reviewed):
    page = reviewed.get("/diets/low-fodmap", headers=SPANISH).text
    assert '<html lang="es">' in page
    assert tag(page, "h1") == ["<h1>Dieta baja en FODMAP"]
    assert "<title>Dieta baja en FODMAP ·" in page
    summary = tag(page, "p", "topic-condition")[0]
    assert summary.startswith('<p class="topic-condition">Los FODMAP son azúcares'), summary
    assert "Duración del primer paso (Evitar)" in page


def test_the_reviewed_catalogue_names_the_categories_in_spanish(reviewed):
    page = reviewed.get("/diets/low-fodmap?hl=es").text
    assert label_of(page, "allergies-milk") == 'Leche <span class="hint">(leche de vaca y alimentos hechos con ella)</span>'
    assert label_of(page, "allergies-peanut") == "Maní (cacahuate)"
    assert 'lang="en"' not in re.search(r'<fieldset id="field-allergies"[^>]*>.*?</fieldset>', page, re.S).group(0)


def test_a_draft_translation_leaves_the_english_tagged_as_english(reviewed, shipped):
    draft = reviewed.get("/diets/trigger-foods", headers=SPANISH).text  # its Spanish is still a draft
    assert tag(draft, "h1") == ['<h1 lang="en">Trigger-food elimination']
    page = shipped.get("/diets/low-fodmap", headers=SPANISH).text  # every shipped translation is a draft
    assert tag(page, "h1") == ['<h1 lang="en">Low-FODMAP diet']
    assert tag(page, "p", "topic-condition")[0].startswith('<p class="topic-condition" lang="en">FODMAPs are')
    assert label_of(page, "allergies-milk") == (
        '<span lang="en">Milk</span> <span class="hint" lang="en">(cow&#39;s milk and foods made from it)</span>')
    assert '(<span lang="en">Leave out</span>)' in page  # the first step's name, inside a Spanish label


def test_an_english_page_shows_english_untagged(reviewed):
    page = reviewed.get("/diets/low-fodmap", headers={"Accept-Language": "en-US"}).text
    assert tag(page, "h1") == ["<h1>Low-FODMAP diet"]
    assert label_of(page, "allergies-peanut") == "Peanut"
    assert 'lang="en"' not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_list_shows_each_plan_in_the_language_its_review_allows(reviewed):
    page = reviewed.get("/?hl=es").text
    titles = tag(page, "a", "topic-title")
    assert any(t.endswith(">Dieta baja en FODMAP") and 'lang="en"' not in t for t in titles), titles
    assert any(t.endswith('lang="en">Trigger-food elimination') for t in titles), titles
    # topics are clinician content, English only: tagged as such on a Spanish page
    assert any(t.endswith('lang="en">Leaky gut syndrome') for t in titles), titles


def test_a_search_finds_a_plan_by_the_title_the_page_shows(reviewed):
    page = reviewed.get("/?hl=es&q=dieta+baja").text
    assert "Dieta baja en FODMAP" in page
    assert "Trigger-food elimination" not in page


def test_a_topic_page_in_spanish_tags_the_topics_english_title(shipped):
    page = shipped.get("/topics/leaky-gut", headers=SPANISH).text
    assert tag(page, "h1") == ['<h1 lang="en">Leaky gut syndrome']
    english = shipped.get("/topics/leaky-gut", headers={"Accept-Language": "en"}).text
    assert tag(english, "h1") == ["<h1>Leaky gut syndrome"]


def test_a_topic_is_named_in_spanish_where_its_translation_is_reviewed(tmp_path):
    """The page's <title> (what a screen reader says first, and the browser's tab) and its heading carried the
    topic's English title on a Spanish page, even with its Spanish translation approved."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    approve(data / "topics" / "leaky-gut.yaml", data)
    app = create_app(data, today=lambda: TODAY)
    client = app.test_client()
    page = client.get("/topics/leaky-gut", headers=SPANISH).text
    assert "<title>Síndrome del intestino permeable · Handouts</title>" in page
    assert tag(page, "h1") == ["<h1>Síndrome del intestino permeable"]
    titles = tag(client.get("/?hl=es").text, "a", "topic-title")
    assert '<a class="topic-title" href="/topics/leaky-gut">Síndrome del intestino permeable' in titles, titles
    english = app.test_client().get("/topics/leaky-gut", headers={"Accept-Language": "en"}).text
    assert "<title>Leaky gut syndrome · Handouts</title>" in english


def test_an_english_name_in_a_spanish_pages_title_says_it_is_english(shipped):
    """No tag can mark a language inside <title>: it says so in words, and the heading is tagged."""
    page = shipped.get("/topics/leaky-gut", headers=SPANISH).text  # its Spanish is a draft
    assert "<title>Leaky gut syndrome (en inglés) · Handouts</title>" in page
    assert tag(page, "h1") == ['<h1 lang="en">Leaky gut syndrome']
    diet = shipped.get("/diets/low-fodmap", headers=SPANISH).text
    assert "<title>Low-FODMAP diet (en inglés) · Handouts</title>" in diet
    english = shipped.get("/diets/low-fodmap", headers={"Accept-Language": "en"}).text
    assert "<title>Low-FODMAP diet · Handouts</title>" in english


def test_the_handouts_wording_on_the_form_is_tagged_with_its_own_language(shipped):
    """The items to tick are the patient wording as it prints: in the handout's language, which
    need not be the page's; the doses and cautions beside them are the clinician's English."""
    page = shipped.get("/topics/leaky-gut?language=es", headers={"Accept-Language": "en"}).text
    labels = re.findall(r'<label for="item-[^"]+"[^>]*>', page)
    assert labels and all(label.endswith(' lang="es">') for label in labels), labels
    assert '<span lang="en">Loperamide</span>' not in page  # the page is English: its English needs no tag
    spanish = shipped.get("/topics/leaky-gut?hl=es&language=en").text
    labels = re.findall(r'<label for="item-[^"]+"[^>]*>', spanish)
    assert labels and all(label.endswith(' lang="en">') for label in labels), labels
    assert '<span lang="en">Loperamide</span>, <span lang="en">4\u00a0to 12\u00a0mg by mouth, per day</span>' in spanish
    assert '<p class="caution" lang="en">Dose from short bowel syndrome' in spanish
    same = shipped.get("/topics/leaky-gut?hl=es&language=es").text
    assert not re.search(r'<label for="item-[^"]+" lang=', same)  # the page's language: no tag
