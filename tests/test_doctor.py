"""handouts doctor: a practice learns when its copy still carries an error the shipped data has
since corrected. The shipped data is a temporary copy here, changed after `init` as a later
release would change it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from handouts import doctor, migrations, resources, scaffold

from cliutil import run
from conftest import DATA

GARLIC = "      - id: garlic\n        name:\n          en: Garlic\n          es: Ajo\n        carries: [fructans]\n"
GARLIC_WRONG = "      - id: garlic\n        name:\n          en: Garlic\n          es: Ajo\n        carries: []\n"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def shipped(tmp_path, monkeypatch) -> Path:
    """The shipped data as an earlier release had it: garlic wrongly said to carry no FODMAP."""
    copy = tmp_path / "shipped"
    shutil.copytree(DATA, copy)
    replace(copy / "foods" / "catalogue.yaml", GARLIC, GARLIC_WRONG)
    real = resources.asset_dir
    monkeypatch.setattr(resources, "asset_dir", lambda name: copy if name == "data" else real(name))
    return copy


@pytest.fixture
def ws(shipped, tmp_path, monkeypatch) -> Path:
    root = tmp_path / "clinic"
    scaffold.create(root)
    monkeypatch.chdir(root)
    assert GARLIC_WRONG in (root / "data" / "foods" / "catalogue.yaml").read_text(encoding="utf-8")
    return root


def test_a_fresh_workspace_needs_nothing(ws):
    result = run("doctor")
    assert result.exit_code == 0, result.output
    assert "content schema 1: current" in result.stdout
    assert "copied sample file(s) checked" in result.stdout and "unchanged" in result.stdout


def test_a_copy_of_a_food_the_shipped_catalogue_has_since_corrected_is_flagged(ws, shipped):
    replace(shipped / "foods" / "catalogue.yaml", GARLIC_WRONG, GARLIC)  # the next release's fix
    result = run("doctor")
    assert result.exit_code == 1, result.output
    assert "data/foods/catalogue.yaml: update available: shipped fix" in result.stdout
    assert "differs in foods: garlic\n" in result.stdout  # which food, not just which file
    assert "data/topics/leaky-gut.yaml" not in result.stdout  # unchanged files stay quiet


def test_a_practice_edit_is_its_own_and_needs_nothing(ws):
    replace(ws / "data" / "brands" / "riverside.yaml", "paper: letter", "paper: a4")
    result = run("doctor")
    assert result.exit_code == 0, result.output
    assert "data/brands/riverside.yaml: your edit" in result.stdout


def test_both_changed_asks_for_a_review_and_names_what_differs(ws, shipped):
    replace(shipped / "foods" / "catalogue.yaml", GARLIC_WRONG, GARLIC)
    replace(ws / "data" / "foods" / "catalogue.yaml", "          en: Mushrooms\n", "          en: Button mushrooms\n")
    result = run("doctor")
    assert result.exit_code == 1, result.output
    assert "data/foods/catalogue.yaml: both changed: review the shipped change" in result.stdout
    assert "differs in foods: garlic, mushrooms" in result.stdout


def test_the_same_fix_made_in_both_needs_nothing(ws, shipped):
    replace(shipped / "foods" / "catalogue.yaml", GARLIC_WRONG, GARLIC)
    replace(ws / "data" / "foods" / "catalogue.yaml", GARLIC_WRONG, GARLIC)
    result = run("doctor")
    assert result.exit_code == 0, result.output
    assert "data/foods/catalogue.yaml: the same as the shipped file now" in result.stdout


def test_a_deleted_copy_falls_back_to_the_shipped_file(ws):
    (ws / "data" / "diets" / "trigger-foods.yaml").unlink()
    result = run("doctor")
    assert result.exit_code == 0
    assert "data/diets/trigger-foods.yaml: removed from the workspace: the shipped file is used" in result.stdout


def test_a_copy_replaced_by_a_link_out_of_the_data_folder_is_flagged_not_read(ws, tmp_path):
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("secret: not the practice's\n", encoding="utf-8")
    brand = ws / "data" / "brands" / "riverside.yaml"
    brand.unlink()
    brand.symlink_to(elsewhere)
    result = run("doctor")
    assert result.exit_code == 1, result.output
    assert "data/brands/riverside.yaml: not used: a symbolic link to" in result.stdout
    assert "outside the data folder" in result.stdout and "your edit" not in result.stdout


def test_json_for_tools(ws, shipped):
    replace(shipped / "foods" / "catalogue.yaml", GARLIC_WRONG, GARLIC)
    result = run("doctor", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["version"] == 1 and report["attention"] is True and report["schema_state"] == "current"
    (food,) = [c for c in report["copies"] if c["path"] == "data/foods/catalogue.yaml"]
    assert food["state"] == "update available" and food["differences"] == ["foods: garlic"]


def test_an_older_schema_asks_for_upgrade(ws, monkeypatch):
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    result = run("doctor")
    assert result.exit_code == 1
    assert "this handouts reads schema 2; run 'handouts upgrade --dry-run'" in result.stdout


def test_doctor_outside_a_workspace_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("doctor")
    assert result.exit_code == 2 and "handouts init DIR" in result.output


def test_differences_by_id():
    before = {"groups": [{"id": "veg", "foods": [{"id": "garlic", "carries": []}, {"id": "leek"}]}], "note": "a"}
    after = {"groups": [{"id": "veg", "foods": [{"id": "garlic", "carries": ["fructans"]}]}], "note": "b"}
    assert doctor.differences(before, after) == ["top-level keys: note", "foods: garlic, leek (only in your copy)"]


def test_help_names_every_state_a_copy_can_be_in_and_which_need_a_look():
    """--help listed three of the eight states: a 'link out', 'removed' or 'same as shipped' line in
    the report (or its JSON) was explained nowhere but the README."""
    from typing import get_args

    shown = run("doctor", "--help").output
    for state in get_args(doctor.State):
        marked = f"* {state}" in shown
        assert marked or f"  {state}" in shown, state
        assert marked == (state in doctor.ATTENTION), state


class _NoPango:
    """A meta-path finder under which WeasyPrint's libraries are missing: importing the renderer
    fails as it does on a machine without Pango."""

    def find_spec(self, name, path=None, target=None):
        if name == "handouts.render":
            from handouts.syslibs import INSTALL, MissingLibrary

            raise MissingLibrary(f"WeasyPrint cannot load libpango-1.0-0, which it needs to render: {INSTALL}")
        return None


def test_doctor_says_when_this_machine_cannot_render_and_how_to_fix_it(ws, monkeypatch):
    """`handouts serve` sends here when its render workers cannot start ('run handouts doctor to check
    WeasyPrint and its libraries'); doctor checked only the workspace's files."""
    import sys

    assert "rendering: WeasyPrint and its system libraries load" in run("doctor").stdout
    monkeypatch.delitem(sys.modules, "handouts.render", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])
    result = run("doctor")
    assert result.exit_code == 1, result.output
    assert "rendering: WeasyPrint cannot load libpango-1.0-0" in result.stdout
    assert "sudo apt-get install libpango-1.0-0" in result.stdout
    report = json.loads(run("doctor", "--format", "json").stdout)
    assert report["rendering"]["ok"] is False and report["attention"] is True


def test_content_overdue_for_review_or_changed_since_approval_is_named_without_changing_the_exit(ws):
    """Reproduction: doctor said "10 copied sample file(s) checked: 10 unchanged" and nothing else for a
    workspace whose plan was past its next review and whose topic had been edited since approval;
    `handouts list` and lint knew both."""
    from datetime import date, timedelta

    from handouts.approve import approve_file
    from handouts.context import Context

    today = date.today()
    ctx = Context.default(today, data_dirs=[ws / "data"])
    back_then = Context.default(today - timedelta(days=400), data_dirs=[ws / "data"])
    plan = ws / "data" / "diets" / "trigger-foods.yaml"
    approve_file(plan, "Dr Ada Lane", back_then, on=today - timedelta(days=400), next_review=today - timedelta(days=35))
    topic = ws / "data" / "topics" / "leaky-gut.yaml"
    approve_file(topic, "Dr Ada Lane", ctx, on=today, next_review=today + timedelta(days=365))
    fresh = run("doctor")
    assert "content reviews: none overdue" not in fresh.stdout and "topic leaky-gut" not in fresh.stdout
    text = topic.read_text(encoding="utf-8")
    topic.write_text(text.replace("Leaky gut", "Leaky-gut", 1), encoding="utf-8")

    result = run("doctor")
    assert result.exit_code == 0, result.output  # reviewers' work, not IT's: the exit status is doctor's as before
    overdue = (today - timedelta(days=35)).isoformat()
    assert f"plan trigger-foods: overdue for review (next review {overdue}): prints as REVIEW OVERDUE" in result.stdout
    assert "topic leaky-gut: changed since its approval: prints as DRAFT until approved again" in result.stdout
    assert "2 content file(s) overdue for review or changed since approval" in result.stdout
    report = json.loads(run("doctor", "--format", "json").stdout)
    assert [(r["kind"], r["name"], r["status"]) for r in report["reviews"]] == [
        ("topic", "leaky-gut", "changed_since_approval"), ("plan", "trigger-foods", "approved")]
    assert report["attention"] is False


def test_strict_makes_content_reviews_fail_the_run_for_monitoring(ws):
    """A practice's monitoring alerts on a non-zero exit: with --strict, content that prints as DRAFT or
    REVIEW OVERDUE is exit 1 (as lint --strict fails on warnings); without, the exit is IT's alone."""
    from datetime import date, timedelta

    from handouts.approve import approve_file
    from handouts.context import Context

    today = date.today()
    assert run("doctor", "--strict").exit_code == 0, "nothing overdue: --strict passes too"
    back_then = Context.default(today - timedelta(days=400), data_dirs=[ws / "data"])
    approve_file(ws / "data" / "diets" / "trigger-foods.yaml", "Dr Ada Lane", back_then,
                 on=today - timedelta(days=400), next_review=today - timedelta(days=35))
    assert run("doctor").exit_code == 0
    strict = run("doctor", "--strict")
    assert strict.exit_code == 1, strict.output
    assert ("1 content file(s) overdue for review or changed since approval (handouts list topics|plans|"
            "catalogues): --strict, so exit 1") in strict.stdout
    assert json.loads(run("doctor", "--format", "json").stdout)["attention"] is False
    as_json = run("doctor", "--strict", "--format", "json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["attention"] is True
    assert "--strict" in run("doctor", "--help").output


def test_doctor_run_again_parses_only_the_files_changed_since(ws, monkeypatch):
    """Every listing parsed every content file again (the food catalogue alone 0.15 s): a process that
    lists again (doctor's tables, a service's api.topics(), the web app) parses only what changed, and
    lists what it says now."""
    from handouts import listing

    parsed: list[str] = []
    real = listing.parse
    monkeypatch.setattr(listing, "parse", lambda text, shown: (parsed.append(shown), real(text, shown))[1])
    listing._parsed.cache_clear()
    assert run("doctor").exit_code == 0
    assert any(shown.endswith("data/foods/catalogue.yaml") for shown in parsed), parsed
    parsed.clear()
    assert run("doctor").exit_code == 0
    assert parsed == []
    replace(ws / "data" / "topics" / "leaky-gut.yaml", "title: Leaky gut syndrome", "title: Leaky gut, edited")
    listed = run("list", "topics")
    assert [shown.rsplit("/", 2)[-2:] for shown in parsed] == [["topics", "leaky-gut.yaml"]]
    assert "Leaky gut, edited" in listed.stdout
