"""The clinician brief read as a prescriber and as checkers would: page 1 is the brief,
the whole brief fits 4 Letter pages, references are complete AMA entries with working links.

Issue reproductions: the sample brief ran to 8-9 pages with no summary (every render
warned), reference 10 ended "considerations?.", and no DOI or URL was a link.

The same brief and summary (this module's date, riverside) go through the pdfua checker and
qpdf in test_a11y_pdf_tags (the brief) and test_a11y_every_kind (the summary).
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pypdf
import pytest

from cliutil import command
from handouts import documents
from handouts.context import Context
from handouts.models import Reference
from handouts.views.citations import doi_url, format_references
from pdfutil import lines, pages_text, pdf_reader
from samples import edited_copy, printed_file

TODAY = date(2026, 1, 15)
render = command("render")


@pytest.fixture(scope="module")
def sample():
    inputs = documents.topic_inputs("leaky-gut", "riverside")
    return documents.build_view("clinician", inputs, None, Context.default(TODAY))


@pytest.fixture(scope="module")
def briefs(tmp_path_factory, sample) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("briefs")
    return {
        "full": printed_file(sample, out, "brief.pdf"),
        "summary": printed_file(documents.summary_of(sample), out, "summary.pdf"),
    }


@pytest.fixture(scope="module")
def full_pages(briefs) -> tuple[str, ...]:
    """The full brief's pages as pypdf reads them, read once (most of a second) for the tests below."""
    return tuple(pages_text(briefs["full"]))


@pytest.fixture(scope="module")
def full_lines(briefs) -> tuple:
    """The full brief's lines as poppler lays them out, read once for the tests below."""
    return tuple(lines(briefs["full"]))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_page_one_is_the_brief_and_holds_no_unverified_dose(full_pages, sample):
    pages = full_pages
    first = pages[0]
    for part in ("At a glance", "Bottom line", "What to do first", "Doses with a verified source",
                 "Red flags and when to refer", "Key references", "Patients are told to get help now if",
                 "consider specialist referral", "intended for healthcare professionals"):
        assert part in first, part
    assert squeeze(sample.bottom_line) in squeeze(first)
    assert len(sample.bottom_line.split()) <= 60
    assert "Details and evidence" not in first and "Details and evidence" in pages[1]
    unsourced = [row for row in sample.doses if not row.refs]
    assert unsourced and sample.sourced_doses, "the sample has doses of both kinds"
    words = " ".join(first.split())  # a dose's no-break spaces, and a line break in a narrow cell, as spaces
    for row in unsourced:
        assert " ".join(row.amount.split()) not in words, f"{row.name}: unverified dose {row.amount} on page 1"
    for row in sample.sourced_doses:
        assert " ".join(row.amount.split()) in words
    # the unverified doses are in the details, marked
    details = " ".join(pages[1:])
    for row in unsourced:
        assert " ".join(row.amount.split()) in " ".join(details.split())
    assert details.count("No verified source for this dose") >= len(unsourced)


def test_the_first_line_steps_lead_page_one_and_the_whole_algorithm_leads_the_details(full_pages, sample):
    first = full_pages[0]
    for step in sample.first_steps:
        assert squeeze(step.text) in squeeze(first)
    details = " ".join(full_pages[1:])
    algorithm_at = details.index("Treatment algorithm")
    assert algorithm_at < details.index("Dosing") < details.index("Recommendations")
    steps = details[algorithm_at:details.index("Dosing")]
    for step in sample.algorithm:  # each step with its source or "no verified source"
        at = squeeze(steps).index(squeeze(step.text))
        after = squeeze(steps)[at + len(squeeze(step.text)):][:20]
        assert after.startswith("[") , step.text


def test_the_whole_sample_brief_fits_four_letter_pages_without_a_warning(tmp_path):
    out = tmp_path / "brief.pdf"
    result = render(*["leaky-gut", "--audience", "clinician", "--brand", "riverside", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(pypdf.PdfReader(str(out)).pages) <= 4
    assert "pages, over its" not in result.output


ONE_LINE_MORE = "Added by a test, one line more to see that the page has room for it."


def test_the_sample_brief_has_room_for_a_line_more_on_its_pages(tmp_path):
    """Four pages is the product's promise (kinds.py: a clinician reads at most 4), so the sample
    brief must not fill its fourth page to the last line: it did, and one line more on page 2, 3 or
    4 (a reference, a reworded item) took it to 5 pages and failed the test above. The details'
    sections were a full line apart (base.css's 3 mm, meant for 12 pt patient pages) and the
    dosing table wrapped each row's source onto a second line for its last word or two.

    When this fails, the details are full again: give them room where the layout wastes it
    (spacing meant for larger type, a column too wide for what it holds, a keep-together rule
    that leaves a column's foot blank), never by smaller type or by leaving content out."""
    topic = edited_copy(
        tmp_path,
        ("in older adults.\n", f"in older adults. {ONE_LINE_MORE}\n"),  # page 2: Diet
        ("    citations: [iyer2022agasbs, pironi2023espencif, nightingale2006bsgsbs]\n\n",  # the last pitfall
         "    citations: [iyer2022agasbs, pironi2023espencif, nightingale2006bsgsbs]\n"
         f"  - text: {ONE_LINE_MORE}\n    citations: [lacy2024leakymyths]\n\n"),
    )
    view = documents.build_view("clinician", documents.topic_inputs(topic, "riverside"), None,
                                Context.default(TODAY))
    pdf = printed_file(view, tmp_path, "brief.pdf")
    printed = lines(pdf)
    added = [line for line in printed if ONE_LINE_MORE[:40] in line.text]
    assert [line.page for line in added] == [2, 4], "the test adds a line on page 2 and on page 4"
    assert [line for line in printed if line.text.startswith(ONE_LINE_MORE[40:])] == [], \
        "each addition is one line (its end on no line of its own)"
    assert len(pdf_reader(pdf).pages) == 4, "the details are full again: see this test's docstring"


def test_summary_prints_page_one_alone(tmp_path, briefs, full_pages):
    out = tmp_path / "summary.pdf"
    result = render(*["leaky-gut", "--audience", "clinician", "--summary", "-o", str(out)])
    assert result.exit_code == 0, result.output
    pages = pages_text(out)
    assert len(pages) == 1
    assert "At a glance" in pages[0] and "Key references" in pages[0]
    assert "Details and evidence" not in pages[0]
    assert len(pdf_reader(briefs["summary"]).pages) == 1
    # the doses left off point to where they are: the full brief, not details this page lacks
    text = squeeze(pages[0])
    assert squeeze("listed, marked, under Dosing in the full brief") in text
    assert squeeze("in the details") not in text
    assert squeeze("listed, marked, under Dosing in the details") in squeeze(full_pages[0])


def test_a_summary_on_two_pages_does_not_call_itself_page_1(tmp_path, sample):
    """Its closing note said "Page 1 of the clinician brief", which a summary whose references run
    overleaf (here: every reference a key reference) is not: it names what it is instead."""
    from dataclasses import replace

    long = replace(documents.summary_of(sample), key_references=sample.references)
    pages = pages_text(printed_file(long, tmp_path, "long-summary.pdf"))
    assert len(pages) == 2
    text = " ".join(" ".join(pages).split())
    assert "Page 1 of the clinician brief" not in text
    assert "The At-a-glance summary of the clinician brief" in text


def test_the_summary_is_titled_as_the_summary(briefs):
    """A PDF viewer's window and a screen reader say the document's title (DisplayDocTitle), not its file
    name: the one-page summary called itself the clinician brief, the same as the whole brief beside it."""
    titles = {name: pypdf.PdfReader(path).metadata.title for name, path in briefs.items()}
    assert titles == {"full": "Leaky gut syndrome: clinician brief",
                      "summary": "Leaky gut syndrome: clinician brief at a glance"}
    assert bool(pypdf.PdfReader(briefs["summary"]).trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"])


def test_summary_is_for_the_clinician_brief_only():
    result = render(*["leaky-gut", "--audience", "patient", "--summary"])
    assert result.exit_code == 2
    assert "--summary is for --audience clinician only" in result.output


# ------------------------------------------------------------------ AMA references


def _authors(ref: Reference) -> str:
    """The author list as AMA prints it from the record: family name and initials, never more."""
    names = []
    for name in ref.author:
        if name.literal:
            names.append(name.literal)
        else:
            initials = "".join(part[0] for part in re.split(r"[\s.\-]+", name.given or "") if part)
            names.append(f"{name.family} {initials}".strip())
    return ", ".join(names)


def test_references_pass_an_ama_check(full_pages, sample):
    inputs = documents.topic_inputs("leaky-gut", "riverside")
    pages = full_pages
    listed = squeeze(pages[0].split("Key references", 1)[1] + " ".join(pages[1:]).rsplit("References", 1)[1])
    assert len(sample.references) >= 15
    for entry in sample.references:
        ref = inputs.topic.reference(entry.id)
        assert squeeze(_authors(ref)) in listed, f"{entry.id}: authors as in the record"
        if ref.container_title_short:
            assert squeeze(ref.container_title_short) in listed
            if ref.container_title_short != ref.container_title:
                assert f"<i>{ref.container_title_short}</i>" in str(entry.text)
                assert ref.container_title not in str(entry.text), f"{entry.id}: the NLM abbreviation, not the title"
        assert "?." not in str(entry.text) and "?." not in listed
    abbreviated = [r for r in inputs.topic.references if r.container_title_short]
    assert {r.container_title_short for r in abbreviated} >= {"Clin Nutr", "Am J Gastroenterol"}
    assert squeeze("New England Journal of Medicine") in listed, "a title no PubMed citation abbreviated is printed in full"
    lomer = next(e for e in sample.references if e.id == "lomer2023lowfodmap")
    assert "long-term considerations? " in str(lomer.text)  # no stray period after the "?"


def test_a_web_source_says_when_it_was_accessed_and_a_question_title_takes_no_period():
    web = Reference.model_validate({
        "id": "web", "kind": "patient-information", "type": "webpage", "author": [{"literal": "Cleveland Clinic"}],
        "title": "Is leaky gut real?", "container-title": "Health Library",
        "URL": "https://example.org/leaky-gut", "accessed": {"date-parts": [[2025, 7, 1]]},
    })
    (entry,) = format_references([web])
    text = str(entry.text)
    assert "Accessed July 1, 2025." in text
    assert "real? " in text and "real?." not in text
    assert '<a href="https://example.org/leaky-gut">https://example.org/leaky-gut</a>' in text


def test_every_doi_and_url_is_a_link_annotation(briefs, sample):
    inputs = documents.topic_inputs("leaky-gut", "riverside")
    expected = set()
    for entry in sample.references:
        ref = inputs.topic.reference(entry.id)
        if ref.doi:  # AMA prints the DOI, and the URL only for a source without one
            expected.add(doi_url(ref.doi))
        elif ref.url:
            expected.add(ref.url)
    assert len(expected) >= 15
    found = set()
    for page in pypdf.PdfReader(str(briefs["full"])).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/A" in annot:
                action = annot["/A"].get_object()
                assert action["/S"] == "/URI"
                found.add(str(action["/URI"]))
                assert "/StructParent" in annot, "the link is tagged"
    assert expected <= found, sorted(expected - found)


def test_strength_is_shown_for_every_graded_item_or_for_none(sample):
    graded = [i.grade for s in sample.sections for i in s.items if i.unsupported is None and i.grade != "Not graded"]
    assert graded and sample.strengths
    assert all(re.fullmatch(r"(High|Moderate|Low|Very low) \((strong|conditional|not rated)\)", g) for g in graded), graded


# ------------------------------------------------------- what page 1 is made from

MINIMAL = (Path(__file__).parent / "fixtures" / "content" / "minimal-topic.yaml").read_text(encoding="utf-8")


def test_lint_warns_when_the_bottom_line_is_too_long_for_page_one(tmp_path):
    from handouts.lint.runner import Options, lint_file

    path = tmp_path / "topics" / "long.yaml"
    path.parent.mkdir()
    long_line = " ".join(["Treat the test condition with fluids."] * 11)  # 66 words
    path.write_text(MINIMAL.replace("Treat the test condition with fluids.", long_line, 1), encoding="utf-8")
    found = [f for f in lint_file(path, Options(today=TODAY)).findings if f.rule == "bottom-line-long"]
    assert [(f.severity, f.field) for f in found] == [("warning", "bottom_line.clinician")]
    assert "66 words" in found[0].message
    sample = Path(documents.__file__).resolve().parent.parent / "data" / "topics" / "leaky-gut.yaml"
    assert not [f for f in lint_file(sample, Options(today=TODAY)).findings if f.rule == "bottom-line-long"]


def test_what_to_do_first_is_the_marked_steps_or_else_the_first(sample):
    from handouts.inputs import TopicInputs
    from handouts.views.clinician import clinician_view

    inputs = documents.topic_inputs("leaky-gut", "default")
    marked = [s.text for s in inputs.topic.algorithm if s.first_line]
    assert [s.text for s in sample.first_steps] == marked and len(marked) == 2
    unmarked = tuple(s.model_copy(update={"first_line": False}) for s in inputs.topic.algorithm)
    topic = inputs.topic.model_copy(update={"algorithm": unmarked})
    view = clinician_view(TopicInputs(topic, inputs.brand, inputs.brand_folder), Context.default(TODAY))
    assert [s.text for s in view.first_steps] == [inputs.topic.algorithm[0].text]
    assert [s.text for s in view.referral] == [s.text for s in inputs.topic.algorithm if s.referral]


def test_a_note_that_only_repeats_the_mark_is_not_printed_twice(sample):
    html = documents.render_bytes(sample, "html").decode()
    # "No verified source for this step." adds nothing to the [no verified source] mark beside it
    assert "No verified source for this step." not in html
    referral = next(s for s in sample.algorithm if "specialist referral" in s.text)
    assert referral.unsupported == "" and not referral.refs
    steps = html[html.index("Treatment algorithm"):html.index('class="dosing"')]
    assert "consider specialist referral." in steps and "[no verified source]" in steps


def test_the_printed_reference_numbers_are_the_numbers_cited(briefs, sample):
    """A reference under References prints the number the text cites it by: after page 1's key
    references (1-3), the list goes on at 4, not at 1 again (WeasyPrint reads no HTML attribute
    for style, so it dropped the list items' `value` and counted from 1). The numbers are list
    markers, which pypdf leaves out: poppler reads them."""
    printed = subprocess.run(["pdftotext", str(briefs["full"]), "-"], capture_output=True, text=True,
                             check=True).stdout
    glance, rest = printed.split("Key references", 1)
    key, later = rest.split("Details and evidence", 1)[0], rest.rsplit("References", 1)[1]
    numbers = [r.number for r in sample.references]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 3
    assert [int(n) for n in re.findall(r"^(\d{1,2})\. [A-Z]", key, flags=re.M)] == numbers[:3]
    assert [int(n) for n in re.findall(r"^(\d{1,2})\. [A-Z]", later, flags=re.M)] == numbers[3:]


def test_no_step_of_the_treatment_algorithm_is_split_between_columns(full_lines, sample):
    """A step of the algorithm reads as one: its number and its last words in the same column of
    the same page (step 3 began at the foot of the left column and ended at the top of the right)."""
    printed = full_lines
    middle = 612 / 2  # Letter, in points
    for number, step in enumerate(sample.algorithm, start=1):
        first = " ".join(step.text.split()[:3])
        last = step.text.split()[-1]
        start = next(ln for ln in printed if ln.text.startswith(f"{number}. {first}"))
        end = min((ln for ln in printed if last in ln.text
                   and (ln.page, ln.x > middle, ln.top) >= (start.page, start.x > middle, start.top)),
                  key=lambda ln: (ln.page, ln.x > middle, ln.top))  # the first after it, in reading order
        assert (end.page, end.x > middle) == (start.page, start.x > middle), f"step {number}: {step.text}"


def test_an_items_evidence_grade_and_on_handout_mark_each_stay_on_one_line(full_lines):
    """'Evidence: Very low (not rated)' and 'on handout' are read as one each: the brief broke
    them as 'Evidence:' / 'Very low (not rated)' and 'on' / 'handout'."""
    printed = [ln.text for ln in full_lines if ln.page > 1]  # page 1's grades are in a table
    assert sum("on handout" in text for text in printed) >= 10
    broken = [t for t in printed if t.startswith(("handout", "(not rated)", "(conditional)"))
              or t.endswith(("· on", "Evidence:", "Very", "Very low", "Low"))]
    assert not broken, broken
