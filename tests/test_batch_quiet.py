"""`batch -q`, as an overnight run from cron uses it: failures and what no file keeps, nothing when all is well.

Reproduction: `-q` printed every job's warnings (one line each, for thousands of rows),
so a cron mail held hundreds of "warning:" lines even when every job rendered; the
warnings are already in each job's manifest entry. What the manifest does not keep (a
diet sheet's allergen warnings, which quote the customisation) must still be printed,
or the only report of them is lost.
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

ROOT = Path(__file__).resolve().parent.parent
ALPHA = Path(__file__).parent / "fixtures" / "batch" / "topics" / "alpha.yaml"
DEFAULT = ROOT / "data" / "brands" / "default.yaml"
OVERFLOW = "runs to 3 pages; a patient handout should fit on 2"
ALLERGEN = "enjoy[1]: carries an allergy of this patient (allergies[0])"


class WarningPool(FakePool):
    """Renders every job at once, with a warning: a topic job's about its pages, a diet sheet's about an allergen."""

    def _outcome(self, job: Any) -> Outcome:
        if isinstance(job, DietJob):
            (self.out_dir / job.output).parent.mkdir(parents=True, exist_ok=True)
            (self.out_dir / job.output).write_bytes(b"%PDF-1.7")
            return Outcome(job.output, "rendered", pages=1, warnings=(f"{job.output}: {ALLERGEN}",))
        outcome = super()._outcome(job)  # a file, its digest and inputs: a second run skips it
        outcome.warnings = (f"{job.output}: {OVERFLOW}",)
        return outcome


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[WarningPool]:
    made: list[WarningPool] = []

    def make(size: int, settings: Any, recycle_after: int, timeout: float | None) -> WarningPool:
        made.append(WarningPool(Path(settings.out_dir), size))
        return made[-1]

    monkeypatch.setattr(runner, "Pool", make)
    return made


def _jobs(tmp_path: Path) -> list[Job | DietJob]:
    customisation = tmp_path / "0003.yaml"
    customisation.write_text("plan: low-fodmap\n", encoding="utf-8")
    return [Job("p/0001.pdf", str(ALPHA), str(DEFAULT), "patient", origin="jobs.csv:2"),
            Job("p/0002.pdf", str(ALPHA), str(DEFAULT), "patient", origin="jobs.csv:3"),
            DietJob("d/0003.pdf", "low-fodmap", str(customisation), str(DEFAULT), origin="jobs.csv:4")]


def test_quiet_leaves_a_jobs_warnings_in_the_manifest_and_says_how_many(tmp_path, pools, capsys):
    out = tmp_path / "out"
    summary = runner.run_batch(_jobs(tmp_path), runner.Options(out_dir=out), Lines(quiet=True), total=3)
    assert summary.exit_code == 0
    printed = capsys.readouterr()
    # the manifest keeps the topic jobs' warnings: not printed, counted once
    assert OVERFLOW not in printed.err + printed.out
    assert manifest(out)["jobs"]["p/0001.pdf"]["warnings"] == [f"p/0001.pdf: {OVERFLOW}"]
    assert printed.out.startswith("3 jobs: 3 rendered, 0 skipped, 0 failed")
    assert printed.out.rstrip().endswith("; 2 warnings not shown (-q): each job's are in the manifest")
    # the manifest withholds a diet sheet's warnings (they quote the customisation): printed even when quiet
    assert f"jobs.csv:4: warning: d/0003.pdf: {ALLERGEN}" in printed.err.splitlines()
    assert ALLERGEN not in str(manifest(out)["jobs"]["d/0003.pdf"])


def test_quiet_prints_nothing_when_there_is_nothing_to_say(tmp_path, pools, capsys):
    jobs = _jobs(tmp_path)[:1]
    out = tmp_path / "out"
    runner.run_batch(jobs, runner.Options(out_dir=out), Lines(quiet=True), total=1)
    capsys.readouterr()
    again = runner.run_batch(jobs, runner.Options(out_dir=out), Lines(quiet=True), total=1)  # up to date
    assert again.skipped == 1 and capsys.readouterr() == ("", "")


def test_a_loud_run_still_prints_every_warning(tmp_path, pools, capsys):
    runner.run_batch(_jobs(tmp_path), runner.Options(out_dir=tmp_path / "out"), Lines(), total=3)
    printed = capsys.readouterr()
    assert f"jobs.csv:2: warning: p/0001.pdf: {OVERFLOW}" in printed.err.splitlines() and "not shown" not in printed.out


def test_check_quiet_hides_warnings_and_says_where_to_see_them(tmp_path):
    sam = (ROOT / "data" / "customisations" / "sam-low-fodmap.yaml").read_text(encoding="utf-8")
    (tmp_path / "customisations").mkdir()
    (tmp_path / "customisations" / "0001.yaml").write_text(sam, encoding="utf-8")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("customisation,brand,output\ncustomisations/0001.yaml,riverside,d/0001.pdf\n", encoding="utf-8")

    loud = batch(jobs, "--check", "--allow-draft")
    assert loud.exit_code == 0 and ALLERGEN in loud.stderr, loud.output
    quiet = batch(jobs, "--check", "--allow-draft", "-q")
    assert quiet.exit_code == 0, quiet.output
    assert "warning:" not in quiet.output
    assert quiet.stdout.startswith("1 job checked: 1 ready, 0 failed")
    assert quiet.stdout.rstrip().endswith("; 1 warning not shown (-q): run --check without -q to see them")
