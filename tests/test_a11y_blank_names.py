"""What a screen reader hears on the blank diet sheet's write-in spaces.

The blank sheet (no patient) has six lines to write on: the patient's name, the dietitian's,
the next visit, the allergies, the start date and the diary's week. Each is a /Figure heard by
its /Alt; all six were "blank to fill in", so a reader moving from figure to figure could not tell
which was which. The diary's row headers ran the day into its "Date:" label ("Day 1Date:") and
said nothing of the space to write the date.

The English sheet is read from its PDF's structure tree (printed once for the module); the Spanish
one from its print HTML, whose aria-labels become the same /Alt (handouts.pdftags): what differs
between the two is the catalogue's words, and a second PDF would cost about a second.
"""

from __future__ import annotations

from html.parser import HTMLParser
from io import BytesIO

import pikepdf
import pytest

from handouts import documents
from handouts.context import Context
from handouts.html import render_html
from pdfutil import marked_text
from samples import printed

NAMES = {
    "en": [
        "blank to fill in: your name",
        "blank to fill in: your dietitian's name",
        "blank to fill in: the date of your next visit",
        "blank to fill in: your allergies",
        "blank to fill in: the date you start",
        "blank to fill in: the date the week starts",
    ],
    "es": [
        "espacio en blanco para llenar: su nombre",
        "espacio en blanco para llenar: el nombre de su nutricionista",
        "espacio en blanco para llenar: la fecha de su próxima visita",
        "espacio en blanco para llenar: sus alergias",
        "espacio en blanco para llenar: la fecha en que empieza",
        "espacio en blanco para llenar: la fecha en que empieza la semana",
    ],
}
DIARY_ROW = {"en": "Day {n} Date: blank to fill in", "es": "Día {n} Fecha: espacio en blanco para llenar"}
WRITE_IN = ("blank to fill in", "espacio en blanco para llenar")
"""How every write-in blank's name begins (the diet schedule's score boxes and checkboxes are named otherwise)."""


def _blank_sheet(language: str):  # type: ignore[no-untyped-def]
    """The view of the blank low-FODMAP sheet a dietitian prints to fill in by hand."""
    ctx = Context.default() if language == "en" else Context.default().with_locale(language)
    inputs = documents.diet_inputs("low-fodmap", None, "default", ctx)
    if language != "en":
        inputs = documents.in_language(inputs, language)
    return documents.build_view("diet-sheet", inputs, None, ctx)


def _words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _heard_in_pdf(data: bytes) -> tuple[list[str], list[tuple[str, str]]]:
    """Every figure's /Alt, and every header cell's (/Scope, words), a figure in it said by its /Alt.

    A cell's words are its strings as the content draws them, run together as a reader gets them:
    without the line breaks pypdf adds where the text moves down, which the content does not hold."""
    tagged, _ = marked_text(data)

    def marked(page: int) -> dict[int, str]:
        return {mcid: value.replace("\n", "") for (number, mcid), value in tagged.items() if number == page}

    figures: list[str] = []
    headers: list[tuple[str, str]] = []
    with pikepdf.open(BytesIO(data)) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}

        def kids(node: pikepdf.Dictionary) -> list:
            found = node.get("/K")
            return list(found) if isinstance(found, pikepdf.Array) else [found]

        def said(node: object, page: int | None) -> str:
            if isinstance(node, int) or (isinstance(node, pikepdf.Object)
                                         and node._type_code == pikepdf.ObjectType.integer):
                return marked(page).get(int(node), "") if page is not None else ""
            if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                return ""
            if str(node.S) == "/Figure":
                return f" {node.get('/Alt', '')} "
            page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
            return "".join(said(kid, page) for kid in kids(node))

        def walk(node: object, page: int | None) -> None:
            if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                return
            page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
            if str(node.S) == "/Figure":
                figures.append(str(node.get("/Alt", "")))
            if str(node.S) == "/TH":
                scope = str(node.get("/A", pikepdf.Dictionary()).get("/Scope"))
                headers.append((scope, _words(said(node, page))))
            for kid in kids(node):
                walk(kid, page)

        walk(pdf.Root.StructTreeRoot.K[0], None)
    return figures, headers


class _HeardInHtml(HTMLParser):
    """The same from the HTML: each role="img" element's aria-label, and each header cell's
    (scope, text), an image in it said by its label. Text is taken as the markup holds it."""

    SCOPES = {"row": "/Row", "col": "/Column"}

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[str] = []
        self.headers: list[tuple[str, str]] = []
        self._cell: list[str] | None = None
        self._scope = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "th":
            self._cell, self._scope = [], self.SCOPES.get(found.get("scope") or "", "None")
        if found.get("role") == "img" and (label := found.get("aria-label")):
            self.figures.append(label)
            if self._cell is not None:
                self._cell.append(f" {label} ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self._cell is not None:
            self.headers.append((self._scope, _words("".join(self._cell))))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module", params=["en", "es"])
def heard(request: pytest.FixtureRequest) -> tuple[str, list[str], list[tuple[str, str]]]:
    """(language, the figures' names, the header cells) of the blank sheet in that language."""
    language = request.param
    view = _blank_sheet(language)
    if language == "en":
        return language, *_heard_in_pdf(printed(view).data)
    parser = _HeardInHtml()
    parser.feed(render_html(view))
    return language, parser.figures, parser.headers


def test_each_blank_on_the_sheet_is_named_for_what_is_written_there(heard):
    language, figures, _ = heard
    named = [name for name in figures if name.startswith(WRITE_IN) and name not in WRITE_IN]
    assert named == NAMES[language]


def test_each_diary_day_is_read_apart_from_its_date_with_the_space_to_write_it(heard):
    """The day, a space, the label and the blank after it: 'Day 1 Date: blank to fill in', not 'Day 1Date:'."""
    language, _, headers = heard
    diary = headers[-7:]  # the diary is the sheet's last table, a day a row
    assert diary == [("/Row", DIARY_ROW[language].format(n=n)) for n in range(1, 8)]
