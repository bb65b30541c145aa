"""The web preview of a diet sheet says when its symptom diary runs over two pages, in the page's language.

Reproduction: a practice whose letterhead's name wraps to many lines over a five-line footer
(tests/test_diet_diary_header_room.py). `handouts diet` said 'sheet.pdf: warning: the symptom diary
runs over two pages ...' (handouts/diary_room.py); the web preview, made from the layout's page count
alone, said only '6 pages when printed', and the PDF sent to print said nothing at all. The preview
now reads the layout back as the command line does, and says it above the sheet, before anyone prints.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from flask import Flask

from handouts.diary_room import DIARY_SPLIT, MIN_ROW_MM
from handouts.web import create_app
from handouts.web.preview import DIARY_SPLIT as DIARY_SPLIT_WORDS
from test_diet_diary_header_room import _too_long_brand

TODAY = date(2025, 9, 1)
SHEET = "/diets/low-fodmap/sheet"
SPANISH = ("el diario de síntomas ocupa dos páginas (sus últimos días o las líneas de debajo pasan a la hoja "
           "siguiente): el nombre del consultorio en el encabezado de cada página y el pie de página del membrete "
           "dejan en su página muy poco espacio para siete días de 12 mm cada uno")
PATIENT = {"patient": "Sam Quintero", "dietitian": "Jordan Lee, RD", "notes": "Bring your diary.",
           "allergies": ["peanut"]}


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Flask:
    """A practice whose 'riverside' letterhead is ten 170-letter names long over a five-line footer: too
    long for the diary's week on one page in English (beside one short mark, the name's lines are wider)
    and in Spanish alike."""
    folder = tmp_path_factory.mktemp("practice")
    (folder / "brands").mkdir()
    _too_long_brand(folder / "brands", times=10)
    return create_app([folder], "riverside", today=lambda: TODAY)


def checks(page: str) -> list[tuple[str, str]]:
    """Each check above the preview: (its lang attribute, its text)."""
    box = re.search(r'<div class="preview-checks"[^>]*>(.*?)</div>', page, re.S)
    return [(lang, html.unescape(text)) for lang, text in re.findall(r'<li(?: lang="(\w+)")?>(.*?)</li>',
                                                                       box.group(1))] if box else []


def preview(app: Flask, page: str, **fields: object) -> str:
    response = app.test_client().post(SHEET, query_string={"hl": page},
                                      data={"action": "preview", "start_date": "2025-09-01", **fields})
    assert response.status_code == 200, response.text
    return response.text


def test_the_english_preview_says_the_diary_runs_over_as_the_command_line_does(app):
    page = preview(app, "en", brand="riverside", **PATIENT)
    assert ("", DIARY_SPLIT) in checks(page), checks(page)
    assert "Sam Quintero" not in " ".join(text for _, text in checks(page))
    assert 'class="preview-pages' in page  # the page count is still said, above the checks


def test_the_spanish_preview_says_it_in_spanish(app):
    page = preview(app, "es", brand="riverside", language="es", **PATIENT)
    said = [(lang, text) for lang, text in checks(page) if text.startswith("el diario de síntomas")]
    assert said and said[0][0] == "" and said[0][1].startswith(SPANISH), checks(page)  # Spanish, not marked English
    assert not [text for _, text in checks(page) if "symptom diary" in text]


def test_the_blank_sheets_preview_says_it_too_and_a_letterhead_with_room_says_nothing(app):
    """The plan page's first preview (a link, answered from the cache the second time) says it as well."""
    client = app.test_client()
    for _ in range(2):
        first = client.get(SHEET, query_string={"action": "preview", "brand": "riverside"}).text
        assert ("", DIARY_SPLIT) in checks(first)
    assert not [text for _, text in checks(preview(app, "en", brand="default")) if "diary" in text]


def test_the_pages_words_are_the_libraries_in_english():
    """The web's words for the warning are the command line's, word for word, on an English page."""
    assert DIARY_SPLIT_WORDS % {"mm": MIN_ROW_MM} == DIARY_SPLIT
