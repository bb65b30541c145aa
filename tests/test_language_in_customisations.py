"""A customisation file's `language: sp` is refused at its line, with the language meant.

Reproduction: a diet customisation or a handout's details file saying `language: sp`, given to
`handouts diet`, `handouts render` or a batch row, was taken for a language handouts has no words
in yet: the run listed every text of the plan or topic lacking 'sp' (about twenty lines) and how
to add a language, where `--lang sp` says in one line that 'sp' is no language and 'es' was meant.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cliutil import assert_clean_exit, run

ROOT = Path(__file__).resolve().parent.parent
SAM = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"
NO_LANGUAGE = ("language: this is not a code handouts knows for a language (a language's two-letter code where it "
               "has one, as 'en' or 'es'); ")


def with_language(path: Path, code: str, text: str) -> tuple[Path, int]:
    """`text` saved at `path` with `language: CODE` as its second line: the file and that line."""
    first, rest = text.split("\n", 1)
    path.write_text(f"{first}\nlanguage: {code}\n{rest}", encoding="utf-8")
    return path, 2


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r".*:\d+:\d+: ", line)]


@pytest.mark.parametrize(("code", "ends"), [
    ("sp", "did you mean 'es' (Spanish)? handouts prints in en, es"),
    ("sp-MX", "did you mean 'es-MX' (Spanish)? handouts prints in en, es"),  # the region kept
    ("zz", "handouts prints in en, es"),
])
def test_a_diet_customisation_naming_no_language_stops_at_its_line(tmp_path, code, ends):
    path, line = with_language(tmp_path / "custom.yaml", code, SAM.read_text(encoding="utf-8"))
    out = tmp_path / "sheet.pdf"
    result = run("diet", "--customize", path, "--as-of", "2025-08-01", "-o", out)
    assert_clean_exit(result, 1)
    assert problem_lines(result.output) == [f"{path}:{line}:1: {NO_LANGUAGE}{ends}"], result.output
    assert f"no '{code}' text" not in result.output and "Adding a language" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == [path]


def test_a_handouts_details_naming_no_language_stops_at_its_line(tmp_path):
    path, line = with_language(tmp_path / "details.yaml", "sp", "patient_name: Ana Example\nnotes: Walk daily.\n")
    out = tmp_path / "handout.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--details", path, "-o", out)
    assert_clean_exit(result, 1)
    assert problem_lines(result.output) == [
        f"{path}:{line}:1: {NO_LANGUAGE}did you mean 'es' (Spanish)? handouts prints in en, es"], result.output
    assert "no 'sp' text" not in result.output and "Ana Example" not in result.output
    assert not out.exists()


def test_a_batch_rows_customisation_naming_no_language_fails_that_row_at_its_line(tmp_path):
    path, line = with_language(tmp_path / "custom.yaml", "sp", SAM.read_text(encoding="utf-8"))
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f"customisation,output\n{path.name},p1.pdf\n", encoding="utf-8")
    result = run("batch", jobs, "--allow-draft", "--jobs", "1", "--out", tmp_path / "out")
    assert_clean_exit(result, 1)
    # the file's path names the patient: the row is named instead, as for every customisation problem
    assert (f"<customisation of {jobs}:2>:{line}:1: {NO_LANGUAGE}did you mean 'es' (Spanish)? handouts prints "
            "in en, es") in result.output, result.output
    assert "no 'sp' text" not in result.output and "Adding a language" not in result.output
    assert not (tmp_path / "out" / "p1.pdf").exists()


def test_a_brands_locale_naming_no_language_stops_at_its_line(tmp_path):
    """A brand's `locale: sp` was a warning that handouts has no 'sp' words yet, and every document of the
    brand was then refused with every text 'sp' lacks: now the brand itself is refused at its line."""
    brand = tmp_path / "brands" / "clinic.yaml"
    brand.parent.mkdir()
    brand.write_text((ROOT / "data" / "brands" / "default.yaml").read_text(encoding="utf-8") + "locale: sp-MX\n",
                     encoding="utf-8")
    line = len(brand.read_text(encoding="utf-8").splitlines())
    checked = run("validate", brand)
    assert_clean_exit(checked, 1)
    said = (f"{brand}:{line}:1: locale: 'sp-MX' is not a code handouts knows for a language (a language's two-letter "
            "code where it has one, as 'en' or 'es'); did you mean 'es-MX' (Spanish)? handouts prints in en, es")
    assert said in checked.output, checked.output
    out = tmp_path / "handout.pdf"
    printed = run("render", "leaky-gut", "--audience", "patient", "--brand", brand, "-o", out)
    assert_clean_exit(printed, 1)
    assert [line for line in problem_lines(printed.output) if ": warning: " not in line] == [said], printed.output
    assert "no 'sp' text" not in printed.output and not out.exists()
