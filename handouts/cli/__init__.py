"""The command line: each command parses options and calls the library.

Commands are imported lazily so that `handouts validate` never pays for
WeasyPrint's import.
"""

from __future__ import annotations

import importlib

import click

from handouts import __version__

COMMANDS = {
    "validate": ("handouts.cli.validate_cmd", "validate"),
    "schema": ("handouts.cli.schema_cmd", "schema"),
    "import": ("handouts.cli.import_cmd", "import_answer"),
    "lint": ("handouts.cli.lint_cmd", "lint"),
    "render": ("handouts.cli.render_cmd", "render"),
    "demo": ("handouts.cli.demo_cmd", "demo"),
    "diet": ("handouts.cli.diet_cmd", "diet"),
    "serve": ("handouts.cli.serve_cmd", "serve"),
    "batch": ("handouts.cli.batch_cmd", "batch"),
    "approve": ("handouts.cli.approve_cmd", "approve"),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handouts")
def main() -> None:
    """Turn reviewed clinical recommendations into print-ready PDFs."""
