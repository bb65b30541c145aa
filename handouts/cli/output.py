"""What every document command does last: warn, write atomically, say what happened."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from handouts.errors import HandoutsError, ResourceError, display_path
from handouts.views.base import View


def write_and_report(view: View, out: Path, fmt: str, archive: bool, warnings: Iterable[str] = ()) -> None:
    """Warn, render, replace `out` atomically, note any DRAFT mark, print the path."""
    from handouts import documents
    from handouts.render import RenderError

    if fmt == "pdf":  # a browser shows HTML in its own fonts
        from handouts.glyphs import missing_warnings, visible_text
        from handouts.html import render_html

        warnings = [*warnings, *missing_warnings(visible_text(render_html(view)))]
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    try:
        documents.write_document(view, out, fmt, "archive" if archive else "ua")  # type: ignore[arg-type]
    except HandoutsError as exc:
        raise exc.at(display_path(out)) from None
    except OSError as exc:
        raise ResourceError(f"cannot write: {exc.strerror or exc}", where=display_path(out)) from None
    except Exception as exc:  # a failed render leaves no partial file, and no traceback either
        raise RenderError(f"could not render: {type(exc).__name__}: {exc}", where=display_path(out)) from None
    if view.frame.review_mark:
        click.echo(f"note: printed with a {view.frame.review_mark} mark ({view.frame.review_line})", err=True)
    translation = view.frame.translation
    if translation is not None and not translation.approved:
        state = {"stale": "out of date (the English changed since it was reviewed)",
                 "unrecorded": "not recorded"}.get(translation.state, translation.state.replace("_", " "))
        click.echo(f"note: the '{translation.language}' translation is {state}: printed with a DRAFT TRANSLATION "
                   "mark", err=True)
    click.echo(str(out))
