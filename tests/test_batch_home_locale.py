"""batch takes the workspace's locale as `render` and `serve` do.

Reproduction: in a workspace set to es-ES (handouts.toml: locale = "es-ES"), a job
row asking for `es` with a brand that names no region printed as es-US (911, US
dates) on A4, where `handouts render --lang es` prints es-ES (112) on A4; and a row
asking for es-ES in an en-US workspace printed on Letter, where render prints A4.
Batch built its context without the workspace's locale and forced the workspace
locale's paper on every brand that names none instead.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pypdf

from batchutil import batch, install_fake_pool
from handouts.batch.jobs import Job
from handouts.batch.prepare import Preparer
from handouts.batch.runner import Options, run_batch
from handouts.batch.worker import Settings
from pdfutil import text

ROOT = Path(__file__).resolve().parent.parent
TOPIC = str(ROOT / "data" / "topics" / "leaky-gut.yaml")
DEFAULT = str(ROOT / "data" / "brands" / "default.yaml")  # names no locale and no paper
AS_OF = date(2025, 10, 1)
A4_WIDTH = 595  # points; Letter is 612


def _frame(home: str | None, audience: str, language: str | None) -> tuple[str, str, str | None]:
    from handouts import documents

    preparer = Preparer.for_settings(Settings("out", AS_OF, True, home_locale=home))
    prepared = preparer.prepare(Job("a.pdf", TOPIC, DEFAULT, audience, language))
    view = documents.build_view(prepared.kind, prepared.inputs, prepared.person, preparer.context)
    return view.frame.locale.tag, view.frame.brand.paper, view.frame.brand.emergency_number


def _render_frame(home: str | None, audience: str, language: str | None) -> tuple[str, str, str | None]:
    """What `handouts render` prints for the same job in the same workspace (its context, its paper rule)."""
    from handouts import documents
    from handouts.context import Context
    from handouts.models import Personalisation

    ctx = Context.default(AS_OF, locale=home).with_locale(language)
    inputs = documents.on_paper(documents.topic_inputs(TOPIC, DEFAULT, ctx), None)
    person = Personalisation(language=language) if audience == "patient" else None
    view = documents.build_view(audience, inputs, person, ctx)
    return view.frame.locale.tag, view.frame.brand.paper, view.frame.brand.emergency_number


def test_a_bare_language_takes_its_region_from_the_workspace_as_render_does():
    assert _frame("es-ES", "patient", "es") == ("es-ES", "a4", "112") == _render_frame("es-ES", "patient", "es")
    # the clinician brief is English, on the workspace's region's paper, with its number
    assert _frame("es-ES", "clinician", None) == ("en-ES", "a4", "112") == _render_frame("es-ES", "clinician", None)
    # a row's full tag prints on its own region's paper, whatever the workspace's
    assert _frame("en-US", "patient", "es-ES") == ("es-ES", "a4", "112") == _render_frame("en-US", "patient", "es-ES")
    # no workspace locale: the brand, then en-US, as before
    assert _frame(None, "patient", "es") == ("es-US", "letter", "911") == _render_frame(None, "patient", "es")


def test_batch_in_a_workspace_in_spain_prints_a_bare_es_as_es_es(clinic):
    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('# locale = "en-US"', 'locale = "es-ES"'),
                      encoding="utf-8")
    assert 'locale = "es-ES"' in config.read_text(encoding="utf-8")
    jobs = clinic / "jobs.csv"
    jobs.write_text("topic,audience,language,output\nleaky-gut,patient,es,0001.pdf\n", encoding="utf-8")

    result = batch(jobs, "--allow-draft", "--as-of", AS_OF.isoformat(), "--document-references")
    assert result.exit_code == 0, result.output
    pdf = clinic / "out" / "0001.pdf"
    assert "Llame al 112" in " ".join(text(pdf).split())
    assert round(float(pypdf.PdfReader(str(pdf)).pages[0].mediabox.width)) == A4_WIDTH
    reference = json.loads((clinic / "out" / "0001.fhir.json").read_text(encoding="utf-8"))
    assert reference["content"][0]["attachment"]["language"] == "es-ES"


def test_a_change_of_the_workspaces_locale_renders_again(tmp_path, monkeypatch):
    """A bare 'es' prints differently under es-ES and es-MX: a run after the change is not 'up to date'."""
    install_fake_pool(monkeypatch)
    jobs = [Job("0001.pdf", TOPIC, DEFAULT, "patient", "es")]

    def run(home: str) -> tuple[int, int]:
        summary = run_batch(jobs, Options(tmp_path, as_of=AS_OF, allow_draft=True, home_locale=home))
        return summary.rendered, summary.skipped

    assert run("es-ES") == (1, 0)
    assert run("es-ES") == (0, 1)
    assert run("es-MX") == (1, 0)


def test_a_diet_sheet_takes_the_workspaces_locale_as_handouts_diet_does():
    """The batch's sheets are byte for byte `handouts diet`'s: in an es-ES workspace that is a Spanish sheet on A4."""
    from handouts import documents
    from handouts.batch.jobs import DietJob
    from handouts.context import Context

    customisation = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"  # names no language
    for home, expected in ((None, ("en-US", "letter")), ("es-ES", ("es-ES", "a4"))):
        preparer = Preparer.for_settings(Settings("out", AS_OF, True, home_locale=home))
        prepared = preparer.prepare(DietJob("a.pdf", None, str(customisation), "default"))
        batch_view = documents.build_view(prepared.kind, prepared.inputs, None, preparer.context)
        ctx = Context.default(AS_OF, locale=home)  # `handouts diet`'s context in that workspace
        diet_view = documents.build_view("diet-sheet", documents.diet_inputs(None, customisation, "default", ctx),
                                         None, ctx)
        for view in (batch_view, diet_view):
            assert (view.frame.locale.tag, view.frame.brand.paper) == expected, home
