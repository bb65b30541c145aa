"""The printed documents as a screen reader meets them: what the structure tree reads, and what it leaves out.

A screen reader reads a tagged PDF through its structure tree. Each test reads the tree
back with pikepdf, and the text each marked-content id stands for with pypdf, from one
render of each document (samples.printed): the patient handout, the clinician brief and
a diet sheet, all three with the DRAFT mark. The reading order's tests (at the end) also read
where each piece of text is drawn, on the same documents: one file, so one process renders them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path

import pikepdf
import pypdf
import pytest

from handouts import documents
from handouts.context import Context
from handouts.models import Personalisation
from handouts.views.base import View
from pdfutil import fonts, html_list_sizes, list_sizes, marked_text
from samples import ROOT, copy_of, printed

TODAY = date(2026, 1, 15)
PERSON = Personalisation(patient_name="Alex Morgan", visit_date=date(2025, 7, 14), notes="Walk after dinner.")
SAM = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"


def _three_views(ctx: Context) -> dict[str, View]:
    """The patient handout, the clinician brief and Sam's diet sheet, in `ctx`'s locale."""
    inputs = documents.topic_inputs("leaky-gut", "riverside", ctx)
    return {
        "patient": documents.build_view("patient", inputs, PERSON, ctx),
        "clinician": documents.build_view("clinician", inputs, None, ctx),
        "diet": documents.build_view("diet-sheet", documents.diet_inputs(None, SAM, "riverside", ctx), None, ctx),
    }


def _three_documents(ctx: Context) -> dict[str, bytes]:
    """The three documents of `_three_views`, printed."""
    return {name: printed(view).data for name, view in _three_views(ctx).items()}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return _three_documents(Context.default(TODAY))


@dataclass(frozen=True)
class Element:
    role: str
    ancestors: tuple[str, ...]
    page: int | None
    content: tuple[int, ...]
    """Its own marked-content ids."""
    scope: str | None
    """/A /Scope, for a table's cell."""
    alt: str | None = None
    """/Alt: what a screen reader says for a figure."""
    lang: str | None = None
    """/Lang: the language its words are read in, where it is not the document's."""


@cache
def _elements(data: bytes) -> tuple[Element, ...]:
    """Every structure element reachable from the root, in reading order (read once per document)."""
    found: list[Element] = []
    with pikepdf.open(BytesIO(data)) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}

        def walk(node: object, roles: tuple[str, ...], page: int | None) -> None:
            if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                return
            page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
            kids = node.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            content = tuple(int(kid) for kid in kids if isinstance(kid, int) or (
                isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer))
            attributes = node.get("/A")
            scope = attributes.get("/Scope") if isinstance(attributes, pikepdf.Dictionary) else None
            alt = str(node.Alt) if "/Alt" in node else None
            lang = str(node.Lang) if "/Lang" in node else None
            found.append(Element(str(node.S), roles, page, content, None if scope is None else str(scope), alt, lang))
            for kid in kids:
                walk(kid, (*roles, str(node.S)), page)

        walk(pdf.Root.StructTreeRoot.K[0], (), None)
    return tuple(found)


def _read_by_the_tree(data: bytes) -> tuple[set[tuple[int, int]], str]:
    """The (page, marked-content id)s the tree reaches, and their text in reading order."""
    tagged, _ = marked_text(data)
    reached = [(element.page, mcid) for element in _elements(data) if element.page is not None
               for mcid in element.content]
    return set(reached), "".join(tagged.get(key, "") for key in reached)


def _untagged(data: bytes) -> dict:
    """Content tagged but reached by no structure element: what a screen reader would never hear."""
    tagged, _ = marked_text(data)
    reached, _ = _read_by_the_tree(data)
    return {key: tagged[key] for key in sorted(set(tagged) - reached)}


def _pdfua_findings(data: bytes, path: Path) -> list:
    """What the independent PDF/UA checker finds in the file."""
    import pdfua

    path.write_bytes(data)
    return list(pdfua.validate(str(path)).findings)


@pytest.mark.parametrize("name", ["patient", "clinician", "diet"])
def test_every_tagged_piece_of_text_is_in_the_structure_tree(pdfs, name):
    """Content tagged but left out of the tree is neither real content nor an artifact (ISO 14289-1, 7.1):
    the page margins' text was so on every page."""
    assert _untagged(pdfs[name]) == {}


@pytest.mark.parametrize("name", ["patient", "clinician", "diet"])
def test_page_numbers_running_lines_and_the_watermark_are_artifacts(pdfs, name):
    """Still printed on every page, but read once: the masthead says DRAFT, in words, on page one; the
    footer's words where it is last printed (the next test)."""
    pages = pypdf.PdfReader(BytesIO(pdfs[name])).pages
    _, artifacts = marked_text(pdfs[name])
    _, read = _read_by_the_tree(pdfs[name])
    assert len(pages) > 1
    for number in range(len(pages)):
        assert f"Page {number + 1} of {len(pages)}" in artifacts[number]
        if number < len(pages) - 1:
            assert "nder review: not yet approved" in artifacts[number]  # "Plan under review" on the diet sheet
        assert artifacts[number].lstrip().startswith("DRAFT"), artifacts[number][:40]  # the watermark
    assert not re.search(r"Page \d+ of", read)
    assert read.count("DRAFT") == 1 and "DRAFT: not clinically approved" in " ".join(read.split())


FOOTERS = {"patient": "Monday to Friday, 8 am to 6 pm.", "clinician": "Clinician line for referrals and questions",
           "diet": "Monday to Friday, 8 am to 6 pm."}


@pytest.mark.parametrize("name", ["patient", "clinician", "diet"])
def test_the_footer_is_read_once_at_the_end(pdfs, name):
    """The review state and its dates, and the practice's footer, were printed on every page as artifacts
    only: a screen reader never said whether the content was approved or when it is next reviewed. The
    copy on the last page is now the document's last element; the page number stays unread."""
    _, read = _read_by_the_tree(pdfs[name])
    read = " ".join(read.split())
    assert read.count(FOOTERS[name]) == 1
    assert read.count("nder review: not yet approved") == 1
    last = read[read.index(FOOTERS[name]):]
    assert re.fullmatch(re.escape(FOOTERS[name]) + r"[^·]* (Plan u|U)nder review: not yet approved · updated July 2, 2025"
                        r" · version \w{8}( · food lists \w{8})?", last), last  # the document's last words
    _, artifacts = marked_text(pdfs[name])
    last_page = " ".join(artifacts[max(artifacts)].split())
    assert "nder review" not in last_page and FOOTERS[name] not in last_page
    assert re.search(r"Page (\d+) of \1", last_page)  # printed, not read


@pytest.fixture(scope="module")
def two_languages() -> bytes:
    """A Spanish handout with the English after it: each part prints its own footer."""
    ctx = Context.default(TODAY)
    inputs = documents.topic_inputs("leaky-gut", "riverside", ctx)
    return printed(documents.build_view("patient", inputs, Personalisation(language="es"), ctx, also=("en",))).data


def test_each_parts_footer_is_read_once_at_the_end_of_its_part_in_its_language(two_languages):
    _, read = _read_by_the_tree(two_languages)
    read = " ".join(read.split())
    spanish, english = "En revisión: aún no aprobado", "Under review: not yet approved"
    assert read.count(spanish) == 1 and read.count(english) == 1
    assert read.index("Lo más importante") < read.index(spanish) < read.index("The main thing to know") < read.index(english)
    elements = _elements(two_languages)
    assert elements[1].role == "/Div" and elements[1].ancestors == ("/Document",)  # the masthead, read first
    footers = [element for element in elements[2:] if element.role == "/Div" and element.ancestors == ("/Document",)]
    assert [footer.lang for footer in footers] == ["es", "en"]  # the English one no longer inside its part


def test_the_two_language_document_leaves_nothing_out_of_the_tree(two_languages, tmp_path):
    assert _untagged(two_languages) == {}
    assert _pdfua_findings(two_languages, tmp_path / "both.pdf") == []


@pytest.mark.parametrize("name", ["clinician", "diet"])
def test_every_table_header_cell_says_what_it_heads(pdfs, name):
    """The HTML's scope, as /Scope: the pdfua checker's UA-15-003 on the brief and the diet sheet."""
    scopes = [str(element.scope) for element in _elements(pdfs[name]) if element.role == "/TH"]
    assert scopes and "None" not in scopes, scopes
    assert set(scopes) == {"/Column", "/Row"}  # the diet's tables: a food, a day a row; the brief's: a dose



def _text_under(node: pikepdf.Object, page: int | None, tagged: dict, pages: dict) -> str:
    """The marked text a structure element holds, on the pages its /Pg entries name."""
    if isinstance(node, int) or (isinstance(node, pikepdf.Object)
                                 and node._type_code == pikepdf.ObjectType.integer):
        return tagged.get((page, int(node)), "")
    if not isinstance(node, pikepdf.Dictionary) or "/K" not in node:
        return ""
    page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
    kids = node.K if isinstance(node.K, pikepdf.Array) else [node.K]
    return "".join(_text_under(kid, page, tagged, pages) for kid in kids)

def _cells(data: bytes) -> list[tuple[str, str | None, str | None, list[str], str]]:
    """Every table cell: its role, /ID, /Scope, /Headers and text, in reading order."""
    tagged, _ = marked_text(data)
    found = []
    with pikepdf.open(BytesIO(data)) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}

        def text_of(node: pikepdf.Object, page: int | None) -> str:
            return _text_under(node, page, tagged, pages)

        def walk(node: pikepdf.Object) -> None:
            if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                return
            if str(node.S) in ("/TH", "/TD"):
                attributes = node.get("/A", pikepdf.Dictionary())
                found.append((str(node.S), str(node.ID) if "/ID" in node else None,
                              str(attributes["/Scope"]) if "/Scope" in attributes else None,
                              [str(h) for h in attributes.get("/Headers", [])], " ".join(text_of(node, None).split())))
            kids = node.get("/K")
            for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
                walk(kid)

        walk(pdf.Root.StructTreeRoot.K[0])
    return found


def test_each_dose_is_read_with_its_intervention(pdfs):
    """A screen reader moving to a dose cell of the brief's dosing tables said its column ('Dose, 10 mg'),
    never which medicine it is for: the intervention is now each row's header, read with every cell."""
    cells = _cells(pdfs["clinician"])
    heads = {cell_id: text for role, cell_id, scope, _, text in cells if role == "/TH" and scope == "/Row"}
    columns = {cell_id: text for role, cell_id, scope, _, text in cells if role == "/TH" and scope == "/Column"}
    doses = [(heads.get(header), text) for role, _, _, headers, text in cells if role == "/TD"
             and any(columns.get(h) == "Dose" for h in headers) for header in headers if header in heads]
    assert len(doses) > 10, doses
    assert any(head == "Tricyclic antidepressant (low dose) Rx" and text.startswith("10 mg") for head, text in doses)
    assert ("Octreotide Rx", "100 mcg") in doses, doses
    unheaded = [text for role, _, _, headers, text in cells if role == "/TD"
                and any(columns.get(h) == "Dose" for h in headers) and not any(h in heads for h in headers)]
    assert unheaded == []


@pytest.mark.parametrize("name", ["patient", "clinician", "diet"])
def test_no_heading_or_paragraph_sits_inside_one_of_its_own_kind(pdfs, name):
    """The handout's title (its text, then the purpose line as a block) was an H1 inside an H1:
    two entries in a screen reader's list of headings for one title."""
    nested = [(element.role, element.ancestors) for element in _elements(pdfs[name])
              if element.role in {"/H1", "/H2", "/H3", "/P", "/Caption"} and element.role in element.ancestors]
    assert nested == []


@pytest.mark.parametrize(("name", "named"), [
    # the notes' ruled lines; the next appointment, named for what is written there as the diet sheet's are
    ("patient", {"Space to write": 1, "blank to fill in: the date of your next appointment": 1}),
    ("diet", {"symptom score, blank to fill in": 18}),  # a box a day, three days a food, six foods
])
def test_write_in_blanks_are_named_figures(pdfs, name, named):
    """WeasyPrint ignores role="img" and aria-label: the ruled lines and boxes a patient writes in were
    empty /Div and /Span elements, passed over in silence. Each is now a /Figure whose /Alt names it."""
    figures = [element for element in _elements(pdfs[name]) if element.role == "/Figure"]
    assert all(figure.alt for figure in figures), figures
    found = {label: sum(figure.alt == label for figure in figures) for label in named}
    assert found == named


@pytest.fixture(scope="module")
def english_logo_text(tmp_path_factory) -> bytes:
    """A Spanish handout under Riverside with its logo's alt text in English only (a plain string: the
    brand's own language, en-US), as `handouts brand new` writes it."""
    folder = tmp_path_factory.mktemp("brand")
    brand = copy_of(folder, ROOT / "data" / "brands" / "riverside.yaml", "brands")
    shutil.copytree(ROOT / "data" / "brands" / "riverside", folder / "brands" / "riverside")
    text = brand.read_text(encoding="utf-8")
    spanish = "  es: Logotipo de Riverside Family Practice\n"
    assert text.count(spanish) == 1
    brand.write_text(text.replace(spanish, "").replace("logo_alt:\n  en: ", "logo_alt: "), encoding="utf-8")
    ctx = Context.default(TODAY, locale="es-US")
    inputs = documents.topic_inputs("leaky-gut", brand, ctx)
    return printed(documents.build_view("patient", inputs, None, ctx)).data


def test_the_logos_text_is_read_in_its_own_language(pdfs, english_logo_text):
    """The logo's alt text falls back to the brand's language when it has none in the document's: it was
    read with Spanish pronunciation in a Spanish handout. Its figure now carries /Lang, as the practice's
    name and footer do; in its own language it needs none."""
    logos = [element for element in _elements(english_logo_text) if element.role == "/Figure"
             and element.alt == "Riverside Family Practice logo"]
    assert [logo.lang for logo in logos] == ["en"]
    own = [element for element in _elements(pdfs["patient"]) if element.alt == "Riverside Family Practice logo"]
    assert [logo.lang for logo in own] == [None]


def test_the_title_is_one_heading(pdfs):
    headings = [element for element in _elements(pdfs["patient"]) if element.role == "/H1"]
    assert len(headings) == 1


@pytest.mark.parametrize("name", ["patient", "clinician", "diet"])
def test_the_pdfua_checker_finds_nothing(pdfs, name, tmp_path):
    assert _pdfua_findings(pdfs[name], tmp_path / f"{name}.pdf") == []


@pytest.mark.parametrize("name", ["patient", "clinician", "diet"])
def test_qpdf_finds_nothing_and_every_font_is_embedded(pdfs, name, tmp_path):
    """The other two checkers test_a11y_every_kind runs on every kind, here on the three documents
    this module renders anyway (the clinician brief and Sam's diet sheet are that module's kinds)."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdfs[name])
    assert shutil.which("qpdf"), "qpdf is needed: make test installs it"
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    found = fonts(path)
    assert found and [font["name"] for font in found if font["emb"] != "yes"] == []


def test_the_tags_are_installed_where_weasyprint_keeps_them():
    """An upgrade that moves WeasyPrint's private tagging makes install() say so, here."""
    from handouts import pdftags

    assert pdftags.install() is True


def _outline(data: bytes) -> list[str]:
    def flat(items: list) -> list[str]:
        return [title for item in items
                for title in (flat(item) if isinstance(item, list) else [item.title])]

    return flat(pypdf.PdfReader(BytesIO(data)).outline)


@pytest.mark.parametrize("name", ["patient", "clinician", "diet"])
def test_no_bookmark_runs_two_words_together(pdfs, name):
    """The bookmarks a reader jumps by are the headings' text: a step's dates and a hint drawn beside
    their heading by a margin, with no space, made 'one food at a timeMon, Sep 29'."""
    titles = _outline(pdfs[name])
    assert len(titles) > 5
    assert [title for title in titles if re.search(r"[a-z][A-Z]", title)] == []


def test_the_diet_sheets_bookmarks_part_a_heading_from_its_dates_and_hint(pdfs):
    titles = _outline(pdfs["diet"])
    assert "Foods to leave out and foods to enjoy Check the ones you like" in titles
    assert any(re.fullmatch(r"Step 2: .* at a time \w{3}\s\d+ – \w{3}\s\d+,\s\d{4}", title) for title in titles), titles


@pytest.mark.parametrize("name", ["patient", "clinician", "diet"])
def test_every_heading_has_words(pdfs, name):
    """An empty heading is a blank entry in a screen reader's list of headings. The pdfua checker's own
    rule for it (UA-14-001) is skipped with pikepdf 10 (it raises on an array), so it is checked here."""
    tagged, _ = marked_text(pdfs[name])
    elements = _elements(pdfs[name])
    headings = [index for index, element in enumerate(elements) if re.fullmatch(r"/H[1-6]", element.role)]
    assert headings
    for index in headings:
        depth = len(elements[index].ancestors)
        inside = [elements[index]]
        for element in elements[index + 1:]:
            if len(element.ancestors) <= depth:
                break
            inside.append(element)
        words = "".join(tagged.get((element.page, mcid), "") for element in inside if element.page is not None
                        for mcid in element.content)
        assert words.strip(), (elements[index].role, elements[index].page)


FOUR_NOTES = ["Bring this sheet to your visit.", "Call us if you feel worse.", "Keep the diary every day.",
              "Take the green capsule with breakfast."]


@pytest.fixture(scope="module")
def split_table(tmp_path_factory) -> bytes:
    """Sam's sheet with four lines of notes: its reintroduction schedule runs from page 1 onto page 2."""
    from samples import sheet_with_notes

    return printed(sheet_with_notes(tmp_path_factory.mktemp("split"), FOUR_NOTES)).data


def _tables(data: bytes) -> list[tuple[str, list[str], set[str], list[str]]]:
    """Each /Table: its text read by the tree, its header cells' texts, their ids, and its cells' /Headers."""
    tagged, _ = marked_text(data)
    found = []
    with pikepdf.open(BytesIO(data)) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}

        def text_of(node: pikepdf.Object, page: int | None) -> str:
            return _text_under(node, page, tagged, pages)

        def cells(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
            if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                return []
            kids = node.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            own = [node] if str(node.S) in ("/TH", "/TD") else []
            return own + [cell for kid in kids for cell in cells(kid)]

        def walk(node: pikepdf.Object) -> None:
            if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                return
            if str(node.S) == "/Table":
                found_cells = cells(node)
                heads = [c for c in found_cells if str(c.S) == "/TH" and str(c.A.get("/Scope")) == "/Column"]
                found.append((" ".join(text_of(node, None).split()), [" ".join(text_of(h, None).split()) for h in heads],
                              {str(c.ID) for c in found_cells if "/ID" in c},
                              [str(h) for c in found_cells if str(c.S) == "/TD" for h in c.A.get("/Headers", [])]))
                return
            kids = node.get("/K")
            for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
                walk(kid)

        walk(pdf.Root.StructTreeRoot.K[0])
    return found


def test_a_table_split_over_two_pages_is_one_table_with_one_header_row(split_table):
    """WeasyPrint tagged each page's part of the schedule as a table of its own: a screen reader announced a
    second table, and read the column headers WeasyPrint prints again at the top of page 2 as its first row."""
    pages = pypdf.PdfReader(BytesIO(split_table)).pages
    assert "1. Wheat bread" in pages[0].extract_text() and "6. Mushrooms" in pages[1].extract_text()
    assert "Food to test" in pages[1].extract_text()  # the header row still prints above the rows overleaf
    schedules = [table for table in _tables(split_table) if "Wheat bread" in table[0] or "Mushrooms" in table[0]]
    assert len(schedules) == 1, [table[0][:60] for table in schedules]
    text, heads, ids, headers = schedules[0]
    assert "Wheat bread" in text and "Mushrooms" in text
    assert heads[0] == "Food to test" and len(heads) == 5 and text.count("Food to test") == 1, heads
    assert headers and set(headers) <= ids  # every cell, overleaf too, points at a header cell the table has
    _, artifacts = marked_text(split_table)
    assert "Food to test" in artifacts[1]


def test_the_split_table_leaves_no_content_out_of_the_tree(split_table, tmp_path):
    assert _untagged(split_table) == {}
    assert _pdfua_findings(split_table, tmp_path / "split.pdf") == []


ESSAY = " ".join(f"Sentence {n} of a note pasted into the cell, long enough to run over a page." for n in range(40))


@pytest.fixture(scope="module")
def split_row() -> bytes:
    """Sam's sheet with its third food to test carrying a note taller than a page: rows avoid a break
    inside them, but one taller than a page must split. The note goes into the HTML, as no content
    field makes a cell that long; the tagging under test sees only the laid-out boxes."""
    from handouts.html import render_html
    from handouts.render import renderer

    ctx = Context.default(TODAY)
    view = documents.build_view("diet-sheet", documents.diet_inputs(None, SAM, "riverside", ctx), None, ctx)
    html = render_html(view)
    third = html.index("</th>", html.index('<span class="test-no">3.</span>'))
    html = html[:third] + f" <span>{ESSAY}</span>" + html[third:]
    return renderer().pdf_from_html(html, "diet-sheet", view.frame.brand).data


def test_a_row_split_over_pages_is_one_row(split_row):
    """Each page's piece of a row taller than a page was a /TR of its own: a screen reader read the
    one food as three rows, its cells cut off mid-sentence."""
    pages = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(BytesIO(split_row)).pages]
    printed_on = [number for number, text in enumerate(pages) if "of a note pasted into the cell" in text]
    assert len(printed_on) >= 2, printed_on  # the row does split
    schedules = [table for table in _tables(split_row) if "Wheat bread" in table[0]]
    assert len(schedules) == 1
    text = schedules[0][0]
    assert all(text.count(f"{n}. ") == 1 for n in range(1, 7)), text[:200]  # each food to test once
    assert text.index("Sentence 0 ") < text.index("Sentence 39 ") < text.index("4. ")  # the row read whole
    rows = [element for element in _elements(split_row) if element.role == "/TR" and "/Table" in element.ancestors]
    schedule_rows = [row for row in rows if row.page is not None and row.page <= max(printed_on)]
    assert len(schedule_rows) == 1 + 6, [row.page for row in schedule_rows]  # its header row and six foods


def test_the_split_row_leaves_no_content_out_of_the_tree(split_row, tmp_path):
    assert _untagged(split_row) == {}
    assert _pdfua_findings(split_row, tmp_path / "row.pdf") == []


LONG_PARAGRAPH = " ".join(f"Sentence {n} of a paragraph long enough to run over a page." for n in range(100))
LONG_ITEM = " ".join(f"Step {n} of a list item long enough to run over a page." for n in range(100))
SHORT_ITEMS = [f"Short item {n}." for n in range(1, 41)]


@pytest.fixture(scope="module")
def split_blocks() -> bytes:
    """A small document of the handout's kind whose blocks run over page breaks: a paragraph and a list
    item each taller than a page (so cut inside), and a list of one-line items longer than a page (so cut
    between two of them). No content field makes a paragraph that long; the tagging under test sees only
    the laid-out boxes."""
    from handouts.render import renderer

    ctx = Context.default(TODAY)
    inputs = documents.topic_inputs("leaky-gut", "riverside", ctx)
    brand = documents.build_view("patient", inputs, PERSON, ctx).frame.brand
    items = "".join(f"<li>{item}</li>" for item in SHORT_ITEMS)
    html = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Blocks over pages</title></head>'
            f'<body><main><section><h2>A long section</h2><p>{LONG_PARAGRAPH}</p>'
            f'<ul><li>The first item.</li><li>{LONG_ITEM}</li><li>The last item.</li></ul>'
            f'<ul>{items}</ul></section></main></body></html>')
    return renderer().pdf_from_html(html, "patient-handout", brand).data


@dataclass(frozen=True)
class Block:
    role: str
    pages: frozenset[int]
    """The pages its marked content is printed on."""
    kids: tuple[str, ...]
    """Its kid elements' roles."""
    text: str


@cache
def _blocks(data: bytes) -> tuple[Block, ...]:
    """Every structure element, in reading order: its role, the pages of its content, its kids, its words."""
    tagged, _ = marked_text(data)
    found: list[Block] = []
    with pikepdf.open(BytesIO(data)) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}

        def walk(node: pikepdf.Object, page: int | None) -> tuple[set[int], str]:
            """The pages and words under `node`, each kid element's recorded first (and so listed after it)."""
            if isinstance(node, int) or (isinstance(node, pikepdf.Object)
                                         and node._type_code == pikepdf.ObjectType.integer):
                return ({page} if page is not None else set()), tagged.get((page, int(node)), "")
            if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                return set(), ""
            page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
            kids = node.get("/K")
            kids = [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            index = len(found)
            found.append(Block("", frozenset(), (), ""))
            on, words = set(), []
            for kid in kids:
                kid_pages, kid_words = walk(kid, page)
                on |= kid_pages
                words.append(kid_words)
            roles = tuple(str(kid.S) for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid)
            found[index] = Block(str(node.S), frozenset(on), roles, "".join(words))
            return on, "".join(words)

        walk(pdf.Root.StructTreeRoot.K[0], None)
    return tuple(found)


def _printed_on(data: bytes, words: str) -> set[int]:
    """The pages whose marked content holds these words (in one line of print)."""
    tagged, _ = marked_text(data)
    return {page for (page, _), text in tagged.items() if words in text}


def _unspaced(text: str) -> str:
    return "".join(text.split())


def test_a_paragraph_cut_by_a_page_break_is_one_paragraph(split_blocks):
    """WeasyPrint tags each page's part of a paragraph as a /P of its own: a screen reader read one
    paragraph as two, and one moving by paragraph stopped in the middle of a sentence."""
    printed_on = _printed_on(split_blocks, "Sentence")
    assert len(printed_on) == 2  # the paragraph does run over a page break
    paragraphs = [block for block in _blocks(split_blocks) if block.role == "/P" and "Sentence" in block.text]
    assert len(paragraphs) == 1, [sorted(block.pages) for block in paragraphs]
    assert paragraphs[0].pages == printed_on
    assert _unspaced(paragraphs[0].text) == _unspaced(LONG_PARAGRAPH)  # read whole, in order


def test_a_list_cut_by_page_breaks_is_one_list_that_says_how_many_items_it_has(split_blocks):
    """Each page's part of a list was an /L of its own: a screen reader announced 'list, 2 items' and
    then 'list, 1 item' for one list of three, and an item cut by the break was two items."""
    assert len(_printed_on(split_blocks, "Step")) == 2
    assert len(_printed_on(split_blocks, "Short item")) >= 2
    blocks = _blocks(split_blocks)
    lists = [block for block in blocks if block.role == "/L"]
    assert [block.kids.count("/LI") for block in lists] == [3, len(SHORT_ITEMS)]
    assert all(len(block.pages) >= 2 for block in lists), [sorted(block.pages) for block in lists]
    cut = [block for block in blocks if block.role == "/LI" and "Step" in block.text]
    assert len(cut) == 1 and len(cut[0].pages) == 2
    assert cut[0].kids == ("/Lbl", "/LBody")  # one bullet, one body: the item as it was written
    assert _unspaced(cut[0].text) == _unspaced("•" + LONG_ITEM)
    assert [_unspaced(block.text) for block in blocks if block.role == "/LBody"][-len(SHORT_ITEMS):] == [
        _unspaced(item) for item in SHORT_ITEMS]


def _parent_tree_faults(data: bytes) -> list[str]:
    """Each element the parent tree names for a page's marked content that does not lead back to the
    root through parents holding it (/P to an element whose /K lists it): what a reader starting from
    the text on a page (a screen reader's cursor, a checker) would find broken."""
    faults = []
    with pikepdf.open(BytesIO(data)) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        for index in range(1, len(nums), 2):
            entry = nums[index]
            for element in (list(entry) if isinstance(entry, pikepdf.Array) else [entry]):
                node = element
                while node.get("/Type") != "/StructTreeRoot":
                    parent = node.get("/P")
                    kids = parent.get("/K") if isinstance(parent, pikepdf.Dictionary) else None
                    kids = [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]
                    if not any(isinstance(kid, pikepdf.Dictionary) and kid.objgen == node.objgen for kid in kids):
                        faults.append(f"{node.get('/S')} {node.objgen} not held by its /P")
                        break
                    node = parent
    return faults


def test_the_joined_blocks_leave_nothing_empty_or_out_of_the_tree(split_blocks, tmp_path):
    assert _empty_elements(split_blocks) == []
    assert _untagged(split_blocks) == {}
    assert _parent_tree_faults(split_blocks) == []
    assert _pdfua_findings(split_blocks, tmp_path / "blocks.pdf") == []
    result = subprocess.run(["qpdf", "--check", str(tmp_path / "blocks.pdf")], capture_output=True, text=True)
    assert result.returncode == 0 and "WARNING" not in result.stdout + result.stderr, result.stdout


@pytest.fixture(scope="module")
def htmls() -> dict[str, str]:
    """The HTML each document of `pdfs` is printed from (no PDF: the views and the templates only)."""
    from handouts.html import render_html

    return {name: render_html(view) for name, view in _three_views(Context.default(TODAY)).items()}


@pytest.mark.parametrize("name", ["patient", "clinician", "diet"])
def test_every_list_says_as_many_items_as_it_has(pdfs, htmls, name):
    """The brief's details run in two columns, and a column break cut a list as a page break does: the
    treatment algorithm's five steps were announced as a list of 2 and a list of 3, the second starting
    at step 3, and the diet's eight recommendations as 5 and 3. Each list in the tree now has the items
    of its list in the HTML, in order, and the parent tree still leads from each page's text to the root."""
    assert list_sizes(pdfs[name]) == html_list_sizes(htmls[name])
    assert _parent_tree_faults(pdfs[name]) == []


def _link_descriptions(data: bytes) -> list[tuple[str, str]]:
    """Each link annotation's /Contents (the description PDF/UA asks for, said for the link) and target."""
    with pikepdf.open(BytesIO(data)) as pdf:
        return [(str(annotation.get("/Contents")), str(annotation.A.URI)) for page in pdf.pages
                for annotation in page.get("/Annots", []) if "/A" in annotation and "/URI" in annotation.A]


@pytest.mark.parametrize("name", ["patient", "clinician", "diet"])
def test_the_email_link_is_described_as_a_person_would_say_it(pdfs, name):
    """Its /Contents was its address, 'mailto:care@riverside-family.example': read out as 'mailto colon'."""
    links = _link_descriptions(pdfs[name])
    assert ("Email care@riverside-family.example", "mailto:care@riverside-family.example") in links
    assert [said for said, _ in links if said.startswith("mailto:")] == []


def test_the_email_link_is_described_in_each_parts_language(two_languages):
    emails = [said for said, target in _link_descriptions(two_languages) if target.startswith("mailto:")]
    assert emails == ["Enviar un correo electrónico a care@riverside-family.example",
                      "Email care@riverside-family.example"]


def test_each_caption_follows_its_figure_beside_it_not_inside_it(pdfs):
    """PDF 1.7 (PDF/UA-1's base) does not say how a /Caption belongs to its /Figure; the PDF Association's
    Tagged PDF Best Practice Guide: Syntax (2019) recommends the caption right after the figure, and
    screen readers stop at a figure's /Alt without reading what is inside it: a caption nested in the
    figure would never be heard. Kept so: the figure, then its caption, in the <figure>'s grouping element."""
    elements = _elements(pdfs["patient"])
    tagged, _ = marked_text(pdfs["patient"])
    captions = [index for index, element in enumerate(elements) if element.role == "/Caption"]
    assert len(captions) >= 5
    for index in captions:
        figure, caption = elements[index - 1], elements[index]
        assert figure.role == "/Figure" and figure.alt, figure
        assert figure.ancestors == caption.ancestors and "/Figure" not in caption.ancestors
    words = [_caption_words(elements, index, tagged) for index in captions]
    assert all(words), words


def _caption_words(elements: list[Element], index: int, tagged: dict) -> str:
    depth = len(elements[index].ancestors)
    inside = [elements[index]]
    for element in elements[index + 1:]:
        if len(element.ancestors) <= depth:
            break
        inside.append(element)
    return "".join(tagged.get((element.page, mcid), "") for element in inside if element.page is not None
                   for mcid in element.content).strip()


@pytest.fixture(scope="module")
def in_spanish() -> dict[str, bytes]:
    """The three documents of `pdfs`, printed for es-US: the handout and the diet sheet in Spanish, the
    clinician brief (written in English only) with es-US's dates and paper."""
    return _three_documents(Context.default(TODAY, locale="es-US"))


def _empty_elements(data: bytes) -> list[tuple[str, tuple[str, ...]]]:
    """Each structure element with nothing in it (no marked content, no annotation, no kid) but a table
    cell, a blank to write in, and a figure, heard by its /Alt: its role and its ancestors' roles."""
    found = []
    with pikepdf.open(BytesIO(data)) as pdf:

        def walk(node: pikepdf.Object, roles: tuple[str, ...]) -> None:
            if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                return
            kids = node.get("/K")
            kids = [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            role = str(node.S)
            if not kids and role not in ("/TD", "/TH") and not (role == "/Figure" and str(node.get("/Alt", ""))):
                found.append((role, roles))
            for kid in kids:
                walk(kid, (*roles, role))

        walk(pdf.Root.StructTreeRoot.K[0], ())
    return found


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", ["patient", "clinician", "diet"])
def test_no_structure_element_is_empty(pdfs, in_spanish, name, language):
    """Every box WeasyPrint lays out became an element: the ruled lines of 'Space to write' were four
    empty /Div inside its figure, each checkbox and clearing ::after an empty /NonStruct, a heading's
    spacer an empty /Span, the first piece of the brief's evidence line cut by a line break another.
    An auditor reads structure with nothing in it; a screen reader may stop on it and say nothing."""
    data = (pdfs if language == "en" else in_spanish)[name]
    assert _empty_elements(data) == []
    assert len(_elements(data)) > 100  # the tree is still there


def test_blank_cells_stay_to_write_in(pdfs):
    """The diet diary's empty cells are blanks a patient fills in: kept, each under its headers."""
    blank = [cell for cell in _cells(pdfs["diet"]) if cell[0] == "/TD" and not cell[4]]
    assert len(blank) > 40 and all(headers for _, _, _, headers, _ in blank)


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_figure_and_its_caption_are_grouped_in_a_div(pdfs, in_spanish, language):
    """A <figure> was a /NonStruct, a grouping consumers are told to ignore (ISO 32000-1, 14.8.4.2): the only
    thing in PDF 1.7 that ties a caption to its drawing. It is now a /Div holding the two, and nothing else."""
    elements = _elements((pdfs if language == "en" else in_spanish)["patient"])
    captions = [index for index, element in enumerate(elements) if element.role == "/Caption"]
    assert len(captions) >= 5
    for index in captions:
        caption = elements[index]
        group = max(number for number, element in enumerate(elements[:index])
                    if len(element.ancestors) == len(caption.ancestors) - 1)
        held = []
        for element in elements[group + 1:]:
            if len(element.ancestors) < len(caption.ancestors):
                break  # past the group
            if len(element.ancestors) == len(caption.ancestors):
                held.append(element.role)
        assert elements[group].role == caption.ancestors[-1]
        assert caption.ancestors[-1] == "/Div" and held == ["/Figure", "/Caption"], held


BLOCKS = {"/P", "/H1", "/H2", "/H3", "/H4", "/Figure", "/Div", "/Sect", "/L", "/Table", "/Caption"}


@pytest.mark.parametrize("name", ["patient", "clinician", "diet"])
def test_the_masthead_is_a_group_read_first(pdfs, name):
    """The masthead (<header>) was a /NonStruct, a grouping consumers are told to ignore (ISO 32000-1,
    14.8.4.2), holding the practice's logo, name and contact and the DRAFT mark in words: printed once, it
    is content, not an artifact. It is a /Div, the document's first element; the practice's name a
    paragraph (the title stays the one H1)."""
    elements = _elements(pdfs[name])
    tagged, _ = marked_text(pdfs[name])
    masthead = elements[1]
    assert (masthead.role, masthead.ancestors) == ("/Div", ("/Document",))
    words = " ".join(_caption_words(elements, 1, tagged).split())
    assert words.startswith("Riverside Family Practice 120 River Road"), words[:80]
    assert words.endswith("DRAFT: not clinically approved"), words[-80:]
    held = [element.role for element in elements[2:] if element.ancestors == ("/Document", "/Div")]
    assert held[0] == "/Figure" and elements[2].alt == "Riverside Family Practice logo"
    assert [element.role for element in elements if element.role in BLOCKS and "/NonStruct" in element.ancestors] == []


def test_each_parts_masthead_is_a_group_in_its_part(two_languages):
    """The English part opens with its own masthead, in its language: a /Div inside its part, read there."""
    elements = _elements(two_languages)
    tagged, _ = marked_text(two_languages)
    mastheads = [index for index, element in enumerate(elements[:-1]) if element.role == "/Div"
                 and "Riverside Family Practice" in (elements[index + 1].alt or "")]
    assert len(mastheads) == 2
    words = [" ".join(_caption_words(elements, index, tagged).split()) for index in mastheads]
    assert words[0].startswith("Riverside Family Practice") and "BORRADOR: sin aprobación clínica" in words[0]
    assert words[1].startswith("Riverside Family Practice") and "DRAFT: not clinically approved" in words[1]
    english = elements[mastheads[1]]
    assert english.ancestors[0] == "/Document" and len(english.ancestors) > 1  # inside the English part
    assert [element.role for element in elements if element.role in BLOCKS and "/NonStruct" in element.ancestors] == []


def _said(data: bytes) -> str:
    """The words the structure tree reads, in order, a figure said as its /Alt in brackets."""
    tagged, _ = marked_text(data)
    said = []
    for element in _elements(data):
        if element.role == "/Figure":
            said.append(f" [{element.alt}] ")
        said.extend(tagged.get((element.page, mcid), "") for mcid in element.content if element.page is not None)
    return " ".join("".join(said).split())


@pytest.mark.parametrize(("language", "line", "swap"), [
    ("en", "Enjoy: [box to check] Sourdough spelt bread contains wheat [box to check] Gluten-free bread"
           " [box to check] Rice [box to check] Rice or corn pasta [box to check] Quinoa [box to check] Oats",
     "[box to check] Swap wheat bread or rye bread for"),
    ("es", "Disfrute: [casilla para marcar] Pan de espelta de masa madre contiene trigo [casilla para marcar]"
           " Pan sin gluten [casilla para marcar] Arroz [casilla para marcar] Pasta de arroz o de maíz",
     "[casilla para marcar] Cambie pan de trigo o pan de centeno por"),
])
def test_each_food_to_enjoy_is_heard_after_its_box_to_check(pdfs, in_spanish, language, line, swap):
    """The box before each food to enjoy (and each swap) is a box the patient ticks, but was hidden: a
    screen reader heard neither the boxes nor where one food ends, 'Gluten-free bread Rice Rice or corn
    pasta Quinoa', under a heading that asks to check them. Each box is now a figure named for what it is."""
    said = _said((pdfs if language == "en" else in_spanish)["diet"])
    assert line in said and swap in said


# -- reading order: the order a screen reader reads a page in (the tree's) is the order a person reads it in.
# Each piece of tagged text with where it starts on its page (pypdf), in the tree's order: the diet sheet,
# in one language and in two (with the page left blank before each part's diary), and the patient handout
# in two languages, on every page.

LINE = 8.0
"""Points a piece may start above the one read before it and still be on the same line (a heading's
bigger text beside its hint, a superscript)."""
COLUMN = 60.0
"""Points right of the piece before that a piece must start to begin a column beside it (the diet sheet's
steps side by side, its two columns of foods): narrower than any column, wider than an indent."""


@dataclass(frozen=True)
class Piece:
    page: int
    text: str
    x: float
    top: float
    """Of its first glyph's baseline, points from the page's top."""
    caption: bool
    """Part of a figure's caption."""


@cache
def _stream_order(data: bytes) -> tuple[dict[tuple[int, int], tuple[float, float]], dict[int, list[int]]]:
    """Where each (page, marked-content id) starts drawing text, and each page's ids in the order drawn.

    Read once per document (both tests on a sheet read it); the tests only read what it returns."""
    where: dict[tuple[int, int], tuple[float, float]] = {}
    drawn: dict[int, list[int]] = {}
    for number, page in enumerate(pypdf.PdfReader(BytesIO(data)).pages):
        height = float(page.mediabox.height)
        stack: list[int | None] = []
        order: list[int] = drawn.setdefault(number, [])

        def before(op: bytes, args: list, *_: object) -> None:
            if op in (b"BDC", b"BMC"):
                props = args[1] if op == b"BDC" and len(args) > 1 else None
                stack.append(props.get("/MCID") if isinstance(props, dict) else None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(value: str, cm: list, tm: list, *_: object) -> None:
            marks = [mcid for mcid in stack if mcid is not None]
            if value.strip() and marks and (number, marks[-1]) not in where:
                matrix = pypdf.mult(tm, cm)
                where[(number, marks[-1])] = (matrix[4], height - matrix[5])
                order.append(marks[-1])

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return where, drawn


def _read(data: bytes) -> list[Piece]:
    """Each piece of tagged text with words in it, in the structure tree's order."""
    tagged, _ = marked_text(data)
    where, _ = _stream_order(data)
    pieces = []
    for element in _elements(data):
        for mcid in element.content:
            key = (element.page, mcid)
            if element.page is not None and tagged.get(key, "").strip():
                x, top = where[key]
                pieces.append(Piece(element.page, tagged[key], x, top,
                                    "/Caption" in (element.role, *element.ancestors)))
    return pieces


def _read_back_up(pieces: list[Piece]) -> list[str]:
    """Each step of the reading that goes back up the page without moving right into another column: a
    line read after one printed below it. A drawing's caption in the rail, beside the text it goes with,
    is read after that text, as it is where large print puts it under the text: the same tags."""
    found = []
    for before, piece in zip(pieces, pieces[1:]):
        if (piece.page == before.page and piece.top < before.top - LINE and piece.x < before.x + COLUMN
                and not piece.caption):
            found.append(f"page {piece.page + 1}: {before.text.strip()[:40]!r} then {piece.text.strip()[:40]!r}")
    return found


@pytest.fixture(scope="module")
def diet_sheets(pdfs: dict[str, bytes]) -> dict[str, bytes]:
    """Sam's diet sheet (the module's), and in English and Spanish (each part's diary after a blank page)."""
    ctx = Context.default(TODAY)
    english = documents.diet_inputs(None, SAM, "riverside", ctx)
    return {"en": pdfs["diet"], "en+es": printed(documents.build_view("diet-sheet", english, None, ctx, ("es",))).data}


@pytest.mark.parametrize("sheet", ["en", "en+es"])
def test_the_diet_sheet_is_read_in_the_order_it_is_drawn(diet_sheets, sheet):
    """Nothing on the diet sheet floats beside its text, so the order its text is drawn in (pypdf's) is
    the page's order: the tree reads every page's words in that order. A list's bullets are drawn after
    their items and read before each, as they are seen."""
    data = diet_sheets[sheet]
    tagged, _ = marked_text(data)
    _, drawn = _stream_order(data)
    read: dict[int, list[int]] = {}
    for piece_page, mcid in ((element.page, mcid) for element in _elements(data) for mcid in element.content):
        if piece_page is not None and tagged.get((piece_page, mcid), "").strip():
            read.setdefault(piece_page, []).append(mcid)
    assert len(drawn) >= (3 if sheet == "en" else 7)
    for page, order in drawn.items():
        words = [mcid for mcid in order if tagged[(page, mcid)].strip() not in ("◦", "•")]
        assert [mcid for mcid in read.get(page, []) if mcid in words] == words, page


@pytest.mark.parametrize("sheet", ["en", "en+es"])
def test_the_diet_sheet_never_reads_back_up_the_page(diet_sheets, sheet):
    pieces = _read(diet_sheets[sheet])
    assert len({piece.page for piece in pieces}) >= 3
    assert _read_back_up(pieces) == []


def test_the_handout_in_two_languages_never_reads_back_up_the_page(two_languages):
    pieces = _read(two_languages)
    assert len({piece.page for piece in pieces}) == len(pypdf.PdfReader(BytesIO(two_languages)).pages)
    assert _read_back_up(pieces) == []
    assert [piece for piece in pieces if piece.caption]  # the rail's captions are there, read after their text
