"""The note `handouts diet` / `render` print about a document's marks names what the page shows.

Reproduction: for a Spanish sheet, `handouts diet --lang es` printed "note: printed with a DRAFT
mark (Plan en revisión: ...)" and "printed with a DRAFT TRANSLATION mark": an English mark name
the sheet does not show (it prints BORRADOR and TRADUCCIÓN EN BORRADOR) beside a Spanish quote.
The note stays English, the language of the command line; it names the mark, then what the
page prints (the mark's own word when it differs, and the footer line as printed).
"""

from __future__ import annotations

from datetime import date

from handouts.assemble import diet_view, notes_after
from handouts.context import Context

CTX = Context.default(date(2025, 8, 1))
SAM = CTX.find("customisations", "sam-low-fodmap")


def _notes(language: str) -> tuple[str, ...]:
    _, view = diet_view(None, SAM, "default", CTX, None, language=language)
    return notes_after(view, None)[1]


def test_a_spanish_sheet_is_noted_with_the_words_its_page_prints():
    review, translation = _notes("es")
    assert review.startswith("printed with a DRAFT mark ('BORRADOR' on the page; its footer: Plan en revisión: "
                             "aún no aprobado · actualizado el 2 de julio de 2025 · versión ")
    assert translation.startswith("the 'es' translation is draft: printed with a DRAFT TRANSLATION mark "
                                  "('TRADUCCIÓN EN BORRADOR' on the page; its footer: Traducción al español: "
                                  "borrador, aún sin revisar por un traductor médico · versión")


def test_an_english_sheet_reads_as_before():
    (review,) = _notes("en")
    assert review.startswith("printed with a DRAFT mark (Plan under review: not yet approved · updated July 2, 2025")
    assert "on the page" not in review
