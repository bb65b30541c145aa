"""A document prints the same whatever the process printed before it.

Found by running the suite in parallel: after a handout naming a patient in Korean, the
warm renderer's font configuration held the CJK fallback face, and the next diet sheet in
plain English (a customisation for Sam Rivera) took its bullet from Noto Sans CJK instead
of DejaVu Sans: 2.5 kB more, and not byte for byte the sheet `handouts batch` (in fresh
worker processes) wrote for the same inputs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from handouts import documents
from handouts.context import Context
from handouts.render import Renderer
from samples import ROOT

CTX = Context.default(date(2025, 10, 1))
SAM = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"


def _sheet(customisation: Path) -> documents.View:
    return documents.build_view("diet-sheet", documents.diet_inputs(None, customisation, "riverside", CTX), None, CTX)


def test_a_sheet_after_one_in_another_script_prints_as_in_a_fresh_process(tmp_path):
    korean = tmp_path / "customisations" / "kim.yaml"
    korean.parent.mkdir()
    korean.write_text(SAM.read_text(encoding="utf-8").replace("Sam Rivera", "김민준"), encoding="utf-8")
    warm = Renderer()
    plain = _sheet(SAM)
    first = warm.pdf(plain)
    warm.pdf(_sheet(korean))  # loads the CJK fallback face
    assert warm.pdf(plain) == first
