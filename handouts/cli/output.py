"""What every document command does last: warn, write atomically (or to stdout), say what happened."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from handouts.errors import HandoutsError, ResourceError, UsageError, display_path
from handouts.views.base import View

STDOUT = Path("-")


@contextlib.contextmanager
def _render_errors(out: Path) -> Iterator[None]:
    """Name the output in any failure; a failed render leaves no partial file, and no traceback."""
    from handouts.render import RenderError

    shown = "standard output" if out == STDOUT else display_path(out)
    try:
        yield
    except HandoutsError as exc:
        raise exc.at(shown) from None
    except OSError as exc:
        raise ResourceError(f"cannot write: {exc.strerror or exc}", where=shown) from None
    except Exception as exc:
        raise RenderError(f"could not render: {type(exc).__name__}: {exc}", where=shown) from None


def write_stdout(data: bytes) -> None:
    """The whole document to standard output, for `-o - | lp`.

    A reader that stops early (`| head -c 5`) closes the pipe: the document was
    complete and nothing went wrong here, so that ends quietly.
    """
    try:
        click.echo(data, nl=False)  # bytes go to the binary stream under stdout, then it is flushed
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            # Python flushes stdout again at exit: point it at /dev/null so that is quiet too
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())


def write_and_report(view: View, out: Path, fmt: str, archive: bool, warnings: Iterable[str] = ()) -> None:
    """Warn, render, replace `out` atomically (or write it all to stdout for '-'), note any DRAFT mark.

    The path written is printed on stdout; with '-' stdout carries the document only
    and every other line goes to stderr.
    """
    from handouts import documents

    to_stdout = out == STDOUT
    if to_stdout and sys.stdout.isatty():
        raise UsageError("-o - writes the document to standard output: pipe it (| lp) or redirect it (> file.pdf)")
    if fmt == "pdf":  # a browser shows HTML in its own fonts
        from handouts.glyphs import missing_warnings, visible_text
        from handouts.html import render_html

        warnings = [*warnings, *missing_warnings(visible_text(render_html(view)))]
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    variant = "archive" if archive else "ua"
    with _render_errors(out):
        if to_stdout:
            data = documents.render(view, fmt, variant).data  # type: ignore[arg-type]
        else:
            documents.write_document(view, out, fmt, variant)  # type: ignore[arg-type]
    if view.frame.review_mark:
        click.echo(f"note: printed with a {view.frame.review_mark} mark ({view.frame.review_line})", err=True)
    if to_stdout:
        write_stdout(data)
    else:
        click.echo(display_path(out))
