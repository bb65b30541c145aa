"""A diet page that comes back filled in (a loaded customisation file, a form with a problem) never previews
another sheet than its form's.

Reproduction: without scripts, Load of data/customisations/sam-low-fodmap.yaml filled the form with Sam's
choices while the preview beside it showed the plan's blank sheet (its first preview's address: the default
letterhead and language, none of Sam's foods) until Preview was pressed. A patient's choices cannot travel in
that address (they never go into one), so the frame starts empty and, without scripts, the page says to press
Preview; with scripts the page previews the form at once, as it did.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from webclient import app_fixtures, noscript_prompt, preview_frame

ROOT = Path(__file__).resolve().parent.parent
PLAN = "/diets/low-fodmap"
SAM = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"

app, client = app_fixtures(date(2025, 8, 25))




def test_after_load_the_preview_shows_no_sheet_but_the_blank_plans_and_says_to_press_preview(client):
    loaded = client.post(f"{PLAN}/load", data={"file": (io.BytesIO(SAM.read_bytes()), "sam.yaml")},
                         content_type="multipart/form-data")
    assert loaded.status_code == 200 and 'value="Sam Rivera"' in loaded.text  # the form has the file's choices
    frame = preview_frame(loaded.text)
    assert "src=" not in frame, frame  # not the plan's blank sheet
    assert noscript_prompt(loaded.text) == "Press Preview to see the sheet these choices make."


def test_a_form_sent_back_with_a_problem_previews_no_other_sheet(client):
    sent_back = client.post(f"{PLAN}/sheet", data={"action": "download", "patient": "Sam Example",
                                                   "phase_lengths": "soon"})
    assert sent_back.status_code == 400
    assert "src=" not in preview_frame(sent_back.text)
    assert noscript_prompt(sent_back.text) == "Press Preview to see the sheet these choices make."


def test_a_fresh_page_previews_its_blank_form_at_once(client):
    fresh = client.get(PLAN).text
    assert f'src="{PLAN}/sheet?action=preview' in preview_frame(fresh).replace("&amp;", "&")
    assert noscript_prompt(fresh) == ""


def test_the_prompt_is_said_in_spanish(client):
    loaded = client.post(f"{PLAN}/load?hl=es", data={"file": (io.BytesIO(SAM.read_bytes()), "sam.yaml")},
                         content_type="multipart/form-data")
    assert noscript_prompt(loaded.text) == "Pulse Vista previa para ver la hoja que dan estas opciones."
