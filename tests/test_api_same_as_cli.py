"""handouts.api makes the document `handouts render` / `handouts diet` makes, and says the same about it.

Both go through handouts.assemble; these tests hold the two side by side, so a rule
added to one path and not the other fails here.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from cliutil import run
from handouts import api
from handouts.errors import Refused, UsageError

A4_WIDTH, LETTER_WIDTH = 595, 612


def _told(stderr: str) -> list[str]:
    """What the command line told about the document, as the API keeps it in `notes`."""
    return [line.removeprefix("note: ") for line in stderr.splitlines()
            if line.startswith(("note: ", "reading "))]


def _width(pdf: bytes | Path) -> int:
    source = pdf if isinstance(pdf, Path) else __import__("io").BytesIO(pdf)
    return round(float(pypdf.PdfReader(source).pages[0].mediabox.width))


@pytest.fixture
def british(tmp_path: Path) -> Path:
    """A practice in the UK: its workspace names en-GB and nothing about paper."""
    (tmp_path / "handouts.toml").write_text('schema = 1\ndata = []\nlocale = "en-GB"\n', encoding="utf-8")
    return tmp_path


def test_a_brief_follows_the_workspaces_locale_as_on_the_command_line(british: Path, tmp_path: Path) -> None:
    """The command line prints a UK practice's brief on A4; the API printed it on US Letter."""
    out = tmp_path / "brief.pdf"
    result = run("--config", british / "handouts.toml", "render", "leaky-gut", "--audience", "clinician",
                 "--summary", "-o", out)
    assert result.exit_code == 0, result.output
    brief = api.clinician_brief("leaky-gut", summary=True, workspace=british)
    assert _width(out) == _width(brief.data) == A4_WIDTH


def test_the_spanish_handouts_notes_are_what_the_command_line_says(tmp_path: Path) -> None:
    """Reading level first, then each mark printed on it (a draft, a draft translation), word for word."""
    out = tmp_path / "h.html"
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "es", "-o", out)
    assert result.exit_code == 0, result.output
    told = _told(result.stderr)
    doc = api.patient_handout("leaky-gut", language="es", format="html")
    assert told and told[0].startswith("reading ease (es): INFLESZ")
    assert any("DRAFT TRANSLATION" in line for line in told)
    assert list(doc.notes) == told


def test_max_grade_refuses_a_handout_as_the_command_line_does() -> None:
    with pytest.raises(Refused) as refused:
        api.patient_handout("leaky-gut", max_grade=3, format="html")
    message = str(refused.value)
    assert "above max_grade 3" in message and "leaky-gut.yaml" in message
    easy_enough = api.patient_handout("leaky-gut", max_grade=20, format="html")
    assert easy_enough.notes[0].startswith("reading grade: ")



SAM = Path(__file__).parent.parent / "data" / "customisations" / "sam-low-fodmap.yaml"


@pytest.mark.parametrize("given", [SAM, "sam-low-fodmap"], ids=["file", "id"])
def test_a_diet_sheets_warnings_are_said_at_the_customisations_line_as_on_the_command_line(given, tmp_path: Path) -> None:
    """`handouts diet --customize` says an allergen under 'enjoy' at its line ('FILE:8:22: warning: enjoy[1]:
    ...', as validate does); the API said 'enjoy[1]: ...' with no file or line."""
    result = run("diet", "--customize", given, "-o", tmp_path / "sheet.html")
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if ": warning: " in line]
    doc = api.diet_sheet(customisation=given, format="html")
    assert said and list(doc.warnings) == said
    assert "sam-low-fodmap.yaml:8:22: warning: enjoy[1]: carries an allergy of this patient" in doc.warnings[0]


def test_a_diet_sheet_from_a_mapping_says_its_warnings_by_field() -> None:
    """A caller's own record has no file or line: the field says where."""
    doc = api.diet_sheet(customisation={"plan": "low-fodmap", "allergies": ["peanut"], "enjoy": ["peanut-butter"]},
                         format="html")
    assert [w.split(":")[0] for w in doc.warnings] == ["enjoy[0]"]


def test_a_brief_in_british_english_as_lang_en_gb_makes_it(tmp_path: Path) -> None:
    """`render --audience clinician --lang en-GB` prints the brief on A4 with British dates; the API had
    no language for a brief, so a UK service could not ask for it without a workspace."""
    out = tmp_path / "brief.pdf"
    result = run("render", "leaky-gut", "--audience", "clinician", "--summary", "--lang", "en-GB", "-o", out)
    assert result.exit_code == 0, result.output
    brief = api.clinician_brief("leaky-gut", summary=True, language="en-GB")
    assert _width(out) == _width(brief.data) == A4_WIDTH
    assert brief.language == "en-GB" and list(brief.notes) == _told(result.stderr)
    assert "2 July 2025" in brief.notes[0]


def test_a_brief_in_another_language_is_refused_as_on_the_command_line() -> None:
    result = run("render", "leaky-gut", "--audience", "clinician", "--lang", "es", "-o", "-")
    assert result.exit_code == 2 and "written in English only" in result.output
    with pytest.raises(UsageError) as refused:
        api.clinician_brief("leaky-gut", language="es", format="html")
    assert "written in English only" in str(refused.value) and str(refused.value).startswith("language: ")
