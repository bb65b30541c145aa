from __future__ import annotations

import click

from handouts.cli import complete, exits, options, session
from handouts.listing import JSON_SCHEMA_HELP, LISTS

_HELP = f"""List the ids commands accept: topics, brands, plans, foods, or the items of TOPIC; or the
food catalogue files diet sheets draw on, with their review.

\b
  handouts list topics            topics to render
  handouts list brands            brands for --brand
  handouts list plans             diet plans for 'handouts diet'
  handouts list foods             the food catalogue (the workspace's first)
  handouts list catalogues        its files and their review
  handouts list items leaky-gut   a topic's item ids, for --include / --omit
  handouts list topics --code ICD-10-CM:D50.9
                                  topics an EHR asking for that code finds
                                  (condition codes, RxNorm codes of drugs)

The status column says whether an approval holds as the content stands; the mark
column, what its documents print today (DRAFT, REVIEW OVERDUE): batch refuses a
marked one without --allow-draft, and a patient's EHR is offered only unmarked
ones (a clinician's, every one, marked). The translations column gives each
recorded translation's state (approved; draft, under_review, stale after an
English edit, changed after its own: these print DRAFT TRANSLATION). The source
column says whether an id comes from the workspace or the shipped samples. A
catalogue file nobody has approved is never_approved: it prints no mark unless
the workspace sets require_catalogue_approval (then DRAFT).

\b
--format json prints (a stable shape; keys may be added, never removed):
{JSON_SCHEMA_HELP}
"""


@click.command("list", help=_HELP, epilog=exits.epilog("listed", "the content listed could not be read"))
@click.argument("what", type=options.Choice(LISTS))
@click.argument("topic", required=False, shell_complete=complete.topics_or_files)
@click.option("--code", metavar="SYSTEM:CODE",
              help="Only the topics coded so (ICD-10-CM, ICD-10, ICD-11, SNOMED CT, RxNorm), e.g. ICD-10-CM:D50.9.")
@options.report_format("A table for people, or JSON for tools (on stdout).")
def list_ids(what: str, topic: str | None, code: str | None, fmt: str) -> None:
    from handouts import listing
    from handouts.errors import display_path

    ctx = session.context(names=(topic,))
    result = listing.table(what, ctx, topic, code)
    for path, why in listing.not_listed(what, ctx):
        click.echo(f"{display_path(path)}: warning: not listed: {why}", err=True)  # as validate says a file's
    if fmt == "text" and code and not result.rows:  # "no topics" read as if there were none at all
        click.echo(f"no topic is coded {code}: an EHR asking for it gets none (a topic's condition.codes "
                   "lists its codes; 'handouts list topics' lists every topic)")
        return
    click.echo(listing.to_json(result) if fmt == "json" else listing.to_text(result))
