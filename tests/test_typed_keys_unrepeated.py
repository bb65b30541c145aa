"""A key typed into a customisation's mapping (`phase_lengths: {...}`, `test_foods: {...}`) may be the
patient's: a name typed on the wrong line. Its problems name the field and the entry's place, never
the key. Before: 'phase_lengths.elimnationqq: plan 'low-fodmap' has no phase 'elimnationqq'' and
'test_foods.Frobbo: unknown category' on the terminal, in batch reports and on the web page."""

from __future__ import annotations

import io
import re
from datetime import date

from batchutil import batch, manifest
from cliutil import assert_clean_exit, run
from webclient import app_fixtures

AS_OF = "2025-08-01"
TYPED = ("plan: low-fodmap\n"
         "phase_lengths: {elimnationqq: 2 weeks, Zebulon Quixote: 3 weeks}\n"
         "test_foods: {Frobbo: potato, lactose: apple}\n")
MARKERS = ("elimnationqq", "Zebulon", "Quixote", "Frobbo")
SAID = ("2:17: phase_lengths, the 1st entry: not a phase of plan 'low-fodmap'; did you mean 'elimination'? "
        "(phases: elimination, reintroduction, personalisation)",
        "2:40: phase_lengths, the 2nd entry: not a phase of plan 'low-fodmap' (phases: elimination, "
        "reintroduction, personalisation)",
        "3:14: test_foods, the 1st entry: unknown category: the food catalogue has no such id",
        "3:30: test_foods, the 2nd entry: 'apple' does not carry 'lactose', so it cannot test it")


def _unquoted(said: str) -> None:
    for marker in MARKERS:
        assert marker.lower() not in said.lower(), (marker, said)


def test_the_diet_command_names_the_entry_never_the_key(tmp_path):
    result = run("diet", "--customize", "-", "--as-of", AS_OF, "--format", "html", "-o", tmp_path / "s.html",
                 input=TYPED)
    assert_clean_exit(result, 1)
    for line in SAID:
        assert f"<standard input>:{line}" in result.stderr, (line, result.stderr)
    _unquoted(result.output + result.stderr)
    assert not (tmp_path / "s.html").exists()


def test_validate_and_lint_name_the_entry_never_the_key(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(TYPED, encoding="utf-8")
    validated = run("validate", path, "--kind", "diet-customisation")
    assert_clean_exit(validated, 1)
    assert f"{path}:{SAID[1]}" in validated.output + validated.stderr
    linted = run("lint", path)
    assert_clean_exit(linted, 1)
    assert "(phase_lengths, the 2nd entry)" in linted.output
    for result in (validated, linted):
        _unquoted(result.output + result.stderr)


def test_a_language_typed_as_a_names_key_is_not_repeated(tmp_path):
    """An extra food's name by language: a language code is named, anything else by its place."""
    result = run("diet", "--customize", "-", "--as-of", AS_OF, "--format", "html", "-o", tmp_path / "s.html",
                 input="plan: low-fodmap\nextra_foods: [{name: {en: Oat bar, Zebulon: x, es: Barra}, "
                       "group: snacks, carries: []}]\n")
    assert_clean_exit(result, 1)
    assert ("<standard input>:2:36: extra_foods[0].name, the 2nd entry: this key is not a language code: "
            "write one like 'en', 'es' or 'pt'") in result.stderr
    _unquoted(result.output + result.stderr)


def test_batch_names_the_entry_never_the_key(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "0001.yaml").write_text(TYPED, encoding="utf-8")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("plan,customisation,brand,output\n,c/0001.yaml,riverside,diet/0001.pdf\n", encoding="utf-8")
    result = batch("jobs.csv", "--out", "out", "--as-of", AS_OF, "--allow-draft")
    assert_clean_exit(result, 1)
    assert f"<customisation of jobs.csv:2>:{SAID[0]}" in result.output + result.stderr
    _unquoted(result.output + result.stderr)
    _unquoted((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest(tmp_path / "out")["jobs"]["diet/0001.pdf"]["status"] == "failed"
    assert not (tmp_path / "out" / "diet" / "0001.pdf").exists()


app, client = app_fixtures(date(2025, 9, 1))


def test_a_loaded_file_names_the_entry_never_the_key(client):
    page = client.post("/diets/low-fodmap/load", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(TYPED.encode()), "saved.yaml")})
    assert page.status_code == 400
    assert "saved.yaml:2:40: phase_lengths, the 2nd entry: not a phase of plan" in page.text, page.text
    _unquoted(page.text)


def test_a_forms_carried_settings_name_the_entry_by_the_settings_label(client):
    """A setting only a loaded file holds comes back in the form's hidden field (and its list, to the
    browser that sent it): its problem is said under that list's label, and never repeats the key."""
    form = {"patient": "Robin Example", "phase_lengths": "3 weeks", "action": "download",
            "more": '{"test_foods": {"Frobbo": "potato"}}'}
    page = client.post("/diets/low-fodmap/sheet", data=form)
    assert page.status_code == 400
    said = re.findall(r'<p class="field-error" id="error-more">([^<]*)</p>', page.text)
    assert said == ["Test foods: unknown category: the food catalogue has no such id"], page.text
