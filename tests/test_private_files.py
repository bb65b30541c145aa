"""A file naming a patient is readable by its owner alone; every other file as the umask says (handouts.atomic).

Every document used to be made mode 644 by an explicit chmod, whatever the umask: on a shared
computer any local user could read each patient's handout, diet sheet and DocumentReference,
even where the administrator had set umask 077 for exactly that. Documents are written as
HTML here (the same view, without a PDF render) where the format does not matter.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cliutil import assert_clean_exit, run
from handouts.atomic import PRIVATE, write_atomic

ROOT = Path(__file__).resolve().parent.parent
CUSTOMISATION = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"


@contextlib.contextmanager
def umask(value: int) -> Iterator[None]:
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_file_gets_the_mode_the_umask_allows_unless_it_is_private(tmp_path):
    for mask, expected in ((0o022, 0o644), (0o077, 0o600), (0o027, 0o640)):
        with umask(mask):
            write_atomic(tmp_path / "plain.pdf", b"%PDF-")
            write_atomic(tmp_path / "named.pdf", b"%PDF-", mode=PRIVATE)
        assert mode(tmp_path / "plain.pdf") == expected, oct(mask)
        assert mode(tmp_path / "named.pdf") == 0o600, oct(mask)


def test_a_handout_with_a_patients_details_is_the_owners_alone(tmp_path):
    with umask(0o022):
        assert_clean_exit(run("render", "leaky-gut", "--audience", "patient", "--patient-name", "Zebulon Quixote",
                              "-o", tmp_path / "named.html"), 0)
        assert_clean_exit(run("render", "leaky-gut", "--audience", "patient", "--omit", "probiotics",
                              "-o", tmp_path / "chosen.html"), 0)  # choices made for one patient are theirs too
        assert_clean_exit(run("render", "leaky-gut", "--audience", "patient", "-o", tmp_path / "plain.html"), 0)
    assert mode(tmp_path / "named.html") == 0o600
    assert mode(tmp_path / "chosen.html") == 0o600
    assert mode(tmp_path / "plain.html") == 0o644, "a handout for any patient may be shared"


def test_a_customised_diet_sheet_is_the_owners_alone(tmp_path):
    with umask(0o022):
        assert_clean_exit(run("diet", "--customize", CUSTOMISATION, "-o", tmp_path / "sam.html"), 0)
    assert mode(tmp_path / "sam.html") == 0o600


def test_a_document_reference_naming_the_patient_is_the_owners_alone(tmp_path):
    with umask(0o022):
        assert_clean_exit(run("render", "leaky-gut", "--audience", "clinician", "-o", tmp_path / "brief.pdf",
                              "--fhir", tmp_path / "brief.fhir.json", "--patient-ref", "Patient/123"), 0)
    assert mode(tmp_path / "brief.fhir.json") == 0o600
    assert mode(tmp_path / "brief.pdf") == 0o644, "the brief itself is the same for every patient"
    with umask(0o022):  # no reference, but the PDF inside it names the patient
        assert_clean_exit(run("render", "leaky-gut", "--audience", "patient", "--patient-name", "Zebulon Quixote",
                              "-o", tmp_path / "zq.pdf", "--fhir", tmp_path / "zq.fhir.json",
                              "--attachment", "inline"), 0)
    assert (mode(tmp_path / "zq.pdf"), mode(tmp_path / "zq.fhir.json")) == (0o600, 0o600)


def test_batch_writes_a_personalised_job_for_its_owner_alone(tmp_path):
    from handouts.batch.jobs import DietJob, Job
    from handouts.batch.worker import write_output

    named = Job("p/0001.pdf", "t.yaml", "b.yaml", "patient", person=(("patient_name", "Zebulon Quixote"),))
    sheet = DietJob("d/0002.pdf", "low-fodmap", str(CUSTOMISATION), "default")
    plain = Job("leaky-gut-patient.pdf", "t.yaml", "b.yaml", "patient")
    with umask(0o022):
        for job in (named, sheet, plain):
            write_output(tmp_path, job, b"%PDF-")
    assert (mode(tmp_path / named.output), mode(tmp_path / sheet.output), mode(tmp_path / plain.output)) == (
        0o600, 0o600, 0o644)


def test_batch_writes_a_personalised_rows_document_reference_for_its_owner_alone(tmp_path):
    """A personalised row's PDF was written 600, its DocumentReference 644 beside it: with --attachment inline
    that file is the same PDF (the patient's name, notes and visit date in its base64), readable by any local
    user. The reference of a row with no patient details stays as the umask says."""
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("topic,audience,patient_name,output\nleaky-gut,patient,Zebulon Quixote,0001.pdf\n"
                    "leaky-gut,patient,,plain.pdf\n", encoding="utf-8")
    with umask(0o022):
        assert_clean_exit(run("batch", jobs, "--out", tmp_path / "out", "--allow-draft", "--document-references",
                              "--attachment", "inline", "-q", "--jobs", "1"), 0)  # one worker start
    out = tmp_path / "out"
    assert (mode(out / "0001.pdf"), mode(out / "0001.fhir.json")) == (0o600, 0o600)
    assert (mode(out / "plain.pdf"), mode(out / "plain.fhir.json")) == (0o644, 0o644)


@pytest.mark.parametrize("personal", [True, False])
def test_the_api_writes_a_personalised_document_for_its_owner_alone(tmp_path, personal):
    from handouts import api

    details = {"patient_name": "Zebulon Quixote"} if personal else {}
    document = api.patient_handout("leaky-gut", format="html", **details)
    with umask(0o022):
        document.write(tmp_path / "out.html")
    assert mode(tmp_path / "out.html") == (0o600 if personal else 0o644)
