"""A note's figures are read as its reader reads them: '1.000 mg' in a Spanish note is a thousand.

Reproduction: `handouts render leaky-gut --audience patient --lang es --note "Tome 1.000 mg al día"`
was refused with the English trailing-zero wording, "1.0 mg is read as 10 mg ...: write the number
without its trailing zeros (5 mg, 1.5 mg)". To a Spanish writer 1.000 mg is a thousand milligrams:
told to drop the zeros, they would write 1 mg, a thousand-fold error. In Spanish the form is
refused for what it is there: a point before three figures, read as 1 mg by some and 1000 mg by
others. Where the note's language is not known yet, the refusal names both readings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cliutil import assert_clean_exit, command, run
from handouts import ismp
from handouts.models.personalisation import Personalisation

ROOT = Path(__file__).resolve().parent.parent
SAM = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"
BOTH_READINGS = "1.000 mg is read as 1 mg or 1000 mg"
DROP_THE_ZEROS = "write the number without its trailing zeros (5 mg, 1.5 mg)"


def said(result) -> str:
    return " ".join(result.output.split())  # click wraps the message


@pytest.mark.parametrize("lang", [["--lang", "es"], ["--lang", "es-MX"], []])
def test_a_thousand_with_a_point_in_a_note_is_refused_naming_both_readings_never_told_to_drop_the_zeros(
        tmp_path, lang):
    out = tmp_path / "n.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", *lang, "--note", "Tome 1.000 mg al día",
                 "-o", out)
    assert_clean_exit(result, 2)
    assert "--note" in said(result) and "at character 6, a point or comma before three figures" in said(result)
    assert BOTH_READINGS in said(result) and "a thousand without a separator (1000 mg)" in said(result)
    assert DROP_THE_ZEROS not in said(result) and "Tome" not in said(result)
    assert not out.exists()


def test_in_an_english_note_it_is_still_a_trailing_zero(tmp_path):
    out = tmp_path / "n.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "en", "--note", "Take 1.000 mg",
                 "-o", out)
    assert_clean_exit(result, 2)
    assert "a trailing zero" in said(result) and DROP_THE_ZEROS in said(result)
    assert BOTH_READINGS not in said(result) and not out.exists()


@pytest.mark.parametrize("lang, note", [(["--lang", "es"], "Tome 1000 mg al día"), (["--lang", "en"], "Take 1,000 mg"),
                                        ([], "Take 1,000 mg")])
def test_a_thousand_written_the_readers_way_prints(tmp_path, lang, note):
    out = tmp_path / "n.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", *lang, "--note", note, "-o", out)
    assert_clean_exit(result, 0)
    assert out.exists()


def test_in_a_spanish_note_a_thousand_with_the_english_comma_is_refused_too():
    """1,000 mg is one milligram to a reader who writes decimals with a comma."""
    [problem] = ismp.notes_problems("Tome 1,000 mg", language="es")
    assert BOTH_READINGS in problem
    assert ismp.notes_problems("Take 1,000 mg", language="en") == []


def test_no_form_a_note_was_refused_for_passes_once_its_language_is_known():
    """The reader's entries speak first, the others still refuse: '1,50 mg' in an English note."""
    for note in ("Zinc 1.0 mg", "Zinc 2.50 mg", "Magnesium 1,50 mg", "Tome 1,0 mg", "Iron .5 mg", "12 U"):
        for language in ("en", "es"):
            assert ismp.notes_problems(note, language=language), (note, language)


def test_the_model_reads_the_notes_in_its_language_whatever_order_the_fields_come_in():
    with pytest.raises(ValueError) as raised:
        Personalisation.model_validate({"notes": "Tome 1.000 mg", "language": "es"})
    assert BOTH_READINGS in str(raised.value) and DROP_THE_ZEROS not in str(raised.value)
    assert "Tome" not in str(raised.value)


def test_a_dietitians_note_whose_language_the_sheet_decides_later_names_both_readings(tmp_path):
    custom = tmp_path / "c.yaml"
    custom.write_text(SAM.read_text(encoding="utf-8").replace(
        "notes: Bring this sheet", "notes: Calcio 1.000 mg al día. Bring this sheet"), encoding="utf-8")
    out = tmp_path / "sheet.pdf"
    result = command("diet")("low-fodmap", "--customize", custom, "--as-of", "2025-08-01", "-o", out)
    assert_clean_exit(result, 1)
    stderr = " ".join(result.stderr.split())
    assert "c.yaml:11:" in stderr and BOTH_READINGS in stderr and DROP_THE_ZEROS not in stderr, stderr
    assert "Calcio" not in stderr and not out.exists()
