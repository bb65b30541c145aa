"""29 February and the days the calendar lacks, as typed on the command line and on the web forms.

Reproduction: the visit form took '2027-02-29' (2027 has no 29 February) and said "Visit date:
'2027-02-29' is not a date; use the form YYYY-MM-DD": the form it was written in, so a clinician
looked for a typo that was not there. The command line said "no such day in the calendar".
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from cliutil import run
from handouts import dates
from handouts.web import create_app
from pdfutil import text as pdf_text

TODAY = date(2027, 6, 1)  # 29 February 2028 is nine months ahead; 2027 has none
SPANISH = {"Accept-Language": "es-MX,es;q=0.9"}


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(dates, "_instant", lambda: datetime(2027, 6, 1, 12, tzinfo=timezone.utc))


@pytest.fixture(scope="module")
def client():
    return create_app(today=lambda: TODAY).test_client()


@pytest.mark.parametrize(("lang", "visit", "follow_up"), [
    ("en", "Visit: February 29, 2028", "My next appointment: February 28, 2029"),
    ("es", "Visita: 29 de febrero de 2028", "Mi próxima cita: 28 de febrero de 2029"),
])
def test_a_leap_day_visit_prints_in_the_languages_words(clock, tmp_path, lang, visit, follow_up):
    out = tmp_path / "handout.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", lang, "--date", "2028-02-29",
                 "--follow-up", "2029-02-28", "-o", out)
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(out).split())
    assert visit in text and follow_up in text


def test_the_command_line_refuses_a_day_the_calendar_lacks(clock, tmp_path):
    out = tmp_path / "handout.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--date", "2027-02-29", "-o", out)
    assert result.exit_code == 2 and "'--date': no such day in the calendar" in result.output
    assert not out.exists()


@pytest.mark.parametrize(("page", "field", "headers", "says"), [
    ("/topics/leaky-gut/patient", "visit_date", {},
     "Visit date: there is no day '2027-02-29' in the calendar; check the day and the month "
     "(YYYY-MM-DD: year, month, day)."),
    ("/topics/leaky-gut/patient", "visit_date", SPANISH,
     "Fecha de la visita: el día «2027-02-29» no existe en el calendario; revise el día y el mes "
     "(AAAA-MM-DD: año, mes, día)."),
    ("/topics/leaky-gut/patient", "follow_up", {},
     "Follow-up date: there is no day '2027-02-29' in the calendar"),
    ("/diets/low-fodmap/sheet", "start_date", {}, "Start date: there is no day '2027-02-29' in the calendar"),
])
def test_a_web_form_says_the_day_is_not_in_the_calendar(client, page, field, headers, says):
    from html import unescape

    response = client.post(page, data={"action": "download", field: "2027-02-29"}, headers=headers)
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert says in " ".join(unescape(response.text).split())


def test_a_web_form_prints_a_leap_day(client):
    response = client.post("/topics/leaky-gut/patient", data={"action": "download", "visit_date": "2028-02-29"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Visit: February 29, 2028" in " ".join(pdf_text(response.data).split())


def test_a_follow_up_already_past_with_no_visit_date_is_said_in_the_pages_language(client):
    from html import unescape

    response = client.post("/topics/leaky-gut/patient", data={"action": "download", "visit_date": "",
                                                              "follow_up": "2027-05-31"}, headers=SPANISH)
    assert response.status_code == 400
    assert ("Fecha de seguimiento: ese día ya pasó y ninguna fecha de visita indica que la hoja es de una visita "
            "anterior: revise el año o indique la fecha de la visita.") in " ".join(unescape(response.text).split())


def test_a_diet_sheet_with_no_start_date_refuses_a_follow_up_already_past(clock, tmp_path):
    """As a handout with no visit date: the sheet is today's, and its 'Next visit' was last month. At print
    only: a customisation file saved earlier stays valid, and one with its start date prints."""
    custom = tmp_path / "customisations" / "c.yaml"
    custom.parent.mkdir()
    custom.write_text("plan: low-fodmap\nfollow_up: 2027-05-03\n", encoding="utf-8")
    out = tmp_path / "sheet.pdf"
    result = run("diet", "low-fodmap", "--customise", custom, "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert ("follow_up: the follow-up has passed, and no start date says the sheet is for a plan already under "
            "way: check the year, or give the start date; today is 2027-06-01") in result.output
    assert run("validate", custom).exit_code == 0
    custom.write_text("plan: low-fodmap\nstart_date: 2027-04-05\nfollow_up: 2027-05-03\n", encoding="utf-8")
    assert run("diet", "low-fodmap", "--customise", custom, "-o", out).exit_code == 0


@pytest.mark.parametrize(("headers", "says"), [
    ({}, "Follow-up date: the follow-up has passed, and no start date says the sheet is for a plan already under "
         "way: check the year, or give the start date; today is 2027-06-01"),
    (SPANISH, "Fecha de seguimiento: la cita de seguimiento ya pasó y ninguna fecha de inicio indica que la hoja "
              "es de un plan ya en marcha: revise el año o indique la fecha de inicio; hoy es 2027-06-01"),
])
def test_the_diet_form_says_a_past_follow_up_in_the_pages_language(client, headers, says):
    from html import unescape

    response = client.post("/diets/low-fodmap/sheet", data={"action": "download", "start_date": "",
                                                            "follow_up": "2027-05-03"}, headers=headers)
    assert response.status_code == 400
    assert says in " ".join(unescape(response.text).split())
