"""What a reader sees of the layout: text beside its pictograms, columns that line up, no first word
stranded on a line of its own.

Found by looking at every shipped document: on A4 (the en-GB brand, or any --paper a4) every
text column of the patient handout dropped below its pictogram and the handout ran to three
pages. The browser's 8 px body margin made the content 166 mm wide, and the rail and text
column need 169 mm. On letter the same margin put the body 2 mm inside the running header
and footer, and the text beside a drawing 4 mm left of the checklists' text. In the
clinician brief, the two red-flag groups (flex items) printed "• You" alone on a line, its
sentence on the next.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from handouts import documents
from handouts.context import Context
from handouts.views.base import View
from conftest import DATA
from pdfutil import Line, lines, structure_elements, text
from samples import printed_file

CTX = Context.default(date(2025, 10, 6))


_READ: dict[tuple[bytes, float | None], tuple[Line, ...]] = {}


def _lines(pdf: Path, height: float | None = None) -> list[Line]:
    """pdfutil.lines, read once per document: the brief on A4 is read by four tests, a handout by two."""
    key = (hashlib.sha256(pdf.read_bytes()).digest(), height)
    if key not in _READ:
        _READ[key] = tuple(lines(pdf, height))
    return list(_READ[key])


def _patient(tmp_path: Path, brand: str, paper: str | None = None) -> Path:
    inputs = documents.on_paper(documents.topic_inputs("leaky-gut", brand, CTX), paper)
    return printed_file(documents.build_view("patient", inputs, None, CTX), tmp_path, f"{brand}-{paper}.pdf")


def _first(found: list[Line], start: str) -> Line:
    return next(line for line in found if line.text.startswith(start))


@pytest.mark.parametrize(("brand", "paper"), [("harbourside", None), ("default", "a4"), ("default", "letter")])
def test_the_handout_text_sits_beside_its_pictograms_on_either_paper(tmp_path, brand, paper):
    pdf = _patient(tmp_path, brand, paper)
    found = _lines(pdf)
    assert max(line.page for line in found) == 2  # the handout's page target, on A4 too
    about = _first(found, '"Leaky gut" is an idea')
    caption = _first(found, "Left: a lining")
    check = _first(found, "Eat more plant foods.")
    # beside the drawing, not under it: the paragraph starts above the drawing's caption
    assert about.page == caption.page == 1 and about.top < caption.top
    assert about.x > caption.x + 90  # the rail's width to its right
    # one text column: the paragraph beside the drawing starts where the checklists' boxes do
    # (the box is 7.5 mm before its text)
    box = check.x - 7.5 * 72 / 25.4
    assert abs(about.x - box) < 2, (about.x, box)
    # the main message's text beside its three pictograms, not above them
    main = _first(found, "Your symptoms are real")
    assert main.top < _first(found, "Move and relax").top


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_handout_body_lines_up_with_the_running_footer(tmp_path, paper):
    found = _lines(_patient(tmp_path, "harbourside", paper))
    practice = _first(found, "Harbourside Surgery")  # the masthead, page 1
    footer = next(line for line in found if line.page == 1 and line.text.startswith("Harbourside Surgery ·"))
    assert abs(practice.x - footer.x) < 1, (practice.x, footer.x)



def _brief_or_sheet(tmp_path: Path, document: str, brand: str, language: str = "en") -> Path:
    """The clinician brief (or its `--summary`), or a diet sheet (`plan` or `plan+customisation`)."""
    if document in ("brief", "summary"):
        view = documents.build_view("clinician", documents.topic_inputs("leaky-gut", brand, CTX), None, CTX)
        view = documents.summary_of(view) if document == "summary" else view
    else:
        plan, _, customisation = document.partition("+")
        ctx = CTX.with_locale(language) if language != "en" else CTX
        inputs = documents.diet_inputs(plan, DATA / "customisations" / f"{customisation}.yaml" if customisation else None,
                                       brand, ctx)
        view = documents.build_view("diet-sheet", documents.in_language(inputs, language), None, ctx)
    return printed_file(view, tmp_path, f"{document}-{brand}-{language}.pdf")


@pytest.mark.parametrize(("document", "brand", "language"), [
    ("brief", "harbourside", "en"), ("brief", "default", "en"), ("summary", "riverside", "en"),
    ("low-fodmap", "default", "en"), ("trigger-foods+maria-trigger-foods", "harbourside", "es")])
def test_the_brief_and_diet_sheet_bodies_line_up_with_their_running_header_and_footer(tmp_path, document, brand,
                                                                                       language):
    """The browser's 8 px body margin put the text of the brief and the diet sheets 2.1 mm right of
    the running header's practice name and the footer's words (and 2.1 mm short of their right
    edge). The page margins are now the whole margin, 8 px wider than they were, so the text
    keeps its lines and pages and the header and footer move in to meet it."""
    found = [line for line in _lines(_brief_or_sheet(tmp_path, document, brand, language)) if line.height < 20]  # no watermark
    for page in sorted({line.page for line in found}):
        on_page = [line for line in found if line.page == page]
        footer = max(on_page, key=lambda line: line.top)  # its last line: up to three lines of 8 pt
        header = [line for line in on_page if line.top < 30 and line.x < 100]  # the practice's name, top left
        body = [line for line in on_page if 30 < line.top < footer.top - 40]
        if not body:  # the back of the plan's last page, left blank: the diary starts a sheet of its own
            assert any("en blanco a propósito" in line.text for line in on_page), (page, on_page)
            continue
        left = min(line.x for line in body)
        assert abs(footer.x - left) < 1, (page, footer.text, footer.x, left)
        if header:  # page 1 carries the masthead instead
            assert abs(header[0].x - left) < 1, (page, header[0].text, header[0].x, left)
    assert any(line.top < 30 and line.x < 100 for line in found) == (document != "summary")


def test_the_briefs_red_flags_keep_their_first_words_on_their_sentence(tmp_path):
    found = [line for line in _lines(_brief_or_sheet(tmp_path, "brief", "harbourside")) if line.page == 1]
    assert any(line.bullet and line.text.startswith("You see blood in your stool") for line in found)
    assert not [line for line in found if line.bullet and len(line.text.split()) == 1]


@pytest.mark.parametrize("command", [("render", "leaky-gut", "--audience", "patient"),
                                     ("diet", "--customise", "sam-low-fodmap")])
def test_paper_letter_is_printed_for_a_brand_whose_locale_prints_a4(tmp_path, command):
    """`--paper letter` with the en-GB brand printed A4: the brand names no paper, its model's
    default (letter) matched the request, so the request was dropped and the locale's A4 won."""
    from cliutil import run
    from pdfutil import pdf_reader

    out = tmp_path / "out.pdf"
    result = run(*command, "--brand", "harbourside", "--paper", "letter", "--as-of", "2025-10-06", "-o", out)
    assert result.exit_code == 0, result.output
    first = pdf_reader(out).pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (612, 792)


@pytest.mark.parametrize("brand", ["default", "harbourside"])
def test_the_diet_sheets_title_and_its_kind_each_stay_whole(tmp_path, brand):
    """The Spanish title and "Su plan de dieta de eliminación" do not fit on one line: the
    sheet's kind printed "Su" at the end of the title's line (A4), or the title broke before
    "molestias" (letter). Each now keeps to its own line."""
    inputs = documents.in_language(documents.diet_inputs("trigger-foods", DATA / "customisations" / "maria-trigger-foods.yaml", brand, CTX), "es")
    pdf = printed_file(documents.build_view("diet-sheet", inputs, None, CTX.with_locale("es")), tmp_path, "sheet.pdf")
    first = [line.text for line in _lines(pdf) if line.page == 1]
    assert "Dejar alimentos que pueden causar molestias" in first
    assert "Su plan de dieta de eliminación" in first


def _rule_length_mm(pdf: Path, label: str, size: float) -> float:
    """The longest grey rule (a write-in line, #8c8c8c) drawn level with `label` (set at `size`
    points), right of it, in mm.

    Poppler rasterises only that band, from the label to the page's right edge: the pixels of the
    band are those of the whole page (pdftoppm's crop), for a fraction of the time."""
    import io
    import subprocess

    from PIL import Image

    dpi = 100
    at = _first(_lines(pdf, size * 1.24), label)  # at its size: not merged with the watermark's letters
    scale = dpi / 72
    left, top, bottom = int(at.x * scale), int(at.top * scale), int((at.top + at.height) * scale) + 6
    png = subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(at.page), "-l", str(at.page), "-singlefile",
                          "-x", str(left), "-y", str(top), "-H", str(bottom - top), str(pdf)],
                         capture_output=True, check=True).stdout  # -W unset: to the right edge
    band = Image.open(io.BytesIO(png)).convert("L")
    longest = 0
    for y in range(band.height):
        run = 0
        for value in band.crop((0, y, band.width, y + 1)).tobytes():
            run = run + 1 if 100 <= value <= 215 else 0  # the rule's grey, not the watermark's or text's
            longest = max(longest, run)
    return longest / dpi * 25.4


def test_the_large_print_phone_line_has_room_for_large_figures(tmp_path):
    """At 18 pt the standard handout's 50 mm line left about 4 mm a figure for a phone number."""
    inputs = documents.topic_inputs("leaky-gut", "default", CTX)
    pdf = printed_file(documents.build_view("patient", inputs, None, CTX, large_print=True), tmp_path, "large.pdf")
    assert _rule_length_mm(pdf, "Our phone:", 18) >= 95
    # the standard print's: letter, the default brand's (its locale's) paper, named as the tests above name it
    assert 45 <= _rule_length_mm(_patient(tmp_path, "default", "letter"), "Our phone:", 12) <= 55


def _figures_and_captions(pdf: Path) -> list[tuple[str, int]]:
    """Each tagged Figure and Caption in reading order with the page it starts on ('Caption' for captions)."""
    return [("Caption" if e["role"] == "Caption" else str(e["alt"]), int(e["page"]))  # type: ignore[call-overload]
            for e in structure_elements(pdf, ("Figure", "Caption")) if e["page"] is not None]


def test_a_large_print_drawing_keeps_its_caption_on_its_page(tmp_path):
    """Spanish large print with the riverside brand: the drawing of the gut lining ended page 2,
    its caption ("Izquierda: ...") began page 3."""
    from handouts.models import Personalisation

    person = Personalisation(language="es", patient_name="Maria Okafor-Hernández", visit_date=date(2025, 10, 6),
                             follow_up=date(2025, 11, 3), notes="Take the probiotic with breakfast.\n"
                             "Bring your food diary to the next visit.\nCall if the pain wakes you at night.")
    inputs = documents.topic_inputs("leaky-gut", "riverside", CTX)
    pdf = tmp_path / "large.pdf"
    pdf.write_bytes(documents.render(documents.build_view("patient", inputs, person, CTX, large_print=True)).data)
    found = _figures_and_captions(pdf)
    pairs = [(figure, page, then) for (figure, page), (caption, then) in zip(found, found[1:]) if caption == "Caption"]
    assert any(figure.startswith("Dos dibujos del revestimiento") for figure, _, _ in pairs)
    assert [(figure, page, then) for figure, page, then in pairs if page != then] == []


def _stranded_words(pdf: Path) -> list[str]:
    """Lines of one word whose sentence goes on, lower-case, on the next line: a line broken after
    its first word although more of the sentence fitted ("Aim" / "for 2 to 2.5 L of fluids ...")."""
    found = _lines(pdf)
    stranded = []
    for line in found:
        if len(line.text.split()) != 1 or line.text[-1] in ".:;,)" or "/" in line.text:
            continue  # several words, a sentence's end, or a piece of a long address (a reference's URL)
        after = [other for other in found if other.page == line.page and abs(other.x - line.x) < 1
                 and 0 < other.top - line.top < 1.6 * line.height]
        if after and after[0].text[:1].islower():
            stranded.append(f"page {line.page}: {line.text!r} / {after[0].text[:40]!r}")
    return stranded


@pytest.mark.parametrize("brand", ["default", "harbourside", "riverside"])
def test_no_line_of_the_brief_is_broken_after_its_first_word(tmp_path, brand):
    """A statement followed by its citation ended in a space; when the rest of it just fitted a
    line, WeasyPrint 70 broke after its first word: "Aim" (default, riverside) and "diet"
    (harbourside) stood alone, their sentences on the next line."""
    pdf = _brief_or_sheet(tmp_path, "brief", brand)
    assert _stranded_words(pdf) == []
    # the citation after its statement, in the order the PDF's text says them (poppler's rows group a
    # citation's smaller words with the other column's line when the two columns' lines nearly align)
    words = text(pdf)
    assert "Aim for 2 to 2.5 L" in words and "[3, 9] Evidence" in words


def test_a_translated_large_print_handout_starts_with_its_main_message(tmp_path):
    """A translated draft carries two review marks; in large print they were stacked under the
    practice's name, the masthead took a third of page 1, and the main message ("Lo más
    importante") went overleaf, leaving page 1 with a title only (riverside, Spanish: 8 pages,
    past the 7-page target)."""
    from handouts.models import Personalisation
    from pdfutil import pages_text

    person = Personalisation(language="es", patient_name="Maria Okafor-Hernández", visit_date=date(2025, 10, 6))
    inputs = documents.topic_inputs("leaky-gut", "riverside", CTX)
    pdf = tmp_path / "large.pdf"
    made = documents.render(documents.build_view("patient", inputs, person, CTX, large_print=True))
    pdf.write_bytes(made.data)
    first = pages_text(pdf)[0]
    assert "Lo más importante" in first and "Sus síntomas son reales" in first
    assert made.pages <= 7
    marks = [line for line in _lines(pdf) if line.page == 1 and line.text.startswith(("BORRADOR:", "TRADUCCIÓN EN BORRADOR:"))]
    assert len({round(line.top) for line in marks}) == 1  # side by side, on one line


def _lone_last_words(found: list[Line], column: float) -> list[str]:
    """Lines of one word in the text column that end a paragraph the line above them began."""
    lone = []
    found = [line for line in found if line.height < 50]  # not the watermark's slanted letters (44 pt and up)
    for line in found:
        if line.x < column or len(line.text.split()) != 1 or line.bullet:
            continue
        above = [o for o in found if o.page == line.page and abs(o.x - line.x) < 1 and abs(o.height - line.height) < 0.3
                 and 0 < line.top - o.top < 1.05 * line.height]
        if above:
            lone.append(f"page {line.page}: {above[0].text[-30:]!r} / {line.text!r}")
    return lone


@pytest.mark.parametrize(("brand", "paper", "language"), [
    ("default", "letter", "en"), ("default", "a4", "en"), ("harbourside", None, "es")])
def test_no_paragraph_of_the_handout_leaves_its_last_word_alone_on_a_line(tmp_path, brand, paper, language):
    """'...only as they tell' / 'you.', 'Llame al 911 o vaya a la sala de emergencias de inmediato' /
    'si:', 'Stress can make gut problems' / 'worse.': the last two words now share a line."""
    if language == "en":
        pdf = _patient(tmp_path, brand, paper)
    else:
        ctx = CTX.with_locale(language)
        view = documents.build_view("patient", documents.topic_inputs("leaky-gut", brand, ctx), None, ctx)
        pdf = printed_file(view, tmp_path, f"{brand}-{language}.pdf")
    found = _lines(pdf)
    column = _first(found, "Eat more plant foods." if language == "en" else "Coma más alimentos").x - 25
    assert not _lone_last_words(found, column)


@pytest.mark.parametrize(("omit", "heading"), [
    (("probiotics", "cbt", "low-fodmap-diet"), "What to avoid"),
    (("polyphenol-rich-diet", "low-fodmap-diet", "avoid-self-restriction", "stress-management",
      "probiotics", "cbt", "gut-directed-hypnotherapy", "avoid-processed-food-alcohol", "avoid-unvalidated-tests",
      "avoid-unproven-treatments", "tricyclic-antidepressant"), "Medicines your care team may suggest")])
def test_the_section_after_the_steps_starts_at_the_margin_whatever_steps_are_left(tmp_path, omit, heading):
    """With some steps left out, the last step's side heading or drawing ran below its text, and the
    next section's heading printed beside it, in the text column, instead of at the margin."""
    from handouts.models import Personalisation

    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside", CTX),
                                Personalisation(omit=omit), CTX)
    found = _lines(printed_file(view, tmp_path, "fewer.pdf"))
    assert abs(_first(found, heading).x - _first(found, "What you can do").x) < 1


def test_no_note_for_review_or_caution_in_the_brief_is_split_between_columns(tmp_path):
    """On A4 a 'Note for review:' began at the foot of a column and ended at the top of the next, so
    the reviewer read its end beside a different recommendation. A note is set in from its column
    (its rule at the left): no column of the details may start with an indented line that is not
    the start of a note."""
    found = [ln for ln in _lines(_brief_or_sheet(tmp_path, "brief", "harbourside")) if ln.height < 20]  # en-GB: A4
    middle = 595 / 2  # A4, in points
    notes = [ln for ln in found if ln.text.startswith(("Note for review:", "Caution:"))]
    assert len(notes) > 10
    left = min(ln.x for ln in found if ln.page > 1)
    indents = {round(ln.x - (left if ln.x < middle else min(o.x for o in found if o.x > middle)), 1) for ln in notes}
    assert all(3 < i < 8 for i in indents), indents
    for page in sorted({ln.page for ln in found if ln.page > 1}):
        for right in (False, True):
            column = [ln for ln in found if ln.page == page and (ln.x > middle) == right and 40 < ln.top < 780]
            if not column:
                continue
            edge = min(ln.x for ln in column)
            column.sort(key=lambda ln: ln.top)
            # where the column starts, and starts again below a table the width of the page
            starts = [column[0]] + [ln for above, ln in zip(column, column[1:]) if ln.top - above.top > 25]
            for first in starts:
                split = (3 < first.x - edge < 8 and not first.text.startswith(("Note for review:", "Caution:"))
                         and not first.text[:1].isdigit())  # a step of the algorithm, set in as a list is
                assert not split, (page, right, first.text)


def _header_clearances(view: View) -> set[float]:
    """Each page's room, in mm, between its running header's line (practice name, mark) and the top
    of its text block, read from the laid-out page boxes (WeasyPrint 70's)."""
    from handouts.render import renderer

    px_per_mm = 96 / 25.4
    found = set()
    for page in renderer().layout(view, None).document.pages:
        boxes = page._page_box.children
        text_top = next(box.content_box_y() for box in boxes if getattr(box, "at_keyword", None) is None)
        for box in boxes:
            if getattr(box, "at_keyword", None) in ("@top-left", "@top-right") and box.children:
                line_bottom = max(child.position_y + child.margin_height() for child in box.children)
                found.add(round((text_top - line_bottom) / px_per_mm, 2))
    return found


def test_the_diet_sheets_running_header_stands_as_far_above_its_text_as_on_the_other_documents():
    """On the diet sheet's pages 2 and 3 the running header sat 1 mm above the text block, 1.5 mm on
    the handout's and the brief's: on Sam's Spanish sheet the schedule table's top rule ran 1.5 mm
    under the letters of 'Riverside Family Practice'. Its header stays where it printed (6 mm inside
    the paper's edge); the text block starts 0.5 mm lower, as on the others."""
    ctx = CTX.with_locale("es")
    sheet = documents.build_view("diet-sheet", documents.in_language(documents.diet_inputs(
        None, DATA / "customisations" / "sam-low-fodmap.yaml", "riverside", ctx), "es"), None, ctx)
    handout = documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside", CTX), None, CTX)
    brief = documents.build_view("clinician", documents.topic_inputs("leaky-gut", "riverside", CTX), None, CTX)
    assert _header_clearances(handout) == _header_clearances(brief) == {1.5}
    assert _header_clearances(sheet) == {1.5}
