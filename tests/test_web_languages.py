"""The web page offers the patient's language and 'also in English', says which are draft
translations, and keeps nothing about the patient."""

from __future__ import annotations

import io
import re
from datetime import date

from pdfutil import pdf_reader, text
from webclient import app_fixtures, form_as_sent

TODAY = date(2025, 9, 1)


app, client = app_fixtures(TODAY)


def pdf(data: bytes) -> tuple[str, str]:
    return text(data), str(pdf_reader(data).trailer["/Root"]["/Lang"])


def test_the_topic_form_offers_spanish_as_a_draft_translation(client):
    html = client.get("/topics/leaky-gut").text
    assert '<option value="es"' in html and "Español (draft translation)" in html
    assert "DRAFT TRANSLATION" in html  # the hint says what a draft prints
    assert 'name="also" value="en"' in html


def test_a_spanish_handout_and_one_also_in_english_from_the_form(client):
    form = {"action": "download", "language": "es", "patient_name": "Ana López", "visit_date": "2025-09-01",
            "item": ["polyphenol-rich-diet", "soluble-fibre"]}
    spanish = client.post("/topics/leaky-gut/patient", data=form)
    assert spanish.status_code == 200 and spanish.headers["Cache-Control"] == "no-store"
    text, lang = pdf(spanish.data)
    assert lang == "es" and "Lo más importante" in text and "1 de septiembre de 2025" in text
    assert "TRADUCCIÓN EN BORRADOR" in text and "Ana López" in text
    both = client.post("/topics/leaky-gut/patient", data={**form, "also": "en"})
    text, lang = pdf(both.data)
    assert lang == "es" and "Lo más importante" in text and "The main thing to know" in text
    # nothing about the patient stays behind: the next page is the empty form
    assert "Ana López" not in client.get("/topics/leaky-gut").text


def test_a_language_the_topic_lacks_is_refused_on_the_form(client):
    """'there is no choice fr' did not say which languages there are; said in the page's language."""
    page = client.post("/topics/leaky-gut/patient", data={"action": "download", "language": "fr"})
    assert page.status_code == 400
    assert "Language: no French translation yet; available: English (en), Spanish (es)." in page.text
    spanish = client.post("/topics/leaky-gut/patient?hl=es", data={"action": "download", "also": "de"})
    assert spanish.status_code == 400
    assert "Imprimir también en: aún no hay traducción al alemán; disponibles: inglés (en), español (es)." \
        in spanish.text


def test_a_loaded_diet_file_in_a_language_the_plan_lacks_says_so_in_one_line(client):
    """A customisation saved with 'language: fr' listed every text of the plan with no French, in English."""
    loaded = client.post("/diets/trigger-foods/load?hl=es", data={"file": (io.BytesIO(b"language: fr\n"), "x.yaml")},
                         content_type="multipart/form-data")
    sheet = client.post("/diets/trigger-foods/sheet", data=form_as_sent(loaded.text, "diet-form", action="download"))
    assert sheet.status_code == 400
    problems = re.findall(r'<li><a href="#field-language">([^<]*)</a></li>', sheet.text)
    assert problems == ["Idioma: aún no hay traducción al francés; disponibles: inglés (en), español (es)."]
    assert "no &#39;fr&#39; text" not in sheet.text


def test_a_spanish_diet_sheet_from_the_form(client):
    html = client.get("/diets/trigger-foods").text
    assert "Español (draft translation)" in html
    sheet = client.post("/diets/trigger-foods/sheet", data={"action": "download", "language": "es",
                                                            "patient": "Ana López"})
    assert sheet.status_code == 200, sheet.text[:500]
    text, lang = pdf(sheet.data)
    assert lang == "es" and "Dejar alimentos que pueden causar molestias" in text and "Evite:" in text
