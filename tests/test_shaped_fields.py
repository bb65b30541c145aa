"""A field that takes text or a mapping (a brand's footer, a food's sources, a dose's amount), wrongly shaped.

Issue reproduction: a brand whose `footer` was a list stopped with

    brand.yaml:7:1: footer: input should be a valid dictionary
    brand.yaml:7:1: footer.constrained-str: input should be a valid string

pydantic's report of each union member it tried, under its internal names. Each such
field now says once what it takes and what it was given, at the value's line, and a
mistake inside a mapping is reported at that entry only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cliutil import assert_clean_exit, run
from samples import ROOT, copy_of

NOISE = ("constrained-str", "function-after", "function-before", "dict[", "tuple[", "decimal:", "valid dictionary",
         "valid string", "valid tuple", "required key is missing", "Traceback")
"""Words of pydantic's union reports that a practice manager should never read."""

BRAND = """\
id: shaped
name: Shaped Clinic
colors:
  primary: "#1d4e89"
contact:
  phone: (555) 010-0142
footer: Questions? Call us.
clinician_footer: Referrals line.
"""
TEXT_OR_LANGUAGES = "give text, or text by language code: {en: ..., es: ...}"


def brand_with(tmp_path: Path, line: int, text: str) -> Path:
    """The brand above with its `line` (1-based) replaced by `text`."""
    lines = BRAND.splitlines()
    lines[line - 1] = text
    path = tmp_path / "brands" / "shaped.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def problems(result) -> list[str]:
    """The located lines a command printed (not its summary)."""
    return [line for line in result.stderr.splitlines() if ".yaml:" in line]


def assert_no_noise(result) -> None:
    for word in NOISE:
        assert word not in result.output, (word, result.output)


BRAND_CASES = [
    (7, "footer: [one, two]", f"7:1: footer: {TEXT_OR_LANGUAGES}, not a list"),
    (7, "footer: 42", f"7:1: footer: {TEXT_OR_LANGUAGES}, not a number (42)"),
    (7, "footer: true", f"7:1: footer: {TEXT_OR_LANGUAGES}, not 'true' (a yes/no value)"),
    (7, "footer: {en: 12}", "7:10: footer.en: give text here, not a number (12)"),
    (7, "footer: {en: [a, b]}", "7:10: footer.en: give text here, not a list"),
    (7, "footer: {english: Hello}", "7:10: footer.english: 'english' is not a language code: "
                                    "write one like 'en', 'es' or 'pt'"),
    (8, "clinician_footer: [one]", f"8:1: clinician_footer: {TEXT_OR_LANGUAGES}, not a list"),
    (8, "clinician_footer: {es: Hola, EN: Hi}", "8:30: clinician_footer.EN: 'EN' is not a language code: "
                                                "write one like 'en', 'es' or 'pt'"),
    (2, "name:", f"2:1: name: {TEXT_OR_LANGUAGES}, not an empty value"),
    (2, "name: {en: ''}", "2:8: name.en: string should have at least 1 character"),
    (8, "logo_alt: 2024-01-02", f"8:1: logo_alt: {TEXT_OR_LANGUAGES}, not a date (2024-01-02)"),
    (8, "emergency: 911", f"8:1: emergency: {TEXT_OR_LANGUAGES}, not a number (911)"),
]
"""(the line replaced, its new text, the error expected after the file's name)."""


@pytest.mark.parametrize(("line", "text", "expected"), BRAND_CASES, ids=[text for _, text, _ in BRAND_CASES])
def test_a_wrongly_shaped_brand_word_is_one_located_error(tmp_path, line, text, expected):
    path = brand_with(tmp_path, line, text)
    result = run("validate", path)
    assert_clean_exit(result, 1)
    assert problems(result) == [f"{path}:{expected}"]
    assert_no_noise(result)


def test_render_stops_on_a_wrongly_shaped_footer_with_the_same_error_and_no_document(tmp_path):
    path = brand_with(tmp_path, 7, "footer: [Questions? Call us., Open 8 to 6]")
    out = tmp_path / "handout.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--brand", path, "-o", out)
    assert_clean_exit(result, 1)
    assert problems(result) == [f"{path}:7:1: footer: {TEXT_OR_LANGUAGES}, not a list"]
    assert_no_noise(result)
    assert not out.exists()


def catalogue_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the shipped food catalogue with the first `old` line replaced by `new`."""
    path = copy_of(tmp_path, ROOT / "data" / "foods" / "catalogue.yaml", "foods")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


SOURCE_IDS = "give a source id, or a list of source ids: [id, id]"
FOOD_SOURCES = "give a source id, a list of source ids, or source ids by fact: {fodmap: id, sorbitol: [id, id]}"


@pytest.mark.parametrize(("old", "new", "where", "expected"), [
    ("    source: cfr-gluten-free", "    source: {gluten: cfr-gluten-free}",
     "5: categories[0].source", f"{SOURCE_IDS}, not a mapping"),
    ("        source: biesiekierski2011", "        source: 2011",
     "9: groups[0].foods[0].source", f"{FOOD_SOURCES}, not a number (2011)"),
    ("        source: biesiekierski2011", "        source: {fructans: 2011}",
     "18: groups[0].foods[0].source.fructans", f"{SOURCE_IDS}, not a number (2011)"),
    ("        unverified: rated low in FODMAPs by Monash's published ratings, seen second-hand; not checked in a paper",
     "        unverified: [rated low in FODMAPs]",
     "9: groups[0].foods[5].unverified", "give the reason as text, or reasons by fact: {fodmap: ...}, not a list"),
], ids=["category-source", "food-source", "food-source-by-fact", "food-unverified"])
def test_a_wrongly_shaped_food_source_is_one_located_error(tmp_path, old, new, where, expected):
    path = catalogue_with(tmp_path, old, new)
    line = path.read_text(encoding="utf-8").splitlines().index(new) + 1
    result = run("validate", path)
    assert_clean_exit(result, 1)
    column, field = where.split(": ")
    # other rules may flag the food too (a fact left without a source): only this field's lines
    located = [p for p in problems(result) if p.split(": ")[1] == field]
    assert located == [f"{path}:{line}:{column}: {field}: {expected}"], problems(result)
    assert_no_noise(result)


def _refused_amount(tmp_path: Path, amount: str, column: int, expected: str) -> Path:
    """A copy of the sample whose first dose amount is `amount`, after validate refused it with `expected`."""
    path = copy_of(tmp_path)
    text = path.read_text(encoding="utf-8")
    line = text[:text.index("amount: [2, 2.5]")].count("\n") + 1
    path.write_text(text.replace("amount: [2, 2.5]", f"amount: {amount}", 1), encoding="utf-8")
    result = run("validate", path)
    assert_clean_exit(result, 1)
    field = "sections[2].recommendations[0].dose.amount" + ("[1]" if column != 11 else "")
    assert problems(result) == [f"{path}:{line}:{column}: {field}: {expected}"]
    assert_no_noise(result)
    return path


@pytest.mark.parametrize(("amount", "column", "expected"), [
    ("[2]", 11, "a dose range is two numbers, [low, high]; this list has 1"),
    ("[2, 2.5, 3]", 11, "a dose range is two numbers, [low, high]; this list has 3"),
    ("{low: 2, high: 2.5}", 11, "give a number, or a range as two numbers: [low, high], not a mapping"),
    ("two", 11, "'two' is not a number"),
    ("[2, more]", 23, "'more' is not a number"),
])
def test_a_wrongly_shaped_dose_amount_is_one_located_error(tmp_path, amount, column, expected):
    path = _refused_amount(tmp_path, amount, column, expected)


UNPRINTABLE = ("is not an amount a dose can print: write at most 9 digits before the point and 6 after it, "
               "e.g. 0.125, 2.5 or 1000")


@pytest.mark.parametrize(("amount", "column", "expected"), [
    # validate said ok: the first stopped render with a traceback, the second printed '0 mg'
    ('"1e999"', 11, f"'1E+999' {UNPRINTABLE}"),
    ('"1e-9999999"', 11, f"'1E-9999999' {UNPRINTABLE}"),
    ("[2, 1e30]", 23, f"'1E+30' {UNPRINTABLE}"),
])
def test_a_dose_amount_too_large_or_too_fine_to_print_is_refused_at_validate(tmp_path, amount, column, expected):
    path = _refused_amount(tmp_path, amount, column, expected)
    result = run("render", path, "--audience", "clinician", "-o", tmp_path / "brief.pdf")
    assert_clean_exit(result, 1)
    assert not (tmp_path / "brief.pdf").exists()


@pytest.mark.parametrize(("value", "expected"), [
    ("[Leaky gut, Síndrome del intestino permeable]", f"20:1: patient_title: {TEXT_OR_LANGUAGES}, not a list"),
    ("12", f"20:1: patient_title: {TEXT_OR_LANGUAGES}, not a number (12)"),
    ("{en: 12}", "20:17: patient_title.en: give text here, not a number (12)"),
])
def test_a_wrongly_shaped_patient_text_says_what_it_takes(tmp_path, value, expected):
    path = copy_of(tmp_path)
    text = path.read_text(encoding="utf-8")
    block = "patient_title:\n  en: Leaky gut syndrome\n  es: Síndrome del intestino permeable\n"
    assert text.splitlines().index("patient_title:") == 19 and block in text
    path.write_text(text.replace(block, f"patient_title: {value}\n", 1), encoding="utf-8")
    result = run("validate", path)
    assert_clean_exit(result, 1)
    assert problems(result) == [f"{path}:{expected}"]
    assert_no_noise(result)
