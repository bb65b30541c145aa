from __future__ import annotations

from pathlib import Path

import click

from handouts.cli import exits, options
from handouts.content_check import JSON_SCHEMA_HELP, check, to_json
from handouts.errors import UsageError
from handouts.kinds import CONTENT_KINDS as KINDS

_HELP = f"""Check content files (or folders of them); print every problem with its location.

\b
--format json prints (a stable shape; keys may be added, never removed):
{JSON_SCHEMA_HELP}
"""


@click.command(help=_HELP, epilog=exits.epilog("all valid", "some content invalid"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--kind", type=click.Choice(sorted(KINDS)), help="Treat every file as this kind.")
@options.quiet()
@options.report_format()
def validate(paths: tuple[Path, ...], kind: str | None, quiet: bool, fmt: str) -> None:
    results = []
    for checked in check(paths, kind):
        results.append(checked)
        if fmt == "json":
            continue
        for problem in checked.problems:
            click.echo(str(problem), err=True)
        if checked.valid and not quiet:
            click.echo(f"ok  {checked.path}")
    if not results:
        raise UsageError("no .yaml files found in the paths given")
    bad = sum(not r.valid for r in results)
    if fmt == "json":
        click.echo(to_json(results))
    elif not quiet or bad:
        click.echo(f"{len(results)} file(s) checked: {len(results) - bad} valid, {bad} invalid", err=bool(bad))
    raise SystemExit(1 if bad else 0)
