"""The web diet form as a dietitian uses it: what the sheet's checks found is said above the preview."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.context import Context
from handouts.rendered import LaidOut
from webclient import app_fixtures

TODAY = date(2025, 9, 1)
PLAN = "/diets/low-fodmap"

app, client = app_fixtures(TODAY)


@pytest.fixture(autouse=True)
def no_layout(app, monkeypatch):
    """The page count needs a layout (a WeasyPrint run); these tests are about the checks above it."""
    monkeypatch.setattr(app.extensions["handouts"].renderers, "laid_out", lambda view, key=None: LaidOut(2))


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
    assert any(c.startswith("allergies[0]: leaves no safe test food") and "choose one with the patient" in c
               for c in checks(page)), checks(page)
    assert not [c for c in checks(page) if "lactose" in c or "milk" in c], "which allergy is never said"
    body = page[page.index("<body"):]
    assert body.index('class="preview-pages"') < body.index('class="preview-checks"') < body.index("<h1")


def test_a_first_step_longer_than_the_plan_allows_is_said(client):
    page = preview(client, phase_lengths="8 weeks")
    assert "phase_lengths: 'elimination' has a length outside the plan's 2 to 6 weeks" in checks(page)
    assert "8 weeks" not in " ".join(checks(page))


def test_a_sheet_with_nothing_to_check_has_no_notice(client):
    page = preview(client, allergies=["peanut"])
    assert 'class="preview-checks"' not in page
    assert 'class="preview-pages"' in page  # the page count is still said


def test_the_notice_speaks_the_page_language_checks_included(client):
    response = client.post(f"{PLAN}/sheet?hl=es", data={"action": "preview", "phase_lengths": "8 weeks"})
    box = re.search(r'<div class="preview-checks"[^>]*>.*?</div>', response.text, re.S).group(0)
    assert 'lang="es"' in box and "Antes de imprimir" in box, box
    assert "<li>phase_lengths: «elimination» tiene una duración fuera del intervalo del plan (2 a 6 semanas)</li>" in box


def test_a_check_with_no_spanish_words_is_marked_english(client):
    from handouts.web.preview import checks_notice

    with client.application.test_request_context("/?hl=es"):
        box = checks_notice(["reintroduction_order[9]: a check the app has no words for"])
    assert 'lang="es"' in box and '<li lang="en">reintroduction_order[9]: a check the app has no words for</li>' in box


def test_the_notice_is_never_printed():
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent / "handouts" / "web" / "static" / "preview.css").read_text()
    assert "@media print { .preview-checks { display: none; } }" in css


# --- the sheet's language, through save and load ---------------------------------------------

SAM = Path(__file__).resolve().parent.parent / "data" / "customisations" / "sam-low-fodmap.yaml"


def upload(client, data: bytes):
    return client.post(f"{PLAN}/load", data={"file": (io.BytesIO(data), "sam.yaml")},
                       content_type="multipart/form-data")


def hidden_more(page: str) -> str:
    match = re.search(r'name="more" value="([^"]*)"', page)
    return html.unescape(match.group(1)) if match else ""


def selected_language(page: str) -> str:
    return re.search(r'<select id="field-language" name="language"[^>]*>.*?<option value="([^"]+)" selected', page,
                     re.S).group(1)


def sheet_language(path: Path) -> str:
    ctx = Context.default(TODAY)
    view = documents.build_view("diet-sheet", documents.diet_inputs(None, path, "default", ctx), None, ctx)
    return str(view.frame.locale.language)


def test_a_sheet_made_in_spanish_is_saved_in_spanish(client, tmp_path):
    """Before: the form printed the sheet in Spanish but the saved file said nothing of it, so the same
    file on the command line (or loaded at the next visit) made an English sheet."""
    saved = client.post(f"{PLAN}/customisation", data={"patient": "Sam Example", "language": "es"})
    assert saved.status_code == 200
    assert "language: es" in saved.text
    path = tmp_path / "sam.yaml"
    path.write_bytes(saved.data)
    assert sheet_language(path) == "es"
    assert selected_language(upload(client, saved.data).text) == "es"


def test_a_loaded_files_language_is_the_forms_choice_and_the_form_can_change_it(client, tmp_path):
    """Before: a file's 'language: es' travelled hidden; the Language list said English, the sheet printed
    in Spanish, and choosing English in the list changed nothing."""
    page = upload(client, SAM.read_bytes() + b"language: es\n").text
    assert selected_language(page) == "es"
    more = hidden_more(page)
    assert "language" not in json.loads(more)
    form = {"action": "preview", "start_date": "2025-09-01", "more": more}
    spanish = client.post(f"{PLAN}/sheet", data={**form, "language": "es"}).text
    english = client.post(f"{PLAN}/sheet", data={**form, "language": "en"}).text
    assert re.search(r'<html lang="es', spanish) and re.search(r'<html lang="en', english)
    saved = client.post(f"{PLAN}/customisation", data={"more": more, "language": "en"}).text
    assert "language: es" not in saved


def test_a_files_region_travels_with_the_form(client):
    """'es-MX' shows as Spanish in the list and keeps its region (its dates) when Spanish stays chosen."""
    page = upload(client, SAM.read_bytes() + b"language: es-MX\n").text
    assert selected_language(page) == "es"
    more = hidden_more(page)
    assert json.loads(more)["language"] == "es-MX"
    saved = client.post(f"{PLAN}/customisation", data={"more": more, "language": "es"}).text
    assert "language: es-MX" in saved
    english = client.post(f"{PLAN}/customisation", data={"more": more, "language": "en"}).text
    assert "language: en" in english and "es-MX" not in english


def test_a_problem_in_a_setting_only_the_file_holds_points_at_that_list(client):
    """Ticking a milk allergy when the loaded file tests lactose with cow's milk: the problem linked to
    '#field-test_foods', which no page has, and did not say which setting it was."""
    more = json.dumps({"test_foods": {"lactose": "cow-milk"}})
    page = client.post(f"{PLAN}/sheet", data={"action": "download", "more": more, "allergies": ["milk"]}).text
    listed = [(href, html.unescape(text)) for href, text in re.findall(r'<li><a href="([^"]*)">([^<]*)</a>', page)]
    assert listed == [("#field-more", "Test foods: the test food carries an allergy of this patient "
                                      "(allergies[0]): choose another test food")]
    assert 'id="field-more"' in page


def test_a_character_the_print_cannot_draw_is_said_above_the_preview(client):
    """The browser draws an Amharic note from its own fonts; the PDF printed empty boxes, and only the
    command line said so. The note is the patient's: counted, as the command line counts it, not named."""
    page = preview(client, notes="ሰላም")
    assert "notes: 3 characters print as an empty box (none of the fonts handouts prints with has them)" \
        in checks(page), checks(page)
    assert "Ethiopic" not in " ".join(checks(page)) and "ሰ" not in " ".join(checks(page))
    assert 'class="preview-checks"' not in preview(client, notes="Bring your diary.")


@pytest.fixture(scope="module")
def spanish_app():
    from handouts.web import create_app

    return create_app(today=lambda: TODAY, locale="es-MX")


def test_the_diet_form_starts_in_the_workspaces_language_as_the_visit_form_does(spanish_app, monkeypatch):
    """Before: in a Spanish workspace the visit form started in Spanish and the diet form in English."""
    monkeypatch.setattr(spanish_app.extensions["handouts"].renderers, "laid_out", lambda view, key=None: LaidOut(2))
    client = spanish_app.test_client()
    assert selected_language(client.get("/topics/leaky-gut").text) == "es"
    assert selected_language(client.get(PLAN).text) == "es"
    first = client.get(f"{PLAN}/sheet", query_string={"action": "preview"}).text  # the page's first preview
    assert "Su plan de dieta de eliminación" in first
    assert "Su plan de dieta de eliminación" in preview(client)  # a form sent without a language


def test_an_english_sheet_saved_in_a_spanish_workspace_loads_back_in_english(spanish_app, tmp_path):
    """A file without a language prints in the workspace's: an English sheet's file must say English."""
    client = spanish_app.test_client()
    saved = client.post(f"{PLAN}/customisation", data={"patient": "Sam Example", "language": "en"})
    assert saved.status_code == 200 and "language: en" in saved.text
    assert selected_language(upload(client, saved.data).text) == "en"
    plain = client.post(f"{PLAN}/customisation", data={"patient": "Sam Example", "language": "es"})
    assert selected_language(upload(client, plain.data).text) == "es"
