"""A diet sheet's review record an older version wrote, with a food catalogue's status and next review
written over the plan's beside the plan's reviewer ('status: draft, reviewer: Dr Ada Lane'), stayed so in
manifest.json for as long as the sheet stayed in the folder, though no job file asked for it any more:
a records manager read the catalogue's draft as the plan reviewer's verdict. The manifest now reads such
a record without the two fields that are not the plan's, and says why.

The runs use the in-process stand-in for the worker pool (no rendering)."""

from __future__ import annotations

import json
from pathlib import Path

from batchutil import install_fake_pool, manifest
from cliutil import assert_clean_exit, command
from handouts.batch.fingerprint import LEGACY_REVIEW
from handouts.batch.manifest import Manifest

ALPHA = Path(__file__).parent / "fixtures" / "batch" / "topics" / "alpha.yaml"
OLD_SHEET = "diet/0001.pdf"
MIXED = {"status": "draft", "reviewer": "Dr Ada Lane", "reviewed": "2025-07-10", "next_review": None,
         "mark": "DRAFT", "catalogues": [{"path": "foods/catalogue.yaml", "status": "draft", "next_review": None,
                                          "mark": "DRAFT"}]}
CURRENT = {**MIXED, "status": "approved", "next_review": "2026-07-10", "catalogues": [
    {"path": "foods/catalogue.yaml", "status": "draft", "reviewer": "Dr Ben Cole", "next_review": None,
     "mark": "DRAFT"}]}

batch = command("batch")


def _old_folder(out: Path, review: dict[str, object]) -> None:
    """An output folder holding a sheet no job file asks for any more, with the record its run wrote."""
    (out / "diet").mkdir(parents=True)
    (out / OLD_SHEET).write_bytes(b"%PDF-1.7 an old sheet")
    entry = {"output": OLD_SHEET, "status": "rendered", "job": {"document": "diet-sheet", "plan": None},
             "review": review, "previous": None}
    (out / "manifest.json").write_text(json.dumps({"format": "handouts-batch-manifest/1",
                                                   "jobs": {OLD_SHEET: entry}}), encoding="utf-8")


def test_a_mixed_record_no_job_asks_for_is_kept_without_the_fields_that_are_not_the_plans(tmp_path, monkeypatch):
    out = tmp_path / "out"
    _old_folder(out, MIXED)
    install_fake_pool(monkeypatch)
    result = batch("--topics", ALPHA, "--audiences", "clinician", "--out", out)
    assert_clean_exit(result, 0)
    kept = manifest(out)["jobs"][OLD_SHEET]["review"]
    assert (kept["status"], kept["next_review"], kept["legacy"]) == (None, None, LEGACY_REVIEW)
    assert (kept["reviewer"], kept["reviewed"], kept["mark"]) == ("Dr Ada Lane", "2025-07-10", "DRAFT")
    assert kept["catalogues"] == MIXED["catalogues"], "each catalogue file's own record is as written"
    assert "not known" in LEGACY_REVIEW and "'mark' is what the sheet printed" in LEGACY_REVIEW


def test_a_record_written_by_this_version_is_read_as_written(tmp_path):
    _old_folder(tmp_path, CURRENT)
    assert Manifest(tmp_path).get(OLD_SHEET)["review"] == CURRENT  # type: ignore[index]


def test_a_normalised_record_still_renders_its_sheet_once_more(tmp_path):
    from datetime import date

    from handouts.batch.fingerprint import stale_reason

    _old_folder(tmp_path, MIXED)
    entry = Manifest(tmp_path).get(OLD_SHEET)
    assert entry is not None and entry["review"]["legacy"]
    reason = stale_reason({**entry, "environment": "e", "inputs": {"plan": {}, "brand": {}}}, entry["job"], "e",
                          lambda path: None, tmp_path / OLD_SHEET, date(2025, 9, 1), True)
    assert reason == "review record from an older version"
