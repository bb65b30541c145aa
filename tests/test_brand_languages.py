"""A brand's own words (name, footer, logo text, emergency sentence) in the document's language.

A Spanish handout under a brand that only speaks English printed "Your care team" and
"Ask your care team ..." on a page otherwise in Spanish. A brand may now give its words
per language; where it has none for the document's language, they print in its own
language, tagged with it, and the command says so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf

from handouts.locale import parse
from handouts.models import Brand
from handouts.views.frame import brand_view

from cliutil import run

ROOT = Path(__file__).resolve().parent.parent


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages))


def brand(**fields: object) -> Brand:
    """A brand with a phone, so the warnings asserted are the ones under test."""
    return Brand.model_validate({"id": "test", "name": "Test Clinic", "colors": {"primary": "#1f4e79"},
                                 "contact": {"phone": "555-0100"}, **fields})


def test_the_default_brand_speaks_spanish_on_a_spanish_handout(tmp_path):
    out = tmp_path / "es.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "es", "-o", out)
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "Su equipo de salud" in text
    assert "Pregunte a su equipo de salud si algo de esta hoja no le queda claro." in text
    assert "care team" not in text.lower()
    assert "its footer has no 'es' wording" not in result.stderr, result.stderr


def test_a_brand_without_the_language_prints_its_own_tagged_and_says_so(tmp_path):
    out = tmp_path / "es.html"
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "es", "--brand", "harbourside", "-o", out)
    assert result.exit_code == 0, result.output
    assert ("harbourside.yaml:17:1: warning: footer: its footer has no 'es' wording, so it prints in 'en'"
            in result.stderr), result.stderr  # at the brand file's footer, as validate places a finding
    page = out.read_text(encoding="utf-8")
    assert '<html lang="es' in page
    assert re.search(r'<p lang="en">Harbourside Surgery · Questions\? Call', page)
    # the practice's name is a name, not words: it is not tagged as English
    assert re.search(r'<p class="practice-name">Harbourside Surgery</p>', page)


def test_a_plain_string_is_in_the_brands_own_language():
    mexican = brand(locale="es-MX", emergency="En caso de emergencia, llame al 911 o acuda a urgencias.",
                    footer="Clínica de prueba")
    spanish = brand_view(mexican, None, parse("es-MX"))
    assert spanish.emergency == "En caso de emergencia, llame al 911 o acuda a urgencias."
    assert (spanish.footer, spanish.footer_lang, spanish.warnings) == ("Clínica de prueba", None, ())
    english = brand_view(mexican, None, parse("en-US"))
    assert english.emergency == "In an emergency, call 911."  # its Spanish sentence is not used in English
    assert (english.footer, english.footer_lang) == ("Clínica de prueba", "es")


def test_words_per_language_pick_the_documents_then_the_brands_then_english():
    b = brand(locale="en-US", footer={"en": "Questions? Call us.", "es": "¿Preguntas? Llámenos."},
              logo_alt={"en": "Test logo", "es": "Logotipo"})
    assert b.words(b.footer, "es") == ("¿Preguntas? Llámenos.", "es")
    assert b.words(b.footer, "fr") == ("Questions? Call us.", "en")
    assert brand_view(b, None, parse("es-US")).logo_alt == "Logotipo"
    assert b.display_name == "Test Clinic"
    named = brand(name={"en": "Your care team", "es": "Su equipo de salud"})
    assert brand_view(named, None, parse("es-US")).name == "Su equipo de salud"
    assert brand_view(named, None, parse("fr-FR")).name_lang == "en"
