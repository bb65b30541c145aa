"""The web page offers the patient's language and 'also in English', says which are draft
translations, and keeps nothing about the patient."""

from __future__ import annotations

from datetime import date

from pdfutil import pdf_reader, text
from webclient import app_fixtures

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
    page = client.post("/topics/leaky-gut/patient", data={"action": "download", "language": "fr"})
    assert page.status_code == 400 and "no choice &#39;fr&#39;" in page.text


def test_a_spanish_diet_sheet_from_the_form(client):
    html = client.get("/diets/trigger-foods").text
    assert "Español (draft translation)" in html
    sheet = client.post("/diets/trigger-foods/sheet", data={"action": "download", "language": "es",
                                                            "patient": "Ana López"})
    assert sheet.status_code == 200, sheet.text[:500]
    text, lang = pdf(sheet.data)
    assert lang == "es" and "Dejar alimentos que pueden causar molestias" in text and "Evite:" in text
