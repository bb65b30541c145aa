"""The print stylesheets say nothing WeasyPrint cannot read: its warnings reached every batch run's output."""

from __future__ import annotations

import logging

import pytest

from handouts.resources import asset_dir

PRINT_STYLESHEETS = sorted(p.name for p in asset_dir("styles").glob("*.css") if p.name != "page.css")
"""What WeasyPrint reads for a PDF (page.css is the standalone web page's, for browsers only)."""


@pytest.mark.parametrize("name", PRINT_STYLESHEETS)
def test_weasyprint_reads_each_print_stylesheet_without_a_warning(name, caplog):
    from weasyprint import CSS

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        CSS(string=(asset_dir("styles") / name).read_text(encoding="utf-8"), base_url=str(asset_dir("styles")))
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_a_batch_of_briefs_prints_no_stylesheet_warning(tmp_path):
    """`handouts batch` printed 'warning: Expected a media type, got 'screen/**/and/**/(max-width: 700px)''."""
    from cliutil import run

    result = run("batch", "--topics", asset_dir("data") / "topics", "--brands", "default", "--audiences",
                 "clinician", "--out", tmp_path / "library", "--allow-draft", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output.lower() and "media" not in result.output
