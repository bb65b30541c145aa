"""`handouts list catalogues`: the food catalogue files diet sheets draw on, with their review.

Reproduction: a governance lead listing what is approved had `handouts list topics`
and `handouts list plans` (status, next review, mark), but a sheet's food lists
print by the catalogue files too, and no list showed those: only lint's warnings.
"""

from __future__ import annotations

import json
from pathlib import Path

from cliutil import run
from samples import NEXT_REVIEW


def catalogues() -> list[dict]:
    result = run("list", "catalogues", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["list"] == "catalogues"
    assert report["columns"] == ["file", "status", "next_review", "mark", "translations", "source"]
    return report["rows"]


def test_each_catalogue_file_the_workspaces_first_with_its_review(clinic: Path):
    own, shipped = catalogues()
    assert (own["file"], own["status"], own["next_review"], own["mark"], own["source"]) == (
        "data/foods/catalogue.yaml", "never_approved", None, None, "workspace")
    assert (shipped["status"], shipped["mark"], shipped["source"]) == ("never_approved", None, "shipped")
    approved = run("approve", "data/foods/catalogue.yaml", "--reviewer", "Dr Ada Lane", "--next-review", NEXT_REVIEW)
    assert approved.exit_code == 0, approved.output
    assert catalogues()[0] | {"translations": None} == {
        "file": "data/foods/catalogue.yaml", "status": "approved", "next_review": NEXT_REVIEW.isoformat(), "mark": None,
        "translations": None, "source": "workspace"}
    table = run("list", "catalogues").stdout.splitlines()
    assert table[0].split() == ["file", "status", "next", "review", "mark", "translations", "source"]
    assert table[1].startswith("data/foods/catalogue.yaml") and table[1].split()[1:4] == ["approved", NEXT_REVIEW.isoformat(), "-"]


def test_an_edit_after_approval_shows_as_the_sheets_print_it(clinic: Path):
    path = clinic / "data" / "foods" / "catalogue.yaml"
    assert run("approve", "data/foods/catalogue.yaml", "--reviewer", "Dr Ada Lane",
               "--next-review", NEXT_REVIEW).exit_code == 0
    path.write_text(path.read_text(encoding="utf-8").replace("en: Almond milk", "en: Almond drink", 1),
                    encoding="utf-8")
    own = catalogues()[0]
    assert (own["status"], own["mark"]) == ("changed_since_approval", "DRAFT")


def test_a_workspace_requiring_catalogue_approval_lists_one_never_approved_as_draft(clinic: Path):
    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8") + "require_catalogue_approval = true\n", encoding="utf-8")
    assert [(r["status"], r["mark"]) for r in catalogues()] == [("never_approved", "DRAFT")] * 2
