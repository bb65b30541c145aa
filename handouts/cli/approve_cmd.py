from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from handouts.cli import exits, options

if TYPE_CHECKING:
    from handouts.context import Context


def _content_file(ctx: Context, content: str) -> Path:
    """A topic's or a diet plan's id (a workspace holds both), else a file: what `approve` records a review in.

    A plan's id was looked up among the topics alone, so 'handouts approve low-fodmap' said there was no
    topic 'low-fodmap' and listed the topics, as if the plan did not exist.
    """
    from handouts import lookup

    if lookup.is_path(content):
        return Path(content)
    found = lookup.find_id(ctx.data_dirs, "topics", content) or lookup.find_id(ctx.data_dirs, "diets", content)
    if found is not None:
        return found
    topics, plans = lookup.ids(ctx.data_dirs, "topics"), lookup.ids(ctx.data_dirs, "diets")
    raise lookup.UnknownId(
        f"no topic or diet plan '{content}'{lookup.suggestion(content, [*topics, *plans])} (topics: "
        f"{', '.join(topics) or 'none'}; plans: {', '.join(plans) or 'none'}; a food catalogue is approved "
        "by its file, e.g. data/foods/catalogue.yaml)")


@click.command(epilog=exits.epilog("approved", "the content is not fit to approve (nothing written)"))
@click.argument("content", type=options.ContentId("topics", "diets"))
@click.option("--reviewer", type=options.PersonName("Dr Ada Lane"), required=True, metavar="NAME",
              help="The person who reviewed the content (recorded in the file).")
@click.option("--reviewed", type=options.DATE, metavar="YYYY-MM-DD",
              help="The review date (default: today).")
@click.option("--next-review", type=options.DATE, metavar="YYYY-MM-DD",
              help="The next review date, not before today (default: the file's, when it is after the review "
                   "date).")
@options.lang(help="Approve the translation into this language (es, pt-BR) instead of the English content.")
@click.option("--translator", metavar="NAME",
              help="With --lang: who translated the texts (default: the translator the file records).")
def approve(content: str, reviewer: str, reviewed: dt.date | None, next_review: dt.date | None,
            lang: str | None, translator: str | None) -> None:
    """Approve CONTENT: a topic's or a diet plan's id, or a topic, plan or food catalogue file.

    Records the reviewer, the dates and a hash of the clinical content and of
    that review in the file's review block (comments and layout kept). Any later
    edit to the content, the reviewer or the review dates makes `handouts
    validate` report "changed since approval" and the documents print as under
    review until it is approved again.

    With --lang, approves that language's translation instead: its record under
    `translations:` gets status approved, the translator, the reviewer, the date,
    a hash of the English it translates and one of the translated texts. The
    translation must be complete; an English edit later makes it stale, an edit
    to a translated text makes it changed (`handouts lint` says so), and editing
    a translation never un-approves the English.
    """
    from handouts.approve import approve_file, approve_translation
    from handouts.cli import session
    from handouts.errors import UsageError, display_path
    from handouts.resources import asset_dir

    ctx = session.context(names=(content,))
    path = _content_file(ctx, content)
    if not path.is_file():
        from handouts.inputfile import why_not_a_file

        raise UsageError(f"{display_path(path)}: {why_not_a_file(path)}")
    if path.resolve().is_relative_to(asset_dir("data").resolve()):
        # a practice approves its own copies; the samples are the project's (and, installed, read-only):
        # approved in place, every practice using this install would print them as reviewed by one person
        ws = session.current()
        if ws is not None:
            raise UsageError(f"'{content}' is a sample that ships with handouts ({display_path(path)}), not a file "
                             f"of this workspace ({display_path(ws.data_dirs[0])}): copy it into the workspace "
                             f"and approve the copy")
        raise UsageError(f"{display_path(path)} is a sample that ships with handouts: it is not "
                         "approved in place. Make a workspace (`handouts init FOLDER`, which copies the samples "
                         "into FOLDER/data), then approve its copy there")
    if translator and not lang:
        raise UsageError("--translator goes with --lang (the translation being approved)")
    if lang:
        if next_review:
            raise UsageError("--next-review is for the content's review; a translation follows its English")
        did = approve_translation(path, lang, reviewer, ctx, on=reviewed or ctx.today,
                                  translator=translator)
        for warning in did.warnings:
            click.echo(str(warning), err=True)
        click.echo(
            f"approved the '{did.language}' translation of {display_path(did.path)} ({did.kind}): translated by "
            f"{did.translator}, reviewed by {did.reviewer} on {did.reviewed.isoformat()}, bound to English "
            f"{did.source_sha256[:12]}"
        )
        return
    done = approve_file(path, reviewer, ctx, on=reviewed or ctx.today,
                        next_review=next_review)
    for warning in done.warnings:
        click.echo(str(warning), err=True)
    click.echo(
        f"approved {display_path(done.path)} ({done.kind}): reviewed by {done.reviewer} on "
        f"{done.reviewed.isoformat()}, next review {done.next_review.isoformat()}, version {done.version}"
    )
