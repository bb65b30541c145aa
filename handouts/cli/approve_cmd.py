from __future__ import annotations

import datetime as dt

import click

from handouts.cli import exits


@click.command(epilog=exits.epilog("approved", "the content is not fit to approve (nothing written)"))
@click.argument("content")
@click.option("--reviewer", required=True, help="The person who reviewed the content (recorded in the file).")
@click.option("--reviewed", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The review date (default: today).")
@click.option("--next-review", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The next review date (default: the file's, when it is after the review date).")
def approve(content: str, reviewer: str, reviewed: dt.datetime | None, next_review: dt.datetime | None) -> None:
    """Approve CONTENT (a topic id from data/topics, or a topic or diet plan file).

    Records the reviewer, the date and a hash of the clinical content in the
    file's review block (comments and layout kept). Any later edit to the
    content makes `handouts validate` report "changed since approval" and the
    documents print as under review until it is approved again.
    """
    from handouts.approve import approve_file
    from handouts.context import context_for
    from handouts.errors import UsageError, display_path

    ctx = context_for((content,))
    path = ctx.find("topics", content, "topic")
    if not path.is_file():
        raise UsageError(f"no such file: {display_path(path)}")
    done = approve_file(path, reviewer, ctx, on=reviewed.date() if reviewed else ctx.today,
                        next_review=next_review.date() if next_review else None)
    for warning in done.warnings:
        click.echo(str(warning), err=True)
    click.echo(
        f"approved {display_path(done.path)} ({done.kind}): reviewed by {done.reviewer} on "
        f"{done.reviewed.isoformat()}, next review {done.next_review.isoformat()}, version {done.version}"
    )
