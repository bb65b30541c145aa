from __future__ import annotations

from pathlib import Path

import click

from handouts.cli import complete, exits, options, private, session
from handouts.content_check import JSON_SCHEMA_HELP, check, to_json
from handouts.errors import UsageError, listed, more_problems
from handouts.kinds import CONTENT_KINDS as KINDS

_HELP = f"""Check content files (or folders of them, or ids); print every problem with its location.

TARGETS are files, folders or ids (`handouts validate leaky-gut`, looked up in the
workspace, then in the shipped samples). In a workspace, no TARGETS checks the
workspace's data folders. Warnings (a review overdue, a brand colour too light for
text, no phone number) are printed but do not make a file invalid.

\b
Examples:
  handouts validate         in a workspace: every file of its data folders
  handouts validate leaky-gut riverside
                            a topic and a brand, by id (after editing them)

\b
--format json prints (a stable shape; keys may be added, never removed):
{JSON_SCHEMA_HELP}
"""


def targets_to_paths(targets: tuple[str, ...], kind: str | None, what: str) -> list[Path]:
    """Files, folders and ids (of `kind`, or of every kind) → paths; none: the workspace's data."""
    from handouts import lookup

    if not targets:
        ws = session.current()
        if ws is None or not ws.data_dirs:
            raise UsageError(f"give files, folders or ids to {what} (or run it in a workspace to {what} its data)")
        return list(ws.data_dirs)
    ctx = session.context()
    folders = [KINDS[kind].folder] if kind else [k.folder for k in KINDS.values()]
    return [path for target in targets for path in lookup.find_any(ctx.data_dirs, folders, target)]


@click.command(help=_HELP, epilog=exits.epilog("all valid", "some content invalid"))
@click.argument("targets", nargs=-1, shell_complete=complete.content_or_files)
@click.option("--kind", type=options.Choice(sorted(KINDS)), metavar="KIND",
              help=f"Treat every file as this kind ({', '.join(sorted(KINDS))}). Default: the kind its "
                   "folder names (topics/, brands/, ...), else the kind its keys suggest.")
@options.quiet()
@options.report_format()
def validate(targets: tuple[str, ...], kind: str | None, quiet: bool, fmt: str) -> None:
    paths = targets_to_paths(targets, kind, "check")
    private.holding_patient_files(paths, kind)
    results = []
    for checked in check(paths, kind, session.context(names=paths)):
        results.append(checked)
        if fmt == "json":
            continue
        shown, more = listed(list(checked.problems))
        for problem in shown:
            click.echo(str(problem), err=True)
        if more:
            click.echo(f"{checked.path}: {more_problems(more)}", err=True)
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
