"""A clinician's note prints as typed: the dose forms ISMP lists as error-prone ('.5 mg', 'QD',
'10 U') are refused there as in approved content, and the refusal never quotes the note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdf
import pytest

from cliutil import assert_clean_exit, command, run

ROOT = Path(__file__).resolve().parent.parent
SAM = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"

NOTE = "Take magnesium .25 mg QD and 12 U insulin"
"""The pharmacist's reproduction (figures other than the list's examples, so a quote would show):
each of its three forms was printed as typed."""


def test_the_reproduction_is_refused_naming_each_rule_and_place_but_never_the_note(tmp_path):
    out = tmp_path / "n.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--note", NOTE, "-o", str(out))
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())  # click wraps the message
    assert "--note" in said
    assert "at character 16, a naked decimal point" in said and "write a zero before the point (0.5 mg)" in said
    assert "at character 23, 'QD' (mistaken for q.i.d." in said and "write 'daily'" in said
    assert "at character 30, U or u for units" in said and "write the word 'units'" in said
    for typed in ("magnesium", "insulin", ".25", "12 U"):
        assert typed not in said, said
    assert not out.exists()


@pytest.mark.parametrize("note, rule", [
    ("Insulin 10 u nightly", "U or u for units"),
    ("Vitamin D 2 IU", "'IU'"),
    ("Folate 400 µg", "'µg'"),
    ("Zinc 1.0 mg", "a trailing zero"),
    ("Zinc 2.50 mg", "a trailing zero"),
    ("Magnesium 1,50 mg", "a trailing zero"),
    ("Iron every second day (qod)", "'QOD'"),
    ("Lactulose 10cc at night", "'cc'"),
    ("Lactulose 5 CC at night", "'cc'"),
])
def test_each_listed_form_is_refused_in_a_note(note, rule, tmp_path):
    out = tmp_path / "n.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--note", note, "-o", str(out))
    assert result.exit_code == 2 and rule in " ".join(result.output.split()), result.output
    assert not out.exists()


def _printed_with_note(tmp_path: Path, note: str) -> str:
    """The text a reader sees on the patient handout printed with `note`, which must print."""
    out = tmp_path / "n.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--note", note, "-o", str(out))
    assert result.exit_code == 0, result.output
    return " ".join("".join(page.extract_text() for page in pypdf.PdfReader(str(out)).pages).split())


def test_a_note_in_plain_words_prints_as_typed_ampersand_and_all(tmp_path):
    """Free text keeps the list narrow: '&', '@' and a slash are everyday writing in a note."""
    note = "Mum & Dad: 0.5 mg magnesium daily, 10 units insulin @ 8 PM, 1.5 mg/day at most"
    text = _printed_with_note(tmp_path, note)
    assert "Mum & Dad: 0.5 mg magnesium daily, 10 units insulin @ 8 PM" in text.replace("\u00a0", " "), text


def _sam_sheet(tmp_path: Path, customisation: str) -> tuple[Any, Path]:
    """`handouts diet` of Sam's low-FODMAP sheet from `customisation` (saved as c.yaml): its result and
    where its PDF goes."""
    custom = tmp_path / "c.yaml"
    custom.write_text(customisation, encoding="utf-8")
    out = tmp_path / "sheet.pdf"
    result = command("diet")("low-fodmap", "--customize", str(custom), "--as-of", "2025-08-01", "-o", str(out))
    return result, out


def test_a_dietitians_note_is_checked_too_and_never_quoted(tmp_path):
    result, out = _sam_sheet(tmp_path, SAM.read_text(encoding="utf-8").replace(
        "notes: Bring this sheet", "notes: Take lactase 9000 U QD. Bring this sheet"))
    assert_clean_exit(result, 1)
    assert "c.yaml:11:" in result.stderr and "notes:" in result.stderr, result.stderr
    assert "U or u for units" in result.stderr and "'QD'" in result.stderr, result.stderr
    assert "lactase" not in result.stderr and "9000" not in result.stderr
    assert not out.exists()


def test_a_dietitians_note_with_an_ampersand_prints(tmp_path):
    """The whole content list (which refuses '&' in a handout's text) refused 'Mum & Dad' in a note."""
    result, out = _sam_sheet(tmp_path, SAM.read_text(encoding="utf-8").replace(
        "notes: Bring this sheet", "notes: Mum & Dad, bring this sheet"))
    assert_clean_exit(result, 0)
    text = " ".join("".join(page.extract_text() for page in pypdf.PdfReader(str(out)).pages).split())
    assert "Mum & Dad, bring this sheet" in text, text


def test_cc_and_iu_with_no_figure_before_them_are_everyday_words_in_a_note(tmp_path):
    """'cc GP' is a copy to the family doctor, not cubic centimetres: a note was refused for it and told
    to write 'mL'. In a note these two are a dose's unit only right after a figure."""
    note = "Back in 2 weeks; cc GP and your IU research nurse"
    text = _printed_with_note(tmp_path, note)
    assert "cc GP and your IU research nurse" in text, text


@pytest.mark.parametrize(("name", "refused"), [("Gran & Pop rice cakes", False), ("Rice milk, .5 cup", True)])
def test_an_extra_foods_name_is_checked_as_a_note_is(tmp_path, name, refused):
    """'Gran & Pop rice cakes' was refused as error-prone ('&', from the content's list); a food's name is
    the dietitian's free text, checked for the dose forms a note is, and never quoted."""
    result, out = _sam_sheet(tmp_path, SAM.read_text(encoding="utf-8") + f'extra_foods: [{{name: "{name}", '
                             "group: snacks, carries: []}]\n")
    if refused:
        assert_clean_exit(result, 1)
        assert "extra_foods[0].name" in result.stderr and "a naked decimal point" in result.stderr, result.stderr
        assert "Rice milk" not in result.stderr and not out.exists()
    else:
        assert_clean_exit(result, 0)
        text = " ".join("".join(page.extract_text() for page in pypdf.PdfReader(str(out)).pages).split())
        assert name in text, text
