"""A practice's own data folder over the shipped one: its catalogue extends the shipped
catalogue, and its own category validates and renders through the CLI and the web app."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from cliutil import run
from handouts.context import Context
from handouts.web import create_app
from pdfutil import pages_text

PRACTICE = Path(__file__).parent / "fixtures" / "practice"
CUSTOMISATION = PRACTICE / "customisations" / "lee-nightshades.yaml"


@pytest.fixture()
def practice(tmp_path) -> Path:
    copy = tmp_path / "practice"
    shutil.copytree(PRACTICE, copy)
    return copy


def test_the_merged_catalogue_has_the_practice_category_and_every_shipped_one():
    shipped = Context.default().catalogue
    merged = Context.default(data_dirs=[PRACTICE]).catalogue
    assert not shipped.has_category("nightshades")
    assert merged.has_category("nightshades") and merged.has_food("tomatillo")
    assert {c.id for c in shipped.categories} < {c.id for c in merged.categories}
    assert merged.group_of("tomatillo").id == "vegetables"
    assert merged.has_food("carrot")  # the shipped foods of the same group stay


def test_the_practice_catalogue_validates_against_what_it_extends(practice):
    result = run("validate", str(practice))
    assert result.exit_code == 0, result.output
    assert "2 valid, 0 invalid" in result.output


def test_a_practice_catalogue_referring_to_an_unknown_category_is_a_located_error(practice):
    path = practice / "foods" / "catalogue.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("carries: [nightshades]", "carries: [nighshades]"),
                    encoding="utf-8")
    result = run("validate", str(practice))
    assert result.exit_code == 1
    assert "catalogue.yaml:16:" in result.output and "did you mean 'nightshades'?" in result.output


def test_the_cli_renders_a_sheet_leaving_out_the_practice_category(practice, tmp_path):
    out = tmp_path / "lee.pdf"
    result = run("diet", "--customize", str(practice / "customisations" / "lee-nightshades.yaml"),
                 "--as-of", "2025-10-01", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = " ".join(pages_text(out))
    assert "you leave out nightshades" in text and "Leave out: Tomatillo" in text


def test_the_shipped_data_alone_does_not_know_the_practice_category(tmp_path):
    lone = tmp_path / "c.yaml"
    lone.write_text(CUSTOMISATION.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("diet", "--customize", str(lone), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert "c.yaml:5:13: eliminate[0]: unknown category: the food catalogue has no such id" in result.output


def test_serve_data_offers_validates_and_renders_the_practice_category(practice):
    client = create_app(practice, today=lambda: date(2025, 10, 1)).test_client()
    page = client.get("/diets/trigger-foods").text
    assert 'value="nightshades"' in page
    response = client.post("/diets/trigger-foods/sheet", data={
        "action": "download", "brand": "default", "patient": "Lee Test", "start_date": "2025-10-06",
        "intolerances": ["nightshades"],
    })
    assert response.status_code == 200, response.text[:2000]
    assert response.mimetype == "application/pdf"
    assert b"%PDF" == response.data[:4]
