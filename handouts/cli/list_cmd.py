from __future__ import annotations

import click

from handouts.cli import complete, exits, options, session
from handouts.listing import JSON_SCHEMA_HELP, LISTS

_HELP = f"""List the ids commands accept: topics, brands, plans, foods, or the items of TOPIC.

\b
  handouts list topics            topics to render
  handouts list brands            brands for --brand
  handouts list plans             diet plans for 'handouts diet'
  handouts list foods             the food catalogue (the workspace's over the shipped one)
  handouts list items TOPIC       recommendation ids for --include / --omit

The source column says whether an id comes from the workspace or the shipped samples.

\b
--format json prints (a stable shape; keys may be added, never removed):
{JSON_SCHEMA_HELP}
"""


@click.command("list", help=_HELP, epilog=exits.epilog("listed", "the content listed could not be read"))
@click.argument("what", type=click.Choice(LISTS))
@click.argument("topic", required=False, shell_complete=complete.topics_or_files)
@options.report_format("A table for people, or JSON for tools (on stdout).")
def list_ids(what: str, topic: str | None, fmt: str) -> None:
    from handouts import listing

    result = listing.table(what, session.context(names=(topic,)), topic)
    click.echo(listing.to_json(result) if fmt == "json" else listing.to_text(result))
