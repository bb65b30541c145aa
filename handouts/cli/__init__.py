"""The command line: each command parses options and calls the library.

Commands are imported lazily so that `handouts validate` never pays for
WeasyPrint's import. Their options follow one vocabulary (options.py); their
errors end in one place, LazyGroup.invoke, with the statuses in exits.py.
"""

from __future__ import annotations

import difflib
import importlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from handouts import __version__
from handouts.cli import exits
from handouts.errors import HandoutsError

COMMANDS = {
    "init": ("handouts.cli.workspace_cmd", "init"),
    "list": ("handouts.cli.list_cmd", "list_ids"),
    "brand": ("handouts.cli.brand_cmd", "brand"),
    "doctor": ("handouts.cli.workspace_cmd", "doctor"),
    "upgrade": ("handouts.cli.workspace_cmd", "upgrade"),
    "validate": ("handouts.cli.validate_cmd", "validate"),
    "schema": ("handouts.cli.schema_cmd", "schema"),
    "import": ("handouts.cli.import_cmd", "import_answer"),
    "lint": ("handouts.cli.lint_cmd", "lint"),
    "render": ("handouts.cli.render_cmd", "render"),
    "demo": ("handouts.cli.demo_cmd", "demo"),
    "diet": ("handouts.cli.diet_cmd", "diet"),
    "serve": ("handouts.cli.serve_cmd", "serve"),
    "users": ("handouts.cli.users_cmd", "users"),
    "batch": ("handouts.cli.batch_cmd", "batch"),
    "approve": ("handouts.cli.approve_cmd", "approve"),
}

SUMMARIES = {
    "approve": "Record a reviewer's approval of a topic, plan or catalogue",
    "batch": "Render many documents: a job file, or topics x brands",
    "brand": "Make a practice's brand: its name, colours, logo, paper",
    "demo": "Render the shipped samples into a folder",
    "diet": "Render an elimination-diet sheet, for a patient or blank",
    "doctor": "Check the workspace, and that documents render here",
    "import": "Start a draft topic from an evidence tool's answer",
    "init": "Make a practice's workspace in a new or empty folder",
    "lint": "Check plain language and evidence before review",
    "list": "List topics, brands, plans, foods, catalogues, a topic's items",
    "render": "Print a topic for a patient or a clinician",
    "schema": "Print the JSON Schema of a content file (for editors)",
    "serve": "Start the web page for printing at the visit",
    "upgrade": "Move the workspace's files to this version's schema",
    "users": "Say who may sign in to serve: users add, list, remove",
    "validate": "Check content files; print every problem, located",
}
"""One line each for `handouts --help`, whole: the first sentence of each command's own help,
cut to the line, ended in '...' for most of them."""


def wrong_place(option: str) -> str:
    """An unknown option before the command: usually one of a command's own, typed too early."""
    return (f"No such option {option!r} before the command: only --config, --version and -h come before it; "
            f"a command's own options go after its name (e.g. 'handouts render TOPIC {option} ...').")


def config_too_late(failed: click.Context | None) -> str:
    """--config typed after the command's name, where `handouts list brands --config DIR` puts it."""
    words = (failed.command_path if failed else "").removeprefix("handouts").strip() or "COMMAND"
    return f"--config names the workspace for every command, so it goes first: 'handouts --config DIR {words} ...'."


NO_WORKSPACE = "; no workspace was found here (no handouts.toml in this folder or above), so only the shipped samples were searched: "


def _no_workspace() -> str:
    """Said after an unknown id outside a workspace: where the practice's own ids would be."""
    from handouts.cli import session

    below = session.workspaces_below()
    return NO_WORKSPACE + (session.go_there("...") if below else
                           "run this inside your workspace, or give 'handouts --config DIR ...'")


OTHER_KINDS = {
    "topics": ("topic", "handouts render {id} --audience patient"),
    "diets": ("diet plan", "handouts diet {id}"),
    "customisations": ("customisation", "handouts diet --customize {id}"),
}
"""Where an id given to the wrong command may be found, and the command that takes it."""


def _another_kinds(name: str) -> str:
    """"; 'low-fodmap' is a diet plan: 'handouts diet low-fodmap'" for a plan's id given to render."""
    from handouts import lookup
    from handouts.cli import session

    try:
        dirs = session.context().data_dirs
        for folder, (what, command) in OTHER_KINDS.items():
            if lookup.find_id(dirs, folder, name) is not None:
                return f"; '{name}' is a {what}: '{command.format(id=name)}'"
    except HandoutsError:  # a broken --config or data folder was reported already
        pass
    return ""


def _where_looked(exc: BaseException) -> BaseException:
    """An unknown id outside a workspace: most often the practice's own id, typed in another folder;
    inside one, often another kind's id, given to the wrong command."""
    from handouts.cli import session
    from handouts.lookup import UnknownId

    if isinstance(exc, UnknownId) and NO_WORKSPACE not in exc.message:
        if exc.name:
            exc.message += _another_kinds(exc.name)
        try:
            outside = session.current() is None
        except HandoutsError:  # a broken --config was reported already
            outside = False
        if outside:
            exc.message += _no_workspace()
    return exc


VALIDATION_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"


def no_validation_plugins() -> None:
    """No pydantic plugin sees what this process (or a render worker it starts) validates.

    A package installed beside ours can register a pydantic plugin (an entry point), which pydantic hands
    every validator it builds, with the input of each validation: a patient's name, notes and visit dates
    included, for an observability plugin to record or send wherever it is set up to. As this process's
    own command line, and so for `serve`'s and `batch`'s workers, which inherit the environment, none is
    loaded. A program using handouts as a library decides for its own process (README, "Privacy")."""
    os.environ[VALIDATION_PLUGINS] = "__all__"


ONE_DOCUMENT = frozenset({"render", "diet"})
"""Commands that make one document and end: as this process's own command line, they collect no cyclic
garbage (handouts.collector.none_in_this_process)."""


class LazyGroup(click.Group):
    own_process = False
    """Whether this call is the command line of this process (`handouts ...`, `python -m handouts ...`),
    which reads its arguments from sys.argv; a caller running a command in its own process passes them."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        self.own_process = args is None
        if self.own_process:
            no_validation_plugins()
        try:
            return super().main(args, *rest, **options)
        finally:
            self.own_process = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its one-line summary (and without importing every command to get it)."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, SUMMARIES[name]) for name in self.list_commands(ctx)])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        if name in ONE_DOCUMENT and self.own_process:  # before the command's imports, which collections walk
            from handouts.collector import none_in_this_process

            none_in_this_process()
        module, attr = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                          list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand:  # click suggests from self.commands, empty when lazy
            raise click.exceptions.NoSuchCommand(str(args[0]), possibilities=COMMANDS, ctx=ctx) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            if difflib.get_close_matches(exc.option_name, ("--config", "--version", "--help")):
                raise  # a misspelt --config: click suggests it
            raise click.NoSuchOption(exc.option_name, wrong_place(exc.option_name), ctx=ctx) from None

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; the one place a HandoutsError, Ctrl-C or SIGTERM becomes output and a status."""
        with exits.sigterm_raises():
            try:
                return super().invoke(ctx)
            except click.NoSuchOption as exc:
                if exc.option_name != "--config":
                    raise
                raise click.NoSuchOption(exc.option_name, config_too_late(exc.ctx), ctx=exc.ctx) from None
            except (HandoutsError, KeyboardInterrupt, exits.Terminated) as exc:
                exits.report_and_exit(_where_looked(exc), self._command_context(ctx))

    def _command_context(self, ctx: click.Context) -> click.Context:
        """The failed command's context, so a usage error shows that command's usage line."""
        from handouts.cli.groups import failed_command

        return failed_command(self, ctx)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=exits.epilog("success", exits.STATUSES[exits.FAILED]))
@click.option("--config", type=click.Path(path_type=Path), metavar="FILE",
              help="A workspace's handouts.toml (or its folder). Default: $HANDOUTS_CONFIG, else handouts.toml "
                   "here or in a folder above; with none, the shipped samples only.")
@click.version_option(__version__, prog_name="handouts")
def main(config: Path | None) -> None:
    """Turn reviewed clinical recommendations into print-ready PDFs.

    In a practice's workspace (see 'handouts init'), ids of topics, brands, plans and
    customisations are looked up in the workspace first, then in the shipped samples.

    \b
    Start here:
      handouts demo --out samples     the shipped samples as PDFs, to look at
      handouts init clinic            your practice's workspace: then cd clinic
      handouts list topics            the topics there are to print
      handouts brand new              your practice's brand (letterhead): it
                                      asks name, colours, logo
      handouts render leaky-gut --audience patient
                                      a patient handout, in the output folder
                                      (--brand ID: on your letterhead;
                                      --details -: with the patient's name)
      handouts import answer.txt -o data/topics/gerd.yaml
                                      a topic of your own, drafted from an
                                      evidence tool's answer (or copy one in
                                      data/topics/ and edit it)
      handouts serve                  the web page to print from at the visit
                                      (for several rooms, see its --help)

    'handouts COMMAND --help' says more about each command.
    """
    from handouts import workspace

    workspace.locate(config)  # a workspace named by --config or HANDOUTS_CONFIG must exist
