"""What every document command does last: warn, write atomically (or to stdout), say what happened."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import click

from handouts.errors import HandoutsError, Problem, RenderError, ResourceError, UsageError, display_path
from handouts.views.base import View

STDOUT = Path("-")


@contextlib.contextmanager
def _render_errors(out: Path, private: bool = False) -> Iterator[None]:
    """Name the output in any failure; a failed render leaves no partial file, and no traceback.

    A fault in the renderer is said with its message, which helps whoever fixes a topic, except
    for a document with a patient's details: the message may quote the document, and what a
    command prints on stderr often ends up in a log (cron's mail, a service's journal, the EHR
    integration that ran it). Its type alone then, as handouts.api says it.
    """
    shown = "standard output" if out == STDOUT else display_path(out)
    try:
        yield
    except HandoutsError as exc:
        raise exc.at(shown) from None
    except OSError as exc:
        raise ResourceError(f"cannot write: {exc.strerror or exc}", where=shown) from None
    except Exception as exc:
        said = f"{type(exc).__name__}" if private else f"{type(exc).__name__}: {exc}"
        raise RenderError(f"could not render: {said}", where=shown) from None


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


SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html"}


def output_format(fmt: str | None, output: Path | None) -> str:
    """--format if given, else what the output file's name says; a PDF when there is no -o or it is '-'.

    An explicit --format that disagrees with the name is obeyed, with a warning; a name
    whose extension says neither is a usage error rather than a guess.
    """
    suffix = output.suffix.lower() if output is not None and output != STDOUT else ""
    named = SUFFIXES.get(suffix)
    if fmt is not None:
        if named is not None and named != fmt:
            click.echo(f"warning: writing {fmt.upper()} to {display_path(output)}, whose name says "
                       f"{named.upper()}", err=True)
        return fmt
    if output is None or output == STDOUT or named is not None:
        return named or "pdf"
    raise UsageError(f"cannot tell the format from the name {display_path(output)}: "
                     "end it in .pdf or .html, or give --format pdf|html")


def write_and_report(view: View, out: Path, fmt: str, archive: bool, warnings: Iterable[str | Problem] = (),
                     private: bool = False, details: Mapping[str, object] | None = None) -> None:
    """Warn, render, replace `out` atomically (or write it all to stdout for '-'), say if it ran past
    its page target, note any DRAFT mark (handouts.assemble says what, for the API as well).

    The path written is printed on stdout; with '-' stdout carries the document only
    and every other line goes to stderr. `warnings`: the content's own, located; the
    brand's and the fonts' are added here. `private`: the document carries a patient's
    details, so the file is readable by its owner alone, whatever the umask; `details`: those
    details (handouts.glyphs.patient_details), whose characters a warning counts but never shows.
    """
    from handouts import assemble, documents
    from handouts.atomic import PRIVATE

    to_stdout = out == STDOUT
    if to_stdout and sys.stdout.isatty():
        raise UsageError("-o - writes the document to standard output: pipe it (| lp) or redirect it (> file.pdf)")
    for warning in assemble.warnings_before(view, fmt, tuple(warnings), details):
        # a located one as `handouts validate` says it (file:line:col: warning: field: message)
        click.echo(str(warning) if isinstance(warning, Problem) else f"warning: {warning}", err=True)
    variant = "archive" if archive else "ua"
    with _render_errors(out, private):
        if to_stdout:
            rendered = documents.render(view, fmt, variant)  # type: ignore[arg-type]
        else:
            mode = PRIVATE if private else None
            rendered = documents.produce(view, out, fmt, variant, mode)  # type: ignore[arg-type]
    overflow, notes = assemble.notes_after(view, rendered.pages)
    for warning in (*([overflow] if overflow else []), *rendered.warnings):
        # at the file it is about, as validate says a whole file's: 'long.pdf: warning: ...'
        click.echo(f"{'standard output' if to_stdout else display_path(out)}: warning: {warning}", err=True)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if to_stdout:
        write_stdout(rendered.data)
    else:
        click.echo(display_path(out))
