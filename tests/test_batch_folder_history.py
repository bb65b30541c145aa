"""An output folder re-run monthly for years: the manifest describes what the folder holds (not every job
ever run), and one job file's rows never overwrite another's files unseen.

The runs use the in-process stand-in for the worker pool (no rendering).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from batchutil import install_fake_pool, manifest
from cliutil import assert_clean_exit, command
from handouts.batch import runner
from handouts.batch.manifest import Manifest

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
ALPHA = FIXTURES / "topics" / "alpha.yaml"

batch = command("batch")


@pytest.fixture
def fake_pool(monkeypatch):
    return lambda **kwargs: install_fake_pool(monkeypatch, **kwargs)


def _job_file(path: Path, outputs: list[str] | int, topic: Path = ALPHA) -> Path:
    """A job file rendering a topic for clinicians: named outputs, or that many rows named by --pattern."""
    if isinstance(outputs, int):
        rows = "".join(f"{topic},clinician\n" for _ in range(outputs))
        path.write_text("topic,audience\n" + rows, encoding="utf-8")
    else:
        path.write_text("topic,audience,output\n" + "".join(f"{topic},clinician,{o}\n" for o in outputs),
                        encoding="utf-8")
    return path


# -- the manifest keeps what the folder holds -------------------------------------------------


def test_entries_of_outputs_gone_from_the_folder_and_the_job_file_are_forgotten(tmp_path, fake_pool):
    out = tmp_path / "out"
    jobs = tmp_path / "jobs.csv"
    fake_pool()
    assert_clean_exit(batch(_job_file(jobs, ["p/1.pdf", "p/2.pdf", "p/3.pdf", "p/4.pdf"]), "--out", out), 0)
    assert sorted(manifest(out)["jobs"]) == ["p/1.pdf", "p/2.pdf", "p/3.pdf", "p/4.pdf"]

    (out / "p" / "2.pdf").unlink()  # a handout filed away, its row dropped from next month's job file
    (out / "p" / "4.pdf").unlink()  # deleted by hand, but still a row: it renders again
    pools = fake_pool(fail=frozenset({"p/5.pdf"}))
    result = batch(_job_file(jobs, ["p/1.pdf", "p/4.pdf", "p/5.pdf"]), "--out", out)  # p/3.pdf's row gone too
    assert_clean_exit(result, 1)
    assert pools[-1].submitted == ["p/4.pdf", "p/5.pdf"], "p/1.pdf is up to date: resuming still skips"

    data = manifest(out)
    # p/3.pdf is still in the folder, so still described; p/5.pdf failed this run: its entry says why
    assert sorted(data["jobs"]) == ["p/1.pdf", "p/3.pdf", "p/4.pdf", "p/5.pdf"]
    assert data["jobs"]["p/5.pdf"]["status"] == "failed" and data["last_run"]["forgotten"] == 1


def test_a_run_that_stopped_early_forgets_nothing(tmp_path, fake_pool):
    out = tmp_path / "out"
    jobs = _job_file(tmp_path / "jobs.csv", ["p/1.pdf", "p/2.pdf", "p/3.pdf"])
    fake_pool()
    assert_clean_exit(batch(jobs, "--out", out), 0)
    (out / "p" / "3.pdf").unlink()
    fake_pool(full_at=1)  # the disk fills at the first job: the run never reaches p/3.pdf's row
    assert_clean_exit(batch(_job_file(jobs, ["p/2.pdf", "p/1.pdf"]), "--out", out, "--force", "-j", "1"), 1)
    data = manifest(out)
    assert "p/3.pdf" in data["jobs"] and data["last_run"]["halted"] and data["last_run"]["forgotten"] == 0


def test_a_years_manifest_is_bounded_by_the_folder(tmp_path, fake_pool):
    """Twelve monthly job files of 30 rows into one folder, each month's files filed away after its run."""
    out = tmp_path / "out"
    for month in range(1, 13):
        fake_pool()
        jobs = _job_file(tmp_path / f"2026-{month:02d}.csv", [f"{month:02d}/{n}.pdf" for n in range(30)])
        assert_clean_exit(batch(jobs, "--out", out), 0)
        assert len(manifest(out)["jobs"]) == 30 + (30 if month > 1 else 0)  # this month's and last month's rows
        if month > 1:
            for pdf in (out / f"{month - 1:02d}").iterdir():
                pdf.unlink()  # last month's handouts were sent and removed
    assert sorted({name.split("/")[0] for name in manifest(out)["jobs"]}) == ["11", "12"]


def test_forget_missing_keeps_what_the_run_asked_for_and_what_is_in_the_folder(tmp_path):
    (tmp_path / "kept.pdf").write_bytes(b"%PDF")
    folder = Manifest(tmp_path)
    for output in ("kept.pdf", "asked.pdf", "gone.pdf", "sub/gone.pdf"):
        folder.record({"output": output, "status": "rendered"}, journal=False)
    assert folder.forget_missing({"asked.pdf"}) == 2
    assert sorted(folder.entries) == ["asked.pdf", "kept.pdf"]


# -- one job file's files are not another's to overwrite --------------------------------------


def test_a_second_job_file_with_row_names_does_not_overwrite_the_firsts_files(tmp_path, fake_pool):
    out = tmp_path / "out"
    january = _job_file(tmp_path / "january.csv", 3)
    february = _job_file(tmp_path / "february.csv", 2, FIXTURES / "topics" / "beta.yaml")  # other documents
    fake_pool()
    assert_clean_exit(batch(january, "--out", out, "--pattern", "{row}.pdf"), 0)
    made = {name: (out / name).stat().st_mtime_ns for name in ("1.pdf", "2.pdf", "3.pdf")}
    before = manifest(out)["jobs"]
    assert before["1.pdf"]["job_file"] == str(january.resolve())

    pools = fake_pool()
    result = batch(february, "--out", out, "--pattern", "{row}.pdf", "--force")
    assert_clean_exit(result, 1)
    assert pools[-1].submitted == [], "nothing of january's is rendered over"
    assert {name: (out / name).stat().st_mtime_ns for name in made} == made
    assert manifest(out)["jobs"] == before, "january's entries still describe its files"
    assert (f"february.csv:2: output 1.pdf is in the folder from job file {january} (line 2), and this job "
            "would overwrite it; give each job file its own --out folder") in result.stderr
    assert "remove 2.pdf first if it should be replaced" in result.stderr

    (out / "1.pdf").unlink()  # the manager moved january's first handout away: february's row 1 may have it
    pools = fake_pool()
    assert_clean_exit(batch(february, "--out", out, "--pattern", "{row}.pdf"), 1)
    assert pools[-1].submitted == ["1.pdf"]
    assert manifest(out)["jobs"]["1.pdf"]["job_file"] == str(february.resolve())

    pools = fake_pool()  # january's own re-run skips its files, and refuses the one now february's
    result = batch(january, "--out", out, "--pattern", "{row}.pdf")
    assert_clean_exit(result, 1)
    assert pools[-1].submitted == [] and "output 1.pdf is in the folder from job file" in result.stderr


def test_a_topics_run_does_not_overwrite_a_job_files_handouts(tmp_path, fake_pool):
    out = tmp_path / "out"
    fake_pool()
    jobs = _job_file(tmp_path / "jobs.csv", ["default/alpha-clinician.pdf"], FIXTURES / "topics" / "beta.yaml")
    assert_clean_exit(batch(jobs, "--out", out), 0)
    pools = fake_pool()
    result = batch("--topics", ALPHA, "--audiences", "clinician", "--out", out)
    assert_clean_exit(result, 1)
    assert pools[-1].submitted == []
    assert (f"this --topics run: output default/alpha-clinician.pdf is in the folder from job file {jobs} "
            "(line 2)") in result.stderr


def test_entries_from_before_job_files_were_recorded_claim_nothing(tmp_path, fake_pool):
    out = tmp_path / "out"
    fake_pool()
    assert_clean_exit(batch(_job_file(tmp_path / "old.csv", 1), "--out", out, "--pattern", "{row}.pdf"), 0)
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    del data["jobs"]["1.pdf"]["job_file"]
    (out / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    fake_pool()
    new = _job_file(tmp_path / "new.csv", 1)
    result = batch(new, "--out", out, "--pattern", "{row}.pdf")
    assert_clean_exit(result, 0)
    assert "skipped  1.pdf" in result.stdout  # the same document: up to date, and now new.csv's
    assert manifest(out)["jobs"]["1.pdf"]["job_file"] == str(new.resolve())


def test_the_same_rows_in_a_renamed_job_file_are_skipped_not_refused(tmp_path, fake_pool):
    out = tmp_path / "out"
    fake_pool()
    assert_clean_exit(batch(_job_file(tmp_path / "jobs.csv", 2), "--out", out, "--pattern", "{row}.pdf"), 0)
    pools = fake_pool()
    result = batch(_job_file(tmp_path / "renamed.csv", 2), "--out", out, "--pattern", "{row}.pdf")
    assert_clean_exit(result, 0)
    assert pools[-1].submitted == [] and "2 jobs: 0 rendered, 2 skipped" in result.stdout


def test_claimed_elsewhere_needs_the_file_and_another_job_file(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    entry = {"output": "a.pdf", "job_file": "/j/jan.csv"}
    assert runner.claimed_elsewhere(entry, "/j/feb.csv", tmp_path, "a.pdf") == "/j/jan.csv"
    assert runner.claimed_elsewhere(entry, None, tmp_path, "a.pdf") == "/j/jan.csv"
    assert runner.claimed_elsewhere(entry, "/j/jan.csv", tmp_path, "a.pdf") is None
    assert runner.claimed_elsewhere({**entry, "output": "b.pdf"}, "/j/feb.csv", tmp_path, "b.pdf") is None
    topics = {"output": "a.pdf", "job_file": None}
    assert runner.claimed_elsewhere(topics, "/j/feb.csv", tmp_path, "a.pdf") == "--topics"


def test_check_finds_the_clash_before_the_night(tmp_path, fake_pool):
    out = tmp_path / "out"
    january = _job_file(tmp_path / "january.csv", 2)
    fake_pool()
    assert_clean_exit(batch(january, "--out", out, "--pattern", "{row}.pdf"), 0)
    before = (out / "manifest.json").read_bytes()
    february = _job_file(tmp_path / "february.csv", 1, topic=FIXTURES / "topics" / "beta.yaml")
    result = batch(february, "--out", out, "--pattern", "{row}.pdf", "--check")
    assert_clean_exit(result, 1)
    assert f"output 1.pdf is in the folder from job file {january} (line 2)" in result.stderr
    assert (out / "manifest.json").read_bytes() == before, "--check writes nothing"
    assert_clean_exit(batch(january, "--out", out, "--pattern", "{row}.pdf", "--check"), 0)


def test_check_predicts_the_run_for_a_renamed_job_file(tmp_path, fake_pool):
    """--check refused the same rows in a renamed job file as another job file's, which the run skips;
    a row that asks for another document is refused by both."""
    out = tmp_path / "out"
    fake_pool()
    assert_clean_exit(batch(_job_file(tmp_path / "jobs.csv", 2), "--out", out, "--pattern", "{row}.pdf"), 0)
    renamed = _job_file(tmp_path / "renamed.csv", 2)
    checked = batch(renamed, "--out", out, "--pattern", "{row}.pdf", "--check")
    assert_clean_exit(checked, 0)
    assert "is in the folder from" not in checked.stderr

    beta = FIXTURES / "topics" / "beta.yaml"
    renamed.write_text(f"topic,audience\n{ALPHA},clinician\n{beta},clinician\n", encoding="utf-8")
    checked = batch(renamed, "--out", out, "--pattern", "{row}.pdf", "--check")
    assert_clean_exit(checked, 1)
    assert "output 1.pdf" not in checked.stderr and "output 2.pdf is in the folder from" in checked.stderr
    pools = fake_pool()
    ran = batch(renamed, "--out", out, "--pattern", "{row}.pdf")
    assert_clean_exit(ran, 1)
    assert pools[-1].submitted == [] and "skipped  1.pdf" in ran.stdout
    assert "output 2.pdf is in the folder from" in ran.stderr


def _reference_title(out: Path, name: str) -> str:
    reference = json.loads((out / name).read_text(encoding="utf-8"))
    return str(reference["content"][0]["attachment"]["title"])


def test_a_refused_row_writes_no_document_reference_over_the_pdfs_own(tmp_path, fake_pool):
    """A row refused as a duplicate (or as another job file's output) rendered nothing, but its
    DocumentReference replaced the PDF's own: beta's title filed in the EHR over alpha's PDF."""
    out = tmp_path / "out"
    beta = FIXTURES / "topics" / "beta.yaml"
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f"topic,audience,output\n{ALPHA},clinician,a.pdf\n{beta},clinician,a.pdf\n", encoding="utf-8")
    fake_pool()
    result = batch(jobs, "--out", out, "--document-references")
    assert_clean_exit(result, 1)  # the duplicate row failed
    assert "Alpha condition" in _reference_title(out, "a.fhir.json")

    other = tmp_path / "other.csv"
    other.write_text(f"topic,audience,output\n{beta},clinician,a.pdf\n", encoding="utf-8")
    fake_pool()
    assert_clean_exit(batch(other, "--out", out, "--document-references"), 1)  # another job file's a.pdf
    assert "Alpha condition" in _reference_title(out, "a.fhir.json")
