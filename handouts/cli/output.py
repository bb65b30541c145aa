"""What every document command does last: report problems, write atomically, say what happened."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click

from handouts.errors import ContentError
from handouts.views.base import View


def fail_with_problems(exc: ContentError) -> NoReturn:
    """Located problems on stderr, exit 1: the content is wrong, not the command."""
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    raise SystemExit(1)


def write_and_report(view: View, out: Path, fmt: str, archive: bool, warnings: Iterable[str] = ()) -> None:
    """Warn, render, replace `out` atomically, note any DRAFT mark, print the path."""
    from handouts import documents

    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    try:
        documents.write_document(view, out, fmt, "archive" if archive else "ua")  # type: ignore[arg-type]
    except Exception as exc:  # a render failure must not leave a partial file or a traceback
        raise click.ClickException(f"could not render {out}: {exc}") from None
    if view.frame.review_mark:
        click.echo(f"note: printed with a {view.frame.review_mark} mark ({view.frame.review_line})", err=True)
    click.echo(str(out))
