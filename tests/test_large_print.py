"""The large-print patient handout: 18 pt body, one column, still tagged, help box in one piece.

It is a variant of the patient handout through the one pipeline (a flag on the
view's frame, a stylesheet over patient.css), not a second template: the same
text, sections and tags, bigger.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from handouts import documents
from handouts.cli import main
from handouts.context import Context
from handouts.errors import UsageError
from handouts.models import Personalisation
from pdfutil import Line, html_list_sizes, lines, list_sizes, text

TODAY = date(2026, 1, 15)
PERSON = Personalisation(
    patient_name="Alex Morgan", clinician="Dr. Priya Shah", visit_date=date(2025, 7, 14),
    follow_up=date(2025, 8, 11), notes="Try one change at a time for two weeks.",
)


def about_text() -> str:
    """The start of the handout's "What is ...?" paragraph: plain body text."""
    ctx = Context.default(TODAY)
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "default", ctx), PERSON, ctx)
    return view.about[:18]


BODY = about_text()


@dataclass(frozen=True)
class Run:
    page: int
    size: float  # points
    x: float  # points from the left edge
    text: str


def runs(path: Path) -> list[Run]:
    """Every run of text with its page, size and left edge, as a reader's eye meets it."""
    out: list[Run] = []
    for number, page in enumerate(pypdf.PdfReader(str(path)).pages, start=1):
        def visit(chunk: str, cm: list[float], tm: list[float], font: object, size: float, n: int = number) -> None:
            if chunk.strip():
                out.append(Run(n, round(size * abs(tm[3]) * abs(cm[3]), 1), round(tm[4] * cm[0] + cm[4], 1),
                               chunk.strip()))
        page.extract_text(visitor_text=visit)
    return out


def first(all_runs: list[Run], start: str) -> Run:
    return next(r for r in all_runs if r.text.startswith(start))


def render(tmp: Path, name: str, large_print: bool, person: Personalisation = PERSON, brand: str = "riverside") -> Path:
    ctx = Context.default(TODAY)
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", brand, ctx), person, ctx,
                                large_print=large_print)
    return documents.write_document(view, tmp / name)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("large-print")
    return {"standard": render(out, "standard.pdf", False), "large": render(out, "large.pdf", True)}


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> Path:
    """Spanish on letter with the riverside letterhead: its two review marks and the patient's details
    take half of page 1, and the text runs a fifth longer than the English."""
    return render(tmp_path_factory.mktemp("large-print-es"), "es.pdf", True,
                  PERSON.model_copy(update={"language": "es"}))


HELP_BOX = {"en": ("When to get help", "In an emergency, call"),
            "es": ("Cuándo buscar ayuda", "En una emergencia, llame")}
"""The help box's first and last lines."""

FULL = 0.65
"""How far down its text area a page's text must reach, but the last page's."""

PAGE_NUMBER = re.compile(r"(Page|Página) \d+ (of|de) \d+")


@dataclass(frozen=True)
class Page:
    """One page's text as printed (lines of 16 pt and up: the running header and footer are 14 pt, a
    review watermark's letters are several times taller than a heading) and the top of its footer."""

    lines: list[Line]
    foot: float  # points from the paper's top

    @property
    def bottom(self) -> float:
        return max(line.top + line.height for line in self.lines)

    @property
    def full(self) -> float:
        """How far down the text area the text reaches: from its first line to the footer."""
        top = min(line.top for line in self.lines)
        return (self.bottom - top) / (self.foot - top)


def laid_out(pdf: Path) -> list[Page]:
    found = lines(pdf)
    pages = []
    for number in sorted({line.page for line in found}):
        on = [line for line in found if line.page == number]
        foot = min(line.top for line in on if PAGE_NUMBER.search(line.text))
        text_lines = [line for line in on if 16 * 1.24 - 0.5 < line.height < 50 and line.top < foot]
        pages.append(Page(sorted(text_lines, key=lambda line: line.top), foot))
    return pages


def test_the_view_carries_the_flag_and_the_html_says_so():
    ctx = Context.default(TODAY)
    inputs = documents.topic_inputs("leaky-gut", "default", ctx)
    view = documents.build_view("patient", inputs, PERSON, ctx, large_print=True)
    assert view.frame.large_print
    assert not documents.build_view("patient", inputs, PERSON, ctx).frame.large_print
    from handouts.html import render_html

    assert '<body class="patient-handout paper-letter large-print">' in render_html(view)
    page = documents.render_bytes(view, "html").decode()  # the standalone web page carries the layer too
    assert '<body class="patient-handout paper-letter large-print standalone">' in page
    assert "html { font-size: 18pt;" in page
    plain = documents.render_bytes(documents.build_view("patient", inputs, PERSON, ctx), "html").decode()
    assert "html { font-size: 18pt;" not in plain


def test_body_text_is_18_pt_and_headings_grow(pdfs):
    standard, large = runs(pdfs["standard"]), runs(pdfs["large"])
    assert first(standard, BODY).size == 12
    assert first(large, BODY).size == 18
    assert first(large, "Leaky gut syndrome").size > first(standard, "Leaky gut syndrome").size
    # nothing a patient reads is smaller than 14 pt (the review watermark is decoration, and bigger)
    assert min(r.size for r in large) >= 14, sorted({r.size for r in large})


def test_one_column_no_rail_beside_the_text(pdfs):
    """The standard handout sets its text in a column beside a rail of pictograms and side headings;
    large print runs the text from the margin, where its headings start."""
    standard, large = runs(pdfs["standard"]), runs(pdfs["large"])
    assert first(standard, BODY).x > first(standard, "What is leaky gut").x + 80  # the text column
    assert abs(first(large, BODY).x - first(large, "What is leaky gut").x) < 1  # one column
    assert first(large, "Call us at").x == first(large, "Call 911 or go to the emergency").x


def test_same_text_as_the_standard_handout(pdfs):
    standard, large = text(pdfs["standard"]), text(pdfs["large"])
    for phrase in ("The main thing to know", "What to avoid", "When to get help",
                   "In an emergency, call 911.", "My plan", "Alex Morgan", "Try one change at a time for two weeks.",
                   "My next appointment: August 11, 2025"):
        assert phrase in standard and phrase in large, phrase
    assert len(pypdf.PdfReader(str(pdfs["large"])).pages) > len(pypdf.PdfReader(str(pdfs["standard"])).pages)


def test_tagged_and_clean_for_the_checkers(pdfs):
    import pdfua

    assert list(pdfua.validate(str(pdfs["large"])).findings) == []
    result = subprocess.run(["qpdf", "--check", str(pdfs["large"])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    root = pypdf.PdfReader(str(pdfs["large"])).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root


def test_a_list_a_page_break_cuts_is_still_one_list(pdfs):
    """At 18 pt, 'What to avoid' runs from page 3 onto page 4, and WeasyPrint tagged each page's part as
    a list of its own: a screen reader announced 'list, 3 items', then 'list, 1 item'. Each list in the
    tree has the items of its list in the HTML (handouts.pdfbreaks)."""
    from handouts.html import render_html

    ctx = Context.default(TODAY)
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside", ctx), PERSON, ctx,
                                large_print=True)
    assert list_sizes(pdfs["large"]) == html_list_sizes(render_html(view))


@pytest.mark.parametrize("notes", [None, "A short note.", "\n".join(f"Note {i}: keep a food diary." for i in range(12))],
                         ids=["no notes", "a note", "many notes"])
@pytest.mark.parametrize("brand", ["default", "riverside"])
def test_the_help_box_never_splits_across_pages(tmp_path, notes, brand):
    person = PERSON.model_copy(update={"notes": notes})
    pdf = render(tmp_path, "lp.pdf", True, person, brand)
    pages = [page.extract_text() or "" for page in pypdf.PdfReader(str(pdf)).pages]
    starts = [n for n, page in enumerate(pages) if "When to get help" in page]
    ends = [n for n, page in enumerate(pages) if "In an emergency, call" in page]
    assert len(starts) == 1 and starts == ends, (starts, ends)
    # and the note under the plan does not go over alone: a last page of three lines of small print
    assert "My next appointment" in pages[-1]


def test_large_print_has_a_page_target_of_its_own(pdfs):
    pages = len(pypdf.PdfReader(str(pdfs["large"])).pages)
    assert documents.page_count_warning("patient-handout", pages, large_print=True) is None
    assert documents.page_count_warning("patient-handout", pages) is not None  # over the standard two pages
    too_long = documents.page_count_warning("patient-handout", 7, large_print=True)
    assert too_long is not None and "large-print patient handout is 7 pages, over its 6-page target" in too_long


def test_only_a_patient_handout_has_a_large_print_version():
    ctx = Context.default(TODAY)
    with pytest.raises(UsageError, match="clinician brief has no large-print version"):
        documents.build_view("clinician", documents.topic_inputs("leaky-gut", "default", ctx), None, ctx,
                             large_print=True)


def test_cli_render_large_print(tmp_path):
    out = tmp_path / "large.pdf"
    result = CliRunner().invoke(main, ["render", "leaky-gut", "--audience", "patient", "--large-print",
                                       "--patient-name", "Alex Morgan", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert first(runs(out), BODY).size == 18
    refused = CliRunner().invoke(main, ["render", "leaky-gut", "--audience", "clinician", "--large-print",
                                        "-o", str(tmp_path / "brief.pdf")])
    assert refused.exit_code == 2
    assert "--large-print is for --audience patient only" in refused.output
    assert not (tmp_path / "brief.pdf").exists()


def last_items(language: str) -> list[str]:
    """The start of the last item of each list of two or more in the fixtures' handout (riverside, with
    the patient's details), in `language`: what a page must not start with."""
    ctx = Context.default(TODAY)
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside", ctx),
                                PERSON.model_copy(update={"language": language}), ctx, large_print=True)
    lists = [block.items for block in view.blocks] + [view.avoid, view.medicines]
    starts = [items[-1].action for items in lists if len(items) > 1]
    return [text[:25] for text in starts + [items[-1] for items in (view.get_help_now, view.call_us) if len(items) > 1]]


@pytest.mark.parametrize("language", ["en", "es"])
def test_pages_run_to_the_foot_but_before_the_help_box(pdfs, spanish, language):
    """At 18 pt the main message, the medicines and the plan each run to half a page: kept whole, each
    jumped over the free half of a page and left it blank (the Spanish handout: 8 pages, past its target
    of 7, its page 1 the title alone). They break now; the help box alone is kept whole, and the page
    before it may end early only where the whole box would not have fitted its foot. A list that breaks
    leaves its last two items together: the last alone at the top of a page (the English 'Be careful with
    products that...' on page 4; the Spanish medicines' last with its pictogram, page 5 a quarter full
    before the help box) reads as something left over."""
    pdf = pdfs["large"] if language == "en" else spanish
    first_line, last_line = HELP_BOX[language]
    pages = laid_out(pdf)
    lone = [(number, start) for number, page in enumerate(pages[1:], start=2) for start in last_items(language)
            if page.lines[0].text.startswith(start)]
    assert not lone, f"a list's last item alone at the top of a page: {lone}"
    assert documents.page_count_warning("patient-handout", len(pages), large_print=True,
                                        languages=(language,)) is None
    for number, (page, following) in enumerate(zip(pages, pages[1:]), start=1):
        if page.full >= FULL:
            continue
        box_top = following.lines[0]
        assert first_line in box_top.text, f"page {number} is {page.full:.0%} full: {page.lines[-1].text!r} ends it"
        box_end = next(line for line in following.lines if last_line in line.text)
        assert box_end.top + box_end.height - box_top.top > page.foot - page.bottom, f"the help box fits page {number}"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_help_box_is_on_one_page_and_no_heading_ends_a_page(pdfs, spanish, language):
    pdf = pdfs["large"] if language == "en" else spanish
    pages = laid_out(pdf)
    on = [[number for number, page in enumerate(pages) if any(wanted in line.text for line in page.lines)]
          for wanted in HELP_BOX[language]]
    assert len(on[0]) == 1 and on[0] == on[1], on
    for number, page in enumerate(pages[:-1], start=1):
        # body text is 18 pt (22.3 pt lines), headings 20 to 28 pt
        assert page.lines[-1].height < 20 * 1.24 - 0.5, f"page {number} ends with a heading: {page.lines[-1].text!r}"


def test_the_help_box_pictograms_sit_beside_their_words(pdfs):
    """Under its list, each of the help box's pictograms took a line of its own, and the box, which may not
    split, ran to two thirds of a page: the page before it was left half empty. Each now sits beside the
    words it stands for, its caption under it, as in the standard handout, and the box is shorter."""
    mm = 72 / 25.4
    found = lines(pdfs["large"])
    for lead_start, caption_start in (("Call 911 or go to", "Get help"), ("Call us at", "Call us")):
        lead = next(line for line in found if line.text.startswith(lead_start))
        caption = next(line for line in found if line.text.startswith(caption_start) and line.text != lead.text)
        assert caption.page == lead.page and caption.x < lead.x - 20 * mm, (caption, lead)  # left of the words
        assert lead.top < caption.top < lead.top + 20 * mm, (caption, lead)  # under a pictogram beside the lead
    top = next(line for line in found if line.text.startswith("When to get help"))
    end = next(line for line in found if line.text.startswith("In an emergency, call"))
    assert end.top + end.height - top.top < 130 * mm  # 151 mm under the lists
