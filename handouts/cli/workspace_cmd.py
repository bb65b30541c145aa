"""handouts init, doctor and upgrade: make a practice's workspace and keep it current."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.cli import exits, folders, options, private, session
from handouts.doctor import JSON_SCHEMA_HELP as DOCTOR_JSON
from handouts.errors import display_path


class NewFolder(click.Path):
    """init's DIRECTORY: left out, the message shows how the command is typed."""

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str:
        return "Name a new (or empty) folder to make the workspace in, e.g. 'handouts init clinic'."


@click.command(epilog=exits.epilog("workspace made"))
@click.argument("directory", type=NewFolder(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Make a practice's workspace in DIRECTORY (new or empty).

    It holds handouts.toml (data folders, default brand, locale, paper size,
    output folder) and editable copies of the shipped samples in data/: topics,
    brands, diet plans, the food catalogue and example customisations. Commands run
    inside it look ids up there first, then in the shipped samples.

    \b
    Example:
      handouts init clinic      then 'cd clinic': commands run there use it
    """
    from handouts import scaffold

    folders.check_folder(directory, "")
    ws = scaffold.create(directory)
    shown = display_path(ws.root)
    click.echo(f"made a workspace in {shown}: {display_path(ws.config)} and editable samples in "
               f"{', '.join(display_path(d) for d in ws.data_dirs)}", err=True)
    here = ws.root == Path.cwd().resolve()
    click.echo("next: handouts list topics" if here else f"next: cd {shown} && handouts list topics", err=True)
    click.echo(shown)


@click.command(help=f"""Check the workspace: is it current, do its copies of the samples carry
fixes made since in the shipped data, and can this machine render (WeasyPrint and the
system libraries it needs, such as Pango)?

\b
Each copied sample is one of (* needs a look: exit 1):
  unchanged          as copied; the shipped file has not changed either
  your edit          you changed it; the shipped file has not changed
  same as shipped    you made the change the shipped file has made since
* update available   a shipped fix your unedited copy does not have
* both changed       you edited it and the shipped file changed: review
* link out           not used: a symbolic link out of the data folder took
                     its place (copy the file in instead)
* not a file         a folder, a link loop or a link to nothing took its
                     place: refused, and the shipped file not used either
  removed            you deleted it: the shipped file is used instead
  no longer shipped  your copy is the only one
and the foods, recommendations or other items that differ are named.
Topics, diet plans and food catalogues overdue for review or changed since
their approval are listed too: the reviewers' work, so they leave the exit
alone unless --strict (as lint's warnings do), for monitoring that alerts on
content printing as DRAFT or REVIEW OVERDUE.

\b
--format json prints (a stable shape; keys may be added, never removed):
{DOCTOR_JSON}
""", epilog=exits.epilog("nothing needs attention", "a copy lacks a shipped fix, the workspace needs upgrading, "
                                                "documents cannot be rendered here, or (with --strict) content "
                                                "is overdue for review or changed since approval"))
@options.report_format()
@click.option("--strict", is_flag=True,
              help="Content overdue for review or changed since approval fails the run too (exit 1).")
def doctor(fmt: str, strict: bool) -> None:
    from handouts import doctor as checks

    report = checks.check(session.required("handouts doctor"))
    click.echo(checks.to_json(report, strict) if fmt == "json" else "\n".join(checks.to_text(report, strict)))
    raise SystemExit(1 if report.needs_attention(strict) else 0)


@click.command(epilog=exits.epilog("the workspace is current (or would be, with --dry-run)",
                                   "a file could not be migrated (--check: files would change, listed)"))
@click.option("--dry-run", is_flag=True, help="Show the changes as a unified diff (a patient's file: the fields that change, their values "
                   "withheld); write nothing.")
@click.option("--check", is_flag=True,
              help="List the files an upgrade would change, write nothing, and exit 1 if there are any.")
def upgrade(dry_run: bool, check: bool) -> None:
    """Move the workspace's files to the content schema this handouts reads.

    The workspace records the schema version its files follow (handouts.toml:
    schema). Each migration since then is applied to the files it concerns,
    keeping comments and layout; handouts.toml then records the new version.
    --check tells a script (or a monitor) whether an upgrade is due.
    """
    from handouts import upgrade as upgrading

    ws = session.required("handouts upgrade")
    private.holding_patient_files(ws.data_dirs)  # it reads and rewrites every file, customisations too
    plan = upgrading.plan(ws)
    if plan.current:
        click.echo(f"{display_path(ws.config)}: the workspace is current (content schema {ws.schema})")
        return
    for step in plan.steps:
        click.echo(f"schema {step.version}: {step.summary}", err=True)
    if dry_run or check:
        for change in plan.changes:
            # a customisation's diff names its fields, not their values (patient details): --check only the files
            click.echo(change.diff() if dry_run else f"would upgrade {display_path(change.path)}\n", nl=False)
        click.echo(f"{'dry run' if dry_run else 'check'}: {len(plan.changes)} file(s) would change "
                   f"(content schema {ws.schema} to {plan.target}: run 'handouts upgrade'); nothing was written",
                   err=True)
        if check:
            raise SystemExit(exits.FAILED)
        return
    upgrading.apply(plan)
    for change in plan.changes:
        click.echo(f"upgraded {display_path(change.path)}", err=True)
    click.echo(f"{display_path(ws.config)}: now content schema {plan.target}; "
               "run 'handouts validate' to check the files", err=True)
