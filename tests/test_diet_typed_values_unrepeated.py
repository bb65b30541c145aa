"""A customisation's problems say what is wrong without repeating what was typed: its dates, and a food,
allergen or length the catalogue does not know, are the patient's (a typo of an allergy, or a name typed
on the wrong line). Before: 'start_date: 2031-05-17 is more than 2 years after today' and "unknown allergen
'Quxzyplonk'" on stderr, which a shared terminal, a CI log or a pasted report keeps. A suggestion may still
name the catalogue's own word."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cliutil import assert_clean_exit, run

AS_OF = "2025-08-01"

MARKED = """plan: low-fodmap
allergies: [Quxzyplonk, Zebulonpeanutz]
intolerances: [Vexwortle]
eliminate: [Gribbleflax]
avoid: [Snorkelberry]
enjoy: [Wumplecrumb]
test_foods: {fructans: Blorptatoe}
extra_foods: [{name: Crumbly thing, group: Frobnitzgroup}]
phase_lengths: {elimination: 4 weekzqx}
"""
MARKERS = ("Quxzyplonk", "Zebulonpeanutz", "Vexwortle", "Gribbleflax", "Snorkelberry", "Wumplecrumb",
           "Blorptatoe", "Frobnitzgroup", "weekzqx")


def _everything(result) -> str:
    return result.output + result.stderr


@pytest.mark.parametrize(("key", "typed", "says"), [
    ("start_date", "2031-05-17", "start_date: this date is more than 2 years after today (2025-08-01)"),
    ("follow_up", "1987-03-29", "follow_up: this date is before 2000-01-01: give a date from 2000-01-01"),
])
def test_a_date_out_of_the_window_is_described_not_quoted(tmp_path, key, typed, says):
    result = run("diet", "--customize", "-", "--as-of", AS_OF, "--format", "html", "-o", tmp_path / "s.html",
                 input=f"plan: low-fodmap\n{key}: {typed}\n")
    assert_clean_exit(result, 1)
    assert f"<standard input>:2:1: {says}" in result.stderr
    assert typed not in _everything(result) and typed[5:] not in _everything(result)
    assert not (tmp_path / "s.html").exists()


def test_unknown_names_and_lengths_are_located_but_never_repeated(tmp_path):
    result = run("diet", "--customize", "-", "--as-of", AS_OF, "--format", "html", "-o", tmp_path / "s.html",
                 input=MARKED)
    assert_clean_exit(result, 1)
    said = _everything(result)
    for marker in MARKERS:
        assert marker.lower() not in said.lower(), marker
    for line in ("<standard input>:2:13: allergies[0]: unknown allergen (allergens: milk, egg, peanut",
                 "<standard input>:2:25: allergies[1]: unknown allergen; did you mean 'peanut'?",
                 "<standard input>:3:16: intolerances[0]: unknown category or food",
                 "<standard input>:4:13: eliminate[0]: unknown category",
                 "<standard input>:5:9: avoid[0]: unknown food",
                 "<standard input>:6:9: enjoy[0]: unknown food",
                 "<standard input>:7:14: test_foods, the 1st entry: unknown food; did you mean 'potato'?",
                 "extra_foods[0].group: unknown food group (groups: ",
                 "<standard input>:9:17: phase_lengths, the 1st entry: this is not a length: write e.g. '4 weeks'"):
        assert line in result.stderr, (line, result.stderr)
    assert not (tmp_path / "s.html").exists()


def test_validate_does_not_repeat_them_either(tmp_path):
    path = tmp_path / "c.yaml"
    far = f"{date.today().year + 6}-05-17"  # validate checks against today: a date always out of its window
    path.write_text(MARKED + f"start_date: {far}\n", encoding="utf-8")
    result = run("validate", path, "--kind", "diet-customisation")
    assert_clean_exit(result, 1)
    said = _everything(result)
    assert "unknown food" in said and "this date is more than 2 years after today" in said
    for marker in (*MARKERS, far):
        assert marker.lower() not in said.lower(), marker


def test_a_customised_sheets_default_name_carries_no_part_of_the_customisations_file_name(tmp_path, monkeypatch):
    """Before: `--customize zebulon-quixote.yaml` wrote zebulon-quixote-low-fodmap.pdf, the patient's name in
    a file name that folder listings, print queues and backups show."""
    monkeypatch.chdir(tmp_path)
    sam = Path(__file__).resolve().parent.parent / "data" / "customisations" / "sam-low-fodmap.yaml"
    (tmp_path / "zebulon-quixote.yaml").write_text(sam.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("diet", "--customize", "zebulon-quixote.yaml", "--format", "html", "--as-of", AS_OF)
    assert_clean_exit(result, 0)
    assert result.stdout.strip() == "customised-low-fodmap.html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["customised-low-fodmap.html", "zebulon-quixote.yaml"]


def test_an_entry_listed_twice_or_in_two_lists_is_located_not_repeated(tmp_path):
    typed = ("plan: low-fodmap\navoid: [Snorkelberry, Snorkelberry]\nenjoy: [Snorkelberry]\n"
             "extra_foods: [{name: Zebulon's jam, group: snacks}, {name: Zebulon's jam, group: snacks}]\n")
    result = run("diet", "--customize", "-", "--as-of", AS_OF, "--format", "html", "-o", tmp_path / "s.html",
                 input=typed)
    assert_clean_exit(result, 1)
    for line in ("<standard input>:2:23: avoid[1]: duplicate entry (first at avoid[0])",
                 "<standard input>:3:9: enjoy[0]: this entry is under both 'avoid' and 'enjoy'",
                 "extra_foods[1].name: duplicate extra food (first at extra_foods[0].name)"):
        assert line in result.stderr, (line, result.stderr)
    assert "snorkel" not in _everything(result).lower() and "zebulon" not in _everything(result).lower()


@pytest.mark.parametrize("key", ["patient", "dietitian"])
def test_a_name_is_no_dose_and_is_never_checked_as_one(tmp_path, key):
    """'patient: Sam MS Rivera' was refused as "'MS' is error-prone (mistaken for magnesium sulfate)",
    quoting the patient's name; a name is neither a dose nor content to review."""
    source = Path(__file__).resolve().parent.parent / "data" / "customisations" / "sam-low-fodmap.yaml"
    text = source.read_text(encoding="utf-8")
    custom = tmp_path / "0042.yaml"
    custom.write_text(f"{key}: Zeb MS Quixote\n" + "\n".join(
        line for line in text.splitlines() if not line.startswith(f"{key}:")) + "\n", encoding="utf-8")
    out = tmp_path / "sheet.pdf"
    result = run("diet", "low-fodmap", "--customize", str(custom), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 0, _everything(result)
    assert out.exists() and "MS" not in _everything(result)


def test_a_length_outside_the_plans_range_is_warned_without_the_length_chosen(tmp_path):
    """Before: 'phase_lengths: 'elimination' is set to 9 weeks, outside the plan's 2 to 6 weeks': the
    dietitian's choice for one patient, on a shared terminal and in a pasted report."""
    path = tmp_path / "c.yaml"
    path.write_text("plan: low-fodmap\nphase_lengths: {elimination: 9 weeks}\n", encoding="utf-8")
    warned = "'elimination' has a length outside the plan's 2 to 6 weeks"
    printed = run("diet", "--customize", path, "--as-of", AS_OF, "--format", "html", "-o", tmp_path / "s.html")
    assert_clean_exit(printed, 0)
    assert f"{path}:2:17: warning: phase_lengths, the 1st entry: {warned}" in printed.stderr, printed.stderr
    assert (tmp_path / "s.html").exists()
    validated = run("validate", path)
    assert_clean_exit(validated, 0)
    assert f"{path}:2:17: warning: phase_lengths, the 1st entry: {warned}" in _everything(validated)
    for result in (printed, validated):
        assert "9 week" not in _everything(result) and "63 days" not in _everything(result)
