from __future__ import annotations

import re
from pathlib import Path

import click

from handouts.cli import exits, folders, options, session
from handouts.errors import ContentError, ResourceError, UsageError, display_path, located
from handouts.models.common import SLUG_PATTERN


def _slug(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not re.match(SLUG_PATTERN, value):
        raise click.BadParameter(
            f"'{value}' is not a valid id: use lower-case letters and digits joined by '-', e.g. 'leaky-gut'"
        )
    return value


def _id_from_file(output: Path | None) -> str | None:
    """'gerd' for data/topics/gerd.yaml: commands and the web app find a topic there by its file's
    name, while links, feeds and audit lines name its `id:`, so the two must agree (an id made
    from the condition, 'gastroesophageal-reflux-disease-gerd', led nowhere)."""
    if output is None or output.parent.name != "topics" or not re.fullmatch(SLUG_PATTERN, output.stem):
        return None
    return output.stem


def _exists(output: Path) -> UsageError:
    return UsageError(f"{display_path(output)} exists; use --force to replace it")


@click.command("import", epilog=exits.epilog(
    "draft written", "input unreadable or empty", interrupt="interrupted (Ctrl-C); nothing is written"))
@click.argument("answer", type=click.Path(path_type=Path, allow_dash=True))
@options.output("Write the draft here (default: standard output).")
@click.option("--id", "topic_id", callback=_slug, metavar="ID",
              help="The id of the topic made. Default: the -o file's name when it goes into a topics/ folder "
                   "(data/topics/gerd.yaml: gerd), else made from the condition name.")
@options.force("Replace the -o file if it exists.")
def import_answer(answer: Path, output: Path | None, topic_id: str | None, force: bool) -> None:
    """Import an evidence tool's answer (plain text) as a draft topic YAML.

    The draft validates and lists at its top what a human must still do:
    identify the sources it cites by number, confirm guessed prescription flags, write
    patient texts, and source or drop items without a citation.

    A missing ANSWER file, or an existing -o file without --force, is a usage error (exit 2).
    A topic can also start as a copy of another in data/topics/, its id changed.

    \b
    Example:
      handouts import answer.txt -o data/topics/gerd.yaml
                                in a workspace: a draft topic 'gerd', then
                                'handouts validate gerd' and edit it until it
                                is ready
    """
    from handouts.importer import ImportFailure, check, convert
    from handouts.importer.files import read_answer, write_atomic

    shown = "standard input" if str(answer) == "-" else display_path(answer)
    if str(answer) != "-" and not answer.exists():  # a mistyped path, as every command answers it
        from handouts.inputfile import why_not_a_file

        raise UsageError(f"{shown}: {why_not_a_file(answer)}")  # a link loop, or to nothing, is not missing
    if output is not None and output.exists() and not force:
        raise _exists(output)
    folders.check_file(output)
    with located(shown):
        text = read_answer(answer)
        result = convert(
            text,
            source_name="standard input" if str(answer) == "-" else answer.name,
            topic_id=topic_id or _id_from_file(output),
            today=session.today(),
        )
    try:
        check(result.yaml, display_path(output) if output else "draft.yaml")
    except ContentError as exc:  # the importer's own bug: never write an invalid draft
        raise ImportFailure(
            "the importer made a draft that does not validate (please report this):\n"
            + "\n".join(f"  {problem}" for problem in exc.problems),
            where=shown,
        ) from None
    if output is None:
        click.echo(result.yaml, nl=False)
        return
    try:
        write_atomic(output, result.yaml, force=force)
    except FileExistsError:
        raise _exists(output) from None
    except OSError as exc:
        raise ResourceError(f"cannot write: {exc.strerror}", where=display_path(output)) from None
    data = result.draft.data
    items = sum(len(s["recommendations"]) for s in data["sections"])
    click.echo(
        f"wrote {display_path(output)}: draft '{data['id']}', {len(data['sections'])} sections, {items} items, "
        f"{len(data.get('references', []))} references not yet identified; see the to-do list at its top",
        err=True,
    )
