"""What `handouts diet --customize FILE` warns on stderr, the web shows for the same file, warning by warning.

A dietitian loads the file on the plan page (Load) and looks at the preview the loaded form makes: each
warning the command line prints is said above that preview, its field and its meaning (the command
line's file, line and column stay on the command line: the page names no file of the server's).
Before: the letterhead's own warnings (a colour too light for text, which then prints darker) were
printed by the command line only; the web's diet preview said nothing of them.
"""

from __future__ import annotations

import html
import io
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from cliutil import assert_clean_exit, run
from handouts.rendered import LaidOut
from handouts.web import create_app
from samples import ROOT
from webclient import form_as_sent

TODAY = date(2025, 9, 1)
FILES = {
    # an allergy that leaves a test without a safe food; a first step longer than the plan allows
    "milk": "plan: low-fodmap\nstart_date: 2025-09-01\nallergies: [milk]\nphase_lengths: {elimination: 8 weeks}\n",
    # an allergen moved to 'enjoy'; an allergy the plan's test food carries
    "enjoy": "plan: low-fodmap\nstart_date: 2025-09-01\nallergies: [peanut, wheat]\nenjoy: [peanut-butter]\n",
    # an extra food that says nothing of what it carries; a test with no safe food for this patient
    "extra": ("plan: trigger-foods\nstart_date: 2025-09-01\nallergies: [milk]\n"
              "extra_foods:\n  - {name: Kombucha, group: drinks}\nreintroduction_order: [dairy, caffeine]\n"),
    # a test food for a category the order never tests; a category left out but never tested; one left out
    # for this patient only, with no test to bring it back
    "tests": ("plan: low-fodmap\nstart_date: 2025-09-01\neliminate: [caffeine]\n"
              "reintroduction_order: [fructans, gos, lactose, sorbitol, mannitol]\n"
              "test_foods: {excess-fructose: honey}\n"),
    # every food of a group left out (at the allergy most to blame)
    "group": ("plan: trigger-foods\nstart_date: 2025-09-01\nallergies: [fish, shellfish, egg, soy]\n"
              "avoid: [chicken, fresh-meat, lentils, chickpeas, beans]\n"),
    # a note in a script no font of the sheet has, on a Spanish sheet
    "script": "plan: low-fodmap\nstart_date: 2025-09-01\nlanguage: es\nallergies: [milk]\nnotes: \"ሰላም\"\n",
}
LIGHT = "#ffcc00"
"""The letterhead's primary colour: too light for text on white, so text prints in a darker shade."""


@pytest.fixture(scope="module")
def practice(tmp_path_factory) -> Path:
    """A data folder whose letterhead 'light' is the sample practice's in a colour too light for text."""
    folder = tmp_path_factory.mktemp("practice")
    shutil.copytree(ROOT / "data" / "brands" / "riverside", folder / "brands" / "riverside")
    brand = (ROOT / "data" / "brands" / "riverside.yaml").read_text(encoding="utf-8")
    (folder / "brands" / "light.yaml").write_text(
        brand.replace("id: riverside", "id: light").replace('primary: "#0b6e69"', f'primary: "{LIGHT}"'),
        encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def app(practice: Path) -> Flask:
    made = create_app([practice], "light", today=lambda: TODAY)
    # the layout's page count is another test's (test_web_diet_diary.py): a page count of 2 here
    made.extensions["handouts"].renderers.laid_out = lambda view, key=None: LaidOut(2)
    return made


_WARNING = re.compile(r"^(?:\S+?(?::\d+:\d+)?: )?warning: (?P<said>.*)$")


def cli_warnings(practice: Path, saved: Path, tmp_path: Path) -> list[str]:
    """What the command line warns for `saved` with the 'light' letterhead: 'field: message', its place left."""
    result = run("diet", "--customize", saved, "--brand", practice / "brands" / "light.yaml", "--as-of",
                 TODAY.isoformat(), "-o", tmp_path / "sheet.pdf")
    assert_clean_exit(result, 0)
    return [found["said"] for line in result.stderr.splitlines() if (found := _WARNING.match(line))]


def checks_box(app: Flask, plan: str, saved: Path, page_language: str = "en") -> str:
    """Load `saved` on the plan page, then preview the form as loaded: the HTML of the checks above the preview."""
    client = app.test_client()
    client.get("/", query_string={"hl": page_language})
    loaded = client.post(f"/diets/{plan}/load", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(saved.read_bytes()), saved.name)})
    assert loaded.status_code == 200, loaded.text
    preview = client.post(f"/diets/{plan}/sheet", data=form_as_sent(loaded.text, "diet-form", action="preview"))
    assert preview.status_code == 200, preview.text
    box = re.search(r'<div class="preview-checks"[^>]*>(.*?)</div>', preview.text, re.S)
    return box.group(1) if box else ""


def web_checks(app: Flask, plan: str, saved: Path) -> list[str]:
    """The checks said above the preview of `saved` loaded on an English page, as text."""
    return [html.unescape(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", checks_box(app, plan, saved))]


def _key(field: str) -> str:
    """The field's key: 'phase_lengths, the 1st entry' and 'phase_lengths' name the same setting."""
    return re.split(r"[,.\[]", field, maxsplit=1)[0]


@pytest.mark.parametrize("name", FILES)
def test_every_warning_the_command_line_gives_is_on_the_web_preview(app, practice, tmp_path, name):
    saved = tmp_path / f"{name}.yaml"
    saved.write_text(FILES[name], encoding="utf-8")
    plan = re.search(r"^plan: (\S+)$", FILES[name], re.M).group(1)
    said, shown = cli_warnings(practice, saved, tmp_path), web_checks(app, plan, saved)
    assert len(said) >= 2, said  # the file's own warnings and the letterhead's
    assert any(LIGHT in warning for warning in said)
    for warning in said:
        field, _, meaning = warning.partition(": ")
        assert any(check == warning or (_key(check.partition(": ")[0]) == _key(field)
                                        and check.partition(": ")[2] == meaning) for check in shown), \
            (warning, shown)


SAID_IN_SPANISH = {
    "milk": ["allergies[0]: no deja ningún alimento de prueba seguro en el catálogo para una de las pruebas del plan",
             "phase_lengths: «elimination» tiene una duración fuera del intervalo del plan (2 a 6 semanas)",
             "colors.primary: #ffcc00 es demasiado claro para texto sobre blanco (1.5:1, por debajo de 4.5:1): "
             "el texto se imprimirá en su lugar en el tono más oscuro #7f6500"],
    "enjoy": ["enjoy[0]: contiene una alergia de este paciente (allergies[0]): aparece en «Evite» en su lugar, nunca en "
              "«Disfrute»", "allergies[1]: lo contiene el alimento de prueba del plan"],
    "extra": ["extra_foods[0]: no dice qué contiene ni dónde ponerlo",
              "reintroduction_order[0]: no hay ningún alimento de prueba seguro en el catálogo para este paciente "
              "(allergies[0])", "reintroduction_order: «gluten» queda fuera para este paciente"],
    "tests": ["test_foods: «excess-fructose» no está en el orden de las pruebas, así que «honey» no prueba nada",
              "eliminate[0]: «caffeine» queda fuera solo para este paciente"],
    "group": ['allergies[0]: todos los alimentos de «<span lang="en">Meat, fish, eggs and beans</span>» quedan fuera '
              'para este paciente; este grupo suele aportar <span lang="en">protein and iron</span>'],
    "script": ["notes: 3 caracteres se imprimen como un recuadro vacío"],
}


@pytest.mark.parametrize("name", FILES)
def test_on_a_spanish_page_each_warning_is_said_in_spanish(app, tmp_path, name):
    """Before, every warning but the diary's was English (marked lang="en") on a Spanish page; the places
    (the file's keys) stay as written, a catalogue's English name stays English, marked so."""
    saved = tmp_path / f"{name}.yaml"
    saved.write_text(FILES[name], encoding="utf-8")
    plan = re.search(r"^plan: (\S+)$", FILES[name], re.M).group(1)
    english, spanish = checks_box(app, plan, saved), checks_box(app, plan, saved, "es")
    items = re.findall(r"<li[^>]*>.*?</li>", spanish)
    assert len(items) == len(re.findall(r"<li[^>]*>", english)) >= 2
    assert not [item for item in items if item.startswith('<li lang="en">')], items
    for words in SAID_IN_SPANISH[name]:
        assert any(words in html.unescape(item) for item in items), (words, items)


def test_the_form_posted_on_a_spanish_page_says_its_warning_in_spanish(app):
    """The form as a dietitian sends it, no file: an allergy that leaves a test without a safe food."""
    client = app.test_client()
    preview = client.post("/diets/low-fodmap/sheet?hl=es", data={"action": "preview", "allergies": "milk"})
    box = re.search(r'<div class="preview-checks" role="status" lang="es">(.*?)</div>', preview.text, re.S).group(1)
    assert "<li>allergies[0]: no deja ningún alimento de prueba seguro en el catálogo" in html.unescape(box)
    assert 'lang="en"' not in box
