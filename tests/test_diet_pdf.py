"""The rendered elimination-diet sheet, read back as a reader (and pdffonts) would."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

import pypdf
import pytest

from handouts import documents
from handouts.context import Context
from handouts.loading import load
from pdfutil import fonts, pages_text

ROOT = Path(__file__).resolve().parent.parent
CUSTOMISATIONS = ROOT / "data" / "customisations"
TODAY = date(2025, 8, 1)
LETTER = (612, 792)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@cache
def _read(pdf: Path) -> tuple[str, ...]:
    """pages_text of one of the module's sheets, read once: a dozen tests read each (pypdf takes a
    quarter of a second a sheet)."""
    return tuple(pages_text(pdf))


@pytest.fixture(scope="module")
def sheets(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("diet")
    made = {}
    for name, plan, cust, brand in (
        ("sam", "low-fodmap", CUSTOMISATIONS / "sam-low-fodmap.yaml", "riverside"),
        ("maria", "trigger-foods", CUSTOMISATIONS / "maria-trigger-foods.yaml", "default"),
        ("blank", "low-fodmap", None, "default"),
    ):
        view = documents.build_view("diet-sheet", documents.diet_inputs(plan, cust, brand, Context.default(TODAY)), None, Context.default(TODAY))
        made[name] = documents.write_document(view, out / f"{name}.pdf")
    return made


@pytest.mark.parametrize("name", ["sam", "maria", "blank"])
def test_two_pages_of_plan_and_a_landscape_diary_page(sheets, name):
    reader = pypdf.PdfReader(str(sheets[name]))
    assert 2 <= len(reader.pages) <= 3
    sizes = [tuple(round(float(v)) for v in page.mediabox[2:]) for page in reader.pages]
    assert sizes[:-1] == [LETTER] * (len(sizes) - 1)
    assert sizes[-1] == (LETTER[1], LETTER[0]), "the diary page is Letter landscape"


@pytest.mark.parametrize("name", ["sam", "maria", "blank"])
def test_the_diary_is_on_its_own_page(sheets, name):
    pages = [flat(t) for t in _read(sheets[name])]
    diary = pages[-1]
    for words in ("My symptom diary", "Breakfast", "Lunch", "Dinner", "Snacks and drinks",
                  "Symptoms (0 to 10)", "Bowel movements", "Notes"):
        assert words in diary, words
    for day in range(1, 8):
        assert f"Day {day}" in diary
    for other in ("Leave out:", "Enjoy:", "Bring back", "Food to test"):
        assert other not in diary, other
    assert all("My symptom diary" not in page for page in pages[:-1])


def test_sam_sheet_has_his_lists_dates_and_schedule(sheets):
    pages = [flat(t) for t in _read(sheets["sam"])]
    body = " ".join(pages[:-1])
    for words in (
        "Low-FODMAP diet", "Sam Rivera", "Jordan Lee, RD", "Riverside Family Practice",
        "Your allergies: Peanut",
        # phases with dates (4 weeks from Mon, Sep 1, 2025), US dates for a US practice
        "Sep 1 to Sep 28", "4 weeks (can be 2 to 6)", "Sep 29 to Oct 26", "From Oct 27",
        # foods to leave out, to enjoy, and swaps
        "Leave out: Wheat bread", "Onion", "Garlic", "Enjoy:", "Gluten-free bread", "Hard cheese",
        "Swap wheat bread or rye bread for", "sourdough spelt bread",
        "Grapes (your dietitian's choice)", "about 10 at a time",
        # reintroduction schedule
        "Food to test", "Day 1: small portion", "Day 3: usual portion",
        "1. Wheat bread (fructans)", "Mon Sep 29", "Oct 2 – 3", "6. Mushrooms (mannitol)",
        "Bring this sheet and your diary to your visit on September 29.",
    ):
        assert words in body, words
    assert "British Society of Gastroenterology" in pages[-1]  # the sources, under the diary


def test_an_allergen_never_reaches_the_enjoy_lists(sheets):
    body = flat(" ".join(_read(sheets["sam"])[:-1]))
    # peanut butter was listed under enjoy by the dietitian; the sheet leaves it out, marked
    assert "Peanuts and peanut butter allergy" in body
    for enjoy in re.findall(r"Enjoy:(.*?)(?=Leave out:|Based on|$)", body):
        assert "Peanut" not in enjoy


def test_unsupported_plan_is_worded_as_the_dietitians_choice(sheets):
    body = flat(" ".join(_read(sheets["maria"])[:-1]))
    assert "Trigger-food elimination" in body
    assert "There is no firm proof that leaving out these foods helps" in body
    assert "Your allergies: Shellfish, Sesame" in body
    assert "Grandma's sesame cookies allergy" in body
    assert "Based on guidance" not in body
    assert not re.search(r"\[\d+", body), "no citation numbers on a patient sheet"


def test_blank_sheet_has_places_to_write(sheets):
    body = flat(" ".join(_read(sheets["blank"])))
    assert "I start on:" in body and "For:" in body
    assert "4 weeks (can be 2 to 6)" in body


def test_blank_sheet_asks_for_allergies_and_tags_allergens(sheets):
    pages = [flat(t) for t in _read(sheets["blank"])]
    assert "Your allergies:" in pages[0]
    assert "Check each food against your allergies: contains … marks a common allergen." in pages[0]
    body = " ".join(pages[:-1])
    enjoy = " ".join(re.findall(r"Enjoy:(.*?)(?=Leave out:|Based on|$)", body))
    for words in ("Peanuts and peanut butter contains peanut", "Hard cheese, like cheddar contains milk",
                  "Almonds contains tree nuts", "Eggs contains egg", "Soy sauce contains soy and wheat"):
        assert words in enjoy, words


def test_a_sheet_with_allergies_tags_the_other_allergens_and_asks_nothing(sheets):
    body = flat(" ".join(_read(sheets["sam"])[:-1]))
    assert "Hard cheese, like cheddar contains milk" in body
    assert "Check each food against your allergies" not in body


@pytest.mark.parametrize("name", ["sam", "maria"])
def test_every_page_has_page_x_of_y_and_the_draft_mark(sheets, name):
    pages = [flat(t) for t in _read(sheets[name])]
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "DRAFT" in page


def test_fonts_are_embedded(sheets):
    rows = fonts(sheets["sam"])
    assert rows, "the sheet uses fonts"
    assert all(row["emb"] == "yes" for row in rows), rows
    assert any("Atkinson" in row["name"] for row in rows)


def test_metadata_comes_from_the_plan_not_from_now(sheets):
    info = pypdf.PdfReader(str(sheets["sam"])).metadata
    assert info is not None
    assert info.title == "Low-FODMAP diet: your elimination-diet sheet"
    assert "Sam" not in (info.title or "") + (info.subject or "")  # no personal data in metadata
    assert str(info.get("/CreationDate", "")).startswith("D:20250702")


def test_a4_brand_gets_an_a4_landscape_diary(tmp_path):
    brand = tmp_path / "a4.yaml"
    brand.write_text("id: a4-practice\nname: A4 Practice\ncolors: {primary: '#1f4e79'}\npaper: a4\n", encoding="utf-8")
    view = documents.build_view("diet-sheet", documents.diet_inputs("trigger-foods", None, brand, Context.default(TODAY)), None, Context.default(TODAY))
    out = documents.write_document(view, tmp_path / "a4.pdf")
    sizes = [tuple(round(float(v)) for v in p.mediabox[2:]) for p in pypdf.PdfReader(str(out)).pages]
    assert sizes[0] == (595, 842) and sizes[-1] == (842, 595)


def test_a_long_customisation_flows_onto_more_pages_without_losing_anything(tmp_path):
    lines = ["plan: low-fodmap", "patient: Long Case", "allergies: [peanut, egg]", "extra_foods:"]
    lines += [f"  - {{name: Extra food {i} with a long name, group: {('grains', 'snacks', 'drinks')[i % 3]}}}"
              for i in range(20)]
    lines += ["notes: |"] + [f"  Note line {i}: write down what you eat each day." for i in range(10)]
    cust = tmp_path / "long.yaml"
    cust.write_text("\n".join(lines) + "\n", encoding="utf-8")
    view = documents.build_view("diet-sheet", documents.diet_inputs("low-fodmap", cust, "default", Context.default(TODAY)), None, Context.default(TODAY))
    out = documents.write_document(view, tmp_path / "long.pdf")
    pages = [flat(t) for t in pages_text(out)]
    body = " ".join(pages)
    assert all(f"Extra food {i} with a long name" in body for i in range(20))
    assert all(f"Note line {i}:" in body for i in range(10))
    assert "My symptom diary" in pages[-1] and "Leave out:" not in pages[-1]


# --- food facts on paper ------------------------------------------------------------------

RATINGS_LINE = "Some of the food ratings on this sheet still await a dietitian's review."


def enjoy_text(pdf: Path) -> str:
    body = flat(" ".join(_read(pdf)[:-1]))
    return " ".join(re.findall(r"Enjoy:(.*?)(?=Leave out:|Based on|Your dietitian made|$)", body))


def test_the_low_fodmap_enjoy_lists_hold_no_soda_juice_chips_or_gum(sheets):
    enjoy = enjoy_text(sheets["blank"])
    for words in ("Cola", "Fruit juice", "Potato chips", "Sugar-free gum", "Processed meats", "Ready meals",
                  "Sweets and candy"):
        assert words not in enjoy, words
    assert "Wine (1 small glass at most)" in enjoy and "Beer (1 can at most)" in enjoy
    body = flat(" ".join(_read(sheets["blank"])[:-1]))
    assert "Leave out: Cola and other sodas · Fruit juice" in body


def test_the_trigger_sheet_enjoys_no_sugar_free_gum_or_alcohol(sheets):
    enjoy = enjoy_text(sheets["maria"])
    for words in ("Sugar-free gum", "Beer", "Wine", "Cola", "Potato chips"):
        assert words not in enjoy, words


@pytest.mark.parametrize("name", ["sam", "maria", "blank"])
def test_a_sheet_relying_on_unverified_food_facts_says_so_once_in_its_footer(sheets, name):
    pages = [flat(t) for t in _read(sheets[name])]
    assert sum(page.count(RATINGS_LINE) for page in pages) == 1
    assert RATINGS_LINE in pages[-1]  # with the disclaimer, under the diary


def test_a_sheet_whose_food_facts_are_all_sourced_prints_no_such_line(tmp_path):
    ctx = Context.default(TODAY)
    fixture = Path(__file__).parent / "fixtures" / "diet" / "sourced-catalogue.yaml"
    inputs = documents.diet_inputs("low-fodmap", None, "default", ctx)
    inputs = replace(inputs, catalogue=load(fixture, "food-catalogue", ctx))
    out = documents.write_document(documents.build_view("diet-sheet", inputs, None, ctx), tmp_path / "sourced.pdf")
    body = flat(" ".join(pages_text(out)))
    assert "Enjoy:" in body and "Rice" in body
    assert "await a dietitian's review" not in body


def _food_lists_foot_mm(pdf: Path) -> float:
    """The paper between the food lists' last line (page 2) and the footer's first, in mm."""
    from pdfutil import lines

    page = [line for line in lines(pdf) if line.page == 2]
    assert any(line.text.startswith("Foods to leave out and foods to enjoy") and line.top < 80 for line in page)
    footer = min(line.top for line in page if "Page 2 of" in line.text)
    body = max(line.top + line.height for line in page if line.top < footer - 5)
    return (footer - body) / 72 * 25.4


@pytest.mark.parametrize("name", ["sam", "maria", "blank"])
def test_the_food_lists_use_their_page(sheets, name):
    """With few notes the food lists' page left about 32 mm blank at its foot, the groups pressed
    together above it: the groups now have more air between them, which a sheet past its page target
    gives up again. How much room stays depends on the sheet: Sam's columns end level, about 14 mm
    up; Maria's left column (five groups, in order) ends a line short of the footer."""
    assert 1 < _food_lists_foot_mm(sheets[name]) < 25


def test_a_food_more_in_the_longer_column_gives_up_half_the_air_not_all_of_it(tmp_path):
    """Maria's food lists end about 5 mm above the footer: two foods more in her longer column put
    the sheet a page over, and laid out snug its food lists' page ended 32 mm above the footer, the
    groups pressed together. Half the air (`closer`) keeps it on its 3 pages with air between them."""
    text = (CUSTOMISATIONS / "maria-trigger-foods.yaml").read_text(encoding="utf-8")
    more = text.replace("extra_foods:\n", "extra_foods:\n"
                        "  - {name: Turkey breast slices, group: protein, carries: []}\n"
                        "  - {name: Smoked salmon fillet, group: protein, carries: []}\n")
    custom = tmp_path / "maria-more.yaml"
    custom.write_text(more, encoding="utf-8")
    ctx = Context.default(TODAY)
    view = documents.build_view("diet-sheet", documents.diet_inputs("trigger-foods", custom, "default", ctx), None, ctx)
    pdf = documents.write_document(view, tmp_path / "maria-more.pdf")
    pages = pypdf.PdfReader(str(pdf)).pages
    assert len(pages) == 3
    assert "Smoked salmon fillet" in flat(pages[1].extract_text())
    assert 5 < _food_lists_foot_mm(pdf) < 25
