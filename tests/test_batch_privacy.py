"""The batch manifest holds no patient details: not a customisation's path (it names the patient) nor what
it says (allergies, foods), which its errors and warnings quote. The run's report still shows what is
wrong, at the row (the job file's line) in place of the customisation's path."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

from batchutil import FakePool
from cliutil import run
from handouts.batch import runner
from handouts.batch.jobs import DietJob, Job
from handouts.batch.prepare import conceal_customisation
from handouts.batch.runner import WITHHELD_ERROR, _entry
from handouts.batch.worker import Outcome, Settings, Worker
from handouts.errors import display_path

ROOT = Path(__file__).resolve().parent.parent
ALLERGY = "out.pdf: enjoy: 'peanut-butter' carries Peanut, an allergy of this patient: listed under 'Leave out'"


def test_a_customisations_errors_and_warnings_stay_out_of_its_manifest_entry():
    sheet = DietJob("out.pdf", None, "/clinic/customisations/zebulon-quixote.yaml", "default")
    failed = _entry(sheet, {}, "env", Outcome("out.pdf", "failed", error=(
        "customisations/zebulon-quixote.yaml:9:9: avoid[0]: unknown food 'grapez'; did you mean 'grapes'?")))
    rendered = _entry(sheet, {}, "env", Outcome("out.pdf", "rendered", warnings=(ALLERGY, ALLERGY)))
    text = json.dumps([failed, rendered])
    assert "zebulon" not in text and "grape" not in text and "Peanut" not in text
    assert failed["error"] == WITHHELD_ERROR and rendered["error"] is None
    assert rendered["warnings"] == ["2 warning(s), not kept in the manifest, as they quote the customisation "
                                    "(the patient's details: allergies, foods); the run's report gave them"]
    blank = _entry(DietJob("out.pdf", "low-fodmap", None, "default"), {}, "env",
                   Outcome("out.pdf", "failed", error="data/diets/low-fodmap.yaml:1:1: review.status: not approved"))
    assert blank["error"].startswith("data/diets/low-fodmap.yaml"), "a blank sheet's errors name nobody"
    topic = _entry(Job("t.pdf", "/t.yaml", "default", "clinician"), {}, "env",
                   Outcome("t.pdf", "rendered", warnings=("t.pdf: over its 2-page target",)))
    assert topic["warnings"] == ["t.pdf: over its 2-page target"]


def test_a_diet_rows_customisation_problem_is_reported_at_its_cell_but_never_by_its_path(tmp_path):
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("customisation,output\ncustomisations/zebulon-quixote.yaml,a.pdf\n", encoding="utf-8")
    result = run("batch", jobs, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert ("jobs.csv:2:1: customisation: no customisation file at the path in this cell (relative to the job "
            "file): it does not exist") in result.stderr, "the report says which row and cell"
    assert "zebulon" not in result.output.lower()
    kept = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["jobs"]["a.pdf"]
    assert kept["error"] == WITHHELD_ERROR


def test_a_customisation_path_is_shown_as_its_row_in_every_form(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "customisations" / "zebulon-quixote.yaml"
    sheet = DietJob("d/7.pdf", None, str(path), "default", origin="jobs.csv:8")
    for message in (f"{path}:9:9: avoid[0]: unknown food", "customisations/zebulon-quixote.yaml:9:9: avoid[0]: x",
                    "jobs.csv:8: zebulon-quixote.yaml is a customisation for plan 'low-fodmap', not 'x'"):
        shown = conceal_customisation(message, sheet)
        assert "zebulon" not in shown and "<customisation of jobs.csv:8>" in shown, shown
    assert conceal_customisation(f"{path}:1:1: x", DietJob("d/7.pdf", None, str(path), "default")) == (
        "<customisation of d/7.pdf>:1:1: x"), "without a job file, the output names the job"
    topic = Job("t.pdf", "/t/zebulon-quixote.yaml", "default", "clinician")
    assert conceal_customisation("/t/zebulon-quixote.yaml: x", topic) == "/t/zebulon-quixote.yaml: x"


def _customisation(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "clinic" / "customisations"
    folder.mkdir(parents=True)
    path = folder / "zebulon-quixote.yaml"
    path.write_text(text, encoding="utf-8")
    return path


SAM = (ROOT / "data" / "customisations" / "sam-low-fodmap.yaml").read_text(encoding="utf-8")


def test_a_workers_error_in_a_customisation_names_its_row_not_its_file(tmp_path, monkeypatch):
    """Located problems in the customisation (a food it names that no catalogue has) failed the job with
    'clinic/customisations/zebulon-quixote.yaml:9:8: ...' on stderr; the worker now names the row."""
    monkeypatch.chdir(tmp_path)
    weasyprint_log = logging.getLogger("weasyprint")  # a Worker takes WeasyPrint's records: give them back after
    monkeypatch.setattr(weasyprint_log, "propagate", weasyprint_log.propagate)
    monkeypatch.setattr(weasyprint_log, "handlers", list(weasyprint_log.handlers))
    broken = _customisation(tmp_path, SAM.replace("avoid: [grapes]", "avoid: [grapez]"))
    settings = Settings(str(tmp_path / "out"), date(2025, 10, 1), allow_draft=True)
    outcome = Worker(settings).run(DietJob("d/1.pdf", None, str(broken.resolve()), "default", origin="jobs.csv:2"))
    assert outcome.status == "failed" and outcome.error, outcome
    assert "zebulon" not in outcome.error.lower() and "<customisation of jobs.csv:2>:9:" in outcome.error
    assert "unknown food; did you mean 'grapes'?" in outcome.error, "what is wrong is still said, for the report"
    assert "grapez" not in outcome.error, "never what was typed (the patient's)"

    broken.write_text("plan: [low-fodmap\n", encoding="utf-8")  # not YAML: read before anything else
    outcome = Worker(settings).run(DietJob("d/1.pdf", None, str(broken.resolve()), "default", origin="jobs.csv:2"))
    assert outcome.status == "failed" and "zebulon" not in (outcome.error or "zebulon")
    assert (outcome.error or "").startswith("<customisation of jobs.csv:2>:"), outcome.error


def test_check_names_the_row_of_a_broken_customisation(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _customisation(tmp_path, SAM.replace("avoid: [grapes]", "avoid: [grapez]"))
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("customisation,output\nclinic/customisations/zebulon-quixote.yaml,d/1.pdf\n", encoding="utf-8")
    result = run("batch", jobs, "--check", "--allow-draft")
    assert result.exit_code == 1, result.output
    assert "zebulon" not in result.output.lower() and "<customisation of jobs.csv:2>:9:" in result.stderr


def test_what_any_worker_reports_is_shown_without_the_customisations_path(tmp_path, monkeypatch):
    """A Dask worker (or any pool) reporting the path: the run's report still shows the row."""
    monkeypatch.chdir(tmp_path)
    path = _customisation(tmp_path, SAM)

    class Reporting(FakePool):
        def _outcome(self, job: Any) -> Outcome:
            return Outcome(job.output, "failed", error=f"{display_path(Path(job.customisation))}:3:1: bad",
                           warnings=(f"{job.customisation}: careful",))

    monkeypatch.setattr(runner, "Pool", lambda size, settings, *rest: Reporting(Path(settings.out_dir), size))
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f"customisation,output\n{path},d/1.pdf\n", encoding="utf-8")
    result = run("batch", jobs, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "zebulon" not in result.output.lower(), result.output
    assert "<customisation of jobs.csv:2>:3:1: bad" in result.stderr
    assert "warning: <customisation of jobs.csv:2>: careful" in result.stderr


WARNED = """\
plan: low-fodmap
patient: Zebulon Quixote
allergies: [sesame, peanut, wheat]
intolerances: [gos]
keep: [sesame]
enjoy: [peanut-butter]
reintroduction_order: [gos, fructans]
extra_foods:
  - {name: Zorblat sesame crisps, group: snacks}
  - {name: Quillon tahini bars, group: snacks, carries: [sesame], list: enjoy}
  - {name: Vindle cookies, group: snacks}
"""
PATIENTS = ("sesame", "peanut", "wheat", "'gos'", "galacto", "fructan", "rye", "zorblat", "quillon", "tahini",
            "vindle", "zebulon", "quixote")
"""Words of the customisation above (allergies and intolerance, in any form; the foods typed for the
patient; their name) that a batch's report, summary and manifest never hold."""


def test_a_batch_says_a_sheets_warnings_by_position_never_the_allergy_or_a_typed_food(tmp_path, monkeypatch):
    """Before: 'd/1.pdf: enjoy: 'peanut-butter' carries Peanut, an allergy of this patient', "extra_foods:
    'Zorblat sesame crisps' mentions 'sesame'", "keep: 'sesame' is an allergy", "reintroduction: 'fructans'
    is an intolerance" on the run's stderr (and in its log), next to the row that names the patient."""
    monkeypatch.chdir(tmp_path)
    _customisation(tmp_path, WARNED)
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("customisation,output\nclinic/customisations/zebulon-quixote.yaml,d/1.pdf\n", encoding="utf-8")
    out = tmp_path / "out"
    checked = run("batch", jobs, "--check", "--allow-draft")
    rendered = run("batch", jobs, "--out", out, "--allow-draft", "--jobs", "1")
    summary = run("batch", jobs, "--out", tmp_path / "again", "--allow-draft", "--jobs", "1", "--format", "json")
    for result in (checked, rendered, summary):
        assert result.exit_code == 0, result.output
    kept = [(out / "manifest.json").read_text(encoding="utf-8"),
            (tmp_path / "again" / "manifest.json").read_text(encoding="utf-8")]
    for text in (checked.output, rendered.output, summary.output, *kept):
        found = [word for word in PATIENTS if word in text.lower()]
        assert not found, (found, text)
    said = rendered.stderr
    for warning in (  # what the dietitian must fix is still said, at the entry
        "d/1.pdf: keep[0]: an allergy of this patient (allergies[0]), so foods with it stay under 'Leave out'",
        "d/1.pdf: enjoy[0]: carries an allergy of this patient (allergies[1]): listed under 'Leave out' instead",
        "d/1.pdf: extra_foods[0]: its name mentions an allergy of this patient (allergies[0])",
        "d/1.pdf: extra_foods[1]: carries an allergy of this patient (allergies[0])",
        "d/1.pdf: extra_foods[2]: says neither what it carries nor where to list it",
        "d/1.pdf: reintroduction_order[0]: an intolerance of this patient (intolerances[0]), so it is not tested",
        "d/1.pdf: allergies[2]: carried by the plan's test food for one of its tests: the sheet tests with another",
    ):
        assert warning in said and warning in checked.stderr, (warning, said)


def test_a_batch_says_a_wrong_allergy_at_its_entry_never_what_it_says_or_meant(tmp_path, monkeypatch):
    """Before: "<customisation of jobs.csv:2>:3:13: allergies[1]: 'dairy' is a trigger category, not an
    allergen; did you mean 'milk'?" on the run's stderr, beside the row that names the patient. The
    dietitian's own `handouts validate` still says it all."""
    monkeypatch.chdir(tmp_path)
    path = _customisation(tmp_path, "plan: low-fodmap\npatient: Zebulon Quixote\nallergies: [sesame, dairy]\n"
                                    "intolerances: [fructanz]\navoid: [grapez]\n")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("customisation,output\nclinic/customisations/zebulon-quixote.yaml,d/1.pdf\n", encoding="utf-8")
    for result in (run("batch", jobs, "--check", "--allow-draft"),
                   run("batch", jobs, "--out", tmp_path / "out", "--allow-draft", "--jobs", "1")):
        assert result.exit_code == 1, result.output
        for entry in ("3:21: allergies[1]", "4:16: intolerances[0]"):
            assert f"<customisation of jobs.csv:2>:{entry}: this entry has a problem; what it says" in result.stderr
        assert "avoid[0]: unknown food; did you mean 'grapes'?" in result.stderr, "a food to avoid is no allergy"
        found = [word for word in ("dairy", "milk", "fructan", "lactose", "sesame") if word in result.output.lower()]
        assert not found, (found, result.output)
    validated = run("validate", path)
    assert "'dairy' is a trigger category, not an allergen; did you mean 'milk'?" in validated.stderr


def test_a_batch_says_a_food_group_is_left_out_without_naming_the_group(tmp_path, monkeypatch):
    """Before: "d/1.pdf: every food in 'Milk, cheese and yogurt' is left out for this patient; this group
    usually provides calcium and protein" on the run's (and --check's) stderr, beside the row that names the
    patient: a milk allergy told. The dietitian's own `handouts validate` and `handouts diet` still say which."""
    monkeypatch.chdir(tmp_path)
    path = _customisation(tmp_path, "plan: low-fodmap\npatient: Zebulon Quixote\nallergies: [milk, tree-nuts]\n"
                                    "avoid: [coconut-yoghurt]\n")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("customisation,output\nclinic/customisations/zebulon-quixote.yaml,d/1.pdf\n", encoding="utf-8")
    out = tmp_path / "out"
    checked = run("batch", jobs, "--check", "--allow-draft")
    rendered = run("batch", jobs, "--out", out, "--allow-draft", "--jobs", "1")
    for result in (checked, rendered):
        assert result.exit_code == 0, result.output
        assert "warning: d/1.pdf: a whole food group is left out for this patient: plan with the patient what " \
               "replaces it; which group" in result.stderr, result.stderr
        found = [word for word in ("milk", "cheese", "yogurt", "calcium", "nuts") if word in result.output.lower()]
        assert not found, (found, result.output)
    assert "calcium" not in (out / "manifest.json").read_text(encoding="utf-8").lower()
    full = "every food in 'Milk, cheese and yogurt' is left out for this patient; this group usually provides " \
           "calcium and protein"
    assert full in run("validate", path).stderr
    assert full in run("diet", "--customize", path, "--format", "html", "-o", tmp_path / "own.html").stderr
