"""Batch fingerprints, manifest journal and temp-file sweeping. No rendering."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from handouts.approval import content_hash, effective_status
from handouts.batch import fingerprint
from handouts.batch.jobs import Job
from handouts.batch.manifest import Manifest
from handouts.batch.runner import sweep_temp_files
from handouts.batch.worker import redact
from handouts.context import Context
from handouts.loading import load_topic
from handouts.views.frame import review_mark

FIXTURES = Path(__file__).parent / "fixtures" / "batch"


@pytest.mark.parametrize("status", ["draft", "under_review", "approved", "changed", "unrecorded"])
@pytest.mark.parametrize("next_review", [None, date(2025, 6, 30), date(2025, 7, 1), date(2025, 7, 2)])
def test_review_mark_from_the_manifest_matches_the_views(status, next_review):
    as_of = date(2025, 7, 1)
    topic = load_topic(FIXTURES / "topics" / "alpha.yaml", Context.default())
    hashes = {"approved": content_hash(topic), "changed": "0" * 64, "unrecorded": None}
    review = topic.review.model_copy(update={
        "status": status if status in ("draft", "under_review") else "approved",
        "next_review": next_review, "content_sha256": hashes.get(status)})
    topic = topic.model_copy(update={"review": review})
    recorded = next_review.isoformat() if next_review else None
    # the worker records the effective status; the manifest's mark must match the views' from it
    assert fingerprint.review_mark(effective_status(topic), recorded, as_of) == review_mark(topic, as_of)


def test_personalisation_is_an_hmac_with_the_users_key_never_stored():
    person = (("patient_name", "Zebulon Quixote"), ("visit_date", "2025-07-14"))
    key_a, key_b = b"a" * 32, b"b" * 32
    one = fingerprint.person_digest(person, key_a)
    assert one and "Zebulon" not in one and re.fullmatch(r"hmac-sha256:[0-9a-f]{64}", one)
    assert one == fingerprint.person_digest(person, key_a)
    assert one != fingerprint.person_digest(person, key_b)
    assert one != fingerprint.person_digest((("patient_name", "Someone Else"),), key_a)
    assert fingerprint.person_digest((), key_a) is None
    # without a key: a fresh random value each time, so the job always renders
    assert fingerprint.person_digest(person, None) != fingerprint.person_digest(person, None)


def test_file_hashes_read_each_file_once(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("one")
    hashes = fingerprint.FileHashes()
    first = hashes(str(path))
    path.write_text("two")
    assert hashes(str(path)) == first  # one run sees one version of each input
    assert fingerprint.FileHashes()(str(path)) != first
    assert hashes(str(tmp_path / "missing")) is None


def test_environment_covers_templates_styles_fonts_code_and_libraries():
    env = fingerprint.environment()
    assert set(env) == {"handouts", "code", "templates", "styles", "catalogues", "fonts", "libraries"}
    assert env["libraries"]["weasyprint"].startswith("70")
    assert fingerprint.digest(env) == fingerprint.digest(fingerprint.environment())


class Case:
    """A rendered job's manifest entry and the world it was checked in."""

    def __init__(self, tmp_path: Path):
        self.topic = tmp_path / "topic.yaml"
        self.topic.write_text("topic v1")
        self.brand = tmp_path / "brand.yaml"
        self.brand.write_text("brand v1")
        self.output = tmp_path / "out.pdf"
        self.output.write_bytes(b"%PDF-1.7 fake")
        self.job = Job("out.pdf", str(self.topic), str(self.brand), "patient")
        self.spec = fingerprint.job_spec(self.job, b"k" * 32, "ua")
        self.entry = {
            "status": "rendered",
            "job": self.spec,
            "environment": "env",
            "inputs": {"topic": {"path": str(self.topic), "sha256": fingerprint.sha256_file(self.topic)},
                       "brand": {"path": str(self.brand), "sha256": fingerprint.sha256_file(self.brand)}},
            "review": {"status": "approved", "next_review": "2099-01-01", "mark": None},
            "sha256": fingerprint.sha256_file(self.output),
        }

    def reason(self, entry=None, spec=None, env="env", as_of=date(2025, 7, 1), allow_draft=False):
        entry = self.entry if entry is None else entry
        return fingerprint.stale_reason(entry, spec or self.spec, env, fingerprint.FileHashes(), self.output,
                                        as_of, allow_draft)


def test_up_to_date_only_when_nothing_changed(tmp_path):
    case = Case(tmp_path)
    assert case.reason() is None
    assert case.reason(entry={**case.entry, "status": "failed"}) == "last run failed"
    assert case.reason(env="other") == "templates, styles, fonts or code changed"
    assert case.reason(spec={**case.spec, "audience": "clinician"}) == "job changed"
    other_person = fingerprint.job_spec(Job("out.pdf", case.job.topic, case.job.brand, "patient",
                                            person=(("patient_name", "B"),)), b"k" * 32, "ua")
    assert case.reason(spec=other_person) == "job changed"
    assert case.reason(as_of=date(2099, 1, 2)) == "review mark changed"
    assert fingerprint.stale_reason(None, case.spec, "env", fingerprint.FileHashes(), case.output,
                                    date(2025, 7, 1), False) == "new"


def test_changed_inputs_or_output_are_noticed(tmp_path):
    case = Case(tmp_path)
    case.topic.write_text("topic v2")
    assert case.reason() == "topic changed"
    case = Case(tmp_path)
    case.brand.unlink()
    assert case.reason() == "brand changed"
    case = Case(tmp_path)
    case.output.write_bytes(b"%PDF-1.7 edited by hand")
    assert case.reason() == "output missing or changed"
    case.output.unlink()
    assert case.reason() == "output missing or changed"


def test_drafts_are_up_to_date_only_with_allow_draft(tmp_path):
    case = Case(tmp_path)
    draft = {**case.entry, "review": {"status": "under_review", "next_review": None, "mark": "DRAFT"}}
    assert case.reason(entry=draft, allow_draft=True) is None
    assert case.reason(entry=draft) == "not approved"


def test_manifest_journal_replays_over_the_compacted_file(tmp_path):
    manifest = Manifest(tmp_path)
    manifest.begin({"env": 1})
    manifest.record({"output": "a.pdf", "status": "rendered", "sha256": "1"})
    manifest.record({"output": "b.pdf", "status": "failed", "error": "x"})
    manifest.record({"output": "a.pdf", "status": "rendered", "sha256": "2"})
    # a hard kill: no finish(); the journal holds the jobs, its last line torn
    with (tmp_path / "manifest.jsonl").open("a") as journal:
        journal.write('{"output": "c.pdf", "sta')
    again = Manifest(tmp_path)
    assert again.get("a.pdf")["sha256"] == "2"  # type: ignore[index]
    assert again.get("b.pdf")["status"] == "failed"  # type: ignore[index]
    assert again.get("c.pdf") is None
    again.begin({"env": 1})
    again.finish({"rendered": 0})
    assert not (tmp_path / "manifest.jsonl").exists()
    data = json.loads((tmp_path / "manifest.json").read_text())
    assert data["format"] == "handouts-batch-manifest/1" and "salt" not in data
    assert list(data["jobs"]) == ["a.pdf", "b.pdf"] and data["last_run"] == {"rendered": 0}
    assert not list(tmp_path.glob(".*.part"))


def test_an_unreadable_manifest_means_render_everything(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json")
    manifest = Manifest(tmp_path)
    assert manifest.entries == {} and "unreadable" in manifest.warnings[0]


def test_sweep_removes_only_our_temp_files(tmp_path):
    (tmp_path / "sub").mkdir()
    ours = [tmp_path / "sub" / ".a.pdf.k2j3h4_x.part", tmp_path / ".manifest.json.abcdefgh.part"]
    theirs = [tmp_path / "sub" / ".other.pdf.k2j3h4_x.part", tmp_path / "sub" / "a.pdf", tmp_path / "notes.part"]
    for path in ours + theirs:
        path.write_text("x")
    assert sweep_temp_files(tmp_path, ["sub/a.pdf"]) == 2
    assert not any(p.exists() for p in ours) and all(p.exists() for p in theirs)


def test_redact_removes_the_patient_from_any_message():
    person = {"patient_name": "Zebulon Quixote", "notes": "Call Zebulon on Friday\nbring the diary"}
    message = redact("could not render zebulon quixote: Call Zebulon on Friday / bring the diary", person)
    assert "zebulon" not in message.lower() and "diary" not in message
    assert redact("nothing personal", {}) == "nothing personal"


