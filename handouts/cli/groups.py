"""A command group under `handouts` (brand, users) whose usage errors show the failing
subcommand's usage line: `handouts brand new`, not `handouts brand [OPTIONS] COMMAND`."""

from __future__ import annotations

import click

from handouts.cli import exits
from handouts.errors import HandoutsError


def failed_command(group: click.Group, ctx: click.Context) -> click.Context:
    """The context of the subcommand that was running, so a usage error shows its usage line."""
    name = ctx.invoked_subcommand
    command = group.get_command(ctx, name) if name else None
    return click.Context(command, info_name=name, parent=ctx) if command else ctx


class CommandGroup(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        """A usage error from a subcommand is reported with that subcommand's usage line; every
        other error goes on to the top-level group, which reports it (exits.report_and_exit)."""
        try:
            return super().invoke(ctx)
        except HandoutsError as exc:
            if exc.exit_code != exits.USAGE:
                raise
            raise click.UsageError(str(exc), ctx=failed_command(self, ctx)) from None
