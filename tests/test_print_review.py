"""What a clinician, a dietitian or a patient reading the printed page would trip over.

Found by printing every document kind in the combinations a clinic uses (both papers, the three
sample brands, Spanish, large print, the sample customisations) and reading the pages:

- the practice's website broke at its hyphen in the masthead ("riverside-" / "family.example",
  "harbourside-" / "surgery.example"), and the Spanish "Teléfono" ended a line with its number
  on the next: a patient copying either from the page gets half of it (and, once they moved
  whole, large print on A4 began a line with the separator before the website);
- a diet sheet's "Leave out:" list started a line with its separator ("· Kombucha",
  "· Comidas congeladas"), which reads as a bullet: a new list, not the same one going on;
- the Spanish reintroduction step's heading broke inside its last date ("lun, 3" / "de nov de
  2025"): the dates now move to the next line whole, flush with the heading;
- the UK practice's A4 sheet broke its British dates in the reintroduction table ("Mon 29" /
  "Sept": the widest English dates, in A4's narrower cells), and the Spanish cells broke before
  the month ("lun 29 de" / "sep"): the English dates now fit one line, and a date too long for
  its cell puts its weekday on a line of its own, its day and month together (and a blank
  sheet's "Days 19 to" / "20" moves its range to the next line whole);
- the diet sheet's food lists split short names between their words ("Fruit" / "juice", "Green
  onion" / "tops", "gluten-free" / "bread" in a swap), which reads as two foods, and left the last
  word of a longer one alone ("Pure" / "maple syrup"; "Pan de espelta de" / "masa madre");
- the reintroduction schedule left its first food alone at the foot of page 1, under the step's
  heading, and the other five overleaf (Sam's Spanish sheet; the blank Spanish trigger-food
  sheet on A4): a dietitian reads one row as the whole schedule;
- in the brief's details, a recommendation's "Caution:" or "Note for review:" began a column
  overleaf, its recommendation at the foot of the page before (letter: the fluids advice and
  its caution about short bowel syndrome guidance);
- the patient handout split a group of things to try across pages, its heading and pictogram
  on one page and its last items alone at the top of the next (the Spanish handout on A4: two
  of the three "Para preguntar" items; long notes on letter: "Ask about hypnosis");
- the diary's "Week starting:" blank was the one blank with no label for a screen reader on the
  diet sheet's web page;
- a handout printed in Spanish then English (`--lang es --also en`, for a family sharing care)
  footed its English pages in Spanish: "Página 4 de 5", and the review state as "En revisión:
  aún no aprobado", the one place those pages say the content is not yet approved; and those
  pages carried only the running practice name: a family member who kept the English pages
  alone could not see who gave them the sheet or whom to call (each part now opens with its
  own masthead, in its language);
- a handout of medicines only (`--include loperamide`) left the main message's pictogram
  column empty, a blank tinted strip beside the words; given that room back, the handout's
  closing disclaimer went overleaf alone, away from the plan it closes.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

import pdfutil
from handouts import documents
from handouts.context import Context
from conftest import DATA
from pdfutil import Line
from samples import printed

CTX = Context.default(date(2025, 10, 6))


def _render(view, out: Path) -> Path:
    """The view printed to `out`: rendered once per test process (samples.printed), as several tests
    here read the same document (Sam's Spanish sheet on letter, the riverside brief)."""
    out.write_bytes(printed(view).data)
    return out


_READ: dict[tuple[str, bytes], tuple] = {}


def lines(pdf: Path) -> tuple[Line, ...]:
    """pdfutil.lines, read once per document (by its bytes) however many tests here read it."""
    key = ("lines", pdf.read_bytes())
    if key not in _READ:
        _READ[key] = tuple(pdfutil.lines(pdf))
    return _READ[key]


def pages_text(pdf: Path) -> tuple[str, ...]:
    """pdfutil.pages_text, read once per document (by its bytes) however many tests here read it."""
    key = ("pages", pdf.read_bytes())
    if key not in _READ:
        _READ[key] = tuple(pdfutil.pages_text(pdf))
    return _READ[key]


def _patient(tmp_path: Path, brand: str, paper: str | None = None, language: str = "en",
             large_print: bool = False) -> Path:
    from handouts.models import Personalisation

    inputs = documents.on_paper(documents.topic_inputs("leaky-gut", brand, CTX), paper)
    view = documents.build_view("patient", inputs, Personalisation(language=language), CTX, large_print=large_print)
    return _render(view, tmp_path / f"patient-{brand}-{paper}-{language}-{large_print}.pdf")


def _brief(tmp_path: Path, brand: str, paper: str | None = None) -> Path:
    inputs = documents.on_paper(documents.topic_inputs("leaky-gut", brand, CTX), paper)
    return _render(documents.build_view("clinician", inputs, None, CTX), tmp_path / f"brief-{brand}-{paper}.pdf")


def _sheet(tmp_path: Path, plan: str, customisation: str | None, brand: str, language: str = "en",
           paper: str | None = None) -> Path:
    ctx = CTX.with_locale(language) if language != "en" else CTX
    path = DATA / "customisations" / f"{customisation}.yaml" if customisation else None
    inputs = documents.on_paper(documents.in_language(documents.diet_inputs(plan, path, brand, ctx), language), paper)
    view = documents.build_view("diet-sheet", inputs, None, ctx)
    return _render(view, tmp_path / f"sheet-{plan}-{customisation}-{brand}-{language}-{paper}.pdf")


MASTHEADS = [
    ("patient", "harbourside", "a4", "en", "harbourside-surgery.example", "Phone 01632 960 014"),
    ("large-print", "riverside", "a4", "en", "riverside-family.example", "Phone (217) 555-0142"),
    ("brief", "riverside", "letter", "en", "riverside-family.example", "Phone (217) 555-0142"),
    ("sheet", "riverside", "letter", "en", "riverside-family.example", "Phone (217) 555-0142"),
    ("sheet", "riverside", "letter", "es", "riverside-family.example", "Teléfono (217) 555-0142"),
]


@pytest.mark.parametrize(("document", "brand", "paper", "language", "website", "phone"), MASTHEADS)
def test_the_mastheads_website_and_phone_each_print_on_one_line(tmp_path, document, brand, paper, language,
                                                                 website, phone):
    if document in ("patient", "large-print"):
        pdf = _patient(tmp_path, brand, paper, language, large_print=document == "large-print")
    elif document == "brief":
        pdf = _brief(tmp_path, brand, paper)
    else:
        pdf = _sheet(tmp_path, "low-fodmap", "sam-low-fodmap", brand, language, paper)
    masthead = [line.text.replace("\u00a0", " ") for line in lines(pdf) if line.page == 1 and line.top < 110]
    assert any(website in line for line in masthead), masthead
    assert any(phone in line for line in masthead), masthead
    assert not [line for line in masthead if line.startswith("·")], masthead


@pytest.mark.parametrize(("plan", "customisation", "language"), [
    ("trigger-foods", "maria-trigger-foods", "en"), ("low-fodmap", "sam-low-fodmap", "es"),
    ("trigger-foods", None, "es")])
def test_no_line_of_a_food_list_starts_with_its_separator(tmp_path, plan, customisation, language):
    pdf = _sheet(tmp_path, plan, customisation, "riverside", language, "letter")
    found = lines(pdf)
    assert any(" · " in line.text for line in found)  # the lists are there, separated
    assert [line.text for line in found if line.text.startswith("·")] == []
    # nor does a list's label end a line alone, its foods all on the lines under it ("Disfrute:" /
    # "Leche de almendra contiene nueces de árbol" on the blank Spanish sheet)
    labels = ("Enjoy:", "Leave out:", "Disfrute:", "Evite:")
    assert [line.text for line in found if line.text.strip() in labels] == []
    # an allergy tag stays with its food's last words ("Sesame seeds" / "and tahini allergy"), never
    # alone on the line under it (Maria's sheet: "Sesame seeds and tahini" / "allergy")
    # Read word by word: the columns' 5 mm gutter is narrower than poppler's gap between lines, so
    # its lines run on from the left column into the right.
    placed = _words(pdf)
    tags = [w for w in placed if w[4] in ("allergy", "alergia")]
    column = 306  # the middle of a letter page: the food lists' two columns either side of it
    alone = [tag for tag in tags if not any(w[0] == tag[0] and abs(w[2] - tag[2]) < 4
                                            and (w[1] < column) == (tag[1] < column)
                                            for w in placed if w is not tag)]
    assert alone == [], alone


def _words(pdf: Path) -> list[tuple[int, float, float, float, str]]:
    """Every word as (page, left, top, right, text), in points, from `pdftotext -bbox`."""
    import re
    import subprocess
    from xml.etree import ElementTree

    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    return [(number, float(word.get("xMin", 0)), float(word.get("yMin", 0)), float(word.get("xMax", 0)),
             (word.text or "").strip())
            for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1)
            for word in page.iter("{http://www.w3.org/1999/xhtml}word")]


def test_the_food_that_fits_beside_enjoy_opens_the_list():
    """A first food whose name and allergen tag cannot share a line with "Disfrute:" left the label
    alone at the line's end. The first food that fits there now opens the list, bound to the label;
    the others keep their order, and a list where every food fits keeps its order."""
    from handouts.html import render_html
    from handouts.views.diet_lead import fits_after, lead_first

    ctx = CTX.with_locale("es")
    inputs = documents.in_language(documents.diet_inputs("trigger-foods", None, "riverside", ctx), "es")
    view = documents.build_view("diet-sheet", inputs, None, ctx)
    dairy = next(group for group in view.groups if group.id == "dairy")
    assert [food.name for food in dairy.enjoy] == ["Yogur de coco", "Leche de almendra"]
    assert dairy.enjoy_lead and not fits_after("Disfrute:", dairy.enjoy[1])
    html = render_html(view)
    assert '<span class="chip-name"><strong>Disfrute:</strong> <span class="box" role="img" aria-label="casilla para marcar"></span>Yogur' in html
    fruit = next(group for group in view.groups if group.id == "fruit")
    assert fruit.enjoy_lead and fruit.enjoy[0].name == "Manzanas"  # catalogue order where the first fits

    class Food:
        def __init__(self, name: str, contains_text: str = "") -> None:
            self.name, self.contains_text = name, contains_text

    long = Food("Leche de almendra", "contiene nueces de árbol")
    assert lead_first("Disfrute:", (long, long)) == ((long, long), False)  # none fits: as before, unbound


@pytest.mark.parametrize(("plan", "customisation", "paper", "dates"), [
    ("low-fodmap", "sam-low-fodmap", "letter", "29 de sep – 26 de oct 2025"),
    ("trigger-foods", "maria-trigger-foods", "a4", "27 de oct – 3 de nov 2025")])
def test_the_reintroduction_headings_dates_stay_whole_beside_it(tmp_path, plan, customisation, paper, dates):
    """'lun, 29 de sep de 2025 a dom, 26 de oct de 2025' was too long to sit beside the heading and took a line
    of its own under it (6.8 mm); the step's span, as CLDR writes one, sits beside it, whole."""
    pdf = _sheet(tmp_path, plan, customisation, "riverside", "es", paper)
    found = lines(pdf)
    heading = next(line for line in found if line.text.startswith("Paso 2: Volver a comer"))
    assert heading.text == "Paso 2: Volver a comer, un alimento a la vez"
    near = [line for line in found if line.page == heading.page and heading.top - 4 < line.top < heading.top + 30
            and line != heading]
    assert dates in [line.text.replace("\u00a0", " ") for line in near], near
    beside = next(line for line in near if line.text.replace("\u00a0", " ") == dates)
    assert beside.top < heading.top + 6 and beside.x > heading.x + 300  # on the heading's line, after its words
    # in the table, each day's date reads on its row's one line, weekday, day and month together:
    # "lun 29 de sep" was wider than any cell and put its weekday on a line of its own
    import re

    date = r"(lun|mar|mié|jue|vie|sáb|dom) \d{1,2} (sep|oct|nov)\b"  # "lun 29 sep", the locale's own short date
    # read at the table's 12 pt: at the top of page 2 a letter of the watermark behind it shares a row's line
    body = pdfutil.lines(pdf, height=12 * 1.24)
    rows = [line for line in body if re.match(r"\d\. \S", line.text) and line.x < 60]
    assert len(rows) in (2, 6), rows
    for row in rows:
        cells = sorted((line for line in body if line.page == row.page and abs(line.top - row.top) < 1),
                       key=lambda line: line.x)
        text = " ".join(line.text for line in cells).replace("\u00a0", " ")
        assert len(re.findall(date, text)) == 3, text
    texts = [line.text.replace("\u00a0", " ") for line in found]
    assert not [text for text in texts if re.fullmatch(r"(lun|mar|mié|jue|vie|sáb|dom)|\d{1,2} (de )?(sep|oct|nov)",
                                                       text)], texts  # no weekday or day alone on a line


@pytest.fixture(scope="module")
def uk_sheet(tmp_path_factory) -> Path:
    """Sam's low-FODMAP sheet from the UK practice (en-GB, A4), rendered once for the tests below."""
    return _sheet(tmp_path_factory.mktemp("uk-sheet"), "low-fodmap", "sam-low-fodmap", "harbourside")


def test_a_british_date_in_the_reintroduction_table_stays_on_one_line_on_a4(uk_sheet):
    """'Mon 29' / 'Sept' broke in the day cells of the UK practice's A4 sheet (British dates are the
    widest English ones); each date now reads on the row's one line, at the sheet's body size,
    the break days beside them, and the whole table inside the page."""
    import pypdf

    found = lines(uk_sheet)
    row = [line for line in found if line.text.startswith("1. Wheat bread")]
    assert len(row) == 1, row
    cells = [line for line in found if line.page == row[0].page and abs(line.top - row[0].top) < 1]
    text = " ".join(line.text for line in sorted(cells, key=lambda line: line.x)).replace("\u00a0", " ")
    assert "Mon 29 Sept" in text and "Tue 30 Sept" in text and "Wed 1 Oct" in text and "2 – 3 Oct" in text, text
    below = [line.text for line in found if line.page == row[0].page and row[0].top < line.top < row[0].top + 12]
    assert below == [], below  # nothing of the row's dates on a second line
    dates = [line for line in cells if "Sept" in line.text]
    assert dates and all(line.height > 14.5 for line in dates), dates  # 12 pt, the body size
    for test in ("6. Mushrooms", "Then step 3", "Box: your worst symptoms"):
        assert any(line.text.startswith(test) or test in line.text for line in found), test
    width = float(pypdf.PdfReader(str(uk_sheet)).pages[0].mediabox.width)
    assert round(width) == 595  # A4
    assert max(line.x for line in cells) < width - 36  # the break days' column inside the margin


def test_every_short_food_name_on_the_sheet_prints_on_one_line(uk_sheet):
    """'Fruit' / 'juice', 'Green onion' / 'tops', 'gluten-free' / 'bread': a short name split over two
    lines reads as two foods. Each name of up to three words now prints whole on one line."""
    from handouts.unbroken import name_pieces

    ctx = CTX
    inputs = documents.diet_inputs("low-fodmap", DATA / "customisations" / "sam-low-fodmap.yaml", "harbourside", ctx)
    view = documents.build_view("diet-sheet", inputs, None, ctx)
    names = {food.name for group in view.groups for food in (*group.avoid, *group.enjoy)}
    short = {name for name in names if len(name_pieces(name)) == 1 and " " in name}
    assert {"Almond milk", "Gluten-free bread", "Green onion tops", "Pure maple syrup"} <= short, short
    printed = " | ".join(line.text.replace("\u00a0", " ") for line in lines(uk_sheet))
    assert [name for name in short if name not in printed] == []
    assert "Swap wheat bread or rye bread for" in printed and "gluten-free bread or sourdough spelt bread" in printed


def test_a_food_name_breaks_only_between_its_pieces():
    from handouts.unbroken import bound_name, name_pieces, whole_names

    nbsp = "\u00a0"
    assert name_pieces("Almond milk") == (f"Almond{nbsp}milk",)
    assert name_pieces("Leche de vaca") == (f"Leche{nbsp}de{nbsp}vaca",)
    assert name_pieces("Sesame seeds and tahini") == (f"Sesame{nbsp}seeds", f"and{nbsp}tahini")
    # a short name whose one place to break would end a line on "and", "or", "de": kept whole
    # ("Nueces de" / "la India" read as two foods, beside "Nueces" in the same list)
    assert name_pieces("Peanuts and peanut butter") == (f"Peanuts{nbsp}and{nbsp}peanut{nbsp}butter",)
    assert name_pieces("Nueces de la India") == (f"Nueces{nbsp}de{nbsp}la{nbsp}India",)
    assert name_pieces("Stone fruit (peaches, plums, apricots)") == (
        f"Stone{nbsp}fruit", "(peaches,", f"plums,{nbsp}apricots)")
    assert bound_name("Rice or corn pasta") == f"Rice{nbsp}or{nbsp}corn{nbsp}pasta"
    # Spanish: no line ends on a short word ("de", "y") where the name has another place to break
    assert name_pieces("Pan de espelta de masa madre") == (f"Pan{nbsp}de{nbsp}espelta", f"de{nbsp}masa{nbsp}madre")
    assert name_pieces("Semillas de ajonjolí y tahini") == (f"Semillas{nbsp}de{nbsp}ajonjolí", f"y{nbsp}tahini")
    # up to three words, however long: no break between them would leave a word alone
    assert name_pieces("Homemade buckwheat-flour flatbreads") == (f"Homemade{nbsp}buckwheat-flour{nbsp}flatbreads",)
    swap = whole_names(f"wheat bread or gluten-free{nbsp}bread", ("Wheat bread", "Gluten-free bread"))
    assert swap == f'wheat bread or <span class="whole">gluten-free{nbsp}bread</span>'
    assert whole_names("<b>", ()) == "&lt;b&gt;"


LONG_NAMES = """\
plan: low-fodmap
patient: Test Patient
start_date: 2025-09-01
extra_foods:
  - {name: Homemade buckwheat-flour flatbreads, group: grains, carries: [], list: enjoy}
  - {name: Wholegrain buckwheat crispbreads, group: grains, carries: [], list: enjoy}
  - {name: Extra-mature Cheddar-style cheeses, group: dairy, carries: [milk], list: enjoy}
  - {name: Supermarket rotisserie chickens, group: protein, carries: [], list: avoid}
"""


def test_a_long_name_of_three_words_never_leaves_one_alone(tmp_path):
    """'Homemade buckwheat-flour' / 'flatbreads', 'Extra-mature' / 'Cheddar-style cheeses': a
    dietitian's food of three words over 30 characters broke between its words. Such a name is now
    bound; one too long for a line beside its box and tag breaks only at a hyphen after its first
    word, its box with that word and its tag with its last."""
    from handouts.html import render_html

    nbsp = "\u00a0"
    custom = tmp_path / "long-names.yaml"
    custom.write_text(LONG_NAMES, encoding="utf-8")
    inputs = documents.on_paper(documents.diet_inputs("low-fodmap", custom, "harbourside", CTX), "a4")
    view = documents.build_view("diet-sheet", inputs, None, CTX)
    html = render_html(view)
    assert f'<span class="box" role="img" aria-label="box to tick"></span>Homemade{nbsp}buckwheat-flour{nbsp}flatbreads</span>' in html
    assert (f'<span class="box" role="img" aria-label="box to tick"></span>Extra-mature</span>{nbsp}Cheddar-style{nbsp}cheeses'
            f'{nbsp}<span class="contains-tag">contains milk</span>') in html
    assert f"Supermarket{nbsp}rotisserie{nbsp}chickens" in html
    printed = [line.text.replace(nbsp, " ") for line in lines(_render(view, tmp_path / "long.pdf"))]
    assert "Homemade buckwheat-flour flatbreads" in " | ".join(printed)
    assert "Wholegrain buckwheat crispbreads" in " | ".join(printed)
    ends = ("Homemade", "buckwheat-flour", "Wholegrain", "buckwheat", "Extra-mature", "Supermarket", "rotisserie")
    starts = ("flatbreads", "buckwheat", "crispbreads", "Cheddar-style", "cheeses", "rotisserie", "chickens")
    assert not [text for text in printed if text.endswith(ends) or text.startswith(starts)], printed


def test_a_blank_spanish_sheets_visit_lines_stay_beside_their_labels(tmp_path):
    """'Para:', 'Nutricionista:' and 'Próxima visita:' each printed their line to write on under
    the label, on the row just above the first paragraph (both papers): the longer Spanish labels
    left no room beside them. The lines are now a little shorter in Spanish, beside their labels."""
    from samples import printed_file

    ctx = CTX.with_locale("es")
    inputs = documents.on_paper(documents.in_language(
        documents.diet_inputs("trigger-foods", None, "harbourside", ctx), "es"), "a4")
    found = lines(printed_file(documents.build_view("diet-sheet", inputs, None, ctx), tmp_path))
    first = next(line for line in found if line.text.startswith("Para:"))
    row = " ".join(line.text for line in found if line.page == 1 and abs(line.top - first.top) < 1)
    assert "Nutricionista:" in row and "Próxima visita:" in row, row
    after = min((line for line in found if line.page == 1 and line.top > first.top + 1), key=lambda line: line.top)
    assert after.text.startswith("Durante unas semanas"), after
    assert after.top - first.top < 24, (first, after)  # the next line of text, not a row of blanks between


def test_a_blank_sheets_break_days_keep_their_range_whole():
    """'Days 19 to' / '20' broke in the break-day column of a sheet with no start date: the range
    now moves to the next line whole ('Days' / '19 to 20'), in either language."""
    from handouts.html import render_html
    from handouts.unbroken import keep_range_whole

    nbsp = "\u00a0"
    assert keep_range_whole("Days 19 to 20") == f"Days 19{nbsp}to{nbsp}20"
    assert keep_range_whole("Días 19 a 20") == f"Días 19{nbsp}a{nbsp}20"
    assert keep_range_whole("<Days 1 to 2>") == f"&lt;Days 1{nbsp}to{nbsp}2&gt;"
    for language, words in (("en", "Days"), ("es", "Días")):
        ctx = CTX.with_locale(language) if language != "en" else CTX
        inputs = documents.in_language(documents.diet_inputs("low-fodmap", None, "harbourside", ctx), language)
        html = render_html(documents.build_view("diet-sheet", inputs, None, ctx))
        assert f"{words} 19{nbsp}{'to' if language == 'en' else 'a'}{nbsp}20" in html, language
        # nor does the last row's "Luego, paso" / "3" leave its number alone, nor the diary's
        # "Síntomas (0" / "a 10)" split its range
        then, scale = ("Then step", "(0 to 10)") if language == "en" else ("Luego, paso", "(0 a 10)")
        assert f"{then}{nbsp}3</span>" in html, language
        assert scale.replace(" ", nbsp) in html, language
        # and a step's range of weeks stays whole ("(puede ser de 2 a" / "6)" in the step box)
        can_be = "(can be 2 to 6)" if language == "en" else "(puede ser de 2 a 6)"
        assert can_be[:-6] + can_be[-6:].replace(" ", nbsp) in html, language


def test_a_tables_date_keeps_its_day_and_month_together_in_every_language():
    from handouts.locale import parse
    from handouts.views.diet_dates import short_date, short_range

    day, nbsp = date(2025, 9, 29), "\u00a0"
    assert short_date(day, parse("en-GB")) == f"Mon 29{nbsp}Sept"
    assert short_date(day, parse("en-US")) == f"Mon Sep{nbsp}29"
    assert short_date(day, parse("es-US")) == f"lun 29{nbsp}sep"  # no "de": CLDR's own short day and month
    assert short_date(day, parse("es-ES")) == f"lun 29{nbsp}sept"
    assert short_range(date(2025, 9, 30), date(2025, 10, 1), parse("en-GB")) == f"30{nbsp}Sept – 1{nbsp}Oct"
    assert short_range(date(2025, 10, 2), date(2025, 10, 3), parse("es-US")) == f"2–3{nbsp}de{nbsp}oct"
    assert short_range(day, day, parse("en-GB")) == short_date(day, parse("en-GB"))


def _schedule_rows_per_page(pdf: Path) -> dict[int, int]:
    import re

    rows: dict[int, int] = {}
    for line in lines(pdf):
        if re.match(r"\d\. \S", line.text) and line.x < 60:  # "1. Pan de trigo", in the table's first column
            rows[line.page] = rows.get(line.page, 0) + 1
    return rows


@pytest.mark.parametrize(("plan", "customisation", "brand", "paper"), [
    ("low-fodmap", "sam-low-fodmap", "riverside", "letter"), ("trigger-foods", None, "harbourside", "a4")])
def test_the_reintroduction_schedule_never_leaves_one_food_on_a_page(tmp_path, plan, customisation, brand, paper):
    pdf = _sheet(tmp_path, plan, customisation, brand, "es", paper)
    rows = _schedule_rows_per_page(pdf)
    assert sum(rows.values()) in (3, 6), rows  # every food to test is there
    assert min(rows.values()) >= 2, rows  # on one page, or at least two foods on each
    assert max(line.page for line in lines(pdf)) == 5  # the Spanish sheet's page target (the 4th blank, the diary's sheet its own)


def _column_tops(pdf: Path) -> list[tuple[int, str]]:
    """The first line of each column of the brief's details, page by page (running header and
    footer left out)."""
    import pypdf

    width = float(pypdf.PdfReader(str(pdf)).pages[0].mediabox.width)
    found = [line for line in lines(pdf) if line.page > 1 and 25 < line.top and line.height < 20]
    tops = []
    for page in sorted({line.page for line in found}):
        on_page = [line for line in found if line.page == page]
        footer = max(line.top for line in on_page)
        body = [line for line in on_page if line.top < footer - 30]
        for right in (False, True):
            column = [line for line in body if (line.x > width / 2) == right]
            if column:
                tops.append((page, min(column, key=lambda line: line.top).text))
    return tops


@pytest.mark.parametrize(("brand", "paper"), [("riverside", "letter"), ("default", "a4")])
def test_a_recommendations_caution_or_review_note_stays_with_it(tmp_path, brand, paper):
    pdf = _brief(tmp_path, brand, paper)
    tops = _column_tops(pdf)
    assert len(tops) >= 6  # pages 2 to 4, two columns each
    assert [(page, text) for page, text in tops if text.startswith(("Caution:", "Note for review:"))] == []
    assert max(line.page for line in lines(pdf)) == 4  # the brief's page target


LONG_NAME = "Maria-Guadalupe Fernández-Castellanos de la Torre y Villanueva"
LONG_NOTE = ("Try one change at a time for two weeks, and write down what you ate, how you slept and how your "
             "tummy felt each day, so we can talk it over together at your next visit.")


@pytest.mark.parametrize(("paper", "language", "heading", "items"), [
    ("a4", "es", "Para", ("Pregunte por los probióticos", "Pregunte por la TCC", "Pregunte por la hipnosis")),
    ("letter", "en", "Treatments", ("Ask about probiotics", "Ask about CBT", "Ask about hypnosis"))])
def test_a_group_of_things_to_try_stays_on_one_page_with_its_heading(tmp_path, paper, language, heading, items):
    from handouts.models import Personalisation

    if language == "es":  # the plain Spanish handout
        person = Personalisation(language=language)
    else:  # a long name and long notes, as printed at a visit
        person = Personalisation(language=language, patient_name=LONG_NAME, clinician="Dr. Priya Shah-Venkataraman",
                                 visit_date=date(2025, 7, 14), follow_up=date(2025, 8, 11),
                                 notes=f"{LONG_NOTE}\n{LONG_NOTE}\nCall if the pain wakes you at night.")
    inputs = documents.on_paper(documents.topic_inputs("leaky-gut", "riverside", CTX), paper)
    pdf = _render(documents.build_view("patient", inputs, person, CTX), tmp_path / "handout.pdf")
    found = lines(pdf)
    side = [line for line in found if line.text == heading and line.x < 100]
    assert len(side) == 1, side
    pages = {next(line.page for line in found if line.text.startswith(item)) for item in items}
    assert pages == {side[0].page}, (side[0].page, pages)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_blank_on_a_diet_sheets_web_page_says_what_it_is(language):
    import re

    from handouts.html import render_page

    ctx = CTX.with_locale(language) if language != "en" else CTX
    inputs = documents.in_language(documents.diet_inputs("low-fodmap", None, "default", ctx), language)
    page = render_page(documents.build_view("diet-sheet", inputs, None, ctx))
    blanks = re.findall(r'<span class="blank[^"]*"[^>]*>', page)
    assert len(blanks) >= 5  # name, dietitian, visit, start date, allergies, the diary's week
    label = "blank to fill in" if language == "en" else "espacio en blanco para llenar"
    assert [blank for blank in blanks if f'aria-label="{label}: ' not in blank] == []  # and what goes there
    assert len(set(blanks)) == len(blanks)


def _footers(pdf: Path) -> dict[int, str]:
    """Each page's footer, its lines joined (the words under the body, by position)."""
    found = [line for line in lines(pdf) if line.height < 12]
    footers: dict[int, str] = {}
    for page in sorted({line.page for line in found}):
        on_page = sorted((line for line in found if line.page == page), key=lambda line: line.top)
        bottom = on_page[-1].top
        footers[page] = " ".join(line.text for line in on_page if line.top > bottom - 30).replace("\u00a0", " ")
    return footers


TWO_LANGUAGES = {"handout": "The main thing to know", "diet-sheet": "Low-FODMAP diet"}
"""Each two-language print, by the words its English part starts with."""


@cache
def _two_language_view(document: str):
    from handouts.models import Personalisation

    if document == "handout":
        inputs = documents.topic_inputs("leaky-gut", "riverside", CTX)
        return documents.build_view("patient", inputs, Personalisation(language="es"), CTX, also=("en",))
    ctx = CTX.with_locale("es")
    inputs = documents.in_language(documents.diet_inputs("low-fodmap", None, "riverside", ctx), "es")
    return documents.build_view("diet-sheet", inputs, None, ctx, also=("en",))


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory) -> dict[str, Path]:
    """A Spanish-then-English handout and diet sheet, each rendered once for the tests below."""
    out = tmp_path_factory.mktemp("two-languages")
    return {document: _render(_two_language_view(document), out / f"{document}.pdf") for document in TWO_LANGUAGES}


@pytest.mark.parametrize("document", TWO_LANGUAGES)
def test_each_part_of_a_two_language_print_is_footed_in_its_own_language(two_languages, document):
    pdf = two_languages[document]
    found = lines(pdf)
    first_english = next(line.page for line in found if line.text.startswith(TWO_LANGUAGES[document]))
    footers = _footers(pdf)
    pages = len(footers)
    assert first_english > 1
    for page, footer in footers.items():
        if page < first_english:
            assert f"Página {page} de {pages}" in footer and "revisión: aún no aprobado" in footer, footer
        else:  # "Under review: ..." on the handout, "Plan under review: ..." on the diet sheet
            assert f"Page {page} of {pages}" in footer and "under review: not yet approved" in footer.lower(), footer
            assert "Página" not in footer and "revisión" not in footer, footer
    # the top margin's review mark is each part's own word; the watermark, on every page, says both;
    # a page left blank so that the English starts on a right-hand page says only that, in Spanish
    blank = [page for page, text in enumerate(pages_text(pdf), start=1) if "Esta página se dejó en blanco" in text]
    assert all(page < first_english for page in blank)
    for page in range(1, pages + 1):
        mark = " ".join(line.text for line in found if line.page == page and line.top < 40)
        if page in blank:
            assert mark == "Esta página se dejó en blanco a propósito.", (page, mark)
            continue
        assert ("BORRADOR" if page < first_english else "DRAFT") in mark, (page, mark)
        assert ("DRAFT" if page < first_english else "BORRADOR") not in mark, (page, mark)
    from handouts.html import render_html
    html = render_html(_two_language_view(document))
    # every mark of every part: the Spanish part's translation is a draft too
    assert ('<div class="watermark watermark-parts watermark-many" aria-hidden="true">'
            'BORRADOR\nTRADUCCIÓN EN BORRADOR\nDRAFT</div>') in html


@pytest.mark.parametrize("document", TWO_LANGUAGES)
def test_the_english_part_of_a_two_language_print_opens_with_its_own_masthead(two_languages, document):
    """A family member who keeps only the English pages still sees who gave them the sheet and whom
    to call: the practice, its phone and website, in English words, as the Spanish part opens."""
    pdf = two_languages[document]
    found = lines(pdf)
    first_english = next(line.page for line in found if line.text.startswith(TWO_LANGUAGES[document]))
    page_text = " ".join(pages_text(pdf)[first_english - 1].split()).replace("\u00a0", " ")
    for words in ("Riverside Family Practice", "120 River Road", "Phone (217) 555-0142", "riverside-family.example",
                  "DRAFT: not clinically approved"):
        assert words in page_text, words
    assert "Teléfono" not in page_text and "BORRADOR: sin aprobación clínica" not in page_text
    # and the Spanish masthead shows the Spanish part's marks only: the English one is on its own masthead
    first_page = " ".join(pages_text(pdf)[0].split()).replace("\u00a0", " ")
    assert "BORRADOR: sin aprobación clínica" in first_page and "DRAFT: not clinically approved" not in first_page
    # laid out as the first page's masthead: the name above the contact line, at the top of the page
    # and not repeated in the top margin above it; the running name is back on the page after
    spanish_name, english_name = ([line for line in found
                                   if line.page == page and line.text == "Riverside Family Practice"]
                                  for page in (1, first_english))
    assert len(english_name) == 1 and len(spanish_name) == 1, (spanish_name, english_name)
    # beside the logo as on page 1 (higher there: two marks stand beside the Spanish masthead, one here)
    assert abs(english_name[0].x - spanish_name[0].x) < 1 and english_name[0].top <= spanish_name[0].top
    assert english_name[0].top < 60
    contact = next(line for line in found if line.page == first_english and "Phone (217) 555-0142" in line.text)
    assert english_name[0].top < contact.top < english_name[0].top + 30
    assert any(line.text == "Riverside Family Practice" and line.top < 40 for line in found
               if line.page == first_english + 1)


def test_a_one_language_document_has_one_masthead_and_a_two_language_one_one_per_part():
    from handouts.html import render_html
    from handouts.models import Personalisation

    inputs = documents.topic_inputs("leaky-gut", "riverside", CTX)
    one = render_html(documents.build_view("patient", inputs, Personalisation(language="es"), CTX))
    assert one.count('<header class="masthead">') == 1
    both = render_html(_two_language_view("handout"))
    assert both.count('<header class="masthead">') == 2
    english = both[both.index('<div class="language-part" lang="en"'):]
    assert english.count('<header class="masthead">') == 1
    assert "Phone (217) 555-0142" in english and "Teléfono" not in english


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_main_message_without_pictograms_uses_its_whole_box(tmp_path, paper):
    from handouts.models import Personalisation

    inputs = documents.on_paper(documents.topic_inputs("leaky-gut", "riverside", CTX), paper)
    person = Personalisation(include=("loperamide",))
    pdf = _render(documents.build_view("patient", inputs, person, CTX), tmp_path / "medicines.pdf")
    found = lines(pdf)
    heading = next(line for line in found if line.text == "The main thing to know")
    title = next(line for line in found if line.text == "Leaky gut syndrome")
    assert heading.x - title.x < 10 * 72 / 25.4, (heading.x, title.x)  # inside the box's edge, not 40 mm in
    message = next(line for line in found if line.text.startswith("Your symptoms are real"))
    assert len(message.text) > 75, message.text  # the box's width: about 65 characters beside pictograms
    assert not [line for line in found if line.text.startswith(("Eat well", "Move and relax"))]
    # the disclaimer closes the plan, on its page
    plan = next(line for line in found if line.text == "My plan")
    disclaimer = next(line for line in found if line.text.startswith("This handout gives general information"))
    assert disclaimer.page == plan.page
    assert max(line.page for line in found) <= 2
