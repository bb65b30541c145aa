"""A brand footer that wraps to four or five lines never leaves the diet sheet's closing lines alone on a page.

Every page's bottom margin grows with the footer's lines (handouts/footer_space.py). The diary's
week and the closing lines under it had room for a footer one line longer than the Spanish
one: a practice whose footer wrapped to four lines got a fifth page holding only "Based on
guidance from ..." and the disclaimer. Past the Spanish footer's three lines, the diary's rows
now give up what the footer takes (styles/diet.css), so the week and the closing lines keep
their page, on letter and on A4.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.context import Context
from pdfutil import lines
from samples import ROOT, printed_file

SAM = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"
FOOTER = ("{name} · Questions? Call us Monday to Friday, 8 am to 6 pm. After hours, call the nurse line. "
          "For prescription refills, allow two working days. Our patient portal answers messages within "
          "one working day. Parking is free behind the building; the entrance on Mill Street has a ramp "
          "and an automatic door. The pharmacy next door opens at 7 am on weekdays and at 9 am on "
          "Saturdays; it closes at noon on Sundays and on public holidays, when we are closed too. "
          "Bring your medicines, or a list of them, to every visit.")
CLOSING = "Your dietitian made this sheet for you"


def long_footer_brand(folder: Path, shipped: str, paper: str) -> Path:
    """The shipped brand, its logo alongside, on `paper`, with a footer of about 430 characters: five
    lines at 8 pt on A4."""
    source = ROOT / "data" / "brands" / f"{shipped}.yaml"
    if (ROOT / "data" / "brands" / shipped).is_dir():
        shutil.copytree(ROOT / "data" / "brands" / shipped, folder / shipped)
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^footer:.*?(?=^\S|\Z)", "", text)  # the one-line or per-language footer
    text = re.sub(r"(?m)^paper: .*$", "", text) + f"paper: {paper}\n"
    name = re.search(r"^name: (.+)$", text, re.M).group(1)
    path = folder / f"{shipped}.yaml"
    path.write_text(text + f"footer: {FOOTER.format(name=name)}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("paper", ["letter", "a4"])  # letter printed the fifth page; A4 had room to spare
def test_the_closing_lines_stay_under_the_diary(tmp_path, paper):
    ctx = Context.default(date(2026, 1, 15))
    brand = long_footer_brand(tmp_path, "riverside", paper)
    view = documents.build_view("diet-sheet", documents.diet_inputs(None, SAM, brand, ctx), None, ctx)
    printed = lines(printed_file(view, tmp_path))
    last = max(line.page for line in printed)
    first = next(line.top for line in printed if line.page == 1 and "Page 1 of" in line.text)
    footer_lines = {round(line.top) for line in printed if line.page == 1 and line.top >= first - 1}
    assert len(footer_lines) >= 5, "the brand's footer wraps to four lines or more, the review line under it"
    day_7 = [line.page for line in printed if line.text.startswith("Day 7")]
    closing = [line.page for line in printed if line.text.startswith(CLOSING)]
    assert day_7 == [last] and closing == [last], (day_7, closing, last)
    # the plan may take a third page under such a footer (its back then left blank: the diary starts
    # a sheet of its own); the diary keeps its one
    assert last <= 5 and last % 2 == 1
