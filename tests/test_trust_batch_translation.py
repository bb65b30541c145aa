"""Batch treats a translation not approved the same on every run and for every document, and its
manifest says so.

Reproduction: (1) a Spanish handout printed with --allow-draft (DRAFT TRANSLATION on
every page) was "skipped: up to date" by the next run without --allow-draft, exit 0,
where `--check` refused it and draft English is refused; the manifest recorded
`mark: null`. (2) A diet sheet in Spanish from a draft translation printed without
--allow-draft at all: only topics checked their translation.
"""

from __future__ import annotations

import json
from pathlib import Path

from batchutil import batch
from cliutil import run
from samples import NEXT_REVIEW

APPROVE = ("--reviewer", "Dr Ada Lane", "--next-review", NEXT_REVIEW)
DRAFT_ES = ("translations.es: the 'es' translation is not approved (draft): it would print DRAFT TRANSLATION; "
            "use --allow-draft")


def review_of(out: Path, output: str) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["jobs"][output]["review"]


def at_status(path: Path) -> str:
    """'line:col' of the file's translations.es.status, where a refusal points."""
    from handouts.yamlsource import read

    return ":".join(map(str, read(path).position(("translations", "es", "status"))))


def test_a_spanish_handout_printed_as_a_draft_is_refused_not_skipped_without_allow_draft(clinic: Path):
    assert run("approve", "leaky-gut", *APPROVE).exit_code == 0
    jobs = clinic / "jobs.csv"
    jobs.write_text("topic,audience,language,output\nleaky-gut,patient,es,es.pdf\nleaky-gut,patient,en,en.pdf\n",
                    encoding="utf-8")
    out = clinic / "night"
    assert batch(jobs, "--out", out, "--allow-draft", "--jobs", "1").exit_code == 0  # one worker start, not two
    assert review_of(out, "es.pdf")["translation"] == {"language": "es", "state": "draft", "mark": "DRAFT TRANSLATION"}
    assert review_of(out, "en.pdf").get("translation") is None  # English is the content itself
    again = batch(jobs, "--out", out)
    assert again.exit_code == 1, again.output
    assert "skipped  es.pdf" not in again.output and "skipped  en.pdf" in again.output
    assert f"data/topics/leaky-gut.yaml:{at_status(clinic / 'data/topics/leaky-gut.yaml')}: {DRAFT_ES}" \
        in again.output
    assert batch(jobs, "--out", out, "--allow-draft").exit_code == 0  # allowed again: up to date


def test_a_spanish_diet_sheet_from_draft_translations_is_refused_naming_each_file(clinic: Path):
    assert run("approve", "data/diets/trigger-foods.yaml", *APPROVE).exit_code == 0
    (clinic / "records").mkdir()
    (clinic / "records" / "c.yaml").write_text("plan: trigger-foods\nlanguage: es\n", encoding="utf-8")
    jobs = clinic / "jobs.csv"
    jobs.write_text("plan,customisation,brand,output\ntrigger-foods,records/c.yaml,default,0001.pdf\n"
                    "trigger-foods,,default,0002.pdf\n", encoding="utf-8")
    out = clinic / "night"
    refused = batch(jobs, "--out", out)
    assert refused.exit_code == 1, refused.output
    plan, foods = clinic / "data/diets/trigger-foods.yaml", clinic / "data/foods/catalogue.yaml"
    assert f"data/diets/trigger-foods.yaml:{at_status(plan)}: {DRAFT_ES}" in refused.output
    assert f"data/foods/catalogue.yaml:{at_status(foods)}: {DRAFT_ES}" in refused.output
    assert not (out / "0001.pdf").exists() and (out / "0002.pdf").exists()  # the English sheet prints
    assert batch(jobs, "--out", out, "--allow-draft").exit_code == 0
    assert review_of(out, "0001.pdf")["translation"] == {"language": "es", "state": "draft",
                                                         "mark": "DRAFT TRANSLATION"}
    assert batch(jobs, "--out", out).exit_code == 1  # and not skipped as up to date after it
