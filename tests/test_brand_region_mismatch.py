"""A practice's brand says where its patients are; a document printed for another region says so.

A fresh workspace is set to en-US; a UK practice's brand (harbourside, en-GB) used in it
prints "call 911". The person printing must be told, in the words that let them fix it.
"""

from __future__ import annotations

import re
from pathlib import Path

from cliutil import run

WARNING = ("harbourside.yaml:7:1: warning: locale: the brand is for en-GB (emergency number 999), but this document "
           "is printed for en-US")  # at the brand file's locale, as validate places a finding


def _workspace(tmp_path: Path, locale: str) -> Path:
    config = tmp_path / "handouts.toml"
    config.write_text(f'schema = 1\ndata = []\nlocale = "{locale}"\n', encoding="utf-8")
    return config


def test_a_uk_brand_in_a_us_workspace_is_warned_about_its_emergency_number(tmp_path: Path) -> None:
    result = run("--config", _workspace(tmp_path, "en-US"), "render", "leaky-gut", "--audience", "patient",
                 "--brand", "harbourside", "-o", tmp_path / "uk.html")
    assert result.exit_code == 0, result.output
    assert WARNING in result.stderr and "which says to call 911" in result.stderr
    assert "call 911" in (tmp_path / "uk.html").read_text(encoding="utf-8")  # what the warning is about


def test_the_brands_own_region_or_a_matching_workspace_is_not_warned(tmp_path: Path) -> None:
    alone = run("render", "leaky-gut", "--audience", "patient", "--brand", "harbourside", "-o", tmp_path / "a.html")
    british = run("--config", _workspace(tmp_path, "en-GB"), "render", "leaky-gut", "--audience", "patient",
                  "--brand", "harbourside", "-o", tmp_path / "b.html")
    spanish = run("render", "leaky-gut", "--audience", "patient", "--brand", "harbourside", "--lang", "es",
                  "-o", tmp_path / "c.html")
    for result in (alone, british, spanish):
        assert result.exit_code == 0, result.output
        assert "emergency number" not in result.stderr
    assert "999" in (tmp_path / "a.html").read_text(encoding="utf-8")


def test_a_fresh_workspace_prints_a_uk_brand_for_the_uk(tmp_path: Path, monkeypatch) -> None:
    """`handouts init` wrote locale = "en-US", which beat harbourside's en-GB: 911 on letter paper."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "clinic").exit_code == 0
    result = run("--config", tmp_path / "clinic" / "handouts.toml", "render", "leaky-gut", "--audience", "patient",
                 "--brand", "harbourside", "-o", tmp_path / "uk.pdf")
    assert result.exit_code == 0, result.output
    assert "emergency number" not in result.stderr
    import pypdf

    reader = pypdf.PdfReader(tmp_path / "uk.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "999" in text and "911" not in text
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4


def test_the_web_form_of_a_uk_brand_does_not_claim_it_prints_911() -> None:
    """The visit page built its brand warnings in en-US, whatever the handout prints in: a harbourside
    app's page said its handouts would say 'call 911', while they say 999."""
    from datetime import date

    from handouts.web import create_app

    app = create_app(brand="harbourside", today=lambda: date(2025, 7, 14))
    page = app.test_client().get("/topics/leaky-gut").text
    # the form's token is random hex ('...36911bf...' one page in a hundred): what the page says, not its token
    said = re.sub(r'name="csrf" value="[^"]*"', 'name="csrf"', page)
    assert "harbourside" in said, said[:2000]
    assert "emergency number" not in said and "911" not in said, \
        [line.strip() for line in said.splitlines() if "911" in line or "emergency number" in line][:3]
