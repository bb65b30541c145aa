"""A batch says a job's warning at the job's place first, as `handouts validate` says a file's.

Reproduction: `handouts batch jobs.csv` printed 'warning: d/0001.pdf: enjoy[1]: carries an allergy ...',
where validate prints 'FILE:8:22: warning: enjoy[1]: ...': a cron log grepped for 'jobs.csv:' or an editor
jumping to FILE:LINE found no row. Now 'jobs.csv:2: warning: d/0001.pdf: ...' (a run and --check alike);
a job with no row (a cross product) is placed at its output; the manifest keeps its record as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from batchutil import FakePool, batch, manifest
from handouts.batch import runner
from handouts.batch.jobs import DietJob, Job
from handouts.batch.progress import Lines
from handouts.batch.worker import Outcome
from handouts.errors import display_path

ROOT = Path(__file__).resolve().parent.parent
ALPHA = Path(__file__).parent / "fixtures" / "batch" / "topics" / "alpha.yaml"
DEFAULT = ROOT / "data" / "brands" / "default.yaml"
OVERFLOW = "runs to 3 pages; a patient handout should fit on 2"
ALLERGEN = "enjoy[1]: carries an allergy of this patient (allergies[0])"
BRAND = "brand 'default': its footer has no 'es' wording, so it prints in 'en'"


class WarningPool(FakePool):
    """Renders every job at once with its own warning (the worker's shape: the output first) and a brand's."""

    def _outcome(self, job: Any) -> Outcome:
        own = ALLERGEN if isinstance(job, DietJob) else OVERFLOW
        if isinstance(job, DietJob):
            (self.out_dir / job.output).parent.mkdir(parents=True, exist_ok=True)
            (self.out_dir / job.output).write_bytes(b"%PDF-1.7")
            outcome = Outcome(job.output, "rendered", pages=1)
        else:
            outcome = super()._outcome(job)
        outcome.warnings = (BRAND, f"{job.output}: {own}")
        return outcome


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "Pool", lambda size, settings, *rest: WarningPool(Path(settings.out_dir), size))


def test_a_runs_warnings_are_said_at_the_jobs_row(tmp_path, pools, capsys):
    customisation = tmp_path / "0003.yaml"
    customisation.write_text("plan: low-fodmap\n", encoding="utf-8")
    jobs = [Job("p/0001.pdf", str(ALPHA), str(DEFAULT), "patient", origin="jobs.csv:2"),
            Job("p/0002.pdf", str(ALPHA), str(DEFAULT), "patient"),  # a cross product's: no row
            DietJob("d/0003.pdf", "low-fodmap", str(customisation), str(DEFAULT), origin="jobs.csv:4")]
    out = tmp_path / "out"
    summary = runner.run_batch(jobs, runner.Options(out_dir=out), Lines(), total=3)
    assert summary.exit_code == 0
    lines = capsys.readouterr().err.splitlines()
    assert f"jobs.csv:2: warning: p/0001.pdf: {OVERFLOW}" in lines, lines
    assert f"p/0002.pdf: warning: {OVERFLOW}" in lines, lines
    assert f"jobs.csv:4: warning: d/0003.pdf: {ALLERGEN}" in lines, lines
    assert lines.count(f"warning: {BRAND}") == 1, lines  # the brand's: no one row's, said once
    assert not [line for line in lines if line.startswith(("warning: p/", "warning: d/"))], lines
    # the manifest's record is as it was: the job's warnings under its entry
    assert manifest(out)["jobs"]["p/0001.pdf"]["warnings"] == [BRAND, f"p/0001.pdf: {OVERFLOW}"]


def test_check_says_a_diet_sheets_warning_at_its_row_without_the_patient(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sam = (ROOT / "data" / "customisations" / "sam-low-fodmap.yaml").read_text(encoding="utf-8")
    (tmp_path / "customisations").mkdir()
    (tmp_path / "customisations" / "sam-rivera.yaml").write_text(sam, encoding="utf-8")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("customisation,brand,output\ncustomisations/sam-rivera.yaml,riverside,d/0001.pdf\n",
                    encoding="utf-8")
    result = batch(jobs, "--check", "--allow-draft")
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if ALLERGEN in line]
    assert said and all(line.startswith(f"{display_path(jobs)}:2: warning: d/0001.pdf: {ALLERGEN}")
                        for line in said), result.stderr
    assert "sam" not in result.output.lower() and "rivera" not in result.output.lower(), result.output
