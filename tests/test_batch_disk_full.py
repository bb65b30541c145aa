"""A batch whose output folder fills up: it stops at once, says why, and leaves a manifest to resume from.

A full disk is not one job's problem: every later job would render for nothing
and fail the same way, thousands of times on an overnight run. The run loop is
tested here with an in-process stand-in for the worker pool (no rendering), and
the journal with /dev/full, which refuses every write as a full disk does.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import pytest

from batchutil import DISK_FULL, install_fake_pool, manifest
from cliutil import assert_clean_exit, command
from handouts.batch import jobs as joblist
from handouts.batch import runner
from handouts.batch.manifest import Manifest
from handouts.batch.progress import summary_line
from handouts.batch.worker import FolderFull, write_output

FIXTURES = Path(__file__).parent / "fixtures" / "batch"

run = command("batch")


def _jobs(tmp_path: Path, count: int) -> joblist.JobFile:
    alpha = FIXTURES / "topics" / "alpha.yaml"
    rows = [f"{alpha},clinician,p/{n:04d}.pdf" for n in range(1, count + 1)]
    path = tmp_path / "jobs.csv"
    path.write_text("topic,audience,output\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return joblist.JobFile(path, joblist.OutputPattern(joblist.DEFAULT_PATTERN))


@pytest.fixture
def fake_pool(monkeypatch):
    return lambda **kwargs: install_fake_pool(monkeypatch, **kwargs)


def test_a_full_disk_stops_the_run_instead_of_failing_every_later_job(tmp_path, fake_pool):
    pools = fake_pool(full_at=4)
    out = tmp_path / "out"
    source = _jobs(tmp_path, 40)
    summary = runner.run_batch(source, runner.Options(out_dir=out, jobs=2), total=source.total)

    submitted = pools[0].submitted
    assert len(submitted) <= 6, submitted  # the jobs in flight when the disk filled, not the other 34
    reason = f"{DISK_FULL}; make room and run the same command again: finished jobs are kept"
    assert summary.halted == reason and summary.exit_code == 1 and summary.rendered == 3
    assert summary.done == len(submitted) and summary.as_dict()["not_run"] == 40 - len(submitted)
    assert summary.as_dict()["halted"] == reason
    assert summary_line(summary) == (f"stopped after {len(submitted)} of 40 jobs (3 rendered, 0 skipped, "
                                     f"{summary.failed} failed): {reason}")

    recorded = manifest(out)["jobs"]
    assert sorted(k for k, v in recorded.items() if v["status"] == "rendered") == submitted[:3]
    assert not (out / "manifest.jsonl").exists()

    pools = fake_pool()  # room made: the next run renders only what is missing
    again = runner.run_batch(_jobs(tmp_path, 40), runner.Options(out_dir=out, jobs=2), total=40)
    assert again.halted is None and again.exit_code == 0
    assert again.rendered == 37 and "p/0001.pdf" not in pools[-1].submitted


def test_a_journal_that_cannot_be_written_stops_the_run_without_a_traceback(tmp_path, fake_pool, monkeypatch):
    fake_pool()
    begin = Manifest.begin

    def begin_on_a_full_disk(self: Manifest, environment: dict[str, Any]) -> None:
        begin(self, environment)
        self._journal.close()
        self._journal = open("/dev/full", "a", encoding="utf-8")  # every write: ENOSPC

    monkeypatch.setattr(Manifest, "begin", begin_on_a_full_disk)
    out = tmp_path / "out"
    summary = runner.run_batch(_jobs(tmp_path, 30), runner.Options(out_dir=out, jobs=1), total=30)

    assert summary.halted is not None and "manifest.jsonl: no space left on device" in summary.halted
    assert summary.exit_code == 1 and summary.done < 4
    # what was done is still recorded: manifest.json itself could be written
    assert sorted(manifest(out)["jobs"]) == sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))


def test_a_manifest_that_cannot_be_written_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    import handouts.batch.manifest as manifest_module

    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")  # what write_atomic lets through from write()

    monkeypatch.setattr(manifest_module, "write_atomic", full)
    out = tmp_path / "out"
    result = run("--topics", FIXTURES / "topics", "--out", out, "--jobs", "1")
    assert_clean_exit(result, 1)
    assert f"cannot write {out / 'manifest.json'}: no space left on device" in result.output
    assert not list(out.rglob("*.pdf"))


def test_a_write_that_finds_the_disk_full_says_so_for_the_whole_folder(tmp_path, monkeypatch):
    import handouts.atomic

    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(handouts.atomic, "write_atomic", full)
    job = next(iter(_jobs(tmp_path, 1)))
    with pytest.raises(FolderFull) as caught:
        write_output(tmp_path, job, b"%PDF")
    assert caught.value.reason == f"cannot write in {tmp_path}: no space left on device"
    assert "cannot write p/0001.pdf: no space left on device" in str(caught.value)

    def refused(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.EACCES, "Permission denied")  # one file's problem: the run carries on

    monkeypatch.setattr(handouts.atomic, "write_atomic", refused)
    with pytest.raises(Exception) as other:
        write_output(tmp_path, job, b"%PDF")
    assert not isinstance(other.value, FolderFull)


def test_the_json_summary_says_why_the_run_stopped(tmp_path):
    summary = runner.Summary(tmp_path, total=5, rendered=2, failed=1, halted=DISK_FULL)
    data = json.loads(json.dumps(summary.as_dict()))
    assert data["halted"] == DISK_FULL and data["exit_code"] == 1 and data["not_run"] == 2
