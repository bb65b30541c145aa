"""A diet sheet's mark covers its food lists: the catalogue files they come from have their own review.

Reproduction: a sheet's DRAFT / REVIEW OVERDUE came from its plan alone, so a
practice's own catalogue ("gluten-free oats are fine"), never reviewed, printed
on every sheet of an approved plan with no mark at all.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.approval import approval_state
from handouts.approve import approve_file
from handouts.context import Context
from handouts.diet.catalogue_review import version
from handouts.loading import load_checked

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "diets" / "trigger-foods.yaml"
TODAY = date(2025, 8, 1)
FOODS = ("categories:\n  - {id: fizz, kind: trigger, name: Fizzy drinks, unverified: a test category}\n"
         "groups:\n  - id: drinks\n    name: Drinks\n    foods:\n"
         "      - {id: sparkling-water, name: Sparkling water, carries: [fizz], unverified: not rated}\n")


@pytest.fixture(scope="module")
def approved_plan(tmp_path_factory) -> Path:
    """The trigger-food plan approved once (approving validates the whole plan: not per test)."""
    path = tmp_path_factory.mktemp("plan") / "diets" / PLAN.name
    path.parent.mkdir()
    shutil.copyfile(PLAN, path)
    approve_file(path, "Dr Ada Lane", Context.default(TODAY, data_dirs=[path.parent.parent]),
                 on=date(2025, 7, 10), next_review=date(2026, 7, 10))
    return path


@pytest.fixture
def practice(tmp_path, approved_plan) -> Path:
    """A practice folder with the approved plan and no catalogue of its own yet."""
    (tmp_path / "diets").mkdir()
    (tmp_path / "foods").mkdir()
    shutil.copyfile(approved_plan, tmp_path / "diets" / PLAN.name)
    return tmp_path


def catalogue(practice: Path, review: str = "") -> Path:
    path = practice / "foods" / "catalogue.yaml"
    path.write_text(review + FOODS, encoding="utf-8")
    return path


def frame(practice: Path, today: date = TODAY, strict: bool = False):
    ctx = Context.default(today, data_dirs=[practice], require_catalogue_approval=strict)
    inputs = documents.diet_inputs("trigger-foods", None, "default", ctx)
    return documents.build_view("diet-sheet", inputs, None, ctx).frame


def test_an_approved_plan_with_the_shipped_catalogue_prints_no_mark_and_the_food_lists_version(practice):
    printed = frame(practice)
    assert printed.review_mark is None
    assert printed.review_line.startswith("Plan reviewed by Dr Ada Lane")
    assert printed.review_line.endswith(f" · food lists {version(Context.default(TODAY).catalogue)}")


def test_a_draft_practice_catalogue_makes_the_sheet_of_an_approved_plan_draft(practice):
    catalogue(practice, "review: {status: draft}\n")
    printed = frame(practice)
    assert printed.review_mark == "DRAFT"
    assert [m.label for m in printed.marks] == ["DRAFT"]
    assert " · food lists not approved, version " in printed.review_line


def test_an_overdue_practice_catalogue_prints_review_overdue(practice):
    path = catalogue(practice)
    approve_file(path, "Dr Ada Lane", Context.default(TODAY, data_dirs=[practice]), on=date(2025, 7, 10),
                 next_review=date(2025, 12, 1))
    assert frame(practice).review_mark is None
    later = frame(practice, date(2026, 1, 5))
    assert later.review_mark == "REVIEW OVERDUE"
    assert " · food lists past their review date, version " in later.review_line


def test_approving_a_catalogue_clears_the_mark_and_an_edit_after_it_brings_it_back(practice):
    path = catalogue(practice, "review: {status: draft}\n")
    done = approve_file(path, "Dr Ada Lane", Context.default(TODAY, data_dirs=[practice]), on=date(2025, 7, 10),
                        next_review=date(2026, 7, 10))
    assert done.kind == "food-catalogue"
    checked = load_checked(path, "food-catalogue", Context.default(TODAY, data_dirs=[practice]))
    assert approval_state(checked.model) == "approved" and checked.warnings == ()
    assert frame(practice).review_mark is None
    path.write_text(path.read_text(encoding="utf-8").replace("name: Sparkling water", "name: Soda water"),
                    encoding="utf-8")  # the hash recorded no longer matches: the approval does not hold
    checked = load_checked(path, "food-catalogue", Context.default(TODAY, data_dirs=[practice]))
    assert [w.rule for w in checked.warnings] == ["changed-since-approval"]
    assert frame(practice).review_mark == "DRAFT"


def test_a_catalogue_never_approved_prints_no_mark_unless_the_workspace_requires_approval(practice):
    assert frame(practice).review_mark is None  # the shipped catalogue has no review: sheets unchanged
    assert frame(practice, strict=True).review_mark == "DRAFT"
    catalogue(practice)  # the practice's own, never approved either
    assert frame(practice).review_mark is None
    assert frame(practice, strict=True).review_mark == "DRAFT"


def test_a_catalogue_file_that_supplies_none_of_the_printed_foods_does_not_mark_the_sheet(practice):
    """A practice's copy of every shipped food, approved: the shipped file supplies nothing the sheet prints."""
    path = practice / "foods" / "catalogue.yaml"
    shutil.copyfile(ROOT / "data" / "foods" / "catalogue.yaml", path)
    approve_file(path, "Dr Ada Lane", Context.default(TODAY, data_dirs=[practice]), on=date(2025, 7, 10),
                 next_review=date(2026, 7, 10))
    assert frame(practice, strict=True).review_mark is None


def batch_jobs(tmp_path: Path, practice: Path) -> Path:
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f"plan,customisation,brand,output\n{practice / 'diets' / PLAN.name},,default,sheet.pdf\n",
                    encoding="utf-8")
    return jobs


def test_batch_refuses_a_sheet_whose_food_lists_are_a_draft_naming_the_catalogue_file(tmp_path, practice):
    from batchutil import batch

    path = catalogue(practice, "# the practice's own foods\nreview:\n  status: draft\n")
    jobs = batch_jobs(tmp_path, practice)
    result = batch(jobs, "--out", tmp_path / "out", "--as-of", TODAY, "--check")
    assert result.exit_code == 1, result.output
    assert f"{path}:3:3: review.status: food catalogue not approved: draft; use --allow-draft" in result.output
    assert batch(jobs, "--out", tmp_path / "out", "--as-of", TODAY, "--check", "--allow-draft").exit_code == 0


def test_a_workspace_that_requires_catalogue_approval_refuses_until_its_catalogue_is_approved(clinic):
    """`handouts approve` works on a catalogue file as on a plan; the setting makes one never approved a draft."""
    from batchutil import batch
    from cliutil import run
    from samples import NEXT_REVIEW

    approve = ("--reviewer", "Dr Ada Lane", "--next-review", NEXT_REVIEW)
    assert run("approve", "data/diets/trigger-foods.yaml", *approve).exit_code == 0
    jobs = clinic / "jobs.csv"
    jobs.write_text("plan,customisation,brand,output\ntrigger-foods,,default,sheet.pdf\n", encoding="utf-8")
    assert batch(jobs, "--check").exit_code == 0  # never approved: no mark, as before
    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8") + "require_catalogue_approval = true\n", encoding="utf-8")
    refused = batch(jobs, "--check")
    assert refused.exit_code == 1
    assert "data/foods/catalogue.yaml:1:1: review: food catalogue never approved, and the workspace sets " \
           "require_catalogue_approval" in refused.output
    done = run("approve", "data/foods/catalogue.yaml", *approve)
    assert done.exit_code == 0, done.output
    assert "data/foods/catalogue.yaml (food-catalogue): reviewed by Dr Ada Lane" in done.stdout
    assert batch(jobs, "--check").exit_code == 0


def test_the_setting_is_true_or_false(clinic):
    from cliutil import run

    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'require_catalogue_approval = "yes"\n', encoding="utf-8")
    result = run("list", "topics")
    assert result.exit_code != 0
    assert "require_catalogue_approval: write true or false (no quotes)" in result.output


def diet_form(practice: Path, strict: bool = False) -> str:
    from handouts.web import create_app

    app = create_app([practice], today=lambda: TODAY, require_catalogue_approval=strict)
    response = app.test_client().get("/diets/trigger-foods")
    assert response.status_code == 200
    return response.text


def test_the_web_diet_form_shows_the_food_lists_mark_as_for_a_draft_plan(practice):
    assert "every page prints with this mark" not in diet_form(practice)
    catalogue(practice, "review: {status: draft}\n")
    page = diet_form(practice)
    assert "DRAFT: every page prints with this mark. Plan reviewed by Dr Ada Lane" in page
    assert "food lists not approved, version " in page


def test_the_web_diet_form_follows_the_workspace_setting(practice):
    page = diet_form(practice, strict=True)
    assert "DRAFT: every page prints with this mark." in page and "food lists not approved" in page


def test_lint_warns_about_a_catalogue_never_approved_and_not_once_it_is(practice):
    from handouts.lint.runner import lint_paths

    def rules(path: Path) -> list[str]:
        (report,) = lint_paths([path])
        return [f.rule for f in report.findings]

    shipped = rules(ROOT / "data" / "foods" / "catalogue.yaml")
    assert shipped.count("catalogue-never-approved") == 1
    path = catalogue(practice)
    assert "catalogue-never-approved" in rules(path)
    approve_file(path, "Dr Ada Lane", Context.default(TODAY, data_dirs=[practice]), on=date(2025, 7, 10),
                 next_review=date(2026, 7, 10))
    assert "catalogue-never-approved" not in rules(path)


def test_batch_with_allow_draft_records_each_catalogue_files_review_and_judges_the_sheet_by_the_weakest(practice):
    """The manifest judges a sheet later from recorded fields (fingerprint.recorded_mark), without the files."""
    from handouts.batch.fingerprint import recorded_mark
    from handouts.batch.jobs import DietJob
    from handouts.batch.prepare import Preparer

    path = catalogue(practice)
    approve_file(path, "Dr Ada Lane", Context.default(TODAY, data_dirs=[practice]), on=date(2025, 7, 10),
                 next_review=date(2025, 12, 1))
    job = DietJob("sheet.pdf", str(practice / "diets" / PLAN.name), None, "default")
    review = Preparer(TODAY, allow_draft=True).prepare(job).review
    # the top-level fields are the plan's own; each catalogue file's are in its own record
    assert (review["status"], review["mark"], review["next_review"]) == ("approved", None, "2026-07-10")
    assert [(c["status"], c["next_review"], c["mark"]) for c in review["catalogues"]] == [
        ("approved", "2025-12-01", None), ("never_approved", None, None)]
    assert recorded_mark(review, date(2026, 1, 5)) == "REVIEW OVERDUE"
    strict = Preparer(TODAY, allow_draft=True, require_catalogue_approval=True).prepare(job).review
    assert (strict["status"], strict["mark"]) == ("approved", "DRAFT")
    assert recorded_mark(strict, TODAY) == "DRAFT"


def test_a_manifest_says_whose_review_each_field_is_for_an_approved_plan_with_a_draft_catalogue(practice):
    """Reproduction: the record read "status: draft, reviewer: Dr Ada Lane": the catalogue's status and
    next review had been written over the plan's, beside the plan's reviewer."""
    from handouts.batch.jobs import DietJob
    from handouts.batch.prepare import Preparer

    catalogue(practice, "review: {status: draft, reviewer: Dr Ben Cole}\n")
    job = DietJob("sheet.pdf", str(practice / "diets" / PLAN.name), None, "default")
    review = Preparer(TODAY, allow_draft=True).prepare(job).review
    assert (review["status"], review["reviewer"], review["reviewed"], review["next_review"]) == (
        "approved", "Dr Ada Lane", "2025-07-10", "2026-07-10")
    assert review["mark"] == "DRAFT"  # what the sheet printed
    own = review["catalogues"][0]
    assert (own["status"], own["reviewer"], own["reviewed"], own["next_review"], own["mark"]) == (
        "draft", "Dr Ben Cole", None, None, "DRAFT")


def test_the_skip_check_judges_a_sheet_by_its_catalogue_records_and_renders_a_mixed_old_record_once(practice):
    """A sheet up to date stays skipped; one whose catalogue falls overdue renders; a record an older
    version wrote (a catalogue's status over the plan's) renders once more, then is recorded anew."""
    from handouts.batch.fingerprint import stale_reason

    entry = {"status": "rendered", "job": {"plan": None}, "environment": "e", "inputs": {"plan": {}, "brand": {}},
             "sha256": None, "review": {
                 "status": "approved", "reviewer": "Dr Ada Lane", "next_review": "2026-07-10", "mark": None,
                 "catalogues": [{"path": "c.yaml", "status": "approved", "reviewer": "Dr Ben Cole",
                                 "next_review": "2025-12-01", "mark": None}]}}

    def reason(entry, as_of=TODAY):
        return stale_reason(entry, {"plan": None}, "e", lambda path: None, practice / "missing.pdf", as_of, False)

    assert reason(entry) is None  # up to date: skipped
    assert reason(entry, date(2026, 1, 5)) == "review mark changed"
    old = {**entry, "review": {"status": "draft", "reviewer": "Dr Ada Lane", "next_review": None, "mark": "DRAFT",
                               "catalogues": [{"path": "c.yaml", "status": "draft", "next_review": None,
                                               "mark": "DRAFT"}]}}
    assert reason(old) == "review record from an older version"
    unmixed = {**entry, "review": {**entry["review"], "catalogues": [
        {"path": "c.yaml", "status": "never_approved", "next_review": None, "mark": None}]}}
    assert reason(unmixed) is None
