"""-o - writes the whole document to standard output (rendered in memory first), so
`handouts render ... -o - | lp` prints; every other line goes to standard error."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pypdf

from cliutil import run

BIN = Path(sys.executable).parent


def test_render_to_stdout_is_the_whole_pdf_and_nothing_else(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("render", "leaky-gut", "--audience", "patient", "--patient-name", "Sam Lee", "-o", "-")
    assert result.exit_code == 0, result.stderr
    pdf = pypdf.PdfReader(io.BytesIO(result.stdout_bytes))
    assert len(pdf.pages) >= 2 and "Sam Lee" in pdf.pages[0].extract_text()
    assert result.stdout_bytes.rstrip().endswith(b"%%EOF")
    assert "reading grade:" in result.stderr and "DRAFT" in result.stderr  # status on stderr
    assert list(tmp_path.iterdir()) == []  # no file named '-'


def test_diet_sheet_html_to_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("diet", "low-fodmap", "--format", "html", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>") and "Low-FODMAP" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_failure_writes_nothing_to_stdout():
    result = run("render", "leaky-gut", "--audience", "patient", "--omit", "no-such-item", "-o", "-")
    assert result.exit_code != 0 and result.stdout_bytes == b""


def test_piped_into_a_reader_that_stops_early():
    """`| head -c 5` closes the pipe after five bytes: the command still ends cleanly."""
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", "handouts render leaky-gut --audience patient -o - | head -c 5"],
        capture_output=True, env={"PATH": f"{BIN}:/usr/bin:/bin"}, timeout=120,
    )
    assert done.stdout == b"%PDF-"
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr and b"BrokenPipe" not in done.stderr
