"""Codes on topics: the model's rules, the search an EHR's infobutton runs, `handouts list topics --code`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from cliutil import run
from handouts import codes, listing
from handouts.context import Context
from handouts.errors import UsageError
from handouts.loading import load_topic
from handouts.models.topic import Code, Condition, Recommendation
from handouts.topic_search import search, search_library

EHR = Path(__file__).parent / "fixtures" / "ehr"


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context.default(data_dirs=[EHR])


@pytest.fixture(scope="module")
def topics(ctx: Context) -> list:
    return [load_topic(EHR / "topics" / f"{name}.yaml", ctx) for name in ("iron-test", "iron-draft")]


def test_a_code_must_have_its_systems_shape():
    assert Code(system="ICD-10-CM", code="d50.9").code == "d50.9"
    with pytest.raises(ValidationError, match="'50.9' is not a valid ICD-10-CM code"):
        Code(system="ICD-10-CM", code="50.9")
    with pytest.raises(ValidationError, match="not a valid RxNorm code"):
        Code(system="RxNorm", code="loperamide")
    with pytest.raises(ValidationError, match="not a valid SNOMED CT code"):
        Code(system="SNOMED CT", code="12")


def test_drug_codes_go_on_recommendations_and_diagnoses_on_the_condition():
    with pytest.raises(ValidationError, match="RxNorm codes go on the recommendation"):
        Condition(name="x", codes=[{"system": "RxNorm", "code": "123"}])
    with pytest.raises(ValidationError, match="diagnosis codes go on the condition"):
        Recommendation(id="a", clinician="x", codes=[{"system": "ICD-10-CM", "code": "D50.9"}])
    assert Recommendation(id="a", clinician="x", codes=[{"system": "RxNorm", "code": "123"}]).codes[0].code == "123"


def test_a_bad_code_in_a_file_is_located(tmp_path):
    text = (EHR / "topics" / "iron-test.yaml").read_text().replace("code: D50.9", "code: D50.99999")
    (tmp_path / "topics").mkdir()
    bad = tmp_path / "topics" / "iron-test.yaml"
    bad.write_text(text)
    result = run("validate", bad)
    assert result.exit_code == 1
    line = text.splitlines().index("      code: D50.99999") + 1
    assert f"iron-test.yaml:{line}:" in result.output and "condition.codes[0].code" in result.output
    assert "'D50.99999' is not a valid ICD-10-CM code (like D50.9)" in result.output


def test_systems_by_name_and_by_oid():
    assert codes.by_oid("2.16.840.1.113883.6.90").name == "ICD-10-CM"
    assert codes.by_oid("2.16.840.1.113883.6.96").name == "SNOMED CT"
    assert codes.by_oid("2.16.840.1.113883.6.88").name == "RxNorm"
    assert codes.by_oid("2.16.840.1.113883.6.3").name == "ICD-10"  # WHO's (HL7 Terminology: CodeSystem icd10)
    assert codes.by_oid("2.16.840.1.113883.6.103") is None  # ICD-9-CM: not a system topics use
    assert codes.by_name("snomed").name == codes.by_name("SNOMED CT").name == "SNOMED CT"
    assert codes.parse("icd-10-cm:d50.9") == (codes.SYSTEMS["ICD-10-CM"], "D50.9")
    with pytest.raises(UsageError, match="SYSTEM:CODE"):
        codes.parse("D50.9")
    with pytest.raises(UsageError, match="not a valid RxNorm code"):
        codes.parse("RxNorm:D50.9")


def test_an_icd_category_answers_the_codes_under_it_and_never_the_reverse():
    icd = codes.SYSTEMS["ICD-10-CM"]
    assert codes.covers(icd, "D50", "D50.9") and codes.covers(icd, "D50.9", "d50.9")
    assert not codes.covers(icd, "D50.9", "D50") and not codes.covers(icd, "D5", "D60.1")
    assert not codes.covers(codes.SYSTEMS["RxNorm"], "12", "123")


def test_search_by_condition_code_drug_code_and_name(topics):
    ids = lambda found: [m.topic.id for m in found]  # noqa: E731
    assert ids(search(topics, code="D50.9", system="ICD-10-CM")) == ["iron-draft", "iron-test"]
    assert ids(search(topics, code="D50.9", system="2.16.840.1.113883.6.90")) == ["iron-draft", "iron-test"]
    assert search(topics, code="D50.9", system="SNOMED CT") == []
    assert search(topics, code="D51.0", system="ICD-10-CM") == []
    drug = search(topics, code="999999991", system="RxNorm")
    assert ids(drug) == ["iron-test"] and drug[0].reason == "RxNorm 999999991 (Test drug)"
    assert ids(search(topics, name="Iron deficiency anemia, unspecified")) == ["iron-draft", "iron-test"]
    assert ids(search(topics, name="iron deficiency anaemia")) == ["iron-draft", "iron-test"]
    assert search(topics, name="asthma") == [] and search(topics, name="  ,; ") == []
    assert search(topics, name="Other, unspecified") == []  # fillers alone name nothing
    assert ids(search(topics, name="Deficiency of iron")) == ["iron-draft", "iron-test"]  # 'of' names nothing
    with pytest.raises(UsageError):
        search(topics, code="D50.9", system="ICD-9")


def test_the_sample_is_found_by_name_and_has_no_borrowed_code():
    shipped = Context.default()
    found = search_library(shipped, name="Leaky gut syndrome")
    assert [m.topic.id for m in found] == ["leaky-gut"]
    topic = found[0].topic
    assert topic.condition.codes == () and "no code of its own" in topic.condition.coding_note
    assert all(r.codes == () for r in topic.recommendations())  # no RXCUI confirmed yet: none written


def test_list_topics_by_code(ctx):
    table = listing.table("topics", ctx, code="ICD-10-CM:D50.9")
    assert [(r["id"], r["status"]) for r in table.rows] == [("iron-draft", "draft"), ("iron-test", "approved")]
    assert table.columns[-1] == "matched" and "D50.9" in table.rows[0]["matched"]
    assert listing.table("topics", ctx, code="RxNorm:999999991").rows[0]["id"] == "iron-test"


def test_list_topics_by_code_on_the_command_line():
    result = run("list", "topics", "--code", "ICD-10-CM:K58.0", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"] == []  # the sample carries no code
    bad = run("list", "topics", "--code", "K58.0")
    assert bad.exit_code == 2 and "SYSTEM:CODE" in bad.output and "Traceback" not in bad.output
    assert run("list", "brands", "--code", "ICD-10-CM:K58.0").exit_code == 2


def test_no_topic_with_a_code_says_none_is_coded_so_not_that_there_are_no_topics():
    """The README's `handouts list topics --code ICD-10-CM:D50.9` printed "no topics" beside a
    sample topic that `handouts list topics` lists."""
    result = run("list", "topics", "--code", "ICD-10-CM:D50.9")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("no topic is coded ICD-10-CM:D50.9: an EHR asking for it gets none")


def test_lint_asks_for_codes_or_a_note(tmp_path):
    result = run("lint", EHR / "topics" / "iron-test.yaml")
    assert "uncoded-condition" not in result.output
    text = (EHR / "topics" / "iron-test.yaml").read_text()
    start = text.index("  codes:\n    - system: ICD-10-CM")
    end = text.index("bottom_line:")
    uncoded = tmp_path / "uncoded.yaml"
    uncoded.write_text(text[:start] + text[end:])
    assert "uncoded-condition [info]" in run("lint", uncoded).output
    twice = tmp_path / "twice.yaml"
    twice.write_text(text.replace('            code: "999999991"\n',
                                  '            code: "999999991"\n          - system: RxNorm\n'
                                  '            code: "999999991"\n'))
    assert "repeated-code [warning]" in run("lint", twice).output
    assert "uncoded-condition" not in run("lint", "data/topics/leaky-gut.yaml").output  # it says why
