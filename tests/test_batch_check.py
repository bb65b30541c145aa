"""`handouts batch --check`: every row checked as a worker would, in seconds, before a night's run.

Without it, a brand with a missing logo on row 2000 is found after 1999 documents
have rendered. Nothing here renders: the check itself never imports WeasyPrint.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from cliutil import assert_clean_exit, command

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "batch"
BRANDS = ROOT / "data" / "brands"
NAME = "Zebulon Quixote"

run = command("batch")


def _job_file(tmp_path: Path) -> Path:
    """Good rows, and one row of each kind of problem a run would find only when it reached it."""
    for name in ("alpha.yaml", "draft-gamma.yaml"):
        shutil.copy(next(FIXTURES.rglob(name)), tmp_path / name)
    riverside = (BRANDS / "riverside.yaml").read_text(encoding="utf-8")
    shutil.copytree(BRANDS / "riverside", tmp_path / "riverside")
    (tmp_path / "no-logo.yaml").write_text(riverside.replace("logo: riverside/logo.svg", "logo: gone/logo.svg"),
                                           encoding="utf-8")
    (tmp_path / "bad-colour.yaml").write_text(riverside.replace('primary: "#0b6e69"', 'primary: "#0b6e6"'),
                                              encoding="utf-8")
    rows = [
        "alpha.yaml,clinician,default,ok/1.pdf,,,",
        f"alpha.yaml,patient,riverside,ok/2.pdf,{NAME},2025-07-14,fluids",
        "alpha.yaml,clinician,no-logo.yaml,bad/logo.pdf,,,",
        "alpha.yaml,clinician,bad-colour.yaml,bad/colour.pdf,,,",
        "draft-gamma.yaml,clinician,default,bad/draft.pdf,,,",
        f"alpha.yaml,patient,default,bad/date.pdf,{NAME},14/07/2025,",
        f"alpha.yaml,patient,default,bad/include.pdf,{NAME},2025-07-14,no-such-recommendation",
        "alpha.yaml,clinician,default,OK/1.pdf,,,",
        "alpha.yaml,clinician,default,ok/3.pdf,,,",
    ]
    path = tmp_path / "jobs.csv"
    path.write_text("topic,audience,brand,output,patient_name,visit_date,include\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return path


def test_check_finds_every_bad_row_renders_nothing_and_never_imports_weasyprint(tmp_path):
    jobs = _job_file(tmp_path)
    out = tmp_path / "out"
    probe = ("import sys\nfrom handouts.cli import main\ntry:\n    main(sys.argv[1:], prog_name='handouts')\n"
             "finally:\n    sys.stderr.write('weasyprint imported: %s\\n' % ('weasyprint' in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", probe, "batch", str(jobs), "--out", str(out), "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "weasyprint imported: False" in done.stderr
    assert "Traceback" not in done.stderr and NAME.split()[0] not in done.stdout + done.stderr
    assert done.stdout.splitlines() == [f"ready    ok/{n}.pdf  ({jobs}:{line})" for n, line in ((1, 2), (2, 3), (3, 10))]
    failures = done.stderr
    for output, why in (
        ("bad/logo.pdf", "no-logo.yaml:9:1: logo: logo file 'gone/logo.svg' does not exist"),
        ("bad/colour.pdf", "bad-colour.yaml:15:3: colors.primary: '#0b6e6' is not a colour"),
        ("bad/draft.pdf", "review.status"),
        ("OK/1.pdf", "differ only in capitals or accents"),
        ("bad/include.pdf", "include 'no-such-recommendation': no such item in topic 'alpha'"),
    ):
        assert f"failed   {output}" in failures and why in failures, (output, failures)
    assert f"failed   bad/date.pdf  ({jobs}:7)\n  {jobs}:7:57: visit_date: not a date in the accepted format" in failures
    assert "9 jobs checked: 3 ready, 6 failed in " in failures and "nothing was rendered" in failures
    assert not out.exists()  # not even the folder


def test_check_reports_json_for_tools_and_exits_0_when_every_job_is_ready(tmp_path):
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f"topic,audience,output\n{FIXTURES / 'topics' / 'alpha.yaml'},clinician,a.pdf\n"
                    f"{FIXTURES / 'topics' / 'beta.yaml'},patient,b.pdf\n", encoding="utf-8")
    result = run(jobs, "--check", "--format", "json")  # no --out: a check needs none
    assert_clean_exit(result, 0)
    summary = json.loads(result.stdout)
    assert summary["checked"] is True and summary["ready"] == 2 and summary["total"] == 2
    assert summary["rendered"] == 0 and summary["failed"] == 0 and summary["not_run"] == 0
    assert summary["out"] is None and summary["manifest"] is None


def test_check_quiet_prints_nothing_when_all_is_well(tmp_path):
    result = run("--topics", FIXTURES / "topics", "--out", tmp_path / "out", "--check", "-q")
    assert_clean_exit(result, 0)
    assert result.output == ""


def test_check_says_which_ready_jobs_the_run_will_skip_as_up_to_date(tmp_path, monkeypatch):
    """--check said 'ready' alike for a job the run renders and one it skips: a manager could not tell a
    night's 300 renders from a run that has nothing left to do."""
    from batchutil import install_fake_pool

    install_fake_pool(monkeypatch)
    for name in ("alpha.yaml", "beta.yaml"):
        shutil.copy(FIXTURES / "topics" / name, tmp_path / name)
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f"topic,audience,output\n{tmp_path / 'alpha.yaml'},clinician,a.pdf\n"
                    f"{tmp_path / 'beta.yaml'},clinician,b.pdf\n", encoding="utf-8")
    out = tmp_path / "out"
    assert_clean_exit(run(jobs, "--out", out), 0)
    beta = tmp_path / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # edited since: renders again

    checked = run(jobs, "--out", out, "--check")
    assert_clean_exit(checked, 0)
    assert checked.stdout.splitlines()[:2] == [f"ready    a.pdf  ({jobs}:2)  up to date", f"ready    b.pdf  ({jobs}:3)"]
    assert "2 jobs checked: 2 ready (1 up to date: the run skips them), 0 failed" in checked.stdout
    summary = json.loads(run(jobs, "--out", out, "--check", "--format", "json").stdout)
    assert (summary["ready"], summary["up_to_date"]) == (2, 1)
    assert json.loads(run(jobs, "--out", out, "--check", "--force", "--format", "json").stdout)["up_to_date"] == 0
    ran = run(jobs, "--out", out)
    assert "skipped  a.pdf" in ran.stdout and "rendered b.pdf" in ran.stdout
