"""What a Spanish-speaking patient's documents say about themselves, in Spanish."""

from __future__ import annotations

import pytest

from handouts import documents
from handouts.context import Context
from handouts.models import Personalisation
from samples import ROOT

CTX = Context.default()


def handout(language: str, brand: str = "default"):  # type: ignore[no-untyped-def]
    inputs = documents.topic_inputs(ROOT / "data/topics/leaky-gut.yaml", brand, CTX)
    return documents.build_view("patient", inputs, Personalisation(language=language), CTX)


@pytest.mark.parametrize(("language", "author"), [("es", "Su equipo de salud"), ("en", "Your care team")])
def test_the_pdfs_author_is_the_brands_name_in_the_documents_language(language, author):
    """The default brand's page header said 'Su equipo de salud' while the PDF's Author (its
    document properties, the XMP dc:creator) said 'Your care team'."""
    assert handout(language).frame.metadata.author == author
    in_language = CTX.with_locale(language)
    sheet = documents.build_view("diet-sheet", documents.diet_inputs("trigger-foods", None, "default", in_language),
                                 None, in_language)
    assert sheet.frame.locale.language == language
    assert sheet.frame.metadata.author == author


def test_a_practices_own_name_is_its_author_in_every_language():
    assert handout("es", "riverside").frame.metadata.author == handout("en", "riverside").frame.metadata.author == (
        "Riverside Family Practice")
