"""`handouts schema`: valid JSON Schema per kind, agreeing with the loader."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from cliutil import run
from handouts.kinds import CONTENT_KINDS as KINDS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "content"
SAMPLE = ROOT / "data" / "topics" / "leaky-gut.yaml"


def schema_for(*args: str) -> dict[str, Any]:
    result = run("schema", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def as_json_data(node: Any) -> Any:
    """YAML data as an editor's schema checker sees it: dates become ISO strings."""
    if isinstance(node, dict):
        return {str(k): as_json_data(v) for k, v in node.items()}
    if isinstance(node, list):
        return [as_json_data(v) for v in node]
    if isinstance(node, (date, datetime)):
        return node.isoformat()
    return node


def yaml_data(path: Path) -> Any:
    return as_json_data(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


def errors(schema: dict[str, Any], data: Any) -> list[str]:
    return [e.message for e in Draft202012Validator(schema).iter_errors(data)]


@pytest.fixture(scope="module")
def topic_schema() -> dict[str, Any]:
    return schema_for("--kind", "topic")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schema_is_valid_draft_2020_12(kind):
    schema = schema_for("--kind", kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"


def test_default_kind_is_topic(topic_schema):
    assert schema_for() == topic_schema
    assert topic_schema["title"] == "Topic"


def test_unknown_kind_is_a_usage_error():
    result = run("schema", "--kind", "recipe")
    assert result.exit_code == 2


def test_minimal_topic_validates_against_the_schema(topic_schema):
    assert errors(topic_schema, yaml_data(FIXTURES / "minimal-topic.yaml")) == []


def test_sample_topic_validates_against_the_schema(topic_schema):
    assert SAMPLE.is_file(), f"{SAMPLE} is missing"
    assert errors(topic_schema, yaml_data(SAMPLE)) == []


def test_schema_rejects_an_unknown_top_level_key(topic_schema):
    data = yaml_data(FIXTURES / "minimal-topic.yaml")
    data["questoin"] = "Typo?"
    found = errors(topic_schema, data)
    assert any("questoin" in message for message in found), found


def test_schema_rejects_an_unknown_nested_key(topic_schema):
    data = yaml_data(FIXTURES / "minimal-topic.yaml")
    data["sections"][0]["recommendations"][0]["dose"] = {"amount": 2, "unit": "L", "frequncy": "per day"}
    found = errors(topic_schema, data)
    assert any("frequncy" in message for message in found), found


def test_schema_uses_csl_json_spellings(topic_schema):
    data = yaml_data(FIXTURES / "minimal-topic.yaml")
    good = copy.deepcopy(data)
    good["references"][0].update({"container-title": "BMJ", "DOI": "10.1136/bmj.n71", "issued": {"date-parts": [[2021]]}})
    assert errors(topic_schema, good) == []
    data["references"][0]["container_title"] = "BMJ"
    assert errors(topic_schema, data) != []


def test_schema_requires_english_in_localized_text(topic_schema):
    data = yaml_data(FIXTURES / "minimal-topic.yaml")
    data["about"] = {"en": "English.", "es": "Español."}
    assert errors(topic_schema, data) == []
    data["about"] = {"es": "Español."}
    assert errors(topic_schema, data) != []


def test_schema_rejects_missing_required_key(topic_schema):
    data = yaml_data(FIXTURES / "minimal-topic.yaml")
    del data["question"]
    assert any("'question' is a required property" in m for m in errors(topic_schema, data))


def test_schema_rejects_a_bad_id(topic_schema):
    data = yaml_data(FIXTURES / "minimal-topic.yaml")
    data["id"] = "Not A Slug"
    assert errors(topic_schema, data) != []


def test_brand_schema_accepts_a_brand_and_rejects_unknown_keys():
    schema = schema_for("--kind", "brand")
    brand = {"id": "clinic", "name": "Clinic", "colors": {"primary": "#1d4e89"}}
    assert errors(schema, brand) == []
    assert errors(schema, {**brand, "colours": {}}) != []


def test_personalisation_schema_accepts_a_personalisation():
    schema = schema_for("--kind", "personalisation")
    assert errors(schema, {"patient_name": "Ann", "visit_date": "2025-01-15", "language": "es"}) == []
    assert errors(schema, {"patient_nmae": "Ann"}) != []
