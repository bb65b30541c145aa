"""Diet sheets in `handouts batch`: the same sheets as `handouts diet`, skipped when unchanged,
drafts refused unless asked, and the patient's customisation never in the manifest or logs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from batchutil import batch, manifest, rerun, sha256
from cliutil import command
from handouts.errors import display_path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PRACTICE = Path(__file__).parent / "fixtures" / "practice"
AS_OF = "2025-10-01"
NAMES = ("Zebulon", "Quixote", "Marguerite", "Okonkwo")

diet = command("diet")


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    """A clinic folder with one customisation (no catalogue of its own) and a practice folder
    whose own food catalogue adds a category its customisation leaves out."""
    clinic = tmp_path / "clinic" / "customisations"
    clinic.mkdir(parents=True)
    sam = (DATA / "customisations" / "sam-low-fodmap.yaml").read_text(encoding="utf-8")
    (clinic / "0001.yaml").write_text(sam.replace("Sam Rivera", "Zebulon Quixote"), encoding="utf-8")
    practice = tmp_path / "practice"
    shutil.copytree(PRACTICE, practice)
    lee = practice / "customisations" / "lee-nightshades.yaml"
    lee.write_text(lee.read_text(encoding="utf-8").replace("Lee Test", "Marguerite Okonkwo"), encoding="utf-8")
    return clinic / "0001.yaml", lee


def test_diet_jobs_render_the_commands_sheets_then_skip_and_notice_edits(tmp_path):
    clinic, lee = _folders(tmp_path)
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(
        "plan,customisation,brand,output\n"
        ",clinic/customisations/0001.yaml,riverside,diet/0001.pdf\n"  # the customisation names its plan
        "trigger-foods,practice/customisations/lee-nightshades.yaml,default,diet/0002.pdf\n"
        "low-fodmap,,riverside,\n",  # a blank sheet, named by --pattern
        encoding="utf-8")
    out = tmp_path / "out"
    common = [jobs, "--out", out, "--jobs", "1", "--as-of", AS_OF, "--allow-draft"]  # one worker: a start is ~1 s

    first = batch(*common)
    assert first.exit_code == 0, first.output
    assert "3 jobs: 3 rendered, 0 skipped, 0 failed" in first.stdout
    # allergen warnings are reported at the row, for the sheet they concern
    assert re.search(rf"^{re.escape(display_path(jobs))}:2: warning: diet/0001\.pdf: enjoy\[\d+\]: carries an "
                     r"allergy of this patient \(allergies\[\d+\]\): listed under 'Leave out' instead",
                     first.stderr, re.M), first.stderr

    # byte for byte the sheets `handouts diet` writes for the same inputs
    for sheet, args in {
        "diet/0001.pdf": ["--customize", clinic, "--brand", "riverside"],
        "diet/0002.pdf": ["trigger-foods", "--customize", lee, "--brand", "default"],
        "riverside/low-fodmap-diet-sheet.pdf": ["low-fodmap", "--brand", "riverside"],
    }.items():
        alone = tmp_path / "alone.pdf"
        made = diet(*args, "--as-of", AS_OF, "-o", alone)
        assert made.exit_code == 0, made.output
        assert (out / sheet).read_bytes() == alone.read_bytes(), sheet

    data = manifest(out)
    entry = data["jobs"]["diet/0001.pdf"]
    assert entry["status"] == "rendered" and entry["sha256"] == sha256(out / "diet" / "0001.pdf")
    assert entry["job"]["document"] == "diet-sheet" and entry["job"]["plan"] is None
    assert re.fullmatch(r"hmac-sha256:[0-9a-f]{64}", entry["job"]["customisation"])
    assert entry["review"]["status"] == "under_review" and entry["review"]["mark"] == "DRAFT"
    assert entry["inputs"]["plan"]["path"] == str((DATA / "diets" / "low-fodmap.yaml").resolve())
    assert entry["inputs"]["logo"]["sha256"] == sha256(DATA / "brands" / "riverside" / "logo.svg")
    assert entry["inputs"]["catalogue 2"]["sha256"] == sha256(DATA / "foods" / "catalogue.yaml")
    practice_entry = data["jobs"]["diet/0002.pdf"]
    assert practice_entry["inputs"]["catalogue 1"]["path"] == str((tmp_path / "practice/foods/catalogue.yaml"))
    assert data["jobs"]["riverside/low-fodmap-diet-sheet.pdf"]["job"]["customisation"] is None
    # the customisation is in the manifest only as a keyed digest: no name, no path, no plain hash of it
    text = (out / "manifest.json").read_text(encoding="utf-8")
    for secret in (*NAMES, sha256(clinic), sha256(lee), "0001.yaml", "lee-nightshades"):
        assert secret.lower() not in text.lower(), secret
    assert not any(name.lower() in (first.output).lower() for name in NAMES)

    # nothing changed: every sheet is skipped
    again = rerun(out, *common)
    assert "3 jobs: 0 rendered, 3 skipped, 0 failed" in again.stdout, again.output

    # an edited customisation renders its sheet again (and only it); so does a catalogue
    # that appears in a folder where none was found
    before = manifest(out)
    clinic.write_text(clinic.read_text(encoding="utf-8").replace("phase_lengths: {elimination: 4 weeks}",
                                                                 "phase_lengths: {elimination: 6 weeks}"))
    edited = rerun(out, *common)
    assert edited.exit_code == 0, edited.output
    assert re.findall(r"^rendered (\S+)", edited.stdout, re.M) == ["diet/0001.pdf"]
    after = manifest(out)["jobs"]["diet/0001.pdf"]
    assert after["job"]["customisation"] != before["jobs"]["diet/0001.pdf"]["job"]["customisation"]
    assert after["sha256"] != before["jobs"]["diet/0001.pdf"]["sha256"]

    shutil.copytree(tmp_path / "practice" / "foods", tmp_path / "clinic" / "foods")
    catalogue = rerun(out, *common)
    assert re.findall(r"^rendered (\S+)", catalogue.stdout, re.M) == ["diet/0001.pdf"], catalogue.output


def test_diet_jobs_are_refused_with_the_row_and_never_the_patient(tmp_path):
    clinic, _ = _folders(tmp_path)
    jobs = tmp_path / "jobs.yaml"
    jobs.write_text(
        "defaults:\n"
        "  brand: riverside\n"
        "jobs:\n"
        "  - plan: low-fodmap\n"
        "    output: draft.pdf\n"
        "  - plan: low-fodmapp\n"
        "    output: typo.pdf\n"
        "  - customisation: clinic/customisations/0001.yaml\n"
        "    output: zebulon-quixote.pdf\n"
        "  - customisation: clinic/customisations/0001.yaml\n"
        "    plan: trigger-foods\n"
        "    output: other-plan.pdf\n"
        "  - customisation: clinic/customisations/0001.yaml\n"
        "    audience: patient\n"
        "    output: mixed.pdf\n",
        encoding="utf-8")
    out = tmp_path / "out"
    result = batch(jobs, "--out", out, "--jobs", "1", "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "5 jobs: 0 rendered, 0 skipped, 5 failed" in result.stderr
    assert not list(out.rglob("*.pdf"))
    errors = result.stderr
    assert re.search(r"data/diets/low-fodmap\.yaml:\d+:\d+: review\.status: not approved: under_review; "
                     r"use --allow-draft", errors)
    assert re.search(r"jobs\.yaml:6: no plan 'low-fodmapp'; did you mean 'low-fodmap'\?", errors)
    # found when the job file is read (as for a topic row), located at the row's output
    assert re.search(r"jobs\.yaml:9:\d+: output: output path contains the patient's name", errors)
    assert re.search(r"jobs\.yaml:10: <customisation of \S*jobs\.yaml:10> is a customisation for plan 'low-fodmap', "
                     r"not 'trigger-foods'", errors)  # the row, not the customisation's path (the patient's name)
    assert re.search(r"jobs\.yaml:14:5: audience: 'audience' is for topic documents", errors)
    everything = result.output + (out / "manifest.json").read_text(encoding="utf-8")
    assert not any(name.lower() in everything.lower() for name in NAMES)
