"""Form input → Personalisation: what is accepted, and what each refusal says."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from handouts.web.forms import FormError, document_request, patient_request

OFFERED = ("a", "b", "c")


def parse(**fields):
    data = MultiDict()
    for key, value in fields.items():
        for v in value if isinstance(value, list) else [value]:
            data.add(key, v)
    return patient_request(data, offered=OFFERED, brands=("default", "riverside"), default_brand="default",
                           languages=("en", "es"))


def test_ticked_items_print_unticked_are_omitted():
    req = parse(item=["a", "c"])
    assert req.person.omit == ("b",)
    assert req.person.include == ()


def test_nothing_ticked_omits_everything():
    assert parse().person.omit == OFFERED


def test_fields_are_stripped_and_empty_ones_dropped():
    req = parse(item=list(OFFERED), patient_name="  Jo  ", clinician="", notes="one\r\ntwo\r\n",
                visit_date="2025-07-14", follow_up="", action="print", brand="riverside", language="es")
    person = req.person
    assert (person.patient_name, person.clinician, person.notes) == ("Jo", None, "one\ntwo")
    assert person.visit_date == date(2025, 7, 14) and person.follow_up is None
    assert (req.action, req.brand, req.language, person.language) == ("print", "riverside", "es", "es")


def test_defaults():
    req = parse()
    assert (req.action, req.brand, req.language) == ("preview", "default", "en")


def test_every_problem_is_reported_at_once():
    with pytest.raises(FormError) as info:
        parse(item=["a", "zzz"], notes="n" * 2001, visit_date="2025-02-30", follow_up="tomorrow",
              brand="x", language="fr", action="fax")
    fields = [p.field for p in info.value.problems]
    assert fields == ["visit_date", "follow_up", "notes", "item", "brand", "language", "action"]  # as the form shows them


def test_a_field_too_long_does_not_hide_the_dates_problem():
    """The model's rules (a follow-up before the visit) are checked with the form's own (a name too long):
    the clinician fixes both in one go, not one, then the other on the next press."""
    with pytest.raises(FormError) as info:
        parse(patient_name="J" * 300, notes="<b>see</b> me", visit_date="2025-07-14", follow_up="2025-07-13")
    assert [(p.field, p.message) for p in info.value.problems] == [
        ("patient_name", "Patient's name: 300 characters; at most 120 fit."),
        ("follow_up", "Follow-up date: the follow-up date is before the visit date."),
    ]


def test_messages_do_not_repeat_free_text():
    secret = "Jo's private worry " * 200
    with pytest.raises(FormError) as info:
        parse(notes=secret)
    assert "private" not in str(info.value)
    assert "3799 characters; at most 2000" in str(info.value)  # the count, stripped; not the text


def test_follow_up_after_visit():
    with pytest.raises(FormError, match="before the visit date"):
        parse(visit_date="2025-07-14", follow_up="2025-07-13")
    assert parse(visit_date="2025-07-14", follow_up="2025-07-14").person.follow_up == date(2025, 7, 14)


@pytest.mark.parametrize("raw", ["2025-7-14", "20250714", "2025-07-14T10:00", "14.07.2025"])
def test_dates_must_be_iso_days(raw):
    with pytest.raises(FormError, match="is not a date"):
        parse(visit_date=raw)


@pytest.mark.parametrize("raw", ["2025-13-01", "2025-04-31", "2027-02-29"])
def test_a_day_the_calendar_lacks_is_told_to_check_the_day_and_month(raw):
    """Written as YYYY-MM-DD already: 'use the form YYYY-MM-DD' sent the clinician looking for a typo in the form."""
    with pytest.raises(FormError, match=f"there is no day '{raw}' in the calendar; check the day and the month"):
        parse(visit_date=raw)


def test_document_request_for_the_brief():
    req = document_request({"action": "download"}, ("default",), "default")
    assert (req.action, req.brand, req.language) == ("download", "default", "en")
    with pytest.raises(FormError, match="Practice: there is no choice"):
        document_request({"brand": "../etc"}, ("default",), "default")
