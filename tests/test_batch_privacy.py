"""The batch manifest holds no patient details: not a customisation's path (it names the patient) nor what
it says (allergies, foods), which its errors and warnings quote. The run's report still shows them."""

from __future__ import annotations

import json
from pathlib import Path

from cliutil import run
from handouts.batch.jobs import DietJob, Job
from handouts.batch.runner import WITHHELD_ERROR, _entry
from handouts.batch.worker import Outcome

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


def test_a_diet_rows_customisation_problem_is_reported_but_not_kept(tmp_path):
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("customisation,output\ncustomisations/zebulon-quixote.yaml,a.pdf\n", encoding="utf-8")
    result = run("batch", jobs, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "customisations/zebulon-quixote.yaml does not exist" in result.stderr, "the report says which file"
    kept = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["jobs"]["a.pdf"]
    assert kept["error"] == WITHHELD_ERROR
