"""The web app speaks the clinician's language: its own words, errors included, come from the catalogues.

Issue #17 reproduction: the app's pages were English only (their words were not
messages, so no catalogue could translate them), whatever the browser asked for.
The page's language is the person's at the screen: the language links, else
the browser's Accept-Language. It is not the patient's and keeps nothing about one.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from webclient import app_fixtures

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 9, 1)
TOPIC = "/topics/leaky-gut"
SPANISH = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}


app, client = app_fixtures(TODAY)


def visible(html: str) -> str:
    """The text a reader sees: no tags, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_browsers_language_picks_the_pages_words(client):
    english = client.get(TOPIC)
    assert '<html lang="en">' in english.text and "Patient's name" in english.text
    page = client.get(TOPIC, headers=SPANISH).text
    text = visible(page)
    assert '<html lang="es">' in page
    for words in ("Nombre del paciente", "Esta visita", "Lo que corresponde a este paciente", "Vista previa",
                  "Descargar PDF", "Opciones de impresión", "Resumen clínico", "Ir al contenido principal",
                  "Lo que puede ayudar", "Qué evitar"):
        assert words in text, words
    for words in ("Patient's name", "This visit", "Download PDF", "Print options", "What can help"):
        assert words not in text, words
    # the review line takes the page's language and dates too
    assert "2 de julio de 2025" in text
    index = visible(client.get("/", headers=SPANISH).text)
    assert "Temas y hojas de dieta" in index and "Buscar" in index and "Hojas de dieta de eliminación" in index
    diet = visible(client.get("/diets/low-fodmap", headers=SPANISH).text)
    assert "Hoja de dieta para un paciente" in diet and "Alergias" in diet and "Guardar estas opciones" in diet


def test_the_language_links_switch_the_page_and_the_choice_is_kept_in_this_browser_only(client):
    chosen = client.get(f"{TOPIC}?hl=es")
    assert '<html lang="es">' in chosen.text
    cookie = chosen.headers["Set-Cookie"]
    assert cookie.startswith("handouts-page-language=es;") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    # later pages keep it, whatever the browser's own language
    assert '<html lang="es">' in client.get("/", headers={"Accept-Language": "en"}).text
    assert '<html lang="en">' in client.get("/?hl=en").text
    assert '<html lang="en">' in client.get(TOPIC).text


def test_the_pages_language_is_independent_of_the_documents(client):
    page = client.get(TOPIC, headers=SPANISH).text
    # the form still offers the handout in English and in Spanish, English first (the patient's choice)
    assert re.search(r'<option value="en" selected>English</option>', page)
    assert "Español (traducción en borrador)" in page


def test_an_unknown_language_is_ignored_and_never_written_anywhere(client):
    response = client.get(f"{TOPIC}?hl=%3Cscript%3E", headers={"Accept-Language": "fr"})
    assert '<html lang="en">' in response.text and "Set-Cookie" not in response.headers
    assert "<script>" not in response.text


def test_form_problems_and_error_pages_are_in_the_pages_language(client):
    bad = client.post(f"{TOPIC}/patient", data={"action": "download", "visit_date": "14/07/2025",
                                                "brand": "nope"}, headers=SPANISH)
    assert bad.status_code == 400
    text = visible(bad.text)
    assert "Fecha de la visita: «14/07/2025» no es una fecha; use la forma AAAA-MM-DD." in text
    assert "Consultorio: no existe la opción «nope»." in text
    assert "Revise el formulario" in text
    missing = client.get("/no/such/page", headers=SPANISH)
    assert missing.status_code == 404
    assert "No hay ninguna página en esta dirección." in visible(missing.text)
    no_topic = client.get("/topics/no-such-topic", headers=SPANISH)
    assert no_topic.status_code == 404 and "No existe el tema «no-such-topic»." in visible(no_topic.text)
    preview = client.post(f"{TOPIC}/patient", data={"action": "preview"}, headers=SPANISH)
    assert re.search(r"\d páginas? al imprimir\.", visible(preview.text))


def test_forged_forms_are_refused_in_the_pages_language(app):
    from webclient import raw_client

    refused = raw_client(app).post(f"{TOPIC}/patient", data={"action": "download"}, headers=SPANISH)
    assert refused.status_code == 403
    text = visible(refused.text)
    assert "Rechazado: este formulario no vino de la página de esta aplicación" in text
    assert "el formulario no lleva un código válido de esta aplicación" in text


def bare_words(template: str) -> list[str]:
    """Words a template prints that are not messages: outside `_()`, `{% trans %}` and every tag."""
    text = re.sub(r"\{#.*?#\}", "", template, flags=re.S)
    text = re.sub(r"\{%-?\s*trans\b.*?%\}.*?\{%-?\s*endtrans\s*-?%\}", "", text, flags=re.S)
    labels = re.findall(r'\b(?:title|aria-label|placeholder|alt)="([^"{]*)"', text)
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", text, flags=re.S)
    text = re.sub(r"<[^>]*>", "", text, flags=re.S)
    text = re.sub(r'\s[\w-]+="[^"]*"', "", text)  # attributes a macro writes outside its tag
    return [w for w in re.findall(r"[A-Za-z][A-Za-z']+", text + " " + " ".join(labels))]


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "templates" / "web").glob("*.j2")))
def test_every_word_of_the_web_templates_is_a_message(name):
    assert bare_words((ROOT / "templates" / "web" / name).read_text(encoding="utf-8")) == []


def test_the_bare_word_check_finds_a_word_left_out():
    assert bare_words('<p class="hint">Tick <b>{{ _("all") }}</b></p><iframe title="Preview">') == ["Tick", "Preview"]


def test_the_catalogue_check_covers_the_web_apps_words():
    from test_catalogues import extracted

    ids = extracted()
    assert {"Skip to the main content", "Print options", "Patient's name", "There is no page at this address.",
            "%(label)s: '%(value)s' is not a date; use the form YYYY-MM-DD.",
            "Refused: this form did not come from this app's page", "Language of this page"} <= ids


@pytest.mark.parametrize("page", [TOPIC, "/diets/low-fodmap"])
def test_what_print_says_as_it_prints_is_in_the_pages_language(client, page):
    """The Print button's script says 'Making the PDF…' and the like: the page hands it those words."""
    import html
    import json

    from handouts.web.words import PRINT_WORDS

    found = re.search(r"data-print-frame data-words='([^']*)'", client.get(page, headers=SPANISH).text)
    words = json.loads(html.unescape(found[1]))
    assert set(words) == set(PRINT_WORDS)
    assert words["making"] == "Preparando el PDF…" and words["new_tab"] == "Abrir el PDF en una pestaña nueva"
    script = (ROOT / "handouts" / "web" / "static" / "app.js").read_text(encoding="utf-8")
    for english in PRINT_WORDS.values():
        assert english not in script  # none left behind in English
