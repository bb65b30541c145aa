"""A job that fails leaves the PDF of an earlier run in place; the manifest still says what that file is.

Its entry said only "failed": the file in the folder (a handout staff may still
print) had no record of its inputs, approval or hash any more.
"""

from __future__ import annotations

from pathlib import Path

from batchutil import install_fake_pool, manifest, sha256
from handouts.batch import jobs as joblist
from handouts.batch import runner

ALPHA = Path(__file__).parent / "fixtures" / "batch" / "topics" / "alpha.yaml"


def _run(tmp_path: Path, rows: list[str], force: bool = True) -> runner.Summary:
    """A run that renders every job (--force: the stand-in's PDFs never change, so they would be skipped)."""
    path = tmp_path / "jobs.csv"
    path.write_text("topic,audience,output\n" + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    source = joblist.JobFile(path, joblist.OutputPattern(joblist.DEFAULT_PATTERN))
    return runner.run_batch(source, runner.Options(out_dir=tmp_path / "out", jobs=1, force=force), total=source.total)


def test_a_failed_jobs_entry_keeps_the_earlier_pdf_it_left_in_place(tmp_path, monkeypatch):
    out = tmp_path / "out"
    rows = [f"{ALPHA},clinician,p/{n}.pdf" for n in (1, 2, 3)]
    install_fake_pool(monkeypatch)
    assert _run(tmp_path, rows).rendered == 3
    made = manifest(out)["jobs"]

    install_fake_pool(monkeypatch, fail=frozenset({"p/2.pdf"}))  # e.g. its topic is now overdue for review
    broken = [rows[0], rows[1], f"{ALPHA},nobody,p/3.pdf"]  # and row 3 was broken by an edit
    assert _run(tmp_path, broken).failed == 2
    jobs = manifest(out)["jobs"]
    for name in ("p/2.pdf", "p/3.pdf"):
        assert jobs[name]["status"] == "failed" and not jobs[name].get("sha256")
        previous = jobs[name]["previous"]
        assert previous["sha256"] == made[name]["sha256"] == sha256(out / name)
        assert previous["review"] == made[name]["review"] and previous["inputs"] == made[name]["inputs"]
        assert previous["status"] == "rendered"
    assert "previous" not in jobs["p/1.pdf"]

    _run(tmp_path, broken)  # failing again: what is known of the file is carried on
    assert manifest(out)["jobs"]["p/2.pdf"]["previous"]["sha256"] == made["p/2.pdf"]["sha256"]

    (out / "p" / "2.pdf").unlink()  # once the file is gone, nothing of it is left to describe
    _run(tmp_path, broken)
    assert "previous" not in manifest(out)["jobs"]["p/2.pdf"]
    assert "previous" in manifest(out)["jobs"]["p/3.pdf"]
