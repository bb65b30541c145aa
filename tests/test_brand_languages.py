"""A practice's own words (name, logo text, footer) in the document's language, or tagged with their own.

Issue #17 reproduction: `handouts render leaky-gut --audience patient --lang es`
printed the default brand's "Your care team" and its English footer on every
Spanish page, untagged, so a screen reader read them with a Spanish voice.
"""

from __future__ import annotations

import re
from datetime import date

from handouts import documents
from handouts.context import Context
from handouts.html import render_html
from handouts.models import Personalisation
from cliutil import run
from pdfutil import text

CTX = Context.default(date(2025, 8, 1))
SPANISH = Personalisation(language="es")


def html(brand: str, person: Personalisation | None = SPANISH) -> str:
    return render_html(documents.build_view("patient", documents.topic_inputs("leaky-gut", brand, CTX), person, CTX))


def test_the_default_brand_prints_its_spanish_words_on_a_spanish_handout(tmp_path):
    out = tmp_path / "es.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "es", "-o", out)
    assert result.exit_code == 0, result.output
    body = text(out)
    assert "Su equipo de salud" in body and "Pregunte a su equipo de salud si algo de esta hoja no está claro." in body
    assert "Your care team" not in body and "Ask your care team" not in body
    english = html("default", None)
    assert "Your care team" in english and "Su equipo de salud" not in english


def test_a_practice_gives_only_the_words_it_has_and_the_rest_stays_its_own():
    page = html("riverside")
    assert '<p class="practice-name">Riverside Family Practice</p>' in page  # a name is a name
    assert 'alt="Logotipo de Riverside Family Practice"' in page
    assert "¿Preguntas? Llame al (217) 555-0142" in page


def test_a_brands_words_in_another_language_are_tagged_with_it():
    page = html("harbourside")  # a UK practice that gave no Spanish
    assert re.search(r'<p class="practice-name" lang="en">[^<]+</p>', page)
    footer = re.search(r'<p class="page-footer-line" lang="en">([^<]+)</p>', page)
    assert footer and footer.group(1).strip()
    default = html("default")  # its own Spanish words need no tag
    assert '<p class="practice-name">Su equipo de salud</p>' in default
    assert '<p class="page-footer-line">Pregunte a su equipo de salud' in default
