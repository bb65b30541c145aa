"""An upgrade during an overnight run: a worker recycled after it imports the new handouts.

Real worker processes render; the upgrade is made by starting the workers after the
first with the run's record of its install changed (as if the parent had imported
another version than the one on disk now), which is what a worker compares.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from batchutil import manifest
from cliutil import command
from handouts.batch import runner

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
ALPHA = FIXTURES / "topics" / "alpha.yaml"

batch = command("batch")


def test_a_worker_with_other_code_stops_the_run_which_resumes(tmp_path, monkeypatch):
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("topic,audience,output\n" + "".join(f"{ALPHA},patient,p/{n}.pdf\n" for n in range(1, 5)),
                    encoding="utf-8")
    out = tmp_path / "out"
    start = runner.Pool._start
    started: list[int] = []

    def upgraded_after_the_first(pool: runner.Pool) -> object:
        if started:
            pool.settings = dataclasses.replace(pool.settings, install="the version the run started with")
        started.append(1)
        return start(pool)

    monkeypatch.setattr(runner.Pool, "_start", upgraded_after_the_first)
    result = batch(jobs, "--out", out, "--jobs", "1", "--recycle-after", "2")
    assert result.exit_code == 1, result.output
    assert "handouts on this computer changed while the batch ran" in result.stderr
    assert "run the same command again" in result.stderr
    assert "stopped after 2 of 4 jobs (2 rendered, 0 skipped, 0 failed" in result.stderr
    assert sorted(p.name for p in (out / "p").iterdir()) == ["1.pdf", "2.pdf"], "the new worker rendered nothing"
    recorded = manifest(out)
    assert sorted(recorded["jobs"]) == ["p/1.pdf", "p/2.pdf"]
    assert recorded["last_run"]["not_run"] == 2 and "changed while the batch ran" in recorded["last_run"]["halted"]
    assert not (out / "manifest.jsonl").exists() and not list(out.rglob("*.part"))

    monkeypatch.setattr(runner.Pool, "_start", start)
    again = batch(jobs, "--out", out, "--jobs", "1")
    assert again.exit_code == 0, again.output
    assert "4 jobs: 2 rendered, 2 skipped, 0 failed" in again.stdout
