"""handouts init: make a practice's workspace."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.cli import exits
from handouts.errors import display_path


@click.command(epilog=exits.epilog("workspace made"))
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Make a practice's workspace in DIRECTORY (new or empty).

    It holds handouts.toml (data folders, default brand, locale, paper size,
    output folder) and editable copies of the shipped samples in data/: topics,
    brands, diet plans, the food catalogue and example customisations. Commands run
    inside it look ids up there first, then in the shipped samples.
    """
    from handouts import scaffold

    ws = scaffold.create(directory)
    shown = display_path(ws.root)
    click.echo(f"made a workspace in {shown}: {display_path(ws.config)} and editable samples in "
               f"{', '.join(display_path(d) for d in ws.data_dirs)}", err=True)
    click.echo(f"next: cd {shown} && handouts list topics", err=True)
    click.echo(shown)
