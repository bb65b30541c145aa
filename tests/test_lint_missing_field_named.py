"""Lint names the field a finding is about, even one the file does not have yet.

Reproduction: on a draft from `handouts import`, lint printed
"topic.yaml:1: missing-patient-text [warning]: 'about' has no patient text yet" with no
field: a missing key was placed at its parent and named by it, and the parent of a
top-level key is nothing. Validate names it ("about: a topic that is approved needs 'about'").
"""

from __future__ import annotations

import json
from pathlib import Path

from cliutil import run

ROOT = Path(__file__).resolve().parent.parent


def test_a_draft_missing_its_patient_texts_is_told_which_fields(tmp_path):
    draft = tmp_path / "topics" / "migraine.yaml"
    draft.parent.mkdir()
    result = run("import", ROOT / "tests" / "fixtures" / "import" / "migraine-structured.txt", "-o", draft)
    assert result.exit_code == 0, result.output
    report = json.loads(run("lint", draft, "--format", "json").stdout)
    missing = {f["field"] for f in report["files"][0]["findings"] if f["rule"] == "missing-patient-text"}
    assert {"about", "when_to_get_help"} <= missing
    text = run("lint", draft).stdout
    assert "'about' has no patient text yet (about)" in text
    assert "no 'when_to_get_help' items for patients yet (when_to_get_help)" in text
