"""A brand's warnings are said at the brand file's line and field, as `handouts validate` says them.

Reproduction: with brands/b.yaml a yellow primary colour, `handouts render ... --brand brands/b.yaml` and a
batch run printed "warning: brand 'b': primary colour #ffcc00 is too light for text ...", while validate
printed 'brands/b.yaml:4:3: warning: colors.primary: #ffcc00 is too light ...': a cron log grepped for the
brand file's lines found none. Now render, diet, batch and its --check all say validate's line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from batchutil import batch
from cliutil import assert_clean_exit, run
from handouts.batch.warning_lines import warning_line
from handouts.errors import display_path

ROOT = Path(__file__).resolve().parent.parent
LIGHT = "brands/b.yaml:4:3: warning: colors.primary: #ffcc00 is too light for text on white"


@pytest.fixture
def light_brand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "brands").mkdir()
    brand = tmp_path / "brands" / "b.yaml"
    brand.write_text("id: b\nname: B\ncolors:\n  primary: '#ffcc00'\n", encoding="utf-8")
    return brand


def _warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if "warning" in line]


def test_render_says_a_brand_colour_where_validate_does(light_brand: Path) -> None:
    validated = run("validate", "brands/b.yaml")
    assert_clean_exit(validated, 0)
    said = [line for line in _warnings(validated.output) if "colors.primary" in line]
    assert len(said) == 1 and said[0].startswith(LIGHT), validated.output
    result = run("render", "leaky-gut", "--audience", "patient", "--brand", "brands/b.yaml", "--format", "html",
                 "-o", "x.html")
    assert_clean_exit(result, 0)
    assert _warnings(result.stderr) == said, result.stderr  # the same line, word for word
    assert "warning: brand" not in result.stderr


def test_diet_says_a_brand_colour_at_the_brand_file(light_brand: Path) -> None:
    result = run("diet", "low-fodmap", "--brand", "brands/b.yaml", "--as-of", "2025-08-01", "--format", "html",
                 "-o", "d.html")
    assert_clean_exit(result, 0)
    assert any(line.startswith(LIGHT) for line in result.stderr.splitlines()), result.stderr


def test_batch_and_its_check_say_a_brand_colour_at_the_brand_file(light_brand: Path) -> None:
    Path("jobs.csv").write_text("topic,audience,brand,output\nleaky-gut,patient,brands/b.yaml,p/1.pdf\n",
                                encoding="utf-8")
    checked = batch("jobs.csv", "--check", "--allow-draft")
    assert_clean_exit(checked, 0)
    assert [line for line in _warnings(checked.stderr) if "colors.primary" in line][0].startswith(LIGHT), \
        checked.stderr
    ran = batch("jobs.csv", "--allow-draft", "--out", "out")
    assert_clean_exit(ran, 0)
    assert [line for line in _warnings(ran.stderr) if "colors.primary" in line][0].startswith(LIGHT), ran.stderr
    assert "warning: brand" not in checked.stderr + ran.stderr


def test_a_shipped_brands_warning_names_the_shipped_file() -> None:
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "es", "--brand", "harbourside",
                 "--format", "html", "-o", "-")
    shipped = display_path(ROOT / "data" / "brands" / "harbourside.yaml")
    assert f"{shipped}:17:1: warning: footer: its footer has no 'es' wording" in result.stderr, result.stderr


def test_a_placed_warning_is_printed_as_it_is() -> None:
    placed = "brands/b.yaml:4:3: warning: colors.primary: x"
    assert warning_line(placed) == placed
    assert warning_line("the manifest is unreadable") == "warning: the manifest is unreadable"
