"""`handouts approve` refuses a file whose references are not verified against their sources.

Reproduction: a draft from `handouts import` has placeholder references ("Citation 1
of the source answer (to be completed by the editor)", `verified: false`). Once its
patient texts were written, `approve` recorded the approval with the placeholder still
cited: the approved brief printed "Record not verified." under the reviewer's name, and
lint's `reference-unverified` was only a warning.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts.approve import approve_file
from handouts.context import Context
from handouts.errors import ContentError
from cliutil import assert_clean_exit, run
from samples import NEXT_REVIEW, edited_copy

CTX = Context.default(date(2025, 8, 1))
CLEVELAND_URL = "    URL: https://my.clevelandclinic.org/health/diseases/22724-leaky-gut-syndrome\n"
PLACEHOLDER = ("  - id: clevelandclinic2022leakygut\n    kind: patient-information\n    type: webpage\n"
               "    author: [{literal: Cleveland Clinic}]\n    title: \"Leaky Gut Syndrome\"\n"
               "    container-title: Cleveland Clinic Health Library\n" + CLEVELAND_URL + "    verified: true\n")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line == text)


def test_an_unverified_reference_is_refused_located_and_nothing_is_written(tmp_path):
    path = edited_copy(tmp_path, (CLEVELAND_URL + "    verified: true\n", CLEVELAND_URL + "    verified: false\n"))
    before = path.read_bytes()
    result = run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", "2025-07-10",
                 "--next-review", NEXT_REVIEW)
    assert_clean_exit(result, 1)
    line = line_of(path, "    verified: false")
    assert f"leaky-gut.yaml:{line}:5: references[" in result.stderr
    assert "].verified: reference 'clevelandclinic2022leakygut' is not verified against its source" in result.stderr
    assert "set 'verified: true'" in result.stderr
    assert path.read_bytes() == before


def test_an_importer_placeholder_is_refused_with_the_files_other_problems(tmp_path):
    """The placeholder `handouts import` writes, beside an error the rules find: both are said at once."""
    path = edited_copy(tmp_path, (PLACEHOLDER, (
        "  - id: clevelandclinic2022leakygut\n    kind: other\n    type: article-journal\n"
        "    title: Citation 3 of the source answer (to be completed by the editor)\n    verified: false\n")),
        ("          For refractory diarrhea: octreotide 100 mcg", "          For refractory diarrhea: octreotide 100 µg"))
    with pytest.raises(ContentError) as raised:
        approve_file(path, "Dr Ada Lane", CTX, on=date(2025, 7, 10), next_review=date(2026, 7, 10))
    fields = [p.field for p in raised.value.problems]
    assert any(f.endswith(".verified") and f.startswith("references[") for f in fields)
    assert any("'µg' is error-prone" in p.message for p in raised.value.problems)


def test_the_importers_instructions_to_the_editor_are_not_approved(tmp_path):
    """A record completed but for the importer's `check` and `note`: every approved brief printed them.

    Reproduction: approve wrote the approval, and the brief printed "Not confirmed: Only
    what the source answer shows is known: find the source and fill in author, ..."
    under the reviewer's name; validate's internal-word finding was only a warning.
    """
    path = edited_copy(tmp_path, ("    check: publication or review date\n", (
        "    note: 'Placeholder made by handouts import from 001.txt; cited in: Understanding Leaky Gut Syndrome.'\n"
        "    check: 'Only what the source answer shows is known: find the source and fill in author, title,\n"
        "      container-title, issued and DOI or PMID; set kind and type.'\n")))
    before = path.read_bytes()
    result = run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", "2025-07-10",
                 "--next-review", NEXT_REVIEW)
    assert_clean_exit(result, 1)
    note = line_of(path, "    note: 'Placeholder made by handouts import from 001.txt; cited in: Understanding "
                         "Leaky Gut Syndrome.'")
    assert f"leaky-gut.yaml:{note}:5: references[" in result.stderr and "].note: 'Placeholder' tells" in result.stderr
    assert f"leaky-gut.yaml:{note + 1}:5: references[" in result.stderr and "].check: 'source answer'" in result.stderr
    assert result.stderr.count("approved content never does") == 2
    assert path.read_bytes() == before


@pytest.mark.parametrize("text", [
    "Citation 3 of the source answer (to be completed by the editor)",
    "Draft imported from an evidence-tool answer that had no disclaimer: write the clinician disclaimer before review.",
])
def test_what_the_importer_writes_for_the_editor_is_an_internal_word(text):
    from handouts.printed import internal_words

    assert internal_words(text)
