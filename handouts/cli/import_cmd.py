from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import click

from handouts.errors import ContentError, display_path
from handouts.models.common import SLUG_PATTERN


def _slug(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not re.match(SLUG_PATTERN, value):
        raise click.BadParameter(
            f"'{value}' is not a valid id: use lower-case letters and digits joined by '-', e.g. 'leaky-gut'"
        )
    return value


@click.command("import")
@click.argument("answer", type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the draft here (default: standard output).",
)
@click.option("--id", "topic_id", callback=_slug, help="Topic id (default: made from the condition name).")
@click.option("--force", is_flag=True, help="Replace the -o file if it exists.")
def import_answer(answer: Path, output: Path | None, topic_id: str | None, force: bool) -> None:
    """Import an evidence tool's answer (plain text) as a draft topic YAML.

    The draft validates and lists at its top what a human must still do:
    complete placeholder references, confirm guessed prescription flags, write
    patient texts, and source or drop items without a citation.

    Exit status: 0 draft written, 1 input unreadable or empty, 2 usage error
    (including an existing -o file without --force).
    """
    from handouts.importer import ImportFailure, check, convert
    from handouts.importer.files import ReadFailure, read_answer, write_atomic

    shown = "standard input" if str(answer) == "-" else display_path(answer)
    if output is not None and output.exists() and not force:
        raise click.UsageError(f"{display_path(output)} exists; use --force to replace it")
    try:
        text = read_answer(answer)
        result = convert(
            text,
            source_name="standard input" if str(answer) == "-" else answer.name,
            topic_id=topic_id,
            today=date.today(),
        )
    except (ReadFailure, ImportFailure) as exc:
        click.echo(f"error: {shown}: {exc}", err=True)
        raise SystemExit(1) from None
    try:
        check(result.yaml, display_path(output) if output else "draft.yaml")
    except ContentError as exc:  # the importer's own bug: never write an invalid draft
        click.echo(
            f"error: {shown}: the importer made a draft that does not validate (please report this):",
            err=True,
        )
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from None
    if output is None:
        click.echo(result.yaml, nl=False)
        return
    try:
        write_atomic(output, result.yaml, force=force)
    except FileExistsError:
        raise click.UsageError(f"{display_path(output)} exists; use --force to replace it") from None
    except OSError as exc:
        click.echo(f"error: cannot write {display_path(output)}: {exc.strerror}", err=True)
        raise SystemExit(1) from None
    data = result.draft.data
    items = sum(len(s["recommendations"]) for s in data["sections"])
    click.echo(
        f"wrote {display_path(output)}: draft '{data['id']}', {len(data['sections'])} sections, {items} items, "
        f"{len(data.get('references', []))} placeholder references; see the to-do list at its top",
        err=True,
    )
