"""Documents in the reader's language, read back from the PDF: words, dates, marks, tags.

One render per document, shared by the tests (module fixtures): the Spanish
handout, both Spanish diet sheets, a Spanish-then-English handout, and a UK
practice's English handout.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdf
import pytest

from cliutil import run
from handouts import documents
from handouts.context import Context
from handouts.models import Personalisation
from pdfutil import lines, pages_text, text

TODAY = date(2025, 8, 1)


def struct_langs(path: Path) -> list[tuple[str, str]]:
    """(role, /Lang) of every structure element that names its own language."""
    found: list[tuple[str, str]] = []

    def walk(node: object) -> None:
        obj = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(obj, dict):
            return
        if "/Lang" in obj:
            found.append((str(obj.get("/S")), str(obj["/Lang"])))
        kids = obj.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(pypdf.PdfReader(str(path)).trailer["/Root"]["/StructTreeRoot"])
    return found


def doc_lang(path: Path) -> str:
    return str(pypdf.PdfReader(str(path)).trailer["/Root"]["/Lang"])


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("languages")
    ctx = Context.default(TODAY)
    person = Personalisation(patient_name="Ana López", visit_date=date(2025, 7, 14), follow_up=date(2025, 8, 11),
                             notes="Camine 20 minutos cada día.\nBring your food diary to your next visit.",
                             language="es")
    inputs = documents.topic_inputs("leaky-gut", "riverside", ctx)
    docs = {
        "es": documents.build_view("patient", inputs, person, ctx),
        "both": documents.build_view("patient", inputs, person, ctx, also=("en",)),
        "gb": documents.build_view("patient", documents.topic_inputs("leaky-gut", "harbourside", ctx),
                                   Personalisation(visit_date=date(2025, 7, 14)), ctx),
    }
    for plan in ("low-fodmap", "trigger-foods"):
        docs[plan] = documents.build_view("diet-sheet", documents.diet_inputs(plan, None, "riverside", ctx), None,
                                          ctx.with_locale("es"))
    return {name: documents.write_document(view, out / f"{name}.pdf") for name, view in docs.items()}


def test_the_spanish_handout_is_spanish_throughout(made):
    body = text(made["es"])
    for words in ("Síndrome del intestino permeable", "Lo más importante", "Síndrome del intestino permeable: ¿qué es?",
                  "Lo que puede hacer", "Qué evitar", "Cuándo buscar ayuda", "Llame al 911 o vaya a la sala de emergencias de inmediato si:",
                  "Llámenos al (217) 555-0142 si:", "En una emergencia, llame al 911.", "Mi plan",
                  "Visita: 14 de julio de 2025", "Mi próxima cita: 11 de agosto de 2025",
                  "actualizado el 2 de julio de 2025", "Página 1 de"):
        assert words in body, words
    for english in ("The main thing to know", "When to get help", "Page 1 of", "In an emergency"):
        assert english not in body, english
    assert doc_lang(made["es"]) == "es"


def test_a_draft_translation_is_marked_on_the_document(made):
    pages = pages_text(made["es"])
    assert "TRADUCCIÓN EN BORRADOR" in pages[0] and "BORRADOR" in pages[0]
    for page in pages:  # the footer says it on every page
        assert "aún sin revisar por un traductor médico" in " ".join(page.split())


def test_a_note_in_another_language_is_tagged_with_it(made):
    assert ("/P", "en") in struct_langs(made["es"])  # 'Bring your food diary ...'


def test_spanish_diet_sheets_for_both_plans(made):
    for plan, title in (("low-fodmap", "Dieta baja en FODMAP"),
                        ("trigger-foods", "Dejar alimentos que pueden causar molestias")):
        body = text(made[plan])
        for words in (title, "Su plan de dieta de eliminación", "Qué evitar y qué disfrutar", "Evite:",
                      "Disfrute:", "Mi diario de síntomas", "Desayuno", "TRADUCCIÓN EN BORRADOR"):
            assert words in body, (plan, words)
        assert doc_lang(made[plan]) == "es"


def test_a_spanish_drafts_two_marks_are_one_box_in_the_diet_sheets_masthead(made):
    """A draft plan in a draft translation: 'BORRADOR: sin aprobación clínica' and 'TRADUCCIÓN EN BORRADOR:
    aún sin revisar por un traductor médico' were two boxes, one above the other, 1 mm apart, and made the
    masthead 26.5 mm tall (18.7 in English): the title started 8 pt lower than it now does. They are one
    box, a mark under the other, each word still in bold capitals at the masthead's right."""
    found = [line for line in lines(made["low-fodmap"]) if line.page == 1]
    first = next(line for line in found if line.text == "BORRADOR: sin aprobación clínica")
    second = next(line for line in found if line.text.startswith("TRADUCCIÓN EN BORRADOR:"))
    rest = next(line for line in found if line.x == second.x and line.top > second.top)
    assert f"{second.text} {rest.text}" == "TRADUCCIÓN EN BORRADOR: aún sin revisar por un traductor médico"
    assert first.x == second.x and second.top - first.top < 20  # a line and the rule between: 25.9 pt apart as two boxes
    title = next(line for line in found if line.text == "Dieta baja en FODMAP")
    assert title.top < 110, title  # at 114.8 pt under two boxes


ROWS = ("1. Pan de trigo (fructanos) ", "2. Lentejas (GOS) ", "3. Leche de vaca (lactosa) ",
        "4. Miel (fructosa) ", "5. Aguacate (sorbitol) ", "6. Hongos (manitol) ")
HINT = "Casilla: peores síntomas del día, 0 (nada) a 10 (lo peor). Descanso: solo alimentos del paso 1."


def schedule_pages(pdf: Path) -> tuple[dict[str, list[int]], list[list[str]]]:
    """The pages (0-based) the Spanish low-FODMAP schedule's heading, rows and hint are on, and each page's lines."""
    pages = [[" ".join(line.split()) for line in page.splitlines()] for page in pages_text(pdf)]
    found = {key: [n for n, page in enumerate(pages) if any(line.startswith(key.strip()) for line in page)]
             for key in ("Paso 2: Volver a comer", *ROWS, HINT)}
    return found, pages


def test_the_spanish_schedule_is_one_step_on_one_page_a_line_a_row(made):
    """Spanish runs about a fifth longer than the English page 1 is fitted to: the low-FODMAP sheet's
    schedule split over pages 1 and 2 (rows 1-3, then 4-6 under the header again), its break-day
    heading took three lines and 'Leche de vaca' / '(lactosa)' and 'Luego,' / 'paso 3' two. The step
    starts the next page whole on letter (heading, rows, hint: page 1 lacks 14 to 18 mm for it, the
    step cards' own words) and each row is one line; the hint, which took two, one as in English."""
    found, pages = schedule_pages(made["low-fodmap"])
    assert all(on == [1] for on in found.values()), found
    schedule = pages[1]
    assert "Luego 2 días" in schedule and "de descanso" in schedule
    assert any(line.startswith(ROWS[-1]) and line.endswith("Luego, paso 3") for line in schedule), schedule
    assert HINT in schedule  # one line: 'Casilla: sus peores síntomas de ese día, de 0 (ninguno) ...' took two


@pytest.fixture(scope="module")
def sam_a4(tmp_path_factory) -> Path:
    """Sam's Spanish low-FODMAP sheet on A4: short names, the plan's dates."""
    ctx = Context.default(TODAY).with_locale("es")
    inputs = documents.diet_inputs(None, Path(__file__).parent.parent / "data/customisations/sam-low-fodmap.yaml",
                                   "riverside", ctx)
    view = documents.build_view("diet-sheet", documents.on_paper(documents.in_language(inputs, "es"), "a4"), None, ctx)
    return documents.write_document(view, tmp_path_factory.mktemp("a4") / "hoja.pdf")


def test_the_spanish_schedule_is_on_page_1_on_a4_a_line_a_row(sam_a4):
    """On A4 Step 2's schedule started page 2, page 1 ending about 55 mm blank: the two marks as two boxes
    (2.8 mm), the dates under the heading (6.8), the hint on two lines (5.4) and the step cards two lines
    deeper (10) than their words need at 2 mm more width. Now heading, rows and hint print whole on page 1."""
    found, pages = schedule_pages(sam_a4)
    assert all(on == [0] for on in found.values()), found
    assert "Paso 2: Volver a comer, un alimento a la vez 29 de sep – 26 de oct 2025" in pages[0]
    assert all(any(line.startswith(row) and line.count(" oct") + line.count(" sep") >= 3 for line in pages[0])
               for row in ROWS), pages[0]  # each row one line, its three days' dates on it
    assert len(pages) == 5


def test_spanish_then_english_in_one_pdf_each_part_tagged(made):
    pages = [" ".join(p.split()) for p in pages_text(made["both"])]
    first_english = next(i for i, p in enumerate(pages) if "The main thing to know" in p)
    assert any("Lo más importante" in p for p in pages[:first_english])
    assert "Lo más importante" not in pages[first_english]  # the English part starts on its own page
    assert doc_lang(made["both"]) == "es"
    langs = {lang for role, lang in struct_langs(made["both"]) if role == "/Div"}
    assert langs == {"es", "en"}


def test_a_uk_practice_prints_british_english_on_a4(made):
    body = text(made["gb"])
    for words in ("Call us on 01632 960 014 if:", "In an emergency, call 999.", "Visit: 14 July 2025",
                  "Tick the ones you will try.", "updated 2 July 2025"):
        assert words in body, words
    width, height = (float(v) for v in pypdf.PdfReader(str(made["gb"])).pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)


def test_the_pdfua_checker_finds_no_error_in_any_language(made):
    import pdfua

    for name, path in made.items():
        findings = pdfua.validate(str(path)).findings
        assert list(findings) == [], (name, findings)
        assert all(f.severity.name != "ERROR" for f in findings), (name, findings)


def test_a_language_without_translations_is_refused_with_every_missing_text(tmp_path):
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "fr", "-o", str(tmp_path / "fr.pdf"))
    assert result.exit_code == 2
    assert "cannot print in 'fr'" in result.output
    assert "data/topics/leaky-gut.yaml:" in result.output and "about: no 'fr' text" in result.output
    assert "when_to_get_help[6].patient: no 'fr' text" in result.output
    assert "no 'fr' catalogue" in result.output
    assert not (tmp_path / "fr.pdf").exists()


def test_the_command_line_prints_spanish_and_both(tmp_path):
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "es", "--also", "en",
                 "-o", str(tmp_path / "both.pdf"))
    assert result.exit_code == 0, result.output
    assert "DRAFT TRANSLATION" in result.output
    body = text(tmp_path / "both.pdf")
    assert "Lo más importante" in body and "The main thing to know" in body
    sheet = run("diet", "trigger-foods", "--lang", "es", "-o", str(tmp_path / "sheet.pdf"))
    assert sheet.exit_code == 0, sheet.output
    assert "Dejar alimentos que pueden causar molestias" in text(tmp_path / "sheet.pdf")
    brief = run("render", "leaky-gut", "--audience", "clinician", "--lang", "es", "-o", str(tmp_path / "b.pdf"))
    assert brief.exit_code == 2 and "English only" in brief.output
    # the command line leaves the paper to the locale when nothing chose one: the UK brand prints on A4
    uk = run("render", "leaky-gut", "--audience", "patient", "--brand", "harbourside", "-o", str(tmp_path / "uk.pdf"))
    assert uk.exit_code == 0, uk.output
    width, height = (float(v) for v in pypdf.PdfReader(str(tmp_path / "uk.pdf")).pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)


def test_english_first_pages_never_say_the_spanish_copy_is_a_draft(tmp_path):
    """`--lang en --also es`: the English pages' footer is the English copy's own (its review line);
    the Spanish copy's 'draft translation' line prints on the Spanish pages only, and the command
    still notes that the Spanish is a draft, quoting the line where it prints."""
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "en", "--also", "es",
                 "-o", str(tmp_path / "en-es.pdf"))
    assert result.exit_code == 0, result.output
    pages = pages_text(tmp_path / "en-es.pdf")
    english = [page for page in pages if "The main thing to know" in page or "Page " in page]
    spanish = [page for page in pages if "Página " in page]
    assert english and spanish and len(english) + len(spanish) == len(pages)
    assert not any("Traducción al español" in page for page in english)
    assert all("Traducción al español: borrador" in page for page in spanish)
    assert "the 'es' translation is draft: printed with a DRAFT TRANSLATION mark" in result.output
    assert "its footer: Traducción al español: borrador" in result.output
