"""A character no font can print is warned about by field and count when it is a patient's, never quoted:
the warning reaches a terminal, a batch report and manifest, a service's log, and a letter or two of a
name is part of the name. The content's own characters are still named (its author has to find them)."""

from __future__ import annotations

import html
import json
import logging
import re
from datetime import date
from pathlib import Path

from cliutil import assert_clean_exit, run
from handouts import glyphs
from handouts.rendered import LaidOut
from webclient import app_fixtures

ROOT = Path(__file__).resolve().parent.parent
BOX, RUNE = "\u13a0", "\u16a0"  # Cherokee and runic letters: none of our fonts has them
NAME = f"{BOX}Quxzyplonk Marker"
NOTE = f"Take {RUNE}{RUNE} daily"
LEAKS = (BOX, RUNE, "U+13A0", "U+16A0", "Cherokee", "Runic", "Quxzyplonk")


def _leaked(text: str) -> list[str]:
    return [leak for leak in LEAKS if leak in text]


def test_render_names_the_fields_and_counts_but_not_the_characters(tmp_path):
    result = run("render", "leaky-gut", "--audience", "patient", "--patient-name", NAME, "--note", NOTE,
                 "-o", tmp_path / "h.pdf")
    assert_clean_exit(result, 0)
    assert ("warning: patient_name: 1 character prints as an empty box (none of the fonts handouts prints "
            "with has it)") in result.output
    assert "warning: notes: 2 characters print as an empty box (none of the fonts handouts prints with has them)" \
        in result.output
    assert _leaked(result.output) == []


def test_a_diet_sheet_counts_the_customisation_s_characters(tmp_path):
    sam = (ROOT / "data" / "customisations" / "sam-low-fodmap.yaml").read_text(encoding="utf-8")
    result = run("diet", "--customize", "-", "--as-of", "2025-08-01", "-o", tmp_path / "s.pdf",
                 input=sam.replace("Sam Rivera", NAME))
    assert_clean_exit(result, 0)
    assert "warning: patient: 1 character prints as an empty box" in result.output
    assert _leaked(result.output) == []


def test_the_content_s_own_characters_are_still_named():
    found = glyphs.missing_warnings(f"Ask about {RUNE}. Jo {BOX}", {"patient_name": f"Jo {BOX}"})
    assert found == [
        "none of the fonts handouts prints with has U+16A0 Runic Letter Fehu Feoh Fe F '\u16a0': it prints as an "
        "empty box",
        "patient_name: 1 character prints as an empty box (none of the fonts handouts prints with has it)"]


def test_a_batch_report_and_manifest_count_them_without_weasyprint_s_quote(tmp_path):
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f"topic,audience,patient_name,notes,output\nleaky-gut,patient,{NAME},{NOTE},a.pdf\n",
                    encoding="utf-8")
    result = run("batch", jobs, "--out", tmp_path / "out", "--allow-draft")
    assert_clean_exit(result, 0)
    assert "patient_name: 1 character prints as an empty box" in result.output
    manifest = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert json.loads(manifest)["jobs"]["a.pdf"]["warnings"], "the manifest keeps the counted warnings"
    assert _leaked(result.output) == [] and _leaked(manifest) == []


def test_the_python_api_neither_warns_nor_logs_the_characters(caplog):
    from handouts import api

    with caplog.at_level(logging.DEBUG):
        document = api.patient_handout("leaky-gut", patient_name=NAME, notes=NOTE)
    assert "patient_name: 1 character prints as an empty box (none of the fonts handouts prints with has it)" \
        in document.warnings
    assert ".notdef glyph rendered for a character no font has" in caplog.text, "the premise: WeasyPrint logged"
    assert _leaked(" ".join(document.warnings)) == [] and _leaked(caplog.text) == []


def test_a_batch_says_which_rows_sheet_has_them(tmp_path):
    """Before: 'warning: patient_name: 1 character prints as an empty box', once for the whole run (the same
    words for the second row were taken as said already): a manager could not tell whose sheet to check."""
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("topic,audience,patient_name,output\n"
                    f"leaky-gut,patient,{NAME},a.pdf\nleaky-gut,patient,Ana {BOX}Zebulon,b.pdf\n"
                    "leaky-gut,patient,Plain Name,c.pdf\n", encoding="utf-8")
    result = run("batch", jobs, "--out", tmp_path / "out", "--allow-draft", "--jobs", "1")  # one worker's start-up
    assert_clean_exit(result, 0)
    for output in ("a.pdf", "b.pdf"):
        assert f"warning: {output}: patient_name: 1 character prints as an empty box" in result.output, output
    assert "c.pdf: patient_name" not in result.output
    assert _leaked(result.output) == [] and "Zebulon" not in result.output


app, client = app_fixtures(date(2025, 7, 14))


def _notice(page: str) -> list[str]:
    box = re.search(r'<div class="preview-checks"[^>]*>(.*?)</div>', page, re.S)
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", box.group(1))] if box else []


def test_the_web_preview_counts_them_as_the_command_line_does(app, client, monkeypatch):
    """Before: the preview's notice named the characters of the name ('U+13A0 Cherokee Letter A'), where
    the command line and batch count them by field: on a screen the patient may see, in a screenshot
    sent to support. The preview itself still shows the name, to the browser that typed it."""
    monkeypatch.setattr(app.extensions["handouts"].renderers, "laid_out", lambda view, key=None: LaidOut(2))
    items = re.findall(r'name="item" value="([^"]+)"', client.get("/topics/leaky-gut").text)
    page = client.post("/topics/leaky-gut/patient", data={
        "action": "preview", "item": items, "visit_date": "2025-07-14", "patient_name": NAME, "notes": NOTE}).text
    assert sorted(_notice(page)) == [
        "notes: 2 characters print as an empty box (none of the fonts handouts prints with has them)",
        "patient_name: 1 character prints as an empty box (none of the fonts handouts prints with has it)"], _notice(page)
    sam = {"action": "preview", "start_date": "2025-09-01", "patient": NAME, "notes": NOTE}
    sheet = client.post("/diets/low-fodmap/sheet", data=sam).text
    assert "patient: 1 character prints as an empty box (none of the fonts handouts prints with has it)" \
        in _notice(sheet), _notice(sheet)
    for notice in (_notice(page), _notice(sheet)):
        assert _leaked(" ".join(notice)) == []
