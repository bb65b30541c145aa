"""A form sent as the page filled it in: today's date in the visit or start date is no patient detail.

The forms fill in the visit date (handout) and start date (diet sheet) with today. A form
sent unchanged is the same for anyone printing today, so it is audited plain and answered
from the document cache; the document prints the date the form showed. Any other date is the
patient's. Documents here are made as HTML by a stand-in renderer: what they print is their
view, and no PDF is laid out.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date

import pytest

from handouts.html import render_html
from handouts.models import Personalisation
from handouts.models.diet_customisation import DietCustomisation
from handouts.rendered import LaidOut, Rendered
from handouts.web import create_app
from handouts.web.personal import carries_patient_details
from webclient import form_as_sent

TODAY = date(2026, 1, 15)
TOPIC = "/topics/leaky-gut"
PLAN = "/diets/low-fodmap"


@pytest.fixture
def app():
    return create_app(today=lambda: TODAY)


@pytest.fixture
def made(app, monkeypatch) -> list[str]:
    """The HTML of every document the app actually made (not answered from the cache)."""
    documents: list[str] = []

    def run(what, view):
        documents.append(render_html(view))
        return LaidOut(1) if what == "pages" else Rendered(documents[-1].encode(), 1)

    monkeypatch.setattr(app.extensions["handouts"].renderers, "_run", run)
    return documents


@pytest.fixture
def audited(app, monkeypatch) -> list[dict]:
    lines: list[str] = []
    monkeypatch.setattr(app.extensions["handouts"].audit, "_write", lines.append)
    return lines  # type: ignore[return-value]


def _personalised(lines) -> list[bool]:
    return [json.loads(line)["personalised"] for line in lines]


def test_the_rule_takes_todays_date_for_no_patient_detail():
    assert not carries_patient_details(Personalisation(language="en", visit_date=TODAY), TODAY)
    assert carries_patient_details(Personalisation(visit_date=date(2026, 1, 14)), TODAY)
    assert carries_patient_details(Personalisation(visit_date=TODAY, follow_up=TODAY), TODAY)  # a follow-up is theirs
    assert carries_patient_details(Personalisation(visit_date=TODAY, patient_name="Sam"), TODAY)
    assert not carries_patient_details(DietCustomisation(plan="low-fodmap", start_date=TODAY), TODAY)
    assert carries_patient_details(DietCustomisation(plan="low-fodmap", start_date=date(2026, 1, 16)), TODAY)
    assert carries_patient_details(DietCustomisation(start_date=TODAY, follow_up=TODAY), TODAY)


def test_a_handout_form_sent_unchanged_is_plain_cached_and_prints_todays_date(app, made, audited):
    client = app.test_client()
    page = client.get(TOPIC).text
    assert 'name="visit_date" value="2026-01-15"' in page  # what the clinician sees on the form
    sent = form_as_sent(page, "patient-form", action="download")
    first = client.post(f"{TOPIC}/patient", data=sent)
    second = client.post(f"{TOPIC}/patient", data=form_as_sent(client.get(TOPIC).text, "patient-form",
                                                               action="download"))
    assert first.status_code == second.status_code == 200
    assert second.data == first.data and len(made) == 1  # the second from the cache
    assert "Visit:</strong> January 15, 2026" in made[0]  # the date the form showed, printed
    assert _personalised(audited) == [False, False]
    assert first.headers["Cache-Control"] == "no-store"


def test_the_plain_link_and_the_unchanged_form_are_two_documents(app, made):
    """The link's handout leaves the visit date out; the form's prints it: never one for the other."""
    client = app.test_client()
    assert client.get(f"{TOPIC}/patient?action=download").status_code == 200
    sent = form_as_sent(client.get(TOPIC).text, "patient-form", action="download")
    assert client.post(f"{TOPIC}/patient", data=sent).status_code == 200
    assert len(made) == 2 and "Visit:" not in made[0] and "January 15, 2026" in made[1]


def test_another_visit_date_is_the_patients_and_never_cached(app, made, audited):
    client = app.test_client()
    cache = app.extensions["handouts"].renderers.cache
    sent = form_as_sent(client.get(TOPIC).text, "patient-form", action="download", visit_date="2026-01-14")
    for _ in range(2):
        assert client.post(f"{TOPIC}/patient", data=sent).status_code == 200
    assert len(made) == 2 and len(cache) == 0
    assert _personalised(audited) == [True, True]


def test_a_diet_form_sent_unchanged_is_plain_cached_and_dated_from_today(app, made, audited):
    client = app.test_client()
    page = client.get(PLAN).text
    assert 'name="start_date" value="2026-01-15"' in page
    for _ in range(2):
        response = client.post(f"{PLAN}/sheet", data=form_as_sent(page, "diet-form", action="download"))
        assert response.status_code == 200, response.text[:300]
    assert len(made) == 1 and _personalised(audited) == [False, False]
    assert '<p class="step-dates">Jan 15 to Feb 11</p>' in made[0]  # the first step starts today
    assert "I start on:" not in made[0]  # dated from the form's day, not left blank
    # the blank sheet (by link) is another document
    assert client.get(f"{PLAN}/sheet?action=download").status_code == 200
    assert len(made) == 2 and "I start on:" in made[1]


def test_another_start_date_is_the_patients_and_never_cached(app, made, audited):
    client = app.test_client()
    cache = app.extensions["handouts"].renderers.cache
    sent = form_as_sent(client.get(PLAN).text, "diet-form", action="download", start_date="2026-01-19")
    for _ in range(2):
        assert client.post(f"{PLAN}/sheet", data=sent).status_code == 200
    assert len(made) == 2 and len(cache) == 0 and _personalised(audited) == [True, True]


def _preview_src(page: str) -> str:
    return html.unescape(re.search(r'<iframe name="preview"[^>]*\bsrc="([^"]+)"', page)[1])


def test_the_first_preview_is_the_handout_the_untouched_form_prints(app, made):
    """The preview shows the visit date the form shows; the print of the untouched form is the same document."""
    client = app.test_client()
    page = client.get(TOPIC).text
    src = _preview_src(page)
    assert src == f"{TOPIC}/patient?action=preview&visit_date=2026-01-15"
    preview = client.get(src)
    assert preview.status_code == 200 and "Visit:</strong> January 15, 2026" in preview.text
    assert client.post(f"{TOPIC}/patient", data=form_as_sent(page, "patient-form", action="preview")).status_code == 200
    assert len(made) == 1  # the form's own preview: its page count was kept from the first


def test_the_first_diet_preview_is_dated_as_the_form_is(app, made):
    client = app.test_client()
    page = client.get(PLAN).text
    src = _preview_src(page)
    assert src == f"{PLAN}/sheet?action=preview&start_date=2026-01-15"
    preview = client.get(src)
    assert preview.status_code == 200 and '<p class="step-dates">Jan 15 to Feb 11</p>' in preview.text
    assert client.post(f"{PLAN}/sheet", data=form_as_sent(page, "diet-form", action="preview")).status_code == 200
    assert len(made) == 1


@pytest.mark.parametrize("url", [f"{TOPIC}/patient?action=preview&visit_date=2026-01-14",
                                 f"{PLAN}/sheet?action=preview&start_date=2026-01-16",
                                 f"{PLAN}/sheet?action=preview&start_date=2026-01-15&patient=Sam",
                                 f"{TOPIC}/patient?action=preview&visit_date=2026-01-15&visit_date=Sam+Example"])
def test_any_other_date_or_detail_in_an_address_is_still_refused(app, made, url):
    response = app.test_client().get(url)
    assert response.status_code == 400 and "do not belong in an address" in response.text
    assert made == []


def test_a_form_sent_back_with_another_date_previews_without_it_first(app):
    """After a form error the page holds what was typed; its preview starts empty (the page's script sends the
    form itself at once; tests/test_web_topic_filled_preview.py), never a date the clinician did not give."""
    client = app.test_client()
    sent = form_as_sent(client.get(TOPIC).text, "patient-form", action="download", visit_date="2026-01-14",
                        follow_up="2026-01-01")  # before the visit: the form comes back
    page = client.post(f"{TOPIC}/patient", data=sent)
    assert page.status_code == 400
    assert re.search(r'<iframe name="preview"[^>]*>', page.text) and not re.search(
        r'<iframe name="preview"[^>]*\bsrc=', page.text)


@pytest.mark.parametrize(("page", "field"), [(TOPIC, "visit_date"), (PLAN, "start_date")])
def test_only_a_fresh_forms_date_of_today_moves_on_with_the_day(app, page, field):
    """A page left open overnight moves the date it started with today on with the day (static/app.js:
    tests/test_web_e2e.py drives it): only a fresh form's, never a date sent back or loaded from a file."""
    fresh = app.test_client().get(page).text
    assert re.search(rf'<input type="date" id="field-{field}"[^>]* value="{TODAY}"[^>]* data-starts-today', fresh)
    form_id = "patient-form" if page == TOPIC else "diet-form"
    action = f"{page}/patient" if page == TOPIC else f"{page}/sheet"
    sent_back = app.test_client().post(action, data=form_as_sent(fresh, form_id, action="download",
                                                                 follow_up="2025-01-01"))
    assert sent_back.status_code == 400 and f'value="{TODAY}"' in sent_back.text
    assert "data-starts-today" not in sent_back.text


@pytest.mark.parametrize(("page", "field"), [(TOPIC, "visit_date"), (PLAN, "start_date")])
def test_a_request_made_as_midnight_passes_reads_one_day(page, field):
    """The clock moves on while a request is answered: the form's date, the date its script compares with
    and the first preview's were three readings of it, and a page made at midnight mixed two days."""
    days = iter([TODAY] + [date(2026, 1, 16)] * 100)
    html_page = create_app(today=lambda: next(days)).test_client().get(page).text
    value = re.search(rf'<input type="date" id="field-{field}"[^>]* value="([^"]*)"', html_page).group(1)
    assert value == TODAY.isoformat()
    assert f"{field}={TODAY}" in html.unescape(html_page)  # the first preview is dated as the form is
    assert f'data-today="{TODAY}"' in html_page or field == "start_date"
