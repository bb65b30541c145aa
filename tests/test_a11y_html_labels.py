"""aria-label where ARIA lets a screen reader read it, in every template (documents and web pages).

ARIA 1.2 prohibits naming a generic element (a <div> or <span> with no role): screen readers
ignore the name, so a write-in blank said nothing in the standalone page and the preview.
The blanks and the space to write are drawings that mean something: role="img" with a name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handouts import documents
from handouts.context import Context
from handouts.html import render_html
from handouts.models import Personalisation

ROOT = Path(__file__).resolve().parent.parent
NAMEABLE = {"a", "button", "input", "select", "textarea", "iframe", "img", "nav", "section", "form",
            "main", "aside", "table", "fieldset", "ul", "ol", "dialog"}
"""Elements whose implicit role may be named (landmarks, widgets, images, groups, lists)."""
TAG = re.compile(r"<([a-z][a-z0-9]*)\b([^<>]*?\baria-label=[^<>]*)>", re.S)


def _named_generics(html: str) -> list[str]:
    return [f"<{tag}{attrs[:60]}" for tag, attrs in TAG.findall(html)
            if tag not in NAMEABLE and not re.search(r"\brole=", attrs)]


@pytest.mark.parametrize("path", sorted((ROOT / "templates").rglob("*.j2")), ids=lambda p: p.name)
def test_no_template_names_an_element_a_screen_reader_does_not_name(path):
    assert _named_generics(path.read_text(encoding="utf-8")) == []


def test_the_printed_pages_blanks_are_named_images():
    """The same, read from the HTML of a blank diet sheet and a handout with its blanks."""
    ctx = Context.default()
    sheet = documents.build_view("diet-sheet", documents.diet_inputs("low-fodmap", None, "default", ctx), None, ctx)
    handout = documents.build_view("patient", documents.topic_inputs("leaky-gut", "default", ctx), None, ctx)
    for html in (render_html(sheet), render_html(handout)):
        assert 'role="img" aria-label="blank to fill in: ' in html
        assert _named_generics(html) == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_handouts_two_blanks_say_what_is_written_there(language):
    """Under a letterhead with no phone number the handout has two write-in blanks, our phone and the
    next appointment: both were "blank to fill in", so a reader moving from figure to figure could not
    tell them apart (the diet sheet's blanks are named the same way)."""
    ctx = Context.default()
    person = Personalisation(language=language) if language != "en" else None
    handout = documents.build_view("patient", documents.topic_inputs("leaky-gut", "default", ctx), person, ctx)
    assert handout.phone_write_in
    labels = re.findall(r'role="img" aria-label="([^"]*)"', render_html(handout))
    wanted = {"en": ["blank to fill in: our phone number", "blank to fill in: the date of your next appointment"],
              "es": ["espacio en blanco para llenar: nuestro número de teléfono",
                     "espacio en blanco para llenar: la fecha de su próxima cita"]}[language]
    assert [label for label in labels if label.startswith(wanted[0].split(":")[0])] == wanted
