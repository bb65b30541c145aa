"""A patient's name never goes into an output's file name, in whole or in part.

Clinics often name a file by surname and date (`morgan-2025-07-14.pdf`): the
surname then sat in the file name, the manifest and the run's log, which the
README promises never hold patient details. Only the whole name, run together,
was refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.batch import jobs as joblist

ALPHA = Path(__file__).parent / "fixtures" / "batch" / "topics" / "alpha.yaml"
REFUSED = ("output path contains the patient's name; patient names never go into file names, logs or the "
           "manifest (use {row} or a record number)")


def _person(name: str) -> joblist.Person:
    return (("patient_name", name),)


@pytest.mark.parametrize(("output", "name"), [
    ("visits/morgan-2025-07-14.pdf", "Alex Morgan"),  # the surname and a date
    ("visits/Morgan_A.pdf", "Alex Morgan"),
    ("alex/0001.pdf", "Alex Morgan"),  # a first name as a folder
    ("vance/0002.pdf", "Marguerite Okonkwo-Vance"),  # one half of a hyphenated surname
    ("visits/AlexMorgan.pdf", "Alex Morgan"),  # the whole name run together (refused before too)
    ("Jose\u0301-ruiz.pdf", "JOS\u00c9 Ruiz"),  # é written two ways, and capitals
])
def test_an_output_with_a_word_of_the_patients_name_is_refused(output, name):
    assert joblist.names_patient(output, _person(name))


@pytest.mark.parametrize(("output", "name"), [
    ("visits/0001.pdf", "Alex Morgan"),
    ("patients/0001.pdf", "Pat Li"),  # names are matched as whole words: 'pat' is not 'patients'
    ("rosewood/0001.pdf", "Rose Tan"),
    ("es/li-0001.pdf", "Li Wu"),  # words under three letters would match language codes and initials
])
def test_an_output_without_the_patients_name_is_kept(output, name):
    assert not joblist.names_patient(output, _person(name))


def test_the_row_is_refused_without_quoting_its_output_even_when_the_output_is_wrong_in_another_way(tmp_path):
    """'visits/morgan-a.docx' was refused as "output 'visits/morgan-a.docx' must end in .pdf": the surname in the log."""
    path = tmp_path / "jobs.csv"
    path.write_text("topic,audience,output,patient_name\n"
                    f"{ALPHA},patient,visits/morgan-a.docx,Alex Morgan\n"
                    f"{ALPHA},patient,visits/morgan-2025-07-14.pdf,Alex Morgan\n"
                    f"{ALPHA},patient,visits/0001.pdf,Alex Morgan\n", encoding="utf-8")
    first, second, third = joblist.JobFile(path, joblist.OutputPattern(joblist.DEFAULT_PATTERN))
    for bad in (first, second):
        assert isinstance(bad, joblist.BadJob) and bad.output is None
        assert [p.message for p in bad.problems] == [REFUSED]
        assert "morgan" not in bad.error.lower()
    assert isinstance(third, joblist.Job) and third.output == "visits/0001.pdf"


ROOT = Path(__file__).resolve().parent.parent
SAM = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"  # plan: low-fodmap


def _customisation(folder: Path, name: str, stem: str = "0001") -> Path:
    path = folder / "customisations" / f"{stem}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SAM.read_text(encoding="utf-8").replace("Sam Rivera", name), encoding="utf-8")
    return path


@pytest.mark.parametrize(("output", "ids", "refused"), [
    ("low-fodmap-0001.pdf", ("low-fodmap", "default", "diet-sheet"), False),  # 'low' is the plan's
    ("riverside/low-fodmap-diet-sheet.pdf", ("low-fodmap", "riverside", "diet-sheet"), False),
    ("low-fodmap-0001.pdf", (), True),  # without the job's ids, as before
    ("low-fodmap-low.pdf", ("low-fodmap", "default", "diet-sheet"), True),  # the name outside the id
    ("low/0001.pdf", ("leaky-gut", "default", "patient"), True),
    ("fodmap-0001.pdf", ("low-fodmap", "default", "diet-sheet"), False),
    ("samlow-fodmap.pdf", ("low-fodmap",), True),  # the whole name run together is never exempt
])
def test_a_word_of_the_name_that_is_the_jobs_own_id_says_nothing_of_the_patient(output, ids, refused):
    """A patient surnamed Low was refused for low-fodmap-0001.pdf: the word is the plan's, not the patient's."""
    assert joblist.names_patient(output, _person("Sam Low"), ids) is refused


def test_job_rows_exempt_only_their_own_ids(tmp_path):
    customisation = _customisation(tmp_path, "Sam Low")
    path = tmp_path / "jobs.csv"
    path.write_text("plan,customisation,brand,output\n"
                    ",customisations/0001.yaml,default,low-fodmap-0001.pdf\n"  # the plan its customisation names
                    "trigger-foods,customisations/0001.yaml,default,low-fodmap-0002.pdf\n", encoding="utf-8")
    kept, refused = joblist.JobFile(path, joblist.OutputPattern(joblist.DEFAULT_PATTERN))
    assert isinstance(kept, joblist.DietJob) and kept.output == "low-fodmap-0001.pdf"
    assert isinstance(refused, joblist.BadJob) and refused.output is None
    assert [p.message for p in refused.problems] == [REFUSED]
    # the worker's own check (defence in depth, and for jobs made in code) agrees
    from datetime import date

    from handouts.batch.prepare import Preparer

    prepared = Preparer(date(2025, 10, 1), allow_draft=True).prepare(kept)
    assert prepared.kind == "diet-sheet" and str(customisation) == kept.customisation


def test_a_diet_rows_output_naming_its_patient_is_refused_when_the_job_file_is_read(tmp_path):
    """It was found only in the worker, after the customisation was read: the row reached the run as a
    job, and a second row with the same output was refused by a message quoting it."""
    _customisation(tmp_path, "Marguerite Okonkwo")
    path = tmp_path / "jobs.csv"
    path.write_text("plan,customisation,brand,output\n"
                    ",customisations/0001.yaml,default,diet/okonkwo-2025.pdf\n"
                    ",customisations/0001.yaml,default,diet/okonkwo-2025.pdf\n"
                    "no-such-plan.yaml,customisations/0001.yaml,default,diet/okonkwo.docx\n"  # wrong in other ways too
                    "low-fodmap,customisations/0001.yaml,default,\n"  # --pattern's name: kept
                    , encoding="utf-8")
    rows = list(joblist.JobFile(path, joblist.OutputPattern("{row}-{topic}.pdf")))
    for bad in rows[:3]:
        assert isinstance(bad, joblist.BadJob) and bad.output is None, bad
        assert REFUSED in [p.message for p in bad.problems] and "okonkwo" not in bad.error.lower()
    assert isinstance(rows[3], joblist.DietJob) and rows[3].output == "4-low-fodmap.pdf"

    from cliutil import run

    checked = run("batch", path, "--check", "--allow-draft")
    assert checked.exit_code == 1 and "okonkwo" not in checked.output.lower(), checked.output
    assert "1 ready, 3 failed" in checked.output
