"""A cluster lost during a run: the run's report still says what was done and what was not.

The scheduler going away, or every worker for two minutes, ended the run with an
error line only: cron's log did not say how many jobs had rendered or failed.
"""

from __future__ import annotations

from pathlib import Path

from batchutil import install_fake_pool, manifest
from handouts.batch import jobs as joblist
from handouts.batch import runner
from handouts.batch.progress import Lines, summary_line

ALPHA = Path(__file__).parent / "fixtures" / "batch" / "topics" / "alpha.yaml"


def test_a_lost_scheduler_stops_the_run_with_its_counts(tmp_path, monkeypatch, capsys):
    pools = install_fake_pool(monkeypatch, lost_at=5)
    path = tmp_path / "jobs.csv"
    path.write_text("topic,audience,output\n" + "".join(f"{ALPHA},clinician,p/{n}.pdf\n" for n in range(1, 21)),
                    encoding="utf-8")
    source = joblist.JobFile(path, joblist.OutputPattern(joblist.DEFAULT_PATTERN))
    out = tmp_path / "out"
    summary = runner.run_batch(source, runner.Options(out_dir=out, jobs=2), Lines(quiet=True), total=source.total)

    assert summary.exit_code == 1 and summary.halted is not None
    assert summary.halted.startswith("lost the Dask scheduler at tcp://render1.example.org:8786")
    assert len(pools[0].submitted) < 20 and summary.as_dict()["not_run"] == 20 - summary.done
    line = f"stopped after {summary.done} of 20 jobs ({summary.rendered} rendered, 0 skipped, 0 failed): lost the"
    assert summary_line(summary).startswith(line)
    assert line in capsys.readouterr().err  # quiet, as cron runs it: still said
    assert manifest(out)["last_run"]["rendered"] == summary.rendered == len(manifest(out)["jobs"])
