"""Diet sheets in the web app: the plan page, the sheet, and the diet library's checks on form input."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest

from handouts.rendered import Rendered
from handouts.models import Personalisation
from handouts.models.diet_customisation import DietCustomisation
from handouts.web.personal import carries_patient_details
from pdfutil import text as pdf_text
from webclient import app_fixtures

TODAY = date(2025, 9, 1)
PLAN = "/diets/low-fodmap"


app, client = app_fixtures(TODAY)


def problems(html: str) -> list[str]:
    return re.findall(r'<li><a href="#field[^"]*">([^<]*)</a>', html)


def test_index_lists_the_plans(client):
    html = client.get("/").text
    assert 'href="/diets/low-fodmap"' in html and 'href="/diets/trigger-foods"' in html
    assert 'href="/diets/low-fodmap"' in client.get("/", query_string={"q": "fodmap"}).text
    assert 'href="/diets/trigger-foods"' not in client.get("/", query_string={"q": "fodmap"}).text


def test_plan_page_offers_allergens_and_what_the_plan_keeps(client):
    html = client.get(PLAN).text
    assert 'name="allergies" value="peanut"' in html
    assert 'name="intolerances" value="gluten"' in html
    assert 'name="intolerances" value="fructans"' not in html  # the plan already leaves FODMAPs out
    assert 'value="2025-09-01"' in html  # start date defaults to today
    for field_id in re.findall(r'<(?:input|textarea|select)[^>]*\bid="([^"]+)"', html):
        assert f'<label for="{field_id}"' in html, field_id


def test_allergy_choices_are_the_catalogues_allergens_only(client):
    html = client.get(PLAN).text
    offered = set(re.findall(r'name="allergies" value="([^"]+)"', html))
    assert offered == {"milk", "egg", "peanut", "tree-nuts", "soy", "wheat", "fish", "shellfish", "sesame"}


def test_sheet_for_one_patient(client):
    response = client.post(f"{PLAN}/sheet", data={
        "action": "download", "patient": "Sam Example", "dietitian": "Jordan Lee, RD", "start_date": "2025-09-01",
        "follow_up": "2025-09-29", "allergies": ["peanut"], "phase_lengths": "3 weeks", "notes": "Bring your diary.",
        "brand": "riverside"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="low-fodmap-diet-sheet-en.pdf"'
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data)
    for expected in ("Sam Example", "Jordan Lee, RD", "Bring your diary.", "3 weeks", "Riverside Family Practice"):
        assert expected in text, expected


def test_blank_sheet_and_preview(client):
    preview = client.get(f"{PLAN}/sheet", query_string={"action": "preview"})
    assert preview.status_code == 200
    assert 'href="/preview-assets/styles/diet.css"' in preview.text
    pdf = client.get(f"{PLAN}/sheet", query_string={"action": "print"})
    assert pdf.mimetype == "application/pdf" and pdf.headers["Content-Disposition"].startswith("inline;")


def test_personal_details_in_an_address_are_refused(client):
    response = client.get(f"{PLAN}/sheet", query_string={"patient": "Sam Example"})
    assert response.status_code == 400
    assert "Sam Example" not in response.text


@pytest.mark.parametrize(("fields", "says"), [
    ({"allergies": ["unicorn"]}, "Allergies: there is no choice &#39;unicorn&#39;"),
    ({"phase_lengths": "forever"}, "Length of the first step: this is not a length"),
    ({"start_date": "2025-09-10", "follow_up": "2025-09-01"}, "comes before the start date"),
    ({"start_date": "2025-02-30"}, "Start date: there is no day &#39;2025-02-30&#39; in the calendar"),
    ({"start_date": "9999-12-01"}, "Start date: this date is more than 2 years after today (2025-09-01)"),
    ({"follow_up": "2030-01-01"}, "Follow-up date: this date is more than 2 years after today"),
    ({"allergies": ["dairy"]}, "Allergies: there is no choice &#39;dairy&#39;"),
    ({"notes": "n" * 2001}, "Notes for the patient: 2001 characters"),
    ({"brand": "nope"}, "Practice: there is no choice"),
])
def test_bad_input_is_400_with_the_reason(client, fields, says):
    response = client.post(f"{PLAN}/sheet", data={"action": "download", **fields})
    assert response.status_code == 400
    assert any(says in p for p in problems(response.text)), problems(response.text)
    assert "Traceback" not in response.text


def test_a_failed_preview_shows_the_problem_alone(client):
    response = client.post(f"{PLAN}/sheet", data={"action": "preview", "phase_lengths": "soon"})
    assert response.status_code == 400
    assert 'id="diet-form"' not in response.text and 'role="alert"' in response.text


def test_form_is_kept_after_an_error(client):
    response = client.post(f"{PLAN}/sheet", data={
        "action": "download", "dietitian": "Jordan Lee", "allergies": ["sesame"], "phase_lengths": "soon"})
    html = response.text
    assert 'value="Jordan Lee"' in html
    assert 'value="sesame" id="allergies-sesame" checked' in html


def test_every_problem_of_the_diet_form_is_said_at_once_top_down(client):
    """A name too long no longer hides the rules' own problem (a follow-up before the start), which came only
    on the next press; the list follows the form top to bottom."""
    response = client.post(f"{PLAN}/sheet", data={
        "action": "download", "notes": "n" * 2100, "patient": "p" * 130, "start_date": "2025-09-01",
        "follow_up": "2025-08-01"})
    assert response.status_code == 400
    links = re.findall(r'<li><a href="#([^"]*)">([^<]*)</a></li>', response.text)
    assert links == [("field-patient", "Patient&#39;s name: 130 characters; at most 120 fit."),
                     ("field-follow_up", "Follow-up date: the follow-up comes before the start date"),
                     ("field-notes", "Notes for the patient: 2100 characters; at most 2000 fit.")]


def test_a_form_sent_back_names_its_own_page_to_go_back_to(client):
    """A diet form page that came from a POST (a problem, or a loaded file) names the plan's own page
    (data-page): restored from the back/forward cache, the script opens that, a fresh form, where a
    reload sent the last patient's form (or file) again."""
    sent_back = client.post(f"{PLAN}/sheet", data={"action": "download", "patient": "Sam Example",
                                                   "phase_lengths": "soon"}).text
    loaded = client.post(f"{PLAN}/load", data={"file": (io.BytesIO(b"plan: low-fodmap\npatient: Sam Example\n"),
                                                        "sam.yaml")}, content_type="multipart/form-data").text
    for html in (sent_back, loaded):
        form = re.search(r'<form [^>]*id="diet-form"[^>]*>', html)
        assert form and "data-refresh" in form.group(0), html[:300]
        assert f'data-page="{PLAN}"' in form.group(0)
    fresh = client.get(PLAN).text
    assert f'data-page="{PLAN}"' in fresh and "Sam Example" not in fresh


def test_unknown_plan_is_404(client):
    assert client.get("/diets/no-such-plan").status_code == 404
    assert client.post("/diets/no-such-plan/sheet", data={"action": "download"}).status_code == 404


@pytest.mark.parametrize("fields, personalised", [
    ({}, False),
    ({"language": "es"}, False),
    ({"notes": "Bring your diary."}, True),
    ({"start_date": "2025-09-02"}, True),
    ({"start_date": "2025-09-01"}, False),
], ids=["nothing", "a language only", "notes", "a start date", "today as the start date"])
def test_the_audit_line_says_personalised_only_when_patient_details_were_given(app, client, monkeypatch,
                                                                                fields, personalised):
    """The same rule as the handout's (handouts.web.personal), not 'it was a POST'."""
    lines: list[str] = []
    monkeypatch.setattr(app.extensions["handouts"].audit, "_write", lines.append)
    monkeypatch.setattr(app.extensions["handouts"].renderers, "pdf", lambda view, key=None: Rendered(b"%PDF-", 1))
    response = client.post("/diets/trigger-foods/sheet", data={"action": "download", **fields})
    assert response.status_code == 200, response.text[:300]
    assert [json.loads(line)["personalised"] for line in lines] == [personalised]


def test_one_rule_for_handouts_and_diet_sheets():
    assert not carries_patient_details(None, TODAY)
    assert not carries_patient_details(Personalisation(language="es"), TODAY)
    assert carries_patient_details(Personalisation(notes="Walk daily."), TODAY)
    assert carries_patient_details(Personalisation(visit_date=date(2025, 8, 29)), TODAY)
    assert not carries_patient_details(Personalisation(visit_date=TODAY), TODAY)  # the day of printing
    assert not carries_patient_details(DietCustomisation(plan="trigger-foods", language="es"), TODAY)
    assert carries_patient_details(DietCustomisation(plan="trigger-foods", patient="Sam Example"), TODAY)
    assert carries_patient_details(DietCustomisation(follow_up=date(2025, 9, 29)), TODAY)
