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


def web_checks(app: Flask, plan: str, saved: Path) -> list[str]:
    """Load `saved` on the plan page, then preview the form as loaded: the checks said above the preview."""
    client = app.test_client()
    loaded = client.post(f"/diets/{plan}/load", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(saved.read_bytes()), saved.name)})
    assert loaded.status_code == 200, loaded.text
    preview = client.post(f"/diets/{plan}/sheet", data=form_as_sent(loaded.text, "diet-form", action="preview"))
    assert preview.status_code == 200, preview.text
    box = re.search(r'<div class="preview-checks"[^>]*>(.*?)</div>', preview.text, re.S)
    return [html.unescape(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", box.group(1))] if box else []


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
