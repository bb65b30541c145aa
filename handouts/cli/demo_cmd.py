from __future__ import annotations

from pathlib import Path

import click

from handouts.cli import exits, folders, options


@click.command(epilog=exits.epilog("every sample written", "a sample failed to render"))
@options.out_dir("Folder for the sample PDFs.", default=Path("out"), show_default=True)
def demo(out_dir: Path) -> None:
    """Render the shipped samples: every topic for patients and for clinicians with the
    default and riverside brands, and each sample patient's diet sheet; one folder per brand."""
    from handouts.demo import render_samples

    folders.check_folder(out_dir)
    for path in render_samples(out_dir):
        click.echo(str(path))
    # `make demo` ends here: what a new user does next (README: "Your practice's workspace")
    click.echo("next: open a PDF above; then make your practice's workspace: handouts init clinic "
               "(in .venv/bin/, or after '. .venv/bin/activate'; see the README)", err=True)
