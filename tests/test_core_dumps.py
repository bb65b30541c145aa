"""A command given patient details cannot leave them in a core dump of its own process (handouts.cli.private).

In-process runs see the call through conftest's `core_dumps_forbidden` recorder (the real
one would make the test runner undumpable for good); one child process shows the real
effect, read from inside the command at the moment it reads the patient's details.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cliutil import assert_clean_exit, run
from handouts.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent
CUSTOMISATION = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"

PROBE = """
import ctypes, json, os, resource, sys
from handouts.cli import main, render_cmd

soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
if hard != 0:
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))  # as a shell that allows core files would start it
prctl = ctypes.CDLL(None).prctl
before = {"dumpable": prctl(3, 0, 0, 0, 0), "core": resource.getrlimit(resource.RLIMIT_CORE)}  # PR_GET_DUMPABLE

def person(**fields):
    # the patient's details are read here: say what a crash at this moment would leave, and stop
    now = {"dumpable": prctl(3, 0, 0, 0, 0), "core": resource.getrlimit(resource.RLIMIT_CORE)}
    sys.stdout.write(json.dumps({"before": before, "reading": now, "name": fields.get("patient_name")}))
    sys.stdout.flush()
    os._exit(0)

render_cmd._person = person
main(sys.argv[1:], prog_name="handouts")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_render_with_a_patients_name_is_undumpable_before_it_reads_the_name(tmp_path):
    done = subprocess.run([sys.executable, "-c", PROBE, "render", "leaky-gut", "--audience", "patient",
                           "--patient-name", "Zebulon Quixote", "-o", str(tmp_path / "x.pdf")],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["name"] == "Zebulon Quixote", "the probe stood where the name is read"
    assert seen["before"]["dumpable"] == 1, "a new process is dumpable: the probe can tell"
    assert seen["reading"]["dumpable"] == 0
    assert seen["reading"]["core"] == [0, 0]
    assert not (tmp_path / "x.pdf").exists()


def _stop(*args: object, **kwargs: object) -> None:
    raise UsageError("stopped here by the test")


def test_render_forbids_it_first_for_patient_details_only(monkeypatch, core_dumps_forbidden, tmp_path):
    from handouts.cli import render_cmd

    def person(**fields: object) -> None:
        core_dumps_forbidden.append("read the patient's details")
        _stop()

    monkeypatch.setattr(render_cmd, "_person", person)
    monkeypatch.setattr("handouts.documents.topic_inputs", _stop)
    for option, value in (("--patient-name", "Zebulon Quixote"), ("--note", "Take it with food"),
                          ("--date", "2025-07-14")):
        core_dumps_forbidden.clear()
        assert_clean_exit(run("render", "leaky-gut", "--audience", "patient", option, value,
                              "-o", tmp_path / "x.pdf"), 2)
        assert core_dumps_forbidden == ["forbidden", "read the patient's details"], option
    core_dumps_forbidden.clear()
    assert_clean_exit(run("render", "leaky-gut", "--audience", "clinician", "-o", tmp_path / "x.pdf"), 2)
    assert core_dumps_forbidden == [], "a clinician brief holds no patient's details"


def test_a_diet_sheet_from_a_customisation_forbids_it_before_reading_the_file(monkeypatch, core_dumps_forbidden,
                                                                              tmp_path):
    from handouts import loading, yamlsource

    real = yamlsource.read_text

    def read_text(path: Path, *args: object) -> tuple[str, str]:
        if Path(path).name == CUSTOMISATION.name:
            core_dumps_forbidden.append("read the customisation")
        return real(path, *args)

    monkeypatch.setattr(yamlsource, "read_text", read_text)
    monkeypatch.setattr(loading, "read_text", read_text)  # the customisation's own size cap reads through here
    monkeypatch.setattr("handouts.documents.build_view", _stop)
    assert_clean_exit(run("diet", "--customize", CUSTOMISATION, "-o", tmp_path / "x.pdf"), 2)
    assert core_dumps_forbidden[:2] == ["forbidden", "read the customisation"]
    core_dumps_forbidden.clear()
    assert_clean_exit(run("diet", "low-fodmap", "-o", tmp_path / "x.pdf"), 2)
    assert core_dumps_forbidden == [], "a blank sheet names nobody"


def test_a_batch_job_file_forbids_it_before_the_file_is_read(monkeypatch, core_dumps_forbidden, tmp_path):
    from handouts.batch import jobs

    def job_file(*args: object, **kwargs: object) -> None:
        core_dumps_forbidden.append("read the job file")
        _stop()

    monkeypatch.setattr(jobs, "JobFile", job_file)
    (tmp_path / "jobs.csv").write_text("topic,audience,patient_name\nleaky-gut,patient,Zebulon Quixote\n")
    assert_clean_exit(run("batch", tmp_path / "jobs.csv", "--out", tmp_path / "out"), 2)
    assert core_dumps_forbidden == ["forbidden", "read the job file"]
    core_dumps_forbidden.clear()
    monkeypatch.setattr(jobs, "CrossProduct", _stop)
    assert_clean_exit(run("batch", "--topics", "leaky-gut", "--out", tmp_path / "out"), 2)
    assert core_dumps_forbidden == [], "--topics batches print no patient's details"


def test_serve_forbids_it_before_it_takes_a_visit(monkeypatch, core_dumps_forbidden):
    def serve(*args: object) -> None:
        core_dumps_forbidden.append("serving")

    monkeypatch.setattr("handouts.web.server.serve", serve)
    assert_clean_exit(run("serve", "--port", "0"), 0)
    assert core_dumps_forbidden == ["forbidden", "serving"]


def test_a_patient_reference_forbids_it_even_on_a_clinician_brief(monkeypatch, core_dumps_forbidden, tmp_path):
    """--patient-ref ties the document to one patient in the EHR: it was the one patient detail not counted."""
    def check(fhir_file: object, attachment: object, patient_ref: str | None, *rest: object) -> None:
        core_dumps_forbidden.append(f"read the patient reference {patient_ref}")
        _stop()

    monkeypatch.setattr("handouts.cli.fhir_output.check", check)
    monkeypatch.setattr("handouts.documents.write_document", _stop)
    assert_clean_exit(run("render", "leaky-gut", "--audience", "clinician", "-o", tmp_path / "x.pdf",
                          "--fhir", tmp_path / "x.fhir.json", "--patient-ref", "Patient/123"), 2)
    assert core_dumps_forbidden == ["forbidden", "read the patient reference Patient/123"]
    core_dumps_forbidden.clear()
    assert_clean_exit(run("render", "leaky-gut", "--audience", "clinician", "-o", tmp_path / "x.pdf",
                          "--fhir", tmp_path / "x.fhir.json"), 2)
    assert core_dumps_forbidden == ["read the patient reference None"], "a DocumentReference without a patient"


def test_users_add_forbids_it_before_it_reads_the_password(monkeypatch, core_dumps_forbidden, tmp_path):
    from handouts.cli import users_cmd

    def password() -> str:
        core_dumps_forbidden.append("read the password")
        raise UsageError("stopped here by the test")

    (tmp_path / "handouts.toml").write_text('schema = 1\ndata = []\n\n[serve]\nusers = "users.txt"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(users_cmd, "_piped_password", password)
    assert_clean_exit(run("users", "add", "alice", input="a long passphrase\na long passphrase\n"), 2)
    assert core_dumps_forbidden == ["forbidden", "read the password"]
    core_dumps_forbidden.clear()
    assert_clean_exit(run("users", "list"), 0)
    assert core_dumps_forbidden == [], "listing names reads no password"


def test_validate_and_lint_forbid_it_when_they_read_a_customisation(monkeypatch, core_dumps_forbidden, clinic):
    """A customisation names its patient, with allergies and notes: checking one holds them as printing does."""
    from handouts import yamlsource

    real = yamlsource.read_text

    def read_text(path: Path, *args: object) -> tuple[str, str]:
        if Path(path).parent.name == "customisations":
            core_dumps_forbidden.append("read a customisation")
        return real(path, *args)

    monkeypatch.setattr(yamlsource, "read_text", read_text)
    monkeypatch.setattr("handouts.loading.read_text", read_text)
    mine = clinic / "data" / "customisations" / "sam-low-fodmap.yaml"
    for args in (("validate", mine), ("lint", mine), ("validate",), ("validate", "--kind", "diet-customisation", mine)):
        core_dumps_forbidden.clear()
        run(*args)
        assert core_dumps_forbidden[:2] == ["forbidden", "read a customisation"], args
    core_dumps_forbidden.clear()
    assert_clean_exit(run("upgrade"), 0)  # reads (and may rewrite) every file of the workspace
    assert core_dumps_forbidden == ["forbidden"]
    core_dumps_forbidden.clear()
    run("validate", clinic / "data" / "topics" / "leaky-gut.yaml")
    run("lint", clinic / "data" / "topics")
    assert core_dumps_forbidden == [], "topics name nobody"


def test_a_customisation_kept_outside_its_folder_is_protected_too(monkeypatch, core_dumps_forbidden, clinic, tmp_path):
    """A dietitian checks ~/Downloads/sam.yaml: no folder names its kind, so only its contents, read
    after the point where protection must already be on, would say it is a patient's."""
    from handouts import yamlsource

    real, real_saved = yamlsource.read_text, yamlsource.read_saved_text

    def read_text(path: Path) -> tuple[str, str]:
        core_dumps_forbidden.append(f"read {Path(path).name}")
        return real(path)

    def read_saved_text(path: Path) -> tuple[str, str]:  # a file of no known kind: its size is capped once known
        core_dumps_forbidden.append(f"read {Path(path).name}")
        return real_saved(path)

    monkeypatch.setattr(yamlsource, "read_text", read_text)
    monkeypatch.setattr("handouts.loading.read_text", read_text)
    monkeypatch.setattr("handouts.loading.read_saved_text", read_saved_text)
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    loose = downloads / "sam.yaml"
    loose.write_bytes((clinic / "data" / "customisations" / "sam-low-fodmap.yaml").read_bytes())
    for args in (("validate", loose), ("lint", loose), ("validate", downloads)):
        core_dumps_forbidden.clear()
        run(*args)
        assert core_dumps_forbidden[:2] == ["forbidden", "read sam.yaml"], args
    core_dumps_forbidden.clear()
    topic = downloads / "leaky-gut.yaml"
    topic.write_bytes((clinic / "data" / "topics" / "leaky-gut.yaml").read_bytes())
    run("validate", "--kind", "topic", topic)  # read as a topic: it names nobody
    run("validate", clinic / "data" / "topics")  # a kind's folder: each file's folder names its kind
    assert "forbidden" not in core_dumps_forbidden, core_dumps_forbidden
