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
