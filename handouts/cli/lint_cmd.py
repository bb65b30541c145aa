from __future__ import annotations

from datetime import date

import click

from handouts.cli import complete, exits, options, private, session
from handouts.cli.validate_cmd import targets_to_paths
from handouts.errors import UsageError
from handouts.lint.report import JSON_SCHEMA_HELP, exit_code, to_json, to_text
from handouts.lint.runner import Options, lint_paths

_HELP = f"""Check patient texts for plain language and clinician content for evidence.

TARGETS are content files, folders of them, or ids (looked up in the workspace,
then in the shipped samples); in a workspace, no TARGETS lints the workspace's
data folders. Patient-visible texts are scored
for reading grade (English: Flesch-Kincaid, SMOG; Spanish: Fernández-Huerta,
Szigriszt-Pazos read on the INFLESZ scale) and checked for jargon, long
words, sentences over 20 words and passive voice. Topics are checked for
citations, references (cited, locatable, verified), evidence grades,
prescription doses, review dates and drafts' missing patient texts.

The grade target is --max-grade, else the topic's reading_grade_target, else 8.
Jargon and known long words: data/lint/jargon.toml, data/lint/known-long-words.txt.

\b
--format json prints (a stable shape; keys may be added, never removed):
{JSON_SCHEMA_HELP}
"""

EPILOG = exits.epilog(
    "no errors (warnings and info allowed)",
    "errors (or warnings with --strict); invalid content is an error",
)


@click.command(help=_HELP, epilog=EPILOG)
@click.argument("targets", nargs=-1, shell_complete=complete.content_or_files)
@options.report_format()
@options.max_grade("Highest reading grade allowed; overrides each topic's reading_grade_target")
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1).")
@options.as_of()
def lint(targets: tuple[str, ...], fmt: str, max_grade: int | None, strict: bool, as_of: date | None) -> None:
    paths = targets_to_paths(targets, None, "lint")
    private.holding_patient_files(paths)
    today = as_of or session.today()
    reports = lint_paths(paths, Options(today=today, max_grade=max_grade), session.context(today, paths))
    if not reports:
        raise UsageError("no .yaml files found in the paths given")
    click.echo(to_json(reports) if fmt == "json" else to_text(reports))
    raise SystemExit(exit_code(reports, strict))
