"""Every shipped diet plan fits its page target under every shipped brand, in each language.

The English low-FODMAP sheet under Riverside printed 4 pages against its 3-page target:
the logo and two-line address took the room of one line on page 1, the line pushed the
closing sources onto a page of their own before the diary. Every sheet under Harbourside
(A4) printed one more page too: a landscape A4 page is 6 mm shorter than a letter one, and
the diary's seventh day fell onto a page by itself. The fit comes from spacing, never from
smaller type or fewer words.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.context import Context
from cliutil import run
from pdfutil import lines, text

ROOT = Path(__file__).resolve().parent.parent
CTX = Context.default(date(2026, 1, 15))
PLANS = sorted(p.stem for p in (ROOT / "data" / "diets").glob("*.yaml"))
BRANDS = sorted(p.stem for p in (ROOT / "data" / "brands").glob("*.yaml"))
MM = 72 / 25.4


def sheet(plan: str, brand: str, language: str):
    ctx = CTX.with_locale(language) if language != "en" else CTX
    inputs = documents.diet_inputs(plan, None, brand, ctx)
    if language != "en":
        inputs = documents.in_language(inputs, language)
    return documents.build_view("diet-sheet", inputs, None, ctx)


def test_the_shipped_plans_and_brands_are_the_ones_checked():
    assert PLANS == ["low-fodmap", "trigger-foods"] and BRANDS == ["default", "harbourside", "riverside"]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("plan", PLANS)
def test_each_plan_fits_its_target_under_each_brand(plan, brand, language):
    view = sheet(plan, brand, language)
    pages = documents.page_count(view)
    target = documents.document_kind("diet-sheet").page_target_for(languages=(language,))
    assert pages <= target, f"{plan} under {brand} in {language}: {pages} pages, target {target}"
    assert documents.page_count_warning("diet-sheet", pages, languages=(language,)) is None


def test_the_riverside_sheet_prints_without_a_warning_and_keeps_its_type_and_words(tmp_path):
    out = tmp_path / "riverside.pdf"
    result = run("diet", "low-fodmap", "--brand", "riverside", "-o", out)
    assert result.exit_code == 0, result.output
    assert "over its" not in result.output, result.output
    printed = lines(out)
    assert max(line.page for line in printed) == 3
    # the closing words never stand on a page of their own: they print under the diary, on its page
    closing = [line for line in printed if line.text.startswith("Your dietitian made this sheet for you")]
    assert [line.page for line in closing] == [3]
    assert any(line.page == 3 and line.text.startswith("Day 7") for line in printed)
    # body type at 12 pt (word boxes about 1.24 x the size), the practice's details all there
    summary = next(line for line in printed if line.text.startswith("FODMAPs are sugars"))
    assert summary.height >= 12 * 1.24 - 0.4, summary
    words = text(out)
    for detail in ("120 River Road", "Springfield, IL 62701", "(217) 555-0142", "family.example",
                   "Box: your worst symptoms that day"):
        assert detail in words, detail


def test_the_a4_diary_keeps_its_week_on_one_page_and_its_lines_on_paper(tmp_path):
    out = tmp_path / "harbourside.pdf"
    result = run("diet", "low-fodmap", "--brand", "harbourside", "-o", out)
    assert result.exit_code == 0 and "over its" not in result.output, result.output
    printed = lines(out)
    last = max(line.page for line in printed)
    diary_days = [line for line in printed if line.text.split()[:2] in (["Day", str(n)] for n in range(1, 8))
                  and line.page == last]
    assert [line.text.split()[1] for line in diary_days] == [str(n) for n in range(1, 8)]
    for line in printed:  # the running header and footer still print 4 mm or more inside the paper's edge
        assert line.top >= 4 * MM, line
