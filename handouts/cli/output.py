"""What every document command does last: warn, write atomically, say what happened."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from handouts.errors import HandoutsError, ResourceError, UsageError, display_path
from handouts.views.base import View


SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html"}


def output_format(fmt: str | None, output: Path | None) -> str:
    """--format if given, else what the output file's name says; a PDF when there is no -o.

    An explicit --format that disagrees with the name is obeyed, with a warning; a name
    whose extension says neither is a usage error rather than a guess.
    """
    suffix = output.suffix.lower() if output is not None else ""
    named = SUFFIXES.get(suffix)
    if fmt is not None:
        if named is not None and named != fmt:
            click.echo(f"warning: writing {fmt.upper()} to {display_path(output)}, whose name says "
                       f"{named.upper()}", err=True)
        return fmt
    if output is None or named is not None:
        return named or "pdf"
    raise UsageError(f"cannot tell the format from the name {display_path(output)}: "
                     "end it in .pdf or .html, or give --format pdf|html")


def write_and_report(view: View, out: Path, fmt: str, archive: bool, warnings: Iterable[str] = ()) -> None:
    """Warn, render, replace `out` atomically, say if it ran past its page target, note any DRAFT
    mark, print the path."""
    from handouts import documents
    from handouts.render import RenderError

    if fmt == "pdf":  # a browser shows HTML in its own fonts
        from handouts.glyphs import missing_warnings, visible_text
        from handouts.html import render_html

        warnings = [*warnings, *missing_warnings(visible_text(render_html(view)))]
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    try:
        rendered = documents.produce(view, out, fmt, "archive" if archive else "ua")  # type: ignore[arg-type]
    except HandoutsError as exc:
        raise exc.at(display_path(out)) from None
    except OSError as exc:
        raise ResourceError(f"cannot write: {exc.strerror or exc}", where=display_path(out)) from None
    except Exception as exc:  # a failed render leaves no partial file, and no traceback either
        raise RenderError(f"could not render: {type(exc).__name__}: {exc}", where=display_path(out)) from None
    overflow = documents.page_count_warning(view.frame.kind, rendered.pages)
    if overflow:
        click.echo(f"warning: {display_path(out)}: {overflow}", err=True)
    if view.frame.review_mark:
        click.echo(f"note: printed with a {view.frame.review_mark} mark ({view.frame.review_line})", err=True)
    translation = view.frame.translation
    if translation is not None and not translation.approved:
        state = {"stale": "out of date (the English changed since it was reviewed)",
                 "unrecorded": "not recorded"}.get(translation.state, translation.state.replace("_", " "))
        click.echo(f"note: the '{translation.language}' translation is {state}: printed with a DRAFT TRANSLATION "
                   "mark", err=True)
    click.echo(str(out))
