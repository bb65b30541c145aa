"""Printed on both sides (an office printer's default), no document starts on the back of another.

A clinic's printer prints double-sided and the practice staples what it hands over:

- `--lang es --also en` started the English copy on the back of the Spanish third page (a
  Spanish handout is 3 pages), so the family member it was for could not take it away without
  the end of the Spanish one; large print and the diet sheet printed twice did the same;
- the Spanish diet sheet's symptom diary (its 4th page) printed on the back of the food lists:
  the patient keeps the diary on the fridge and takes the food lists shopping, and could not
  do both. The English diary (page 3) was already a sheet of its own.

Each language's copy, and the diary, now starts on a right-hand (odd) page; the page left blank
before it says so in the language of the pages it closes, so no one takes it for a fault.
"""

from __future__ import annotations

from datetime import date

import pytest

from handouts import documents
from handouts.context import Context
from handouts.models import Personalisation
from pdfutil import lines, pages_text
from samples import printed, printed_file

CTX = Context.default(date(2025, 10, 6))
TITLES = {"es": "Síndrome del intestino permeable", "en": "Leaky gut syndrome"}
DIARIES = {"es": "Mi diario de síntomas", "en": "My symptom diary"}
BLANK = {"es": "Esta página se dejó en blanco a propósito.", "en": "This page is left blank on purpose."}


def _handout_view(language: str, also: tuple[str, ...], large_print: bool = False):
    inputs = documents.topic_inputs("leaky-gut", "riverside", CTX)
    return documents.build_view("patient", inputs, Personalisation(language=language), CTX, also=also,
                                large_print=large_print)


def _handout(language: str, also: tuple[str, ...]) -> list[str]:
    return pages_text(printed(_handout_view(language, also)).data)


def _diet_sheet(language: str, paper: str = "letter", also: tuple[str, ...] = ()) -> list[str]:
    ctx = CTX.with_locale(language)
    inputs = documents.in_language(documents.diet_inputs("low-fodmap", None, "riverside", ctx), language)
    view = documents.build_view("diet-sheet", documents.on_paper(inputs, paper), None, ctx, also=also)
    return pages_text(printed(view).data)


def _pages_with(pages: list[str], words: str) -> list[int]:
    return [number for number, text in enumerate(pages, start=1) if words in text]


def _blank(pages: list[str], number: int, language: str) -> None:
    """Page `number` is left blank: it says so, in `language`, and is footed as its part's pages are."""
    text = pages[number - 1]
    assert BLANK[language] in text, text
    page_of = f"Página {number} de {len(pages)}" if language == "es" else f"Page {number} of {len(pages)}"
    assert page_of in text, text
    assert not any(title in text for title in TITLES.values()), text


def test_the_english_copy_after_a_spanish_handout_starts_on_a_right_hand_page(tmp_path):
    pdf = printed_file(_handout_view("es", ("en",)), tmp_path)
    pages = pages_text(pdf)
    assert _pages_with(pages, TITLES["es"]) == [1]
    assert _pages_with(pages, TITLES["en"]) == [5]  # not 4, the back of the Spanish page 3
    assert len(pages) == 6
    _blank(pages, 4, "es")
    assert _pages_with(pages, BLANK["es"]) == [4] and not _pages_with(pages, BLANK["en"])
    # where the running header prints, 6 mm or more inside the paper's edge, as every page's text
    (note,) = [line for line in lines(pdf) if line.text == BLANK["es"]]
    assert note.top / 72 * 25.4 >= 6, note


def test_a_part_that_ends_on_an_even_page_needs_no_blank_page():
    pages = _handout("en", ("es",))
    assert _pages_with(pages, TITLES["en"]) == [1]
    assert _pages_with(pages, TITLES["es"]) == [3]
    assert len(pages) == 5 and not _pages_with(pages, BLANK["en"]) and not _pages_with(pages, BLANK["es"])


def test_large_print_in_two_languages_starts_each_copy_on_a_right_hand_page(tmp_path):
    pdf = printed_file(_handout_view("es", ("en",), large_print=True), tmp_path)
    pages = pages_text(pdf)
    (english,) = _pages_with(pages, TITLES["en"])
    assert english % 2 == 1, english
    assert _pages_with(pages, BLANK["es"]) == [english - 1]
    _blank(pages, english - 1, "es")
    # large print sets nothing under 14 pt: the note neither (a word box is about 1.24 x its size)
    (note,) = [line for line in lines(pdf) if line.page == english - 1 and line.text == BLANK["es"]]
    assert note.height > 14 * 1.2, note


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize(("language", "diary"), [("en", 3), ("es", 5)])
def test_the_diet_sheets_diary_is_a_sheet_of_its_own(language, diary, paper):
    pages = _diet_sheet(language, paper)
    assert _pages_with(pages, DIARIES[language]) == [diary]  # a right-hand page, the last
    assert len(pages) == diary
    if language == "es":  # three pages of plan: the back of the third is left blank, saying so
        _blank(pages, 4, "es")
    else:
        assert not _pages_with(pages, BLANK["en"])


def test_a_diet_sheet_in_two_languages_keeps_each_diary_and_each_copy_on_its_own_sheets():
    pages = _diet_sheet("es", also=("en",))
    assert _pages_with(pages, DIARIES["es"]) == [5]
    assert _pages_with(pages, DIARIES["en"]) == [9]
    assert _pages_with(pages, BLANK["es"]) == [4, 6]  # before the Spanish diary, and its back
    assert len(pages) == 9
    assert "Your elimination-diet plan" in pages[6]  # the English copy opens page 7
