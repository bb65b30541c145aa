"""Every kind of PDF the tool prints, through the checkers an accessibility auditor runs.

The pdfua checker (PDF/UA-1), `qpdf --check` (the file's structure) and `pdffonts` (every
font embedded, so a reader's screen or a printer never substitutes one) on each kind:
patient handouts (letter, A4, large print, another practice's brand, personalised,
Spanish, English then Spanish), the clinician brief and its summary, diet sheets
(a patient's, blank, Spanish, English then Spanish with its pages left blank), a batch
run's files and archive copies (PDF/A-3a). Tests elsewhere look at each kind closely;
this one makes sure none is left out of the checks. Each document is rendered once for
this module, when the first test asks for it.

Two kinds go through the same three checkers in test_a11y_pdf_tags, which renders them for
its own tests: the clinician brief and a patient's diet sheet (Sam's, riverside, on this
module's date). Rendering them here too would check the same bytes twice; so would a batch
row for Sam's sheet, which a batch writes byte for byte as `handouts diet` does (test_batch_diet).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from cliutil import assert_clean_exit, run
from handouts import assemble, documents
from handouts.context import Context
from handouts.models import Personalisation
from pdfutil import fonts, pages_text, pdf_reader
from samples import ROOT, printed
from test_a11y_pdf_tags import SAM, TODAY, _pdfua_findings, _untagged  # its documents' date and diet sheet

MARIA = ROOT / "data" / "customisations" / "maria-trigger-foods.yaml"
PERSON = Personalisation(patient_name="Alex Morgan", clinician="Dr Jordan Lee", visit_date=date(2026, 1, 14),
                         notes="Walk after dinner.")


def _topic(audience: str, brand: str = "riverside", *, person: Personalisation | None = None,
           paper: str | None = None, also: tuple[str, ...] = (), large_print: bool = False,
           summary: bool = False, locale: str | None = None, variant: str = "ua") -> Callable[[Path], None]:
    def make(out: Path) -> None:
        ctx = Context.default(TODAY, locale=locale)
        _, view = assemble.topic_view(audience, "leaky-gut", brand, ctx, None, person=person, paper=paper,
                                      also=also, large_print=large_print, summary=summary)
        _write(view, out, variant)
    return make


def _diet(custom: Path | None, *, plan: str | None = None, language: str | None = None,
          also: tuple[str, ...] = (), variant: str = "ua") -> Callable[[Path], None]:
    def make(out: Path) -> None:
        ctx = Context.default(TODAY)
        _, view = assemble.diet_view(plan, custom, "riverside", ctx, None, language=language, also=also)
        _write(view, out, variant)
    return make


def _write(view, out: Path, variant: str) -> None:
    """The PDF `handouts render` writes for the view: a tagged one shared with any other test of this
    process that prints the same view (samples.printed: the same bytes), an archive copy made here."""
    if variant == "ua":
        out.write_bytes(printed(view).data)
    else:
        documents.write_document(view, out, variant=variant)  # type: ignore[arg-type]


def _batch(name: str) -> Callable[[Path], None]:
    """One of the files a `handouts batch` run writes (the run made once, for all of them)."""
    def make(out: Path) -> None:
        folder = out.parent / "batch"
        if not (folder / "manifest.json").exists():
            jobs = out.parent / "jobs.csv"
            jobs.write_text("topic,audience,brand,language,patient_name,output\n"
                            "leaky-gut,patient,riverside,es,Alex Morgan,patient-es.pdf\n"
                            "leaky-gut,clinician,harbourside,,,brief.pdf\n", encoding="utf-8")
            result = run("batch", jobs, "--out", folder, "--jobs", "1", "--as-of", TODAY.isoformat(),
                         "--allow-draft", "--quiet")
            assert_clean_exit(result, 0)
        shutil.copyfile(folder / name, out)
    return make


KINDS: dict[str, Callable[[Path], None]] = {
    "patient-letter": _topic("patient"),
    "patient-a4": _topic("patient", paper="a4"),
    "patient-large-print": _topic("patient", large_print=True),
    "patient-other-brand": _topic("patient", "harbourside"),
    "patient-personalised": _topic("patient", person=PERSON),
    "patient-spanish": _topic("patient", locale="es-US"),
    "patient-english-then-spanish": _topic("patient", person=Personalisation(language="en"), also=("es",)),
    "clinician-summary": _topic("clinician", summary=True),
    "diet-blank": _diet(None, plan="low-fodmap"),
    "diet-spanish": _diet(MARIA, language="es"),
    "diet-english-then-spanish": _diet(SAM, language="en", also=("es",)),
    "batch-patient-spanish": _batch("patient-es.pdf"),
    "batch-clinician-other-brand": _batch("brief.pdf"),
    "archive-patient-large-print": _topic("patient", large_print=True, variant="archive"),
    "archive-diet-english-then-spanish": _diet(SAM, language="en", also=("es",), variant="archive"),
}


@pytest.fixture(scope="module")
def printed_kind(tmp_path_factory) -> Callable[[str], Path]:
    folder = tmp_path_factory.mktemp("kinds")
    made: dict[str, Path] = {}

    def get(kind: str) -> Path:
        if kind not in made:
            KINDS[kind](folder / f"{kind}.pdf")
            made[kind] = folder / f"{kind}.pdf"
        return made[kind]
    return get


def test_the_kinds_are_what_they_say(printed_kind):
    """The list covers what it names: a page left blank, two languages, a summary of one page."""
    fourth = pdf_reader(printed_kind("diet-english-then-spanish")).pages[3]
    assert "This page is left blank on purpose." in fourth.extract_text()
    assert len(pdf_reader(printed_kind("clinician-summary")).pages) == 1
    assert "Mi diario de síntomas" in " ".join(pages_text(printed_kind("diet-spanish")))
    assert "Alex Morgan" in " ".join(pages_text(printed_kind("batch-patient-spanish")))


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_passes_the_pdfua_checker(printed_kind, kind, tmp_path):
    path = printed_kind(kind)
    assert _pdfua_findings(path.read_bytes(), tmp_path / path.name) == []
    assert _untagged(path.read_bytes()) == {}  # nothing tagged that the structure tree leaves out


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_passes_qpdf_check(printed_kind, kind):
    assert shutil.which("qpdf"), "qpdf is needed: make test installs it"
    result = subprocess.run(["qpdf", "--check", str(printed_kind(kind))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_embeds_every_font(printed_kind, kind):
    found = fonts(printed_kind(kind))
    assert found and [font["name"] for font in found if font["emb"] != "yes"] == []
