"""batch picks each document's language as render does: command line, workspace, brand, en-US.

Issue #17 reproduction: a job that named no language printed in English even
for a brand whose locale is Spanish, because batch filled in 'en' itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf

from handouts import migrations
from handouts.batch.jobs import CrossProduct, JobFile, OutputPattern
from cliutil import run
from pdfutil import text

ROOT = Path(__file__).resolve().parent.parent
RIVERSIDE = ROOT / "data" / "brands" / "riverside.yaml"


def spanish_brand(folder: Path) -> Path:
    """The riverside practice, serving a Spanish-speaking community: its locale is es-US."""
    folder.mkdir(parents=True, exist_ok=True)
    brand = folder / "clinica.yaml"
    source = RIVERSIDE.read_text(encoding="utf-8")
    assert "locale: en-US" in source
    brand.write_text(source.replace("locale: en-US", "locale: es-US"), encoding="utf-8")
    logo = RIVERSIDE.parent / "riverside"
    (folder / "riverside").mkdir(exist_ok=True)
    for item in logo.iterdir():
        (folder / "riverside" / item.name).write_bytes(item.read_bytes())
    return brand


def lang_of(path: Path) -> str:
    return str(pypdf.PdfReader(str(path)).trailer["/Root"]["/Lang"])


def test_a_job_without_a_language_takes_the_brands_locale(tmp_path):
    brand = spanish_brand(tmp_path / "brands")
    jobs = list(CrossProduct(["leaky-gut"], [str(brand)], ["patient"], OutputPattern("{brand}-{language}.pdf")))
    assert [(j.language, j.output) for j in jobs] == [(None, "clinica-es.pdf")]
    csv = tmp_path / "jobs.csv"
    csv.write_text(f"topic,audience,brand\nleaky-gut,patient,{brand}\nleaky-gut,patient,riverside\n", encoding="utf-8")
    rows = list(JobFile(csv, OutputPattern("{row}-{language}.pdf")))
    assert [(j.language, j.output) for j in rows] == [(None, "1-es.pdf"), (None, "2-en.pdf")]
    # the workspace's or the command line's language comes first
    assert [j.language for j in JobFile(csv, OutputPattern("{row}.pdf"), language="en-US")] == ["en-US", "en-US"]


def test_batch_prints_in_the_brands_language_unless_the_command_line_or_workspace_says_otherwise(tmp_path):
    brand = spanish_brand(tmp_path / "brands")
    common = ["batch", "--topics", "leaky-gut", "--brands", str(brand), "--audiences", "patient",
              "--allow-draft", "--jobs", "1", "--pattern", "{topic}-{language}.pdf"]
    by_brand = run(*common, "--out", tmp_path / "brand")
    assert by_brand.exit_code == 0, by_brand.output
    spanish = tmp_path / "brand" / "leaky-gut-es.pdf"
    assert lang_of(spanish) == "es"
    assert "Cuándo buscar ayuda" in text(spanish) and "When to get help" not in text(spanish)

    by_option = run(*common, "--lang", "en", "--out", tmp_path / "option")
    assert by_option.exit_code == 0, by_option.output
    english = tmp_path / "option" / "leaky-gut-en.pdf"
    assert lang_of(english) == "en" and "When to get help" in text(english)

    config = tmp_path / "ws" / "handouts.toml"
    config.parent.mkdir()
    config.write_text(f'schema = {migrations.SCHEMA_VERSION}\nlocale = "en-US"\n', encoding="utf-8")
    by_workspace = run("--config", config, *common, "--out", tmp_path / "workspace")
    assert by_workspace.exit_code == 0, by_workspace.output
    assert re.fullmatch(r"en(-US)?", lang_of(tmp_path / "workspace" / "leaky-gut-en-US.pdf"))
