"""No input makes a huge report: a file's or a form's problems are listed up to a cap, then counted.

Reproduction: a customisation with thousands of unknown names listed every one of them, twice on the
Load page (the summary and the field), a 14 MB page; a topic form posted with thousands of `item`
values that are no item of the topic listed each. The first 50 say what to fix; one line says how many
more, in the page's language.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest

from cliutil import assert_clean_exit, run
from handouts.errors import MAX_LISTED, ContentError, Problem
from webclient import app_fixtures

TODAY = date(2025, 9, 1)
UNKNOWN = 200  # a list at the model's cap (handouts.models.diet_customisation.MAX_ENTRIES): each name unknown
MORE = UNKNOWN - MAX_LISTED
CUSTOMISATION = "plan: low-fodmap\navoid: [" + ", ".join(f"food{i}" for i in range(UNKNOWN)) + "]\n"

app, client = app_fixtures(TODAY)


def test_validate_lists_the_first_problems_of_a_file_and_counts_the_rest(write):
    cust = write("customisations/c.yaml", CUSTOMISATION)
    result = run("validate", cust)
    assert_clean_exit(result, 1)
    lines = result.stderr.splitlines()
    assert len([line for line in lines if ": avoid[" in line]) == MAX_LISTED
    assert f"{cust}: ... and {MORE} more problems, not listed: correct those above and check again" in lines
    assert lines[-1] == "1 file(s) checked: 0 valid, 1 invalid"


def test_the_diet_command_lists_the_first_problems_and_writes_nothing(write, tmp_path):
    cust = write("c.yaml", CUSTOMISATION)
    out = tmp_path / "sheet.pdf"
    result = run("diet", "low-fodmap", "--customize", cust, "--as-of", "2025-09-01", "-o", out)
    assert_clean_exit(result, 1)
    assert result.stderr.splitlines()[MAX_LISTED:] == [
        f"... and {MORE} more problems, not listed: correct those above and check again"]
    assert not out.exists()


def test_one_more_problem_is_said_as_one():
    problems = [Problem("c.yaml", n, 1, "avoid", "unknown food") for n in range(1, MAX_LISTED + 2)]
    assert ContentError(problems).lines()[MAX_LISTED:] == [
        "... and 1 more problem, not listed: correct those above and check again"]
    assert len(ContentError(problems[:MAX_LISTED]).lines()) == MAX_LISTED


def load(client, page: str) -> str:
    response = client.post("/diets/low-fodmap/load", query_string={"hl": page}, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(CUSTOMISATION.encode()), "saved.yaml")})
    assert response.status_code == 400
    return response.text


@pytest.mark.parametrize(("page", "refused", "more"), [
    ("en", "The file cannot be loaded: ",
     f"…and {MORE} more problems, not listed here: correct those above and try again."),
    ("es", "No se puede cargar el archivo: ",
     f"…y {MORE} problemas más, que no se muestran aquí: corrija los de arriba y vuelva a intentarlo."),
])
def test_the_load_page_lists_the_first_problems_in_its_language(client, page, refused, more):
    shown = load(client, page)
    summary = shown.split('id="problems"', 1)[1].split("</ul>", 1)[0]
    assert summary.count(refused) == MAX_LISTED
    assert more in summary
    assert re.search(rf"saved\.yaml:2:\d+: avoid\[{MAX_LISTED - 1}\]", summary)  # the 50th is listed
    assert f"avoid[{MAX_LISTED}]" not in shown  # the 51st is not, in the summary or at the field
    assert shown.count(more) == 2  # the summary, and the file field's own problem


def test_the_topic_form_lists_the_first_wrong_items_and_counts_the_rest(client):
    wrong = [f"no-such-item-{n}" for n in range(300)]
    response = client.post("/topics/leaky-gut/patient", data={"action": "download", "item": wrong,
                                                               "visit_date": TODAY.isoformat()})
    assert response.status_code == 400
    summary = response.text.split('id="problems"', 1)[1].split("</ul>", 1)[0]
    assert len(re.findall(r"no-such-item-\d+&#39; is not an item", summary)) == MAX_LISTED
    assert "…and 250 more problems, not listed here: correct those above and try again." in summary


def test_a_batch_job_lists_the_first_problems_of_its_customisation(tmp_path, monkeypatch):
    """A batch of a thousand such rows would otherwise print 200 lines for each."""
    from batchutil import batch

    monkeypatch.chdir(tmp_path)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "0001.yaml").write_text(CUSTOMISATION, encoding="utf-8")
    (tmp_path / "jobs.csv").write_text("plan,customisation,brand,output\n,c/0001.yaml,riverside,diet/0001.pdf\n",
                                       encoding="utf-8")
    result = batch("jobs.csv", "--out", "out", "--as-of", "2025-10-01", "--allow-draft", "--jobs", "1")
    assert_clean_exit(result, 1)
    assert len(re.findall(r"^  <customisation of jobs\.csv:2>:2:\d+: avoid\[\d+\]", result.stderr, re.M)) == MAX_LISTED
    assert f"  ... and {MORE} more problems, not listed: correct those above and check again" in result.stderr


def test_lint_lists_an_invalid_files_first_problems_and_counts_every_one(write):
    cust = write("customisations/c.yaml", CUSTOMISATION)
    result = run("lint", cust)
    assert_clean_exit(result, 1)
    assert len(re.findall(r"^\S+c\.yaml:2: invalid \[error\]: unknown food", result.stdout, re.M)) == MAX_LISTED
    assert f"{cust}: ... and {MORE} more problems, not listed: correct those above and check again" in result.stdout
    assert f"1 file(s): {UNKNOWN} error(s)" in result.stdout  # the table and the total count each one


def test_lint_lists_a_valid_files_findings_whole():
    """The food catalogue's 60-odd notes (facts without a source) are each for its reviewer to see."""
    from pathlib import Path

    catalogue = Path(__file__).resolve().parent.parent / "data" / "foods" / "catalogue.yaml"
    result = run("lint", catalogue)
    lines = [line for line in result.stdout.splitlines() if "catalogue.yaml:" in line]
    assert len(lines) > MAX_LISTED and "more problems" not in result.stdout
