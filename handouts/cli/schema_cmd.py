from __future__ import annotations

import json

import click

from handouts.cli import exits, options
from handouts.kinds import CONTENT_KINDS as KINDS


@click.command(epilog=exits.epilog("printed"))
@click.option("--kind", type=options.Choice(sorted(KINDS)), default="topic", show_default=True, metavar="KIND",
              help=f"The kind of content file: {', '.join(sorted(KINDS))}.")
def schema(kind: str) -> None:
    """Print the JSON Schema for a kind of content file (for editors' YAML checking)."""
    spec = KINDS[kind]
    document = spec.model.model_json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document.setdefault("title", spec.model.__name__)
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))
