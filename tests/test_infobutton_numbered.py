"""Several problems or medicines in one Infobutton request, numbered as the URL guide allows (`...v.c1`, `...v.c2`)."""

from __future__ import annotations

import json
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from handouts.web import create_app
from handouts.web.routes import infobutton

ROOT = Path(__file__).resolve().parent.parent
ICD10CM, RXNORM = "2.16.840.1.113883.6.90", "2.16.840.1.113883.6.88"
C, CS, DN = "mainSearchCriteria.v.c", "mainSearchCriteria.v.cs", "mainSearchCriteria.v.dn"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """The EHR fixtures (an approved topic and a draft, both ICD-10-CM D50.9) beside the shipped sample."""
    folder = tmp_path_factory.mktemp("library")
    shutil.copytree(ROOT / "tests" / "fixtures" / "ehr", folder, dirs_exist_ok=True)
    shutil.copy(ROOT / "data" / "topics" / "leaky-gut.yaml", folder / "topics")
    return create_app([folder], today=lambda: date(2026, 1, 5)).test_client()


def _ask(client, params: dict[str, str]):
    return client.get("/infobutton", query_string={"informationRecipient": "PROV",
                                                   "knowledgeResponseType": "application/json", **params})


def test_each_numbered_group_is_looked_up_and_the_answers_follow_in_order(client):
    """A name, then a problem's code, then a medicine's code: every topic of each, a topic found again (the
    iron topic names the RxNorm drug) at its first place only. Before: 400 'Unknown parameter'."""
    response = _ask(client, {DN: "leaky gut", C + "1": "D50.9", CS + "1": ICD10CM,
                             C + "2": "999999991", CS + "2": RXNORM})
    assert response.status_code == 200, response.text
    feed = json.loads(response.text)["feed"]
    assert [e["title"]["_value"] for e in feed["entry"]] == [
        "DRAFT: Leaky gut syndrome", "Iron test topic", "DRAFT: Iron draft topic"]
    asked = [(c["scheme"], c["term"]) for c in feed["category"]]
    assert asked[:5] == [(DN, "leaky gut"), (C + "1", "D50.9"), (CS + "1", ICD10CM),
                         (C + "2", "999999991"), (CS + "2", RXNORM)]


def test_groups_may_be_numbered_from_zero_with_no_unnumbered_one(client):
    response = _ask(client, {C + "1": "D50.9", CS + "1": ICD10CM, DN + "0": "leaky gut"})
    assert [e["title"]["_value"] for e in json.loads(response.text)["feed"]["entry"]] == [
        "DRAFT: Leaky gut syndrome", "Iron test topic", "DRAFT: Iron draft topic"]


def test_a_numbered_groups_problem_is_said_with_its_own_parameters_names(client):
    response = _ask(client, {DN: "leaky gut", C + "2": "D50.9"})
    assert response.status_code == 400
    assert response.text.strip() == f"A code needs its code system: give both {C}2 and {CS}2."


def test_ten_thousand_numbered_groups_are_refused_at_once_with_the_limit(client):
    params = {f"{C}{n}": "D50.9" for n in range(1, 10_001)}
    started = time.process_time()
    response = _ask(client, params)
    assert time.process_time() - started < 1  # about 0.1 s, most of it parsing the query string
    assert response.status_code == 400
    assert response.text.strip() == (f"At most {infobutton.MAX_CRITERIA} problems or medicines in one request "
                                     f"({C}, {C}1, {C}2, ...): ask again with fewer.")


def test_sign_in_keeps_the_numbered_groups_and_no_more_than_a_refusal_needs():
    pairs = [(C + "1", "D50.9"), (CS + "1", ICD10CM), ("patientPerson.administrativeGenderCode.c", "F"),
             ("mainSearchCriteria.v.ot1", "iron deficiency")]
    assert infobutton.kept_through_sign_in(pairs) == pairs[:2]
    many = [(f"{C}{n}", "D50.9") for n in range(900)]
    assert infobutton.kept_through_sign_in(many) == many[:infobutton.MAX_CRITERIA + 1]
