from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pypdf

from cliutil import run
from pdfutil import text

ROOT = Path(__file__).resolve().parent.parent
FOLLOW_UP = date.today() + timedelta(weeks=4)  # with no visit date, a follow-up already past is refused


def test_render_patient_with_personalisation(tmp_path):
    out = tmp_path / "p.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--brand", "riverside", "--patient-name", "Sam Lee",
                 "--note", "Walk after dinner.", "--follow-up", FOLLOW_UP, "-o", str(out))
    assert result.exit_code == 0, result.output
    body = text(out)
    printed = f"{FOLLOW_UP:%B} {FOLLOW_UP.day}, {FOLLOW_UP.year}"
    assert "Sam Lee" in body and "Walk after dinner." in body and printed in body
    assert "DRAFT" in result.output  # told on the terminal too


def test_default_output_name_comes_from_topic_and_audience(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("render", "leaky-gut", "--audience", "clinician")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "leaky-gut-clinician.pdf").is_file()
    assert len(pypdf.PdfReader(str(tmp_path / "leaky-gut-clinician.pdf")).pages) > 2


def test_html_format(tmp_path):
    out = tmp_path / "p.html"
    result = run("render", "leaky-gut", "--audience", "patient", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_omit_removes_item_from_pdf(tmp_path):
    out = tmp_path / "p.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--omit", "probiotics", "-o", str(out))
    assert result.exit_code == 0, result.output
    body = text(out)
    assert "Ask about probiotics" not in body and "Eat more plant foods" in body


def test_unknown_item_id_is_a_usage_error_and_writes_nothing(tmp_path):
    out = tmp_path / "p.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--omit", "no-such-item", "-o", str(out))
    assert result.exit_code == 2
    assert "no-such-item" in result.output and "no such item" in result.output
    assert not out.exists()


def test_personalisation_is_refused_for_the_clinician_brief(tmp_path):
    result = run("render", "leaky-gut", "--audience", "clinician", "--patient-name", "X", "-o", str(tmp_path / "c.pdf"))
    assert result.exit_code == 2 and "patient only" in result.output


def test_invalid_topic_prints_located_errors_exit_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / "data/topics/leaky-gut.yaml").read_text().replace("question:", "questoin:", 1))
    out = tmp_path / "c.pdf"
    result = run("render", str(bad), "--audience", "clinician", "-o", str(out))
    assert result.exit_code == 1
    assert "unknown key 'questoin'; did you mean 'question'?" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_overlong_patient_name_is_refused(tmp_path):
    result = run("render", "leaky-gut", "--audience", "patient", "--patient-name", "x" * 500, "-o", str(tmp_path / "p.pdf"))
    assert result.exit_code == 2 and "--patient-name" in result.output


def test_brand_logo_outside_its_folder_is_refused(tmp_path):
    brand = tmp_path / "brands" / "evil.yaml"
    brand.parent.mkdir()
    brand.write_text("id: evil\nname: Evil\nlogo: ../../etc/passwd\nlogo_alt: x\ncolors: {primary: '#000000'}\n")
    result = run("render", "leaky-gut", "--audience", "patient", "--brand", str(brand), "-o", str(tmp_path / "p.pdf"))
    assert result.exit_code == 1 and "outside the brand's folder" in result.output
    assert not (tmp_path / "p.pdf").exists()


DEMO = ("demo", "--out", "samples")
"""`handouts --help`'s demo example, word for word: test_cli_help leaves its run to this test."""


def test_demo_renders_four_pdfs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*DEMO)
    assert result.exit_code == 0, result.output
    made = sorted(p.relative_to(tmp_path / "samples").as_posix() for p in (tmp_path / "samples").rglob("*.pdf"))
    assert {"default/leaky-gut-patient.pdf", "default/leaky-gut-clinician.pdf",
            "riverside/leaky-gut-patient.pdf", "riverside/leaky-gut-clinician.pdf"} <= set(made)
    assert "next: open a PDF above; then make your practice's workspace: handouts init clinic" in result.stderr
    assert "next:" not in result.stdout  # stdout lists the PDFs only


def test_patient_render_reports_the_reading_grade(tmp_path):
    result = run("render", "leaky-gut", "--audience", "patient", "-o", str(tmp_path / "p.pdf"))
    assert result.exit_code == 0
    assert re.search(r"reading grade: \d+\.\d \(Flesch-Kincaid\), SMOG \d+\.\d", result.output)


def test_max_grade_refuses_a_handout_that_reads_too_hard(tmp_path):
    out = tmp_path / "p.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--max-grade", "3", "-o", str(out))
    grade = float(re.search(r"reading grade: (\d+\.\d)", result.output).group(1))
    assert grade > 3, "the sample must read above the lowest --max-grade for this test to mean anything"
    assert result.exit_code == 1 and "above --max-grade 3" in result.output
    assert not out.exists()
    ok = run("render", "leaky-gut", "--audience", "patient", "--max-grade", "8", "-o", str(out))
    assert ok.exit_code == 0 and out.exists()
