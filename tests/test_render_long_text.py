"""Unbroken strings wrap instead of running off the page.

A 120-character name showed 53 characters; a 2,000-character note ran past the
612 pt edge; a long URL overflowed its box. Every character must print, and
every word must sit inside the page with a printer's margin to spare.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.context import Context
from handouts.models import Personalisation
from pdfutil import pages_text

TODAY = date(2026, 1, 15)
MM = 72 / 25.4
SIDE = 12 * MM  # the side margins are 17 mm: text never reaches into the outer 12 mm
END = 4 * MM  # the running header and footer sit in the top and bottom margins: keep them on paper
NAME = "Wolfeschlegelsteinhausenbergerdorff" * 3 + "Zyx" * 5  # 120 characters, no space
NOTE = "".join(chr(ord("a") + i % 26) for i in range(2000))
URL = "https://riverside-family.example/" + "patient-information/" * 8 + "leaky-gut"
BRAND = f"""id: long
name: Long Names Family Practice
colors: {{primary: "#1f4e79"}}
contact:
  address: ["{'Unit' * 30}, 1 Long Road"]
  website: {URL}
paper: letter
"""


def squeezed(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(pages_text(path)))


def words_outside_safe_area(path: Path, only: tuple[str, ...] = ()) -> list[str]:
    """Words (from poppler's pdftotext -bbox) too close to an edge of the page, or beyond it.

    With `only`, just the words that are pieces of those strings.
    """
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    bad = []
    for number, (width, height, body) in enumerate(
            re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S), start=1):
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>', body):
            if only and not (len(word) >= 5 and any(word in s for s in only)):
                continue
            if (float(x0) < SIDE or float(x1) > float(width) - SIDE
                    or float(y0) < END or float(y1) > float(height) - END):
                bad.append(f"page {number}: {word[:30]} at x {float(x0):.0f}-{float(x1):.0f}")
    return bad


@pytest.fixture(scope="module")
def brand(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("brand") / "long.yaml"
    path.write_text(BRAND, encoding="utf-8")
    return path


def test_long_name_and_note_print_whole_and_inside_the_page(tmp_path):
    inputs = documents.topic_inputs("leaky-gut", "riverside")
    person = Personalisation(patient_name=NAME, clinician=NAME, notes=NOTE)
    out = documents.write_document(documents.build_view("patient", inputs, person, Context.default(TODAY)), tmp_path / "p.pdf")
    text = squeezed(out)
    assert text.count(NAME) == 2 and NOTE in text
    assert words_outside_safe_area(out) == []


def test_long_url_and_address_in_the_masthead_stay_inside_the_page(tmp_path, brand):
    person = Personalisation(notes=URL)
    for audience in ("patient", "clinician"):
        view = documents.build_view(audience, documents.topic_inputs("leaky-gut", brand),
                                    person if audience == "patient" else None, Context.default(TODAY))
        out = documents.write_document(view, tmp_path / f"{audience}.pdf")
        text = squeezed(out)
        assert URL in text and "Unit" * 30 in text
        assert words_outside_safe_area(out) == [], audience


def test_long_names_on_a_diet_sheet_stay_inside_the_page(tmp_path, brand):
    cust = tmp_path / "cust.yaml"
    cust.write_text(f"plan: low-fodmap\npatient: {NAME}\ndietitian: {NAME}\nnotes: {NOTE}\n", encoding="utf-8")
    ctx = Context.default(TODAY)
    view = documents.build_view("diet-sheet", documents.diet_inputs("low-fodmap", cust, brand, ctx), None, ctx)
    out = documents.write_document(view, tmp_path / "diet.pdf")
    text = squeezed(out)
    assert NAME in text and NOTE in text
    # only the long strings: the sample sheet's right food column already reaches 8 mm from the
    # edge (its cells are 50% wide plus padding), a layout the sheet's page count depends on
    assert words_outside_safe_area(out, only=(NAME, NOTE)) == []


WORD = "Pneumono" + "ultramicroscopicsilicovolcanoconiosis" * 5  # 193 characters, no space
EXTRA_FOODS = f"""extra_foods:
  - name: {{en: {WORD}, es: {WORD}}}
    group: grains
    carries: []
    list: enjoy
  - name: {{en: Big {WORD}, es: Gran {WORD}}}
    group: grains
"""


@pytest.mark.parametrize("paper,tag", [("letter", "en-US"), ("a4", "es-US")])
def test_a_food_name_with_a_word_wider_than_its_column_wraps_inside_the_page(tmp_path, paper, tag):
    """A 193-letter food under "Enjoy:" was kept on one line with its box: it ran over the next
    column and off the paper. (One under "Leave out" wrapped already.)"""
    cust = tmp_path / "cust.yaml"
    cust.write_text("plan: low-fodmap\nallergies: [peanut]\n" + EXTRA_FOODS, encoding="utf-8")
    ctx = Context.default(TODAY).with_locale(tag)
    inputs = documents.on_paper(documents.diet_inputs(None, cust, "riverside", ctx), paper)
    if tag != "en-US":
        inputs = documents.in_language(inputs, tag)
    out = documents.write_document(documents.build_view("diet-sheet", inputs, None, ctx), tmp_path / "diet.pdf")
    assert squeezed(out).count(WORD) == 2
    assert words_outside_safe_area(out, only=(WORD,)) == []
