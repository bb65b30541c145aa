"""An EHR's infobutton link, opened in a browser, behind `handouts serve`'s login."""

from __future__ import annotations

import html
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from handouts import users
from handouts.users import UserFile
from handouts.web import create_app
from handouts.web.auth import Login

PASSWORD = "correct horse battery"
ASK = ("/infobutton?mainSearchCriteria.v.c=D50.9&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90"
       "&informationRecipient=PROV&knowledgeResponseType=application/json")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    path = tmp_path_factory.mktemp("users") / "users.txt"
    users.add(path, "alice", PASSWORD)
    return create_app(login=Login(UserFile(path)), today=lambda: date(2026, 1, 15))


def _sign_in_from(client, first):
    """Follow the sign-in page the way a browser does: its hidden fields, then the user's name and password."""
    assert first.status_code == 302 and first.headers["Location"].startswith("/login?next=")
    page = client.get(first.headers["Location"])
    fields = {name: html.unescape(value) for name, value in re.findall(r'name="(csrf|next)" value="([^"]*)"', page.text)}
    signed_in = client.post("/login", data={**fields, "name": "alice", "password": PASSWORD})
    assert signed_in.status_code == 302
    return signed_in.headers["Location"]


def test_after_signing_in_the_infobutton_answers_what_the_ehr_asked(app):
    """The query was dropped on the way to the sign-in page: the clinician signed in to a 400."""
    client = app.test_client()
    back = _sign_in_from(client, client.get(ASK))
    assert back.startswith("/infobutton?")
    answer = client.get(back)
    assert answer.status_code == 200, answer.text
    assert answer.is_json and "Leaky gut" not in answer.text  # the feed for D50.9: no topic here codes it
    assert parse_qs(urlsplit(back).query)["mainSearchCriteria.v.c"] == ["D50.9"]


def test_only_the_infobutton_parameters_go_through_sign_in(app):
    """Patient parameters (refused by the infobutton) and anything else never reach the address."""
    client = app.test_client()
    first = client.get(ASK + "&age.v.v=45&patientPerson.administrativeGenderCode.c=F&extra=1"
                       "&holder.assignedEntity.certificateText=s3cret&taskContext.c.c=PROBLISTREV")
    assert "age" not in first.headers["Location"] and "patientPerson" not in first.headers["Location"]
    assert "s3cret" not in first.headers["Location"]  # the context it ignores: the EHR's account least of all
    back = _sign_in_from(client, first)
    assert set(parse_qs(urlsplit(back).query)) == {"mainSearchCriteria.v.c", "mainSearchCriteria.v.cs",
                                                    "informationRecipient", "knowledgeResponseType"}


def test_other_pages_still_keep_the_path_only(app):
    client = app.test_client()
    first = client.get("/topics/leaky-gut?patient_name=Jo")
    assert first.headers["Location"] == "/login?next=/topics/leaky-gut"
    assert _sign_in_from(client, first) == "/topics/leaky-gut"
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    typed = client.post("/login", data={"csrf": csrf, "name": "alice", "password": PASSWORD,
                                        "next": "/topics/leaky-gut?x=1"})
    assert typed.status_code == 302 and typed.headers["Location"] == "/topics/leaky-gut"
