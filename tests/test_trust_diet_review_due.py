"""A diet plan's and a food catalogue file's review dates get the warnings a topic's get.

Reproduction: a plan and a catalogue approved with a next review ten days away
gave `handouts lint` nothing, where the topic approved the same way got
"review-due"; a month later all three printed REVIEW OVERDUE, but lint named
only the topic. Batch and the web diet form already judged all three alike:
the tests below keep them so.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from handouts.approve import approve_file
from handouts.context import Context
from handouts.lint.runner import Options, lint_paths
from handouts.yamlsource import read

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "diets" / "trigger-foods.yaml"
APPROVED_ON = date(2025, 7, 10)
NEXT = date(2025, 12, 1)
SOON = date(2025, 11, 20)  # 11 days before the next review
LATER = date(2025, 12, 5)  # 4 days after it
FOODS = ("categories:\n  - {id: fizz, kind: trigger, name: Fizzy drinks, unverified: a test category}\n"
         "groups:\n  - id: drinks\n    name: Drinks\n    foods:\n"
         "      - {id: sparkling-water, name: Sparkling water, carries: [fizz], unverified: not rated}\n")


@pytest.fixture(scope="module")
def approved(tmp_path_factory) -> Path:
    """A practice folder with the trigger-food plan and a catalogue of its own, both approved until NEXT."""
    root = tmp_path_factory.mktemp("practice")
    (root / "diets").mkdir()
    (root / "foods").mkdir()
    shutil.copyfile(PLAN, root / "diets" / PLAN.name)
    (root / "foods" / "catalogue.yaml").write_text(FOODS, encoding="utf-8")
    ctx = Context.default(APPROVED_ON, data_dirs=[root])
    for path in (root / "diets" / PLAN.name, root / "foods" / "catalogue.yaml"):
        approve_file(path, "Dr Ada Lane", ctx, on=APPROVED_ON, next_review=NEXT)
    return root


@pytest.fixture
def practice(tmp_path, approved) -> Path:
    shutil.copytree(approved, tmp_path / "practice")
    return tmp_path / "practice"


def review_findings(path: Path, today: date) -> list[tuple[str, str, int, str]]:
    (report,) = lint_paths([path], Options(today=today))
    return [(f.rule, f.severity, f.line, f.field) for f in report.findings if f.rule.startswith("review-")]


def next_review_line(path: Path) -> int:
    return read(path).position(("review", "next_review"))[0]


@pytest.mark.parametrize("relative, noun", [(f"diets/{PLAN.name}", "diet plan"),
                                            ("foods/catalogue.yaml", "food catalogue")])
def test_lint_warns_of_a_review_due_soon_and_errs_once_overdue_at_the_next_review_line(practice, relative, noun):
    path = practice / relative
    line = next_review_line(path)
    assert review_findings(path, SOON) == [("review-due", "warning", line, "review.next_review")]
    assert review_findings(path, LATER) == [("review-overdue", "error", line, "review.next_review")]
    assert review_findings(path, date(2025, 10, 1)) == []  # two months ahead: nothing to say
    (report,) = lint_paths([path], Options(today=LATER))
    (overdue,) = [f for f in report.findings if f.rule == "review-overdue"]
    assert f"review was due on 2025-12-01 (4 days ago): review the {noun} and approve it again" in overdue.message


def test_lint_cli_names_the_file_line_and_field_and_exits_1_when_overdue(practice):
    from cliutil import run

    plan = practice / "diets" / PLAN.name
    result = run("lint", plan, "--as-of", LATER)
    assert result.exit_code == 1, result.output
    assert f"{plan}:{next_review_line(plan)}: review-overdue [error]" in result.output
    assert "(review.next_review)" in result.output


def test_a_shipped_catalogue_never_approved_gets_no_review_date_finding():
    assert review_findings(ROOT / "data" / "foods" / "catalogue.yaml", LATER) == []


def batch_check(tmp_path: Path, practice: Path, today: date, *more: str):
    from batchutil import batch

    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f"plan,customisation,brand,output\n{practice / 'diets' / PLAN.name},,default,sheet.pdf\n",
                    encoding="utf-8")
    return batch(jobs, "--out", tmp_path / "out", "--as-of", today, "--check", *more)


def test_batch_refuses_an_overdue_plan_as_an_overdue_topic_at_its_next_review(tmp_path, practice):
    plan = practice / "diets" / PLAN.name
    assert batch_check(tmp_path, practice, SOON).exit_code == 0
    refused = batch_check(tmp_path, practice, LATER)
    assert refused.exit_code == 1
    assert (f"{plan}:{next_review_line(plan)}:3: review.next_review: review overdue (next review 2025-12-01, "
            f"as of 2025-12-05); use --allow-draft") in refused.output
    assert batch_check(tmp_path, practice, LATER, "--allow-draft").exit_code == 0


def test_batch_refuses_a_sheet_whose_catalogue_is_overdue_naming_the_catalogue_file(tmp_path, practice):
    foods = practice / "foods" / "catalogue.yaml"
    approve_file(practice / "diets" / PLAN.name, "Dr Ada Lane", Context.default(LATER, data_dirs=[practice]),
                 on=LATER, next_review=date(2026, 12, 1))  # the plan is fine: only the catalogue is overdue
    refused = batch_check(tmp_path, practice, LATER)
    assert refused.exit_code == 1
    assert (f"{foods}:{next_review_line(foods)}:3: review.next_review: food catalogue review overdue (next review "
            "2025-12-01, as of 2025-12-05); use --allow-draft") in refused.output


def test_the_web_diet_form_marks_an_overdue_plan_as_the_topic_form_does(practice):
    from handouts.web import create_app

    app = create_app([practice], today=lambda: LATER)
    page = app.test_client().get("/diets/trigger-foods").text
    assert "REVIEW OVERDUE: every page prints with this mark." in page


@pytest.mark.parametrize("headers, said", [
    ({}, "Plan reviewed by Dr Ada Lane on July 10, 2025"),
    ({"Accept-Language": "es"}, "Plan revisado por Dr Ada Lane el 10 de julio de 2025"),
])
def test_the_web_diet_form_says_what_the_sheet_says_about_the_plans_review(practice, headers, said):
    """The form said "Reviewed by" where the printed sheet says "Plan reviewed by" (both languages)."""
    from handouts import documents
    from handouts.web import create_app

    ctx = Context.default(LATER, data_dirs=[practice], locale="es-US" if headers else "en-US")
    inputs = documents.diet_inputs("trigger-foods", None, "default", ctx)
    sheet = documents.build_view("diet-sheet", inputs, None, ctx).frame
    assert sheet.review_line.startswith(said)
    page = create_app([practice], today=lambda: LATER).test_client().get("/diets/trigger-foods", headers=headers).text
    assert said in page  # in the badge an overdue plan shows


def test_the_web_list_of_diet_sheets_shows_each_sheets_mark_as_the_list_of_topics_does(practice):
    """The home page marked a draft or overdue topic ("REVIEW OVERDUE: prints with this mark") but no diet
    sheet, whatever its plan's or food lists' review."""
    from handouts.web import create_app

    def badges(today: date) -> list[str]:
        page = create_app([practice], today=lambda: today).test_client().get("/").text
        diets = page.split("Elimination-diet sheets", 1)[1].split("</ul>", 1)[0]
        return [item.split('href="/diets/', 1)[1].split('"', 1)[0] + ": " + item.split('class="badge">', 1)[1]
                .split(":", 1)[0] for item in diets.split("<li>")[1:] if 'class="badge"' in item]

    assert badges(SOON) == ["low-fodmap: DRAFT"]  # the shipped plan, under review; ours approved
    assert badges(LATER) == ["low-fodmap: DRAFT", "trigger-foods: REVIEW OVERDUE"]
    approve_file(practice / "diets" / PLAN.name, "Dr Ada Lane", Context.default(LATER, data_dirs=[practice]),
                 on=LATER, next_review=date(2026, 12, 1))
    assert badges(LATER) == ["low-fodmap: DRAFT", "trigger-foods: REVIEW OVERDUE"]  # its food lists still are
