"""`handouts batch` end to end: real worker processes rendering small one-page topics.

Each run starts worker processes (about a second for WeasyPrint's import), so
the tests group their checks into few runs and use --jobs 1 or 2.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pypdf

from batchutil import manifest, rerun, sha256
from cliutil import command

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "batch"
NAMES = ("Zebulon", "Quixote", "Marguerite", "Okonkwo")

# Runs the CLI in a fresh interpreter and reports, at exit, whether the parent imported WeasyPrint.
PROBE = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('parent imported weasyprint: %s\\n' % ('weasyprint' in sys.modules)))\n"
    "from handouts.cli import main\n"
    "main(sys.argv[1:], prog_name='handouts')\n"
)


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages))


run = command("batch")


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE, "batch", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def leftovers(out: Path) -> list[Path]:
    """Temp files and journals that a clean run must not leave."""
    return [p for p in out.rglob("*") if p.name.endswith(".part") or p.name == "manifest.jsonl"]


def copy_topics(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "topics"
    folder.mkdir()
    for name in names:
        shutil.copy(next(FIXTURES.rglob(name)), folder / name)
    return folder


def test_library_renders_then_skips_then_forces_byte_identical(tmp_path):
    topics = copy_topics(tmp_path, "alpha.yaml", "beta.yaml")
    out = tmp_path / "out"
    common = ["--topics", topics, "--brands", "default,riverside", "--out", out, "--jobs", "2"]

    # 1. first run, in its own interpreter: all 8 render; the parent never imports WeasyPrint
    first = run_process(*common)
    assert first.returncode == 0, first.stderr
    assert "parent imported weasyprint: False" in first.stderr
    lines = first.stdout.splitlines()
    assert len([line for line in lines if line.startswith("rendered ")]) == 8
    # a brief is its At-a-glance page, then its details: 2 pages even for a small topic
    assert re.search(r"^rendered riverside/beta-clinician\.pdf  2 pages, [\d.]+ s$", first.stdout, re.M)
    assert re.search(r"^rendered riverside/beta-patient\.pdf  1 page, [\d.]+ s$", first.stdout, re.M)
    assert "8 jobs: 8 rendered, 0 skipped, 0 failed" in first.stdout
    data = manifest(out)
    assert len(data["jobs"]) == 8 and data["last_run"]["rendered"] == 8
    entry = data["jobs"]["riverside/alpha-patient.pdf"]
    pdf = out / "riverside" / "alpha-patient.pdf"
    assert entry["status"] == "rendered" and entry["error"] is None
    assert entry["sha256"] == sha256(pdf) and entry["bytes"] == pdf.stat().st_size
    assert entry["pages"] == len(pypdf.PdfReader(str(pdf)).pages) == 1
    assert entry["seconds"] > 0
    assert entry["job"] == {"topic": str((topics / "alpha.yaml").resolve()),
                            "brand": str((ROOT / "data/brands/riverside.yaml").resolve()),
                            "audience": "patient", "language": None, "variant": "ua", "personalisation": None}
    assert set(entry["inputs"]) == {"topic", "brand", "logo"}  # the Riverside logo is an input too
    assert entry["inputs"]["logo"]["sha256"] == sha256(ROOT / "data/brands/riverside/logo.svg")
    assert entry["review"]["status"] == "approved" and entry["review"]["mark"] is None
    assert entry["environment"] == __import__("handouts.batch.fingerprint", fromlist=["x"]).digest(data["environment"])
    assert leftovers(out) == []
    first_hashes = {name: e["sha256"] for name, e in data["jobs"].items()}

    # 2. nothing changed: everything is skipped, and no worker (no WeasyPrint) is started
    second = rerun(out, *common, "--format", "json")
    assert second.exit_code == 0, second.output
    summary = json.loads(second.stdout)
    assert (summary["rendered"], summary["skipped"], summary["failed"]) == (0, 8, 0)
    assert summary["workers"] == [] and summary["exit_code"] == 0
    assert {e["status"] for e in manifest(out)["jobs"].values()} == {"skipped"}

    # 3. --force renders all again, byte for byte the same (whichever worker got which job)
    third = rerun(out, *common, "--quiet")
    assert third.exit_code == 0 and third.output == ""
    # one slot, so no more workers start than the recycling needs (the first run had two)
    forced = run(*common, "--force", "--format", "json", "--recycle-after", "4", "--jobs", "1")
    summary = json.loads(forced.stdout)
    assert summary["rendered"] == 8
    # workers are replaced after 4 documents each: with one slot, a second process took over from the first
    assert len(summary["workers"]) >= 2 and all(w["jobs"] <= 4 for w in summary["workers"])
    assert all(0 < w["peak_rss_kb"] < 1024 * 1024 for w in summary["workers"])
    assert {name: e["sha256"] for name, e in manifest(out)["jobs"].items()} == first_hashes
    assert all(sha256(out / name) == digest for name, digest in first_hashes.items())

    # 4. what changed renders, what did not is skipped: a topic edit (approved again), a deleted and an
    # edited output
    alpha = topics / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("title: Alpha condition", "title: Alpha condition, revised"))
    approved = command("approve")(alpha, "--reviewer", "Dr. Test Reviewer", "--reviewed", "2025-01-10")
    assert approved.exit_code == 0, approved.output
    (out / "default" / "beta-patient.pdf").unlink()
    (out / "riverside" / "beta-patient.pdf").write_bytes(b"%PDF-1.7 edited by hand")
    before = manifest(out)["environment"]
    fourth = run(*common, "--jobs", "1")
    assert fourth.exit_code == 0, fourth.output
    rendered = sorted(re.findall(r"^rendered (\S+)", fourth.stdout, re.M))
    if manifest(out)["environment"] != before:  # the checkout changed meanwhile: everything rightly renders
        assert len(rendered) == 8
        return
    assert rendered == ["default/alpha-clinician.pdf", "default/alpha-patient.pdf", "default/beta-patient.pdf",
                        "riverside/alpha-clinician.pdf", "riverside/alpha-patient.pdf", "riverside/beta-patient.pdf"]
    assert sorted(re.findall(r"^skipped  (\S+)  up to date", fourth.stdout, re.M)) == [
        "default/beta-clinician.pdf", "riverside/beta-clinician.pdf"]
    assert sha256(out / "riverside" / "beta-patient.pdf") == first_hashes["riverside/beta-patient.pdf"]
    assert "revised" in pdf_text(out / "default" / "alpha-patient.pdf")
    assert leftovers(out) == []


def test_one_bad_topic_fails_alone_and_drafts_need_allow_draft(tmp_path):
    topics = copy_topics(tmp_path, "alpha.yaml", "broken.yaml", "draft-gamma.yaml")
    out = tmp_path / "out"
    common = ["--topics", topics, "--audiences", "patient", "--pattern", "{topic}.pdf", "--out", out, "--jobs", "1"]

    result = run(*common)
    assert result.exit_code == 1
    assert (out / "alpha.pdf").is_file()
    assert not (out / "broken.pdf").exists() and not (out / "draft-gamma.pdf").exists()
    assert "3 jobs: 1 rendered, 0 skipped, 2 failed" in result.stderr
    assert re.search(r"broken\.yaml:17:9: sections\[0\]\.recommendations\[0\]\.dosage: unknown key 'dosage'",
                     result.stderr)
    assert re.search(r"draft-gamma\.yaml:28:3: review\.status: not approved: under_review; use --allow-draft",
                     result.stderr)
    jobs = manifest(out)["jobs"]
    assert jobs["alpha.pdf"]["status"] == "rendered"
    assert jobs["broken.pdf"]["status"] == "failed" and "dosage" in jobs["broken.pdf"]["error"]
    assert jobs["draft-gamma.pdf"]["status"] == "failed"
    assert "not approved: under_review; use --allow-draft" in jobs["draft-gamma.pdf"]["error"]

    before = manifest(out)["environment"]
    drafts = run(*common, "--allow-draft", "--format", "json")
    assert drafts.exit_code == 1
    summary = json.loads(drafts.stdout)
    if manifest(out)["environment"] == before:
        assert (summary["rendered"], summary["skipped"], summary["failed"]) == (1, 1, 1)
    else:  # someone edited templates/styles/code in this checkout meanwhile: alpha rightly renders again
        assert (summary["rendered"], summary["skipped"], summary["failed"]) == (2, 0, 1)
    assert [f["output"] for f in summary["failures"]] == ["broken.pdf"]
    assert "DRAFT" in pdf_text(out / "draft-gamma.pdf")
    assert manifest(out)["jobs"]["draft-gamma.pdf"]["review"]["mark"] == "DRAFT"
    assert leftovers(out) == []


def test_job_files_personalise_without_leaking_names(tmp_path):
    out = tmp_path / "out"
    result = run(FIXTURES / "jobs.csv", "--out", out, "--jobs", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rendered"] == 3
    assert "Zebulon Quixote" in pdf_text(out / "patients" / "0001.pdf")
    assert "Marguerite Okonkwo-Vance" in pdf_text(out / "patients" / "0002.pdf")
    entry = manifest(out)["jobs"]["patients/0001.pdf"]
    assert re.fullmatch(r"hmac-sha256:[0-9a-f]{64}", entry["job"]["personalisation"])
    assert entry["origin"].endswith("jobs.csv:2")

    bad = run(FIXTURES / "bad-jobs.csv", "--out", out, "--jobs", "1")
    assert bad.exit_code == 1
    assert (out / "good.pdf").is_file()
    assert "5 jobs: 1 rendered, 0 skipped, 4 failed" in bad.stderr
    assert re.search(r"bad-jobs\.csv:3:\d+: audience: audience must be one of patient, clinician", bad.stderr)
    assert re.search(r"bad-jobs\.csv:5:\d+: output: output path contains the patient's name", bad.stderr)

    everything = result.output + bad.output + (out / "manifest.json").read_text(encoding="utf-8")
    for name in NAMES:
        assert name.lower() not in everything.lower()
    assert not any(name.lower() in p.as_posix().lower() for p in out.rglob("*") for name in NAMES)


def test_bad_personalisation_fails_its_job_with_the_row_and_no_name(write, tmp_path):
    alpha = FIXTURES / "topics" / "alpha.yaml"
    jobs = write("jobs.csv", "topic,audience,output,patient_name,include,visit_date\n"
                             f"{alpha},patient,a.pdf,Zebulon Quixote,fluidz,\n"
                             f"{alpha},patient,b.pdf,Zebulon Quixote,,14/07/2025\n")
    result = run(jobs, "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 1
    assert re.search(r"jobs\.csv:2: include 'fluidz': no such item in topic 'alpha'; did you mean 'fluids'\?",
                     result.stderr)
    assert re.search(r"jobs\.csv:3:\d+: visit_date: not a date in the accepted format: write dates as YYYY-MM-DD",
                     result.stderr)
    assert "zebulon" not in (result.output + (tmp_path / "out" / "manifest.json").read_text()).lower()


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _workers(pid: int) -> list[int]:
    """The render workers among `pid`'s children (multiprocessing's resource tracker is left out)."""
    found = []
    for child in _children(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
        except OSError:
            continue
    return found


def _running(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie, dead but not yet reaped, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _patients_csv(path: Path, count: int) -> Path:
    alpha = FIXTURES / "topics" / "alpha.yaml"
    rows = [f"{alpha},patient,p/{n:04d}.pdf,Zebulon Quixote {n}" for n in range(1, count + 1)]
    path.write_text("topic,audience,output,patient_name\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _wait_for(predicate, seconds: float = 120) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def _start(args: list[str], log: Path) -> subprocess.Popen:
    with log.open("w") as handle:
        return subprocess.Popen([sys.executable, "-m", "handouts", "batch", *map(str, args)], cwd=ROOT,
                                stdout=handle, stderr=subprocess.STDOUT)


def test_ctrl_c_stops_cleanly_and_the_next_run_resumes(tmp_path):
    count = 24
    jobs = _patients_csv(tmp_path / "patients.csv", count)
    out = tmp_path / "out"
    args = [jobs, "--out", out, "--jobs", "2"]
    process = _start(args, tmp_path / "first.log")
    _wait_for(lambda: len(list((out / "p").glob("*.pdf"))) >= 3 if (out / "p").is_dir() else False)
    workers = _workers(process.pid)  # seen while the run is live: once it has exited, it has no children to list
    assert workers
    process.send_signal(2)  # SIGINT, as Ctrl-C would
    assert process.wait(timeout=60) == 130
    log = (tmp_path / "first.log").read_text()
    assert "interrupted after" in log and "run the same command again to resume" in log

    assert leftovers(out) == []  # no temp files, no journal: the manifest was compacted
    assert not [pid for pid in workers if _running(pid)]  # the run stopped its workers before it exited
    first = manifest(out)
    assert first["last_run"]["interrupted"] is True
    done = first["jobs"]
    pdfs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert 3 <= len(pdfs) < count
    assert sorted(done) == pdfs  # every file on disk is recorded, and complete
    assert all(done[name]["status"] == "rendered" and done[name]["sha256"] == sha256(out / name) for name in pdfs)

    second = run(*args, "--jobs", "1")  # in-process: resuming is the runner's, not the process's
    assert second.exit_code == 0, second.output
    log2 = second.output
    if manifest(out)["environment"] == first["environment"]:
        assert f"{count} jobs: {count - len(pdfs)} rendered, {len(pdfs)} skipped, 0 failed" in log2
    else:  # someone edited templates/styles/code in this checkout meanwhile: all rightly render again
        assert f"{count} jobs: {count} rendered, 0 skipped, 0 failed" in log2
    assert len(list((out / "p").glob("*.pdf"))) == count and leftovers(out) == []
    for name in NAMES[:2]:
        assert name.lower() not in (log + log2).lower()


# Job 3 is sent to the worker, which is then killed before it can render or write it. The kill came
# from the test once 2 PDFs were on disk: under load it could land while the worker was between
# jobs (no job lost, or the run ended on the dead pipe) or after it wrote its third file.
def _kill_the_worker_holding_job_3(real_submit):  # noqa: ANN001, ANN202 - runner.Pool.submit, patched
    def submit(self, seq, job):  # noqa: ANN001, ANN202
        if seq != 3:
            return real_submit(self, seq, job)
        worker = next(w for w in self.workers if w.job is None)
        os.kill(worker.process.pid, signal.SIGSTOP)  # held still: job 3 waits in its pipe, unread
        real_submit(self, seq, job)
        os.kill(worker.process.pid, signal.SIGKILL)
        return None

    return submit


# The worker dies between jobs 2 and 3 (as the OOM killer may take it), before the run hands it job 3.
def _kill_the_idle_worker_before_job_3(real_submit):  # noqa: ANN001, ANN202 - runner.Pool.submit, patched
    def submit(self, seq, job):  # noqa: ANN001, ANN202
        if seq == 3:
            worker = next(w for w in self.workers if w.job is None)
            worker.process.kill()
            worker.process.join()
        return real_submit(self, seq, job)

    return submit


# (In-process: the pool is patched in this process, the parent of the workers; a run's own process is no part
# of what these two tests hold.)
def test_a_worker_that_dies_fails_only_its_job(tmp_path, monkeypatch):
    from handouts.batch import runner

    monkeypatch.setattr(runner.Pool, "submit", _kill_the_worker_holding_job_3(runner.Pool.submit))
    jobs = _patients_csv(tmp_path / "patients.csv", 4)
    out = tmp_path / "out"
    result = run(jobs, "--out", out, "--jobs", "1")
    assert result.exit_code == 1, result.output
    log = result.output
    assert ("patients.csv:4: the worker process died (killed by signal 9) while rendering this job; "
            "other jobs carry on") in log
    assert re.search(r"4 jobs: 3 rendered, 0 skipped, 1 failed", log)
    assert len(list((out / "p").glob("*.pdf"))) == 3 and leftovers(out) == []
    assert not (out / "p" / "0003.pdf").exists() and (out / "p" / "0004.pdf").exists()


def test_a_worker_that_dies_between_jobs_costs_no_job(tmp_path, monkeypatch):
    """It never saw the next job: a fresh worker renders it. The run had sent the job down the dead
    worker's pipe and ended on BrokenPipeError, exit 1 and not a word said."""
    from handouts.batch import runner

    monkeypatch.setattr(runner.Pool, "submit", _kill_the_idle_worker_before_job_3(runner.Pool.submit))
    jobs = _patients_csv(tmp_path / "patients.csv", 4)
    out = tmp_path / "out"
    result = run(jobs, "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    log = result.output
    assert "4 jobs: 4 rendered, 0 skipped, 0 failed" in log
    assert len(list((out / "p").glob("*.pdf"))) == 4 and leftovers(out) == []
    # replaced without a word, an administrator never learnt that memory ran short: one line, no patient
    said = ("warning: a render worker had stopped while idle (killed by signal 9, perhaps out of memory); "
            "started another")
    assert said in log.splitlines() and log.count("render worker") == 1, log
    assert "zebulon" not in log.lower()


def test_usage_errors_exit_2_and_job_file_errors_exit_1(tmp_path, write):
    out = tmp_path / "out"
    topics = FIXTURES / "topics"
    both = run(FIXTURES / "jobs.csv", "--topics", topics, "--out", out)
    assert both.exit_code == 2 and "not both" in both.output
    assert run("--out", out).exit_code == 2
    brands = run(FIXTURES / "jobs.csv", "--brands", "riverside", "--out", out)
    assert brands.exit_code == 2 and "--brands goes with --topics" in brands.output
    pattern = run("--topics", topics, "--brands", "default,riverside", "--pattern", "{topic}-{audience}.pdf",
                  "--out", out)
    assert pattern.exit_code == 2 and "needs {brand}" in pattern.output
    header = write("jobs.csv", "topic,audience,colour\n")
    bad = run(header, "--out", out)
    assert bad.exit_code == 1 and "jobs.csv:1:16: colour: unknown column" in bad.stderr
    assert not out.exists() or not list(out.rglob("*.pdf"))


def test_one_batch_per_output_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = run("--topics", FIXTURES / "topics", "--out", out)
    finally:
        os.close(fd)
    # the command was right and the folder busy: not a usage error (exit 2 and a usage line)
    assert result.exit_code == 1 and "Usage:" not in result.output, result.output
    assert f"another batch is writing to {out}: this run did not start" in result.output


def test_workers_that_cannot_start_stop_the_run(tmp_path):
    fake = tmp_path / "fake" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('no Pango here (a test stand-in)')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake.parent), str(ROOT)])}
    done = subprocess.run([sys.executable, "-m", "handouts", "batch", "--topics", FIXTURES / "topics",
                           "--out", tmp_path / "out", "--jobs", "1"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert "error: worker processes exit before they can render" in done.stderr
    assert not list((tmp_path / "out").rglob("*.pdf")) and leftovers(tmp_path / "out") == []


def _one_job_in_a_worker_stopped_by(patch: str, out: Path) -> object | None:
    """Run a batch worker with `patch` applied (code that sends it SIGTERM at some moment), hand it one
    job, and wait for it to exit 143; what it reported for the job, or None if it reported nothing."""
    import socket
    from multiprocessing.connection import Connection

    from handouts.batch.jobs import Job

    script = patch + (
        "\nfrom multiprocessing.connection import Connection\nfrom handouts.batch import worker\n"
        "worker.main(Connection(int(sys.argv[1])), worker.Settings(sys.argv[2], "
        "__import__('datetime').date(2026, 1, 1), allow_draft=True))\n")
    ours, theirs = socket.socketpair()
    out.mkdir()
    process = subprocess.Popen([sys.executable, "-c", script, str(theirs.fileno()), str(out)],
                               cwd=ROOT, pass_fds=[theirs.fileno()], stderr=subprocess.PIPE, text=True)
    theirs.close()
    conn = Connection(ours.detach())
    try:
        assert conn.poll(120), "the worker never became ready"
        assert conn.recv()[0] == "ready"
        conn.send((1, Job("a.pdf", str(ROOT / "data/topics/leaky-gut.yaml"), str(ROOT / "data/brands/default.yaml"),
                          "patient")))
        assert process.wait(timeout=120) == 128 + 15, process.stderr.read()
        if not conn.poll(1):
            return None
        try:
            return conn.recv()  # sent before it exited: still in the socket
        except EOFError:
            return None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        conn.close()


# A worker whose SIGTERM lands right after its file is renamed into place (the
# moment Ctrl-C once left a finished PDF out of the manifest).
SIGTERM_AFTER_WRITE = """
import os, signal, sys
from handouts.batch import worker

real_write = worker.write_output

def write_then_stop(out_dir, job, data):
    real_write(out_dir, job, data)
    os.kill(os.getpid(), signal.SIGTERM)

worker.write_output = write_then_stop
"""


def test_a_worker_stopped_while_writing_reports_the_file_before_it_exits(tmp_path):
    reported = _one_job_in_a_worker_stopped_by(SIGTERM_AFTER_WRITE, tmp_path / "out")
    assert reported is not None, "the worker stopped without reporting the file it wrote"
    seq, outcome = reported  # type: ignore[misc]
    assert (seq, outcome.status, outcome.output) == (1, "rendered", "a.pdf")
    assert outcome.sha256 == sha256(tmp_path / "out" / "a.pdf")


# A worker whose SIGTERM lands while WeasyPrint draws a pictogram: WeasyPrint catches
# BaseException around every SVG it draws, so the stop raised there was swallowed, the
# render failed with "could not load an image", and Ctrl-C left a job recorded as failed.
SIGTERM_IN_SVG = """
import os, signal, sys
import weasyprint.svg

real_draw = weasyprint.svg.SVG.draw

def draw_then_stop(self, *args, **kwargs):
    os.kill(os.getpid(), signal.SIGTERM)  # handled here, inside WeasyPrint's try/except BaseException
    return real_draw(self, *args, **kwargs)

weasyprint.svg.SVG.draw = draw_then_stop
"""


def test_a_worker_stopped_inside_a_library_that_swallows_it_reports_nothing(tmp_path):
    out = tmp_path / "out"
    reported = _one_job_in_a_worker_stopped_by(SIGTERM_IN_SVG, out)
    assert reported is None, f"an interrupted job was reported: {reported}"
    assert not (out / "a.pdf").exists() and leftovers(out) == []
