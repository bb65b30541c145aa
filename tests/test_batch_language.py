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
from cliutil import assert_clean_exit, run
from pdfutil import text
from samples import NEXT_REVIEW

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


def test_a_translation_not_approved_is_refused_like_draft_content(tmp_path):
    """Batch refuses draft English unless --allow-draft; a Spanish handout of approved English whose
    translation is still a draft printed DRAFT TRANSLATION on every copy of the night's run."""
    topic = tmp_path / "data" / "topics" / "leaky-gut.yaml"
    topic.parent.mkdir(parents=True)
    topic.write_bytes((ROOT / "data" / "topics" / "leaky-gut.yaml").read_bytes())
    approved = run("approve", str(topic), "--reviewer", "Dr Ada Test", "--reviewed", "2026-01-10",
                   "--next-review", NEXT_REVIEW)
    assert approved.exit_code == 0, approved.output
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f"topic,audience,language,output\n{topic},patient,es,es.pdf\n{topic},patient,en,en.pdf\n"
                    f"{topic},clinician,,brief.pdf\n", encoding="utf-8")
    checked = run("batch", str(jobs), "--check", "--as-of", "2026-02-01")
    assert checked.exit_code == 1, checked.output
    refusals = [line for line in checked.output.splitlines() if "translations.es" in line]
    assert len(refusals) == 1 and "leaky-gut.yaml:" in refusals[0], checked.output
    assert "not approved (draft)" in refusals[0] and "--allow-draft" in refusals[0]
    assert "2 ready, 1 failed" in checked.output, "English and the brief print"
    allowed = run("batch", str(jobs), "--check", "--as-of", "2026-02-01", "--allow-draft")
    assert allowed.exit_code == 0, allowed.output


def test_a_row_whose_language_is_no_language_says_the_one_meant_at_its_cell(tmp_path):
    """'sp' was taken for a language handouts has no words in yet: the row failed with ~30 lines of
    texts lacking it and how to add a language. It now says what --lang says, at the row and column."""
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("topic,audience,language,output\nleaky-gut,patient,sp,sp.pdf\n", encoding="utf-8")
    result = run("batch", jobs, "--allow-draft", "--jobs", "1", "--out", tmp_path / "out")
    assert_clean_exit(result, 1)
    assert re.search(r"jobs\.csv:2:19: language: 'sp' is not a code handouts knows for a language \(.*\); "
                     r"did you mean 'es' \(Spanish\)\? handouts prints in en, es\n", result.output), result.output
    assert "no 'sp' text" not in result.output and "Adding a language" not in result.output
    assert not (tmp_path / "out" / "sp.pdf").exists()
