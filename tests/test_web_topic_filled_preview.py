"""A topic page whose visit form comes back filled in (a form with a problem) never previews another handout
than its form's.

Reproduction: on /topics/leaky-gut, choose Spanish and the Harbourside letterhead, untick an item, type a
follow-up date already past and press Download: the form came back (400) with those choices and its problem,
while the preview beside it showed its first preview's address, the default handout (in the default letterhead
and language, every item), another document than the one the form makes, until Preview was pressed. A patient's details
never go into an address, so the frame starts empty and, without scripts, the page says to press Preview;
with scripts the page previews the form at once (data-refresh), as it did. The diet page does the same.
"""

from __future__ import annotations

from datetime import date

from webclient import app_fixtures, form_as_sent, noscript_prompt, preview_frame

TOPIC = "/topics/leaky-gut"
PANEL = '<section class="panel preview-panel"'

app, client = app_fixtures(date(2025, 8, 25))




def _sent_back(client, query: str = "") -> str:
    data = form_as_sent(client.get(TOPIC).text, "patient-form", action="download")
    items = data.getlist("item")
    assert len(items) >= 2
    data.setlist("item", items[1:])
    for name, value in {"patient_name": "Sam Example", "follow_up": "2025-08-01", "language": "es",
                        "brand": "harbourside"}.items():
        data[name] = value  # replaced (MultiDict.update adds)
    sent = client.post(f"{TOPIC}/patient{query}", data=data)
    assert sent.status_code == 400, sent.text
    assert 'value="harbourside" selected' in sent.text and 'value="es" selected' in sent.text  # the form's choices
    return sent.text


def test_a_form_sent_back_with_a_problem_previews_no_other_handout(client):
    sent_back = _sent_back(client)
    frame = preview_frame(sent_back)
    assert "src=" not in frame, frame  # not the default handout (another letterhead, language and items)
    assert noscript_prompt(sent_back, PANEL) == "Press Preview to see the handout these choices make."


def test_a_fresh_page_previews_its_form_at_once(client):
    fresh = client.get(TOPIC).text
    assert f'src="{TOPIC}/patient?action=preview' in preview_frame(fresh).replace("&amp;", "&")
    assert noscript_prompt(fresh, PANEL) == ""


def test_the_prompt_is_said_in_spanish(client):
    assert noscript_prompt(_sent_back(client, "?hl=es"), PANEL) == "Pulse Vista previa para ver la hoja que dan estas opciones."
