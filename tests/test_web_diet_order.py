"""A loaded customisation keeps the dietitian's order of allergies and intolerances when saved again.

Reproduction: a file saying `allergies: [sesame, peanut]` was loaded at the follow-up
visit and saved again unchanged; the new file said [peanut, sesame] (the boxes post in
the catalogue's order) and the next sheet listed "Peanut, Sesame": the other way round
from the sheet printed at the first visit.
"""

from __future__ import annotations

import io
import re
from datetime import date

from handouts.web.customisation import in_file_order
from handouts.yamlsource import parse
from webclient import app_fixtures, form_as_sent

PLAN = "/diets/trigger-foods"
app, client = app_fixtures(date(2025, 9, 1))


def loaded(client, text: str) -> str:
    page = client.post(f"{PLAN}/load", data={"file": (io.BytesIO(text.encode()), "saved.yaml")},
                       content_type="multipart/form-data")
    assert page.status_code == 200, page.text
    return page.text


def saved(client, sent) -> dict:
    response = client.post(f"{PLAN}/customisation", data=sent)
    assert response.status_code == 200, response.text
    return parse(response.text, "saved.yaml").data


def test_a_file_saved_again_unchanged_keeps_its_order(client):
    page = loaded(client, "plan: trigger-foods\nallergies: [sesame, peanut]\nintolerances: [sorbitol, lactose]\n")
    sent = form_as_sent(page, "diet-form")
    assert sent.getlist("allergies") == ["peanut", "sesame"]  # as the boxes stand: the catalogue's order
    data = saved(client, sent)
    assert data["allergies"] == ["sesame", "peanut"] and data["intolerances"] == ["sorbitol", "lactose"]


def test_a_box_ticked_since_goes_after_the_files_and_one_unticked_is_gone(client):
    page = loaded(client, "plan: trigger-foods\nallergies: [sesame, peanut]\n")
    sent = form_as_sent(page, "diet-form")
    sent.setlist("allergies", ["egg", "sesame"])  # peanut unticked, egg ticked
    assert saved(client, sent)["allergies"] == ["sesame", "egg"]


def test_a_new_form_posts_its_boxes_in_the_catalogue_order(client):
    page = client.get(PLAN).text
    assert 'name="file_order"' not in page
    sent = form_as_sent(page, "diet-form")
    sent.setlist("allergies", ["egg", "sesame"])
    assert saved(client, sent)["allergies"] == ["egg", "sesame"]


def test_the_order_survives_a_form_sent_back_with_a_problem(client):
    page = loaded(client, "plan: trigger-foods\nallergies: [sesame, peanut]\n")
    sent = form_as_sent(page, "diet-form", start_date="2025-13-01", action="download")
    again = client.post(f"{PLAN}/sheet", data=sent)
    assert again.status_code == 400
    assert re.search(r'name="file_order" value="sesame peanut"', again.text)


def test_the_order_sorts_only_what_was_ticked_whatever_it_holds():
    data = {"allergies": ["peanut", "sesame"], "intolerances": ["lactose"]}
    assert in_file_order(data, "milk x" * 5000 + " sesame") == {"allergies": ["peanut", "sesame"],
                                                                "intolerances": ["lactose"]}
    assert in_file_order({"allergies": ["peanut", {"odd": 1}, "sesame"]}, "sesame {") == {
        "allergies": ["sesame", "peanut", {"odd": 1}]}
