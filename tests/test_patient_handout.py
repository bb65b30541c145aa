"""The patient handout as health-literacy instruments judge it (PEMAT-P, CDC Clear Communication
Index): visuals with words, how-to steps, short lines, and a length that is never silently exceeded."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from handouts import documents
from handouts.cli import main
from handouts.context import Context
from handouts.html import render_html
from handouts.kinds import DOCUMENT_KINDS
from handouts.models import Personalisation
from handouts.resources import icon_path
from handouts.views.pictograms import shipped_images
from pdfutil import body_lines, figures, text
from samples import printed_file

TODAY = date(2026, 1, 15)
PERSON = Personalisation(
    patient_name="Alex Morgan", clinician="Dr. Priya Shah", visit_date=date(2025, 7, 14),
    follow_up=date(2025, 8, 11), notes="Try one change at a time for two weeks.",
)
THREE_NOTES = ("Try one change at a time for two weeks.", "Bring your food diary to the next visit.",
               "Call us if the belly pain comes back.")
TEXT_COLUMN_X = 150  # points: right of the rail, where body text is set (the rail starts at 57)


def view(brand: str = "riverside", person: Personalisation | None = PERSON):
    ctx = Context.default(TODAY)
    return documents.build_view("patient", documents.topic_inputs("leaky-gut", brand, ctx), person, ctx)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The sample handout as a clinician prints it: Riverside's letterhead, one patient's details
    (rendered once: the line-length test reads the same document)."""
    return printed_file(view(), tmp_path_factory.mktemp("handout"), "patient.pdf")


# -- line length ---------------------------------------------------------------------


@pytest.mark.parametrize("brand, person", [("riverside", PERSON), ("default", None)])
def test_body_lines_hold_50_to_75_characters(brand, person, tmp_path):
    """Every 12 pt line in the text column is at most 75 characters; one that wraps is at least 50."""
    pdf = printed_file(view(brand, person), tmp_path, "p.pdf")
    found = body_lines(pdf, 12.0, min_x=TEXT_COLUMN_X)
    assert len(found) > 40, "the body is set at 12 pt"
    too_long = [line.text for line, _ in found if len(line.text) > 75]
    too_short = [line.text for line, wraps in found if wraps and len(line.text) < 50]
    assert not too_long, too_long
    assert not too_short, too_short
    assert sum(wraps for _, wraps in found) > 20, "the check saw the wrapped lines"


def test_sample_fits_its_page_target(sample):
    assert documents.page_count(view()) == DOCUMENT_KINDS["patient-handout"].page_target == 2


# -- pictograms ----------------------------------------------------------------------


def test_every_pictogram_is_a_small_self_contained_svg():
    """Simple line drawings shipped with the package: no scripts, no links, nothing fetched."""
    for name in shipped_images():
        path = icon_path(name)
        source = path.read_text()
        assert len(source) < 3000, name
        root = ElementTree.fromstring(source)
        assert root.tag == "{http://www.w3.org/2000/svg}svg", name
        assert root.find("{http://www.w3.org/2000/svg}title") is not None, f"{name} has no title"
        tags = {el.tag.split("}")[1] for el in root.iter()}
        assert not tags & {"script", "image", "use", "foreignObject", "a", "style"}, (name, tags)
        assert not re.search(r"href|url\(|on\w+=", source), name


def test_the_view_places_the_pictograms():
    v = view()
    assert [p.name for p in v.key_actions] == ["eat", "move", "ask"]
    assert not any(p.decorative for p in v.key_actions)
    assert [(b.heading, b.pictogram.name, b.pictogram.decorative) for b in v.blocks] == [
        ("Food and drink that may help", "eat", True), ("Less stress", "move", True),
        ("Treatments to ask about", "ask", True),
    ], "a block repeats a pictogram the main message already described: decoration"
    assert [p.name for p in v.blocks[0].figures] == ["fibre-foods"], "the diet section's drawing, beside its steps"
    assert v.blocks[0].notes[0].startswith("FODMAP stands for fermentable oligo-, di- and monosaccharides")
    assert v.blocks[1].figures == v.blocks[1].notes == ()
    assert [i.id for i in v.blocks[0].items] == ["polyphenol-rich-diet", "soluble-fibre", "low-fodmap-diet"]
    assert v.about_figure is not None and v.about_figure.name == "gut-lining"
    assert (v.medicine_pictogram.name, v.emergency_pictogram.name, v.call_pictogram.name) == (
        "medicine", "emergency", "call")


def test_pictograms_are_tagged_figures_with_alt_text_and_repeats_are_not(sample):
    v = view()
    described = [p.alt for p in (*v.key_actions, v.about_figure, *v.blocks[0].figures, v.medicine_pictogram,
                                 v.emergency_pictogram, v.call_pictogram)]
    tagged = [f["alt"] for f in figures(sample)]
    # and, last, the ruled lines to write on: a figure named by its label (handouts.pdftags)
    assert tagged == ["Riverside Family Practice logo", *described, "Space to write"]
    html = render_html(v)
    assert html.count('<span class="pictogram pictogram-') == 3  # the blocks' repeats: drawn as artifacts
    assert html.count('aria-hidden="true"></span>') >= 3
    for p in (*v.key_actions, v.about_figure, *v.blocks[0].figures, v.medicine_pictogram, v.emergency_pictogram,
              v.call_pictogram):
        assert f"<figcaption>{p.caption}</figcaption>" in html, "each figure has its words printed with it"


def test_pictograms_go_where_the_content_says():
    """A topic names its sections' kind of step; one that names none prints one plain block."""
    ctx = Context.default(TODAY)
    inputs = documents.topic_inputs("leaky-gut", "default", ctx)
    plain = inputs.topic.model_copy(update={
        "sections": tuple(s.model_copy(update={"pictogram": None, "figure": None, "note": None})
                          for s in inputs.topic.sections),
        "about_figure": None,
    })
    v = documents.build_view("patient", type(inputs)(plain, inputs.brand, inputs.brand_folder), None, ctx)
    assert len(v.blocks) == 1 and v.blocks[0].heading is None and v.blocks[0].pictogram is None
    assert v.key_actions == () and v.about_figure is None
    assert [i.id for i in v.helps] == [i.id for i in view("default", None).helps]


# -- how-to steps and plain words ----------------------------------------------------------


def test_each_step_says_what_to_do_first_then_how_and_why():
    v = view()
    first = v.blocks[0].items[1]
    assert first.action == "Eat more soluble fiber, the kind that mixes with water."
    assert first.detail.startswith("Add oats, beans, apples or carrots")
    assert "<strong>Eat more soluble fiber, the kind that mixes with water.</strong> Add oats" in render_html(v)


def test_how_to_and_unfamiliar_terms_are_printed(sample):
    body = text(sample)
    for phrase in (
        "Add oats, beans, apples or carrots, a little more each week",  # how
        "ask about a low FODMAP diet: it cuts foods that cause gas and bloating",  # FODMAP, where it first appears
        "FODMAP stands for fermentable oligo-, di- and monosaccharides and polyols",  # spelled out beside it
        "Try it only with a dietitian (a food expert), so you still get the nutrients you need",  # risk
        "Ask about CBT (cognitive behavioral therapy), a talking therapy",  # CBT spelled out and explained
        "What experts know", "What they do not know yet",  # what is known and not known
        "Check the ones you will try",
    ):
        assert phrase in body, phrase
    first = body.index("FODMAP")
    assert first in (body.index("low FODMAP diet: it cuts foods") + len("low "), body.index("FODMAP stands for")), (
        "FODMAP is explained where it first appears")


# -- page targets: overflow is never silent ----------------------------------------------


def test_every_document_kind_has_a_page_target():
    assert {k.name: k.page_target for k in DOCUMENT_KINDS.values()} == {
        "patient-handout": 2, "clinician-brief": 4, "diet-sheet": 3}


def test_write_in_space_is_never_cut_for_notes():
    with_notes = render_html(view(person=PERSON.model_copy(update={"notes": "\n".join(THREE_NOTES)})))
    without = render_html(view(person=None))
    assert with_notes.count('class="write-line"') == without.count('class="write-line"') == 4


def test_a_full_page_gives_up_write_in_lines_before_the_disclaimer_gets_a_sheet_of_its_own(tmp_path):
    """The demo's visit (two notes) once printed a third page holding only the disclaimer."""
    from handouts.render import renderer

    # Four notes: since the text column uses the page's full width (no browser body margin),
    # three notes and four ruled lines fit on two pages.
    person = PERSON.model_copy(update={"notes": "\n".join((*THREE_NOTES, "Eat breakfast before you take the tablet."))})
    assert renderer().page_count(view(person=person)) == 3  # as laid out with four ruled lines
    assert documents.page_count(view(person=person)) == 2
    printed = documents.render(view(person=person))
    assert printed.pages == 2
    (tmp_path / "p.pdf").write_bytes(printed.data)
    assert "This handout gives general information." in text(tmp_path / "p.pdf")
    fits = view(person=None)  # a handout that fits is made once, its space untouched
    assert documents.render(fits).data == renderer().pdf(fits, "ua").data


def test_cli_warns_with_the_page_count_when_personalisation_overflows(tmp_path):
    everything = [opt for note in THREE_NOTES * 3 for opt in ("--note", note)]  # past what fewer lines can save
    out = tmp_path / "long.pdf"
    result = CliRunner().invoke(main, ["render", "leaky-gut", "--audience", "patient", "--brand", "riverside",
                                       "--patient-name", "Alex Morgan", "--clinician", "Dr. Priya Shah",
                                       "--date", "2025-07-14", *everything, "-o", str(out)])
    assert result.exit_code == 0, result.output
    # at the file it is about, as `handouts validate` says a whole file's (it said 'warning: FILE: ...')
    assert any(line.startswith(f"{out}: warning: the patient handout is 3 pages, over its 2-page target")
               for line in result.output.splitlines()), result.output
    assert out.is_file()

    short = tmp_path / "short.pdf"
    result = CliRunner().invoke(main, ["render", "leaky-gut", "--audience", "patient", "--brand", "riverside",
                                       "--note", THREE_NOTES[0], "-o", str(short)])
    assert result.exit_code == 0 and "over its" not in result.output, result.output


def test_page_count_warning_is_said_once_per_rule():
    assert documents.page_count_warning("patient-handout", 2) is None
    assert documents.page_count_warning("patient-handout", None) is None  # HTML has no pages
    assert documents.page_count_warning("diet-sheet", 4).startswith("the diet sheet is 4 pages, over its 3-page")


def test_batch_warns_for_each_document_past_its_target(tmp_path):
    jobs = tmp_path / "jobs.yaml"
    jobs.write_text(
        "defaults: {topic: leaky-gut, brand: riverside, audience: patient}\n"
        "jobs:\n"
        "  - output: long.pdf\n"
        "    patient_name: Alex Morgan\n"
        "    clinician: Dr. Priya Shah\n"
        f"    notes: {json.dumps(chr(10).join(THREE_NOTES * 3))}\n"
        "  - output: short.pdf\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(jobs), "--out", str(tmp_path / "out"), "--jobs", "1",
                                       "--allow-draft"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^\S*jobs\.yaml:\d+: warning: long\.pdf: the patient handout is 3 pages, over its 2-page target",
                     result.stderr, re.M), result.stderr  # at the job's row, then the output
    assert "short.pdf: the patient" not in result.stderr
    entry = json.loads((tmp_path / "out" / "manifest.json").read_text())["jobs"]["long.pdf"]
    assert entry["pages"] == 3 and any("over its 2-page target" in w for w in entry["warnings"])
    assert "Alex Morgan" not in result.output + (tmp_path / "out" / "manifest.json").read_text()
