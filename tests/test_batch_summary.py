"""What a run says at its end: how to resume a --force run that was stopped, and how long it took.

Resuming a --force run that was interrupted or stopped by a full disk.

Reproduction: `handouts batch jobs.csv --out library --force`, stopped after 3000 of
5000 jobs, said "run the same command again to resume"; the same command, --force
included, renders all 5000 again, the 3000 finished ones too. Without --force the
finished jobs are up to date and skipped, which is what resuming means.
"""

from __future__ import annotations

from pathlib import Path

from batchutil import DISK_FULL, install_fake_pool
from handouts.batch import jobs as joblist
from handouts.batch import runner
from handouts.batch.progress import summary_line

ALPHA = Path(__file__).parent / "fixtures" / "batch" / "topics" / "alpha.yaml"


def _jobs(tmp_path: Path, count: int) -> joblist.JobFile:
    path = tmp_path / "jobs.csv"
    path.write_text("topic,audience,output\n" + "".join(f"{ALPHA},clinician,p/{n:04d}.pdf\n"
                                                        for n in range(1, count + 1)), encoding="utf-8")
    return joblist.JobFile(path, joblist.OutputPattern(joblist.DEFAULT_PATTERN))


def test_an_interrupted_forced_run_says_to_resume_without_force():
    out = Path("library")
    forced = runner.Summary(out, total=5000, rendered=3000, stopped_by=2, forced=True)
    assert summary_line(forced) == (
        "interrupted after 3000 of 5000 jobs (3000 rendered, 0 skipped, 0 failed); finished jobs are recorded in "
        "library/manifest.json: run the same command again without --force to resume (--force renders every job "
        "again, the finished ones too)")
    plain = runner.Summary(out, total=5000, rendered=3000, stopped_by=2)
    assert summary_line(plain).endswith("library/manifest.json: run the same command again to resume")


def test_a_forced_run_stopped_by_a_full_disk_resumes_without_force(tmp_path, monkeypatch):
    source, out = _jobs(tmp_path, 10), tmp_path / "out"
    install_fake_pool(monkeypatch, full_at=4)
    stopped = runner.run_batch(source, runner.Options(out_dir=out, jobs=1, force=True), total=source.total)
    assert stopped.halted and stopped.rendered == 3
    assert summary_line(stopped).endswith(
        f"{DISK_FULL}; make room and run the same command again: finished jobs are kept; leave out --force then "
        "(--force renders every job again, the finished ones too)")

    # as the line says: room made, run again without --force: the three finished jobs are not rendered again
    pools = install_fake_pool(monkeypatch)
    resumed = runner.run_batch(source, runner.Options(out_dir=out, jobs=1), total=source.total)
    assert (resumed.rendered, resumed.skipped, resumed.failed) == (7, 3, 0)
    assert pools[0].submitted == [f"p/{n:04d}.pdf" for n in range(4, 11)]


def test_a_nights_run_says_how_long_it_took_in_hours_and_minutes():
    """'5000 jobs: ... in 28734.2 s' made the reader do the sum."""
    from handouts.batch.progress import duration

    assert [duration(s) for s in (0.04, 59.94, 60, 2500.4, 3599.6, 28734.2, 7199.9)] == [
        "0.0 s", "59.9 s", "1 min 0 s", "41 min 40 s", "1 h 0 min", "7 h 59 min", "2 h 0 min"]
    night = runner.Summary(Path("library"), total=5000, rendered=4996, failed=4, seconds=28734.2)
    assert summary_line(night) == ("5000 jobs: 4996 rendered, 0 skipped, 4 failed in 7 h 59 min; "
                                   "manifest: library/manifest.json")


def test_the_manifest_says_when_the_last_run_stopped_before_its_last_job(tmp_path, monkeypatch):
    """A run stopped by a full disk after 3 of 10 jobs left last_run {rendered 3, failed 1, interrupted false}:
    read in the morning, a whole run of four jobs."""
    from batchutil import manifest

    source, out = _jobs(tmp_path, 10), tmp_path / "out"
    install_fake_pool(monkeypatch, full_at=4)
    stopped = runner.run_batch(source, runner.Options(out_dir=out, jobs=1), total=source.total)
    last = manifest(out)["last_run"]
    assert (last["total"], last["rendered"], last["failed"], last["not_run"]) == (10, 3, 1, 6)
    assert last["halted"] == stopped.halted and last["halted"].startswith(DISK_FULL) and not last["interrupted"]

    install_fake_pool(monkeypatch)
    runner.run_batch(source, runner.Options(out_dir=out, jobs=1), total=source.total)
    last = manifest(out)["last_run"]
    assert (last["total"], last["rendered"], last["skipped"], last["not_run"], last["halted"]) == (10, 7, 3, 0, None)


def test_a_long_log_names_its_failed_rows_again_at_the_end(tmp_path, monkeypatch, capsys):
    """Among 5000 'rendered' lines, the few failures printed as they happened were lost; -q prints them alone."""
    from handouts.batch.progress import Lines

    source = _jobs(tmp_path, 30)
    install_fake_pool(monkeypatch, fail=frozenset({"p/0003.pdf", "p/0017.pdf"}))
    runner.run_batch(source, runner.Options(out_dir=tmp_path / "out", jobs=1), Lines(), total=source.total)
    err = capsys.readouterr().err.splitlines()
    assert err[-2].startswith("30 jobs: 28 rendered, 0 skipped, 2 failed in ")
    assert err[-1] == f"failed: {tmp_path / 'jobs.csv'} rows 4, 18"

    install_fake_pool(monkeypatch, fail=frozenset(f"p/{n:04d}.pdf" for n in range(1, 31)))
    runner.run_batch(source, runner.Options(out_dir=tmp_path / "all", jobs=1), Lines(), total=source.total)
    last = capsys.readouterr().err.splitlines()[-1]
    assert last == f"failed: {tmp_path / 'jobs.csv'} rows " + ", ".join(map(str, range(2, 22))) + " and 10 more"

    runner.run_batch(source, runner.Options(out_dir=tmp_path / "quiet", jobs=1), Lines(quiet=True), total=30)
    assert not capsys.readouterr().err.splitlines()[-1].startswith("failed: /")


def test_an_output_folder_that_takes_no_locks_is_written_with_a_warning(tmp_path, monkeypatch, capsys):
    """A practice's network share without a lock service: flock answered ENOLCK and the run ended in a traceback."""
    import errno

    from handouts.batch.progress import Lines

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(runner.fcntl, "flock", no_locks)
    install_fake_pool(monkeypatch)
    source = _jobs(tmp_path, 3)
    done = runner.run_batch(source, runner.Options(out_dir=tmp_path / "share", jobs=1), Lines(quiet=True), total=3)
    assert (done.rendered, done.exit_code) == (3, 0)
    assert (f"warning: cannot lock {tmp_path / 'share'} (no locks available: its file system may not support "
            "locks), so a second batch into it would not be stopped") in capsys.readouterr().err  # quiet too
