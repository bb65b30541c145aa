"""What a security review found getting through, each held shut by a test.

Every test here failed before its fix; each names the rule it protects (README, "What never changes").
"""

from __future__ import annotations

from pathlib import Path

from cliutil import run


def test_a_refused_batch_job_writes_none_of_the_patients_dates_to_the_manifest_or_the_log(tmp_path: Path):
    """Patient details reach the PDF only: a follow-up before the visit is refused without quoting the dates."""
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("topic,audience,patient_name,visit_date,follow_up\n"
                    "leaky-gut,patient,Ann Lee,2025-07-14,2025-07-01\n", encoding="utf-8")
    result = run("batch", jobs, "--out", tmp_path / "out", "--allow-draft", "--jobs", "1")
    assert result.exit_code == 1, result.output
    manifest = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert "follow-up date" in result.output and "follow-up date" in manifest  # it still says why
    for detail in ("2025-07-14", "2025-07-01", "Ann Lee"):
        assert detail not in result.output and detail not in manifest


def test_a_refused_diet_job_writes_none_of_the_patients_dates_to_the_manifest_or_the_log(tmp_path: Path):
    """The same for a dietitian's customisation whose follow-up comes before its start."""
    (tmp_path / "ann.yaml").write_text("plan: low-fodmap\npatient: Ann Lee\nstart_date: 2025-09-10\n"
                                       "follow_up: 2025-09-01\n", encoding="utf-8")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("customisation,output\nann.yaml,ann.pdf\n", encoding="utf-8")
    result = run("batch", jobs, "--out", tmp_path / "out", "--allow-draft", "--jobs", "1")
    assert result.exit_code == 1, result.output
    manifest = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert "comes before the start date" in result.output and "comes before the start date" in manifest
    for detail in ("2025-09-10", "2025-09-01", "Ann Lee"):
        assert detail not in result.output and detail not in manifest
