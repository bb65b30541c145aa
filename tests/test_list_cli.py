"""handouts list, and shell completion of the ids it lists."""

from __future__ import annotations

import json

import pytest

from cliutil import run


@pytest.fixture
def complete(monkeypatch):
    """What bash completion offers for the last word of a command line (click's bash protocol)."""

    def offered(words: str) -> list[str]:
        monkeypatch.setenv("_HANDOUTS_COMPLETE", "bash_complete")
        monkeypatch.setenv("COMP_WORDS", words)
        monkeypatch.setenv("COMP_CWORD", str(len(words.split(" ")) - 1))
        result = run()
        assert result.exit_code == 0, result.output
        return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line.startswith("plain,")]

    return offered


def test_list_topics_as_a_table_and_as_json():
    result = run("list", "topics")
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["id", "title", "status", "next", "review", "mark", "translations", "source"]
    assert any(r.startswith("leaky-gut ") and "Leaky gut syndrome" in r and r.endswith("shipped") for r in rows)
    report = json.loads(run("list", "topics", "--format", "json").stdout)
    assert report["version"] == 1 and report["list"] == "topics"
    assert {"id": "leaky-gut", "title": "Leaky gut syndrome", "status": "under_review", "next_review": None,
            "mark": "DRAFT", "translations": "es: draft", "source": "shipped"} in report["rows"]


def test_list_brands_plans_and_foods():
    assert {"default", "riverside"} <= {r["id"] for r in json.loads(run("list", "brands", "--format", "json").stdout)["rows"]}
    plans = {r["id"]: r for r in json.loads(run("list", "plans", "--format", "json").stdout)["rows"]}
    assert plans["low-fodmap"]["title"] == "Low-FODMAP diet"
    foods = {r["id"]: r for r in json.loads(run("list", "foods", "--format", "json").stdout)["rows"]}
    assert foods["garlic"]["carries"] == "fructans" and foods["garlic"]["group"] == "vegetables"


def test_list_items_names_the_ids_include_and_omit_take():
    result = run("list", "items", "leaky-gut", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["topic"] == "leaky-gut"
    items = {r["id"]: r for r in report["rows"]}
    assert items["probiotics"]["audience"] in ("both", "patient", "clinician")
    assert "soluble-fibre" in items


def test_list_items_needs_a_topic_and_others_take_none():
    result = run("list", "items")
    assert result.exit_code == 2 and "needs a TOPIC" in result.output
    result = run("list", "topics", "leaky-gut")
    assert result.exit_code == 2 and "takes no TOPIC" in result.output


def test_an_unknown_topic_lists_the_known_ones_with_a_suggestion():
    result = run("list", "items", "leaky")
    assert result.exit_code == 2
    assert "no topic 'leaky'; did you mean 'leaky-gut'? (topics: leaky-gut)" in result.output
    assert "site-packages" not in result.output and "_assets" not in result.output


def test_completion_of_topics_brands_plans_and_items(complete):
    assert complete("handouts render le") == ["leaky-gut"]
    assert complete("handouts render leaky-gut --audience patient --brand ri") == ["riverside"]
    assert complete("handouts diet low") == ["low-fodmap"]
    assert "probiotics" in complete("handouts render leaky-gut --audience patient --omit pro")
    assert complete("handouts batch --topics x --brands default,ri") == ["default,riverside"]
    assert complete("handouts list ") == ["topics", "brands", "plans", "foods", "catalogues", "items"]
    assert complete("handouts list items le") == ["leaky-gut"]
    assert "leaky-gut" in complete("handouts validate l")


def test_completion_sees_the_workspace(clinic, complete):
    (clinic / "data" / "brands" / "riverside.yaml").rename(clinic / "data" / "brands" / "rivertown.yaml")
    assert complete("handouts render leaky-gut --brand river") == ["riverside", "rivertown"]


def test_completion_in_a_broken_workspace_completes_quietly(tmp_path, monkeypatch, complete):
    (tmp_path / "handouts.toml").write_text("schema = [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert complete("handouts render le") == ["leaky-gut"]  # the shipped ones, and no traceback
