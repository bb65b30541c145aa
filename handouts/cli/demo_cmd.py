from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True)
def demo(out_dir: Path) -> None:
    """Render the shipped samples: every topic, both audiences, both brands."""
    from handouts.demo import render_samples

    for path in render_samples(out_dir):
        click.echo(str(path))
