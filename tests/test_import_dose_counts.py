"""The importer's own dose wording counts as doseformat does: 'then 1 tablet', never '1 tablets'
(a plan's later or ceiling dose, which the brief prints in the dose's note)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cliutil import run
from handouts.importer.doses import parse_doses
from pdfutil import text

IRON = Path(__file__).parent / "fixtures" / "import" / "iron-deficiency-structured.txt"
IRON_DOSE = "Oral iron: Ferrous sulfate (65 mg elemental iron once daily or on alternate days) 1, 3"


@pytest.mark.parametrize("answer, note", [
    ("Drug X: 2 tablets at bedtime, then 1 tablet each morning", "then 1 tablet"),
    ("Drug Z: 2 tablets then 1 tablet after each loose stool, maximum 1 tablet per day",
     "then 1 tablet, after each loose stool; maximum 1 tablet per day"),
    ("Drug Y: 2 capsules daily, maximum 1 capsule at night", "maximum 1 capsule at night"),
    ("Drug W: 1 capsule daily, then 2 capsules daily", "then 2 capsules"),
])
def test_a_plans_single_count_is_singular(answer, note):
    (dose,) = parse_doses(answer)
    assert dose.note is not None and re.match(re.escape(note) + r"(?!s)", dose.note), dose.note


def test_the_brief_of_an_imported_draft_says_1_tablet(tmp_path):
    source = tmp_path / "iron.txt"
    answer = IRON.read_text(encoding="utf-8")
    assert answer.count(IRON_DOSE) == 1
    source.write_text(answer.replace(
        IRON_DOSE, "Oral iron: Ferrous sulfate (2 tablets once daily, then 1 tablet on alternate days) 1, 3"),
        encoding="utf-8")
    draft = tmp_path / "iron.yaml"
    assert run("import", str(source), "-o", str(draft)).exit_code == 0
    pdf = tmp_path / "brief.pdf"
    result = run("render", str(draft), "--audience", "clinician", "-o", str(pdf))
    assert result.exit_code == 0, result.output
    printed = text(pdf).replace("\u00a0", " ")
    assert "then 1 tablet, every other day" in printed, printed
    assert not re.search(r"\b1 tablets\b", printed)
