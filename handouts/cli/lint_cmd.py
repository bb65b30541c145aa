from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from handouts.lint.report import JSON_SCHEMA_HELP, exit_code, to_json, to_text
from handouts.lint.runner import Options, lint_paths

_HELP = f"""Check patient texts for plain language and clinician content for evidence.

PATHS are content files or folders of them. Patient-visible texts are scored
for reading grade (Flesch-Kincaid, SMOG; English) and checked for jargon, long
words, sentences over 20 words and passive voice. Topics are checked for
citations, references (cited, locatable, verified), evidence grades,
prescription doses, review dates and drafts' missing patient texts.

The grade target is --max-grade, else the topic's reading_grade_target, else 8.
Jargon and known long words: data/lint/jargon.toml, data/lint/known-long-words.txt.

Exit status: 0 no errors (warnings and info allowed), 1 errors (or warnings
with --strict; invalid content is an error), 2 usage error.

\b
--format json prints (a stable shape; keys may be added, never removed):
{JSON_SCHEMA_HELP}
"""


def _today(ctx: click.Context, param: click.Parameter, value: datetime | None) -> date:
    return value.date() if value else date.today()


@click.command(help=_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report for people, or JSON for tools.")
@click.option("--max-grade", type=click.IntRange(3, 16), default=None,
              help="Highest reading grade allowed (overrides each topic's reading_grade_target).")
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, callback=_today,
              help="Date to check review dates against (YYYY-MM-DD; default: today).")
def lint(paths: tuple[Path, ...], fmt: str, max_grade: int | None, strict: bool, today: date) -> None:
    reports = lint_paths(paths, Options(today=today, max_grade=max_grade))
    if not reports:
        raise click.UsageError("no .yaml files found in the paths given")
    click.echo(to_json(reports) if fmt == "json" else to_text(reports))
    raise SystemExit(exit_code(reports, strict))
