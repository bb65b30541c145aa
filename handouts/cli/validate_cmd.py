from __future__ import annotations

from pathlib import Path

import click

from handouts.errors import ContentError, display_path
from handouts.kinds import CONTENT_KINDS as KINDS
from handouts.context import context_for
from handouts.loading import is_support_data, load_checked, walk


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--kind", type=click.Choice(sorted(KINDS)), help="Treat every file as this kind.")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only.")
def validate(paths: tuple[Path, ...], kind: str | None, quiet: bool) -> None:
    """Check content files (or folders of them); print every problem with its location.

    Exit status: 0 all valid, 1 some content invalid, 2 usage error.
    """
    checked = bad = 0
    ctx = context_for(paths)
    for path, named in walk(paths):
        if not named and is_support_data(path):
            continue  # the tool's own word and drug lists, found while walking data/
        checked += 1
        try:
            loaded = load_checked(path, kind, ctx)
        except ContentError as exc:
            bad += 1
            for problem in exc.problems:
                click.echo(str(problem), err=True)
        else:
            for warning in loaded.warnings:  # e.g. "changed since approval": valid, but say so
                click.echo(str(warning), err=True)
            if not quiet:
                click.echo(f"ok  {display_path(path)}")
    if checked == 0:
        raise click.UsageError("no .yaml files found in the paths given")
    if not quiet or bad:
        click.echo(f"{checked} file(s) checked: {checked - bad} valid, {bad} invalid", err=bool(bad))
    raise SystemExit(1 if bad else 0)
