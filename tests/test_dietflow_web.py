"""The web diet form as a dietitian uses it: what the sheet's checks found is said above the preview."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from webclient import app_fixtures

TODAY = date(2025, 9, 1)
PLAN = "/diets/low-fodmap"

app, client = app_fixtures(TODAY)


@pytest.fixture(autouse=True)
def no_layout(app, monkeypatch):
    """The page count needs a layout (a WeasyPrint run); these tests are about the checks above it."""
    monkeypatch.setattr(app.extensions["handouts"].renderers, "pages", lambda view, key=None: 2)


def checks(page: str) -> list[str]:
    box = re.search(r'<div class="preview-checks"[^>]*>(.*?)</div>', page, re.S)
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", box.group(1))] if box else []


def preview(client, **fields):
    response = client.post(f"{PLAN}/sheet", data={"action": "preview", "start_date": "2025-09-01", **fields})
    assert response.status_code == 200, response.text
    return response.text


def test_a_test_the_sheet_leaves_out_is_said_above_the_preview(client):
    """A milk allergy leaves lactose with no safe test food: the command line said so on stderr, the web
    form said nothing and the schedule simply had one test fewer."""
    page = preview(client, allergies=["milk"])
    assert any("no safe test food for 'lactose'" in c and "choose one with the patient" in c
               for c in checks(page)), checks(page)
    body = page[page.index("<body"):]
    assert body.index('class="preview-pages"') < body.index('class="preview-checks"') < body.index("<h1")


def test_a_first_step_longer_than_the_plan_allows_is_said(client):
    page = preview(client, phase_lengths="8 weeks")
    assert "phase_lengths: 'elimination' is set to 8 weeks, outside the plan's 2 to 6 weeks" in checks(page)


def test_a_sheet_with_nothing_to_check_has_no_notice(client):
    page = preview(client, allergies=["peanut"])
    assert 'class="preview-checks"' not in page
    assert 'class="preview-pages"' in page  # the page count is still said


def test_the_notice_speaks_the_page_language_and_marks_the_checks_as_english(client):
    response = client.post(f"{PLAN}/sheet?hl=es", data={"action": "preview", "phase_lengths": "8 weeks"})
    box = re.search(r'<div class="preview-checks"[^>]*>.*?</div>', response.text, re.S).group(0)
    assert 'lang="es"' in box and '<ul lang="en">' in box
    assert "Antes de imprimir" in box, box


def test_the_notice_is_never_printed():
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent / "handouts" / "web" / "static" / "preview.css").read_text()
    assert "@media print { .preview-checks { display: none; } }" in css
