"""A long practice name beside two marks never pushes the diet sheet's symptom diary onto a second page.

A practice name that wraps in the running header deepens the top margin of the pages after the
first (handouts/header_space.py). The diary's seven day rows had fixed heights: with a name of 170
letters, Day 7 and the closing lines under it went overleaf, a page of their own (6 pages where the
sheet prints 3, or 5 in Spanish). The rows now give up, a seventh each, what the deeper header
takes (styles/diet.css), and never go below 12 mm, two lines of handwriting. A brand's name that
fits on a line keeps the diary as it was: the same rows, the same pages. A name and a footer so
long that 12 mm rows do not fit either are said to the person printing (handouts/diary_room.py):
WeasyPrint ran the week over two pages without a word.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.context import Context
from handouts.diary_room import DIARY_SPLIT
from handouts.views.frame import Mark
from batchutil import batch
from cliutil import assert_clean_exit, run
from pdfutil import lines, pages_text
from samples import ROOT, printed, printed_file, riverside_named
from test_diet_long_footer import long_footer_brand

MM = 72 / 25.4
MIN_ROW_MM = 12.0
NAME_170 = ("Riverside Family Medicine, Community Health and Gastroenterology Partnership of Springfield "
            "and the Sangamon Valley, with the Lincoln Land Digestive Health Clinic Network")
SAM = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"
DIARY = {"en": "My symptom diary", "es": "Mi diario de síntomas"}
DAY = {"en": "Day", "es": "Día"}
CLOSING = {"en": "Your dietitian made this sheet for you", "es": "Su nutricionista hizo esta hoja"}
MARKS = (Mark("REVIEW OVERDUE", "check before use"), Mark("DRAFT TRANSLATION", "not yet reviewed"))


@pytest.fixture(scope="module")
def brands(tmp_path_factory) -> Path:
    """A data folder with the riverside brand (its logo too) under a 170-letter name."""
    assert len(NAME_170) == 170
    return riverside_named(tmp_path_factory.mktemp("brands"), {"longest": NAME_170})


def _sheet(folder: Path, brand: str, language: str, paper: str, tmp_path: Path) -> Path:
    """Sam's sheet in `language` on `paper`, overdue and a draft translation: two marks top right."""
    ctx = Context.default(date(2026, 1, 15), data_dirs=[folder]).with_locale(language)
    inputs = documents.in_language(documents.diet_inputs(None, SAM, brand, ctx), language)
    view = documents.build_view("diet-sheet", documents.on_paper(inputs, paper), None, ctx)
    view = replace(view, frame=replace(view.frame, marks=MARKS))
    assert printed(view).warnings == ()  # the diary kept its page: nothing to say
    return printed_file(view, tmp_path, f"{brand}.pdf")


def _day_tops(found: list, language: str) -> list[float]:
    """The top of each day's label in the diary, Day 1 to Day 7, in points from the top of its page."""
    tops = {int(line.text.split()[1]): line.top for line in found
            if line.text.startswith(f"{DAY[language]} ") and line.text.split()[1:2] and line.text.split()[1].isdigit()}
    assert sorted(tops) == list(range(1, 8)), tops
    return [tops[n] for n in range(1, 8)]


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_diary_keeps_its_one_page_under_a_170_letter_name(tmp_path: Path, brands: Path, language: str,
                                                               paper: str):
    found = lines(_sheet(brands, "longest", language, paper, tmp_path))
    last = max(line.page for line in found)
    # the name wraps in the running header above the diary: the case this is about
    assert sum(1 for line in found if line.page == last and line.top < 30 * MM and line.x < 150 * MM) >= 3
    (heading,) = [line.page for line in found if line.text == DIARY[language]]
    assert heading == last and last % 2 == 1 and last <= 5, (heading, last)  # a sheet of its own, no sixth page
    days = [line for line in found if line.page == last]
    assert [line.page for line in found if line.text.startswith(CLOSING[language])] == [last]
    tops = _day_tops(days, language)
    rows = [(below - above) / MM for above, below in zip(tops, tops[1:])]
    assert min(rows) >= MIN_ROW_MM, rows


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_name_on_one_line_keeps_the_diary_rows_it_had(tmp_path: Path, brands: Path, paper: str):
    """The sample brand's name beside the same two marks: the rows as before, 17.5 mm (16.5 on A4)."""
    found = lines(_sheet(brands, "riverside", "en", paper, tmp_path))
    last = max(line.page for line in found)
    assert last == 3
    tops = _day_tops([line for line in found if line.page == last], "en")
    rows = [round((below - above) / MM, 1) for above, below in zip(tops, tops[1:])]
    assert rows == [17.5 if paper == "letter" else 16.5] * 6, rows


def _too_long_brand(folder: Path, times: int = 5) -> Path:
    """The 170-letter name `times` over (many lines in the header even at its smallest size, 6 pt) over a
    five-line footer, on letter: twice it now steps down to 6 pt and leaves the diary its page."""
    brand = long_footer_brand(folder, "riverside", "letter")
    brand.write_text(brand.read_text(encoding="utf-8").replace(
        "name: Riverside Family Practice", f"name: {', and '.join([NAME_170] * times)}"), encoding="utf-8")
    return brand


def test_rows_stop_at_12_mm_and_a_diary_that_then_runs_over_is_said(tmp_path: Path):
    """The days give up all they may, and the closing lines go overleaf; the command says so, naming the
    file, and no detail of the patient's."""
    brand = _too_long_brand(tmp_path)
    out = tmp_path / "sheet.pdf"
    # Spanish: two marks, the plan's BORRADOR (it is under review) and TRADUCCIÓN EN BORRADOR
    result = run("diet", "--customize", SAM, "--brand", brand, "--lang", "es", "--as-of", "2026-01-15", "-o", out)
    assert_clean_exit(result, 0)
    found = lines(out)
    assert "BORRADOR · TRADUCCIÓN EN BORRADOR" in " ".join(line.text for line in found)
    assert f"{out.name}: warning: {DIARY_SPLIT}" in result.stderr.replace(str(out), out.name), result.stderr
    assert "Sam" not in result.stderr and "Rivera" not in result.stderr
    (heading,) = [line.page for line in found if line.text == DIARY["es"]]
    tops = _day_tops([line for line in found if line.page == heading], "es")
    rows = [(below - above) / MM for above, below in zip(tops, tops[1:])]
    assert min(rows) >= MIN_ROW_MM - 0.05, rows
    assert [line.page for line in found if line.text.startswith(CLOSING["es"])] == [heading + 1]


def test_a_batch_run_says_it_at_the_sheet(tmp_path: Path):
    _too_long_brand(tmp_path)
    customisation = tmp_path / "0001.yaml"
    spanish = SAM.read_text(encoding="utf-8").replace("plan: low-fodmap", "plan: low-fodmap\nlanguage: es")
    customisation.write_text(spanish, encoding="utf-8")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("plan,customisation,brand,output\n,0001.yaml,riverside.yaml,diet/0001.pdf\n", encoding="utf-8")
    result = batch(jobs, "--out", tmp_path / "out", "--as-of", "2026-01-15", "--allow-draft", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert f"warning: diet/0001.pdf: {DIARY_SPLIT}" in result.stderr, result.stderr


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_plain_sheet_under_a_170_letter_name_keeps_its_three_pages_and_every_word_of_it(
        tmp_path: Path, brands: Path, paper: str):
    """The plan as it ships (one mark, DRAFT) under a 170-letter name printed 5 pages on letter, not 3: the
    name wrapped to three lines beside a mark box kept as wide as the longest mark, and the deeper top
    margin put the food lists' last group on a page of its own (then a blank back before the diary).
    Beside a short mark the name takes the room it leaves, and its lines are set close."""
    ctx = Context.default(date(2026, 1, 15), data_dirs=[brands])
    view = documents.build_view("diet-sheet", documents.on_paper(documents.diet_inputs("low-fodmap", None, "longest",
                                                                                       ctx), paper), None, ctx)
    assert [mark.label for mark in view.frame.marks] == ["DRAFT"]
    pdf = printed_file(view, tmp_path, "sheet.pdf")
    pages = [" ".join(page.split()) for page in pages_text(pdf)]
    assert len(pages) == 3
    assert all(NAME_170 in page for page in pages)  # the masthead's, then the running header's: whole
    assert "Oils and sauces" in pages[1] and DIARY["en"] in pages[2]


def test_only_a_single_short_mark_leaves_the_name_more_room():
    """A quarter of the width holds "DRAFT" or "BORRADOR", not "REVIEW OVERDUE" or two marks."""
    from handouts.render import PageStyle

    ctx = Context.default(date(2026, 1, 15))
    view = documents.build_view("diet-sheet", documents.diet_inputs("low-fodmap", None, "riverside", ctx), None, ctx)

    def layers(*marks: Mark) -> list[str]:
        return PageStyle.of(replace(view, frame=replace(view.frame, marks=marks))).layers()

    assert layers(Mark("DRAFT", "not clinically approved")) == ["short-mark.css"]
    assert layers(Mark("BORRADOR", "no aprobado")) == ["short-mark.css"]
    assert layers(Mark("REVIEW OVERDUE", "check before use")) == []
    assert layers(*MARKS) == ["two-marks.css"]
    assert layers() == ["unmarked.css"]
