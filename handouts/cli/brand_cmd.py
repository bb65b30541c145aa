"""handouts brand new: a practice's brand from a few questions (answers may be piped in)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from handouts.cli import exits, groups, options, session
from handouts.errors import UsageError, display_path

T = TypeVar("T")
MAX_ADDRESS_LINES = 4


@click.group(cls=groups.CommandGroup, epilog=exits.epilog("done"))
def brand() -> None:
    """Make and manage a practice's brands (its print identity: name, contact, colours, logo).

    \b
    Example:
      handouts brand new        asks the practice's details, one at a time
    """


class _Final(UsageError):
    """A wrong answer that piped answers cannot correct: stop at once, before the next question."""


def _at_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _shown(value: str) -> str:
    value = value.strip()
    return repr(value if len(value) <= 60 else value[:57] + "...")


def _ask(text: str, default: str | None = None, check: Callable[[str], T] | None = None) -> Any:
    """One question. At a terminal a bad answer is explained and asked again; with answers piped in
    it stops the command, since asking again would take the next line, meant for the next question,
    as the retry and shift every later answer into the wrong field."""

    def proc(value: str) -> Any:
        if check is None:
            return value.strip()
        try:
            return check(value)
        except _Final:
            raise
        except UsageError as exc:
            if not _at_terminal():
                raise _Final(f"the answer {_shown(value)} to '{text}' was not used: {exc.message}; answers piped "
                             "in are one per line and are not asked again, so nothing was written") from None
            raise click.UsageError(exc.message) from None  # click prints it and asks again

    if not _at_terminal():
        return proc(_piped(text, default))
    try:
        return click.prompt(text, default=default, value_proc=proc, show_default=bool(default), err=True)
    except click.Abort:
        if not _at_terminal():
            raise UsageError(f"standard input ended before the question '{text}'; nothing was written") from None
        raise KeyboardInterrupt from None


def _piped(text: str, default: str | None) -> str:
    """The next piped line as the answer, shown after its question: standard error reads as a
    transcript (question: answer, one a line) rather than every question run together on one
    line with the first warning. An empty line takes the default; with none, it is the answer
    (and the question's check refuses it), never a reason to read the next line."""
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise UsageError(f"standard input ended before the question '{text}'; nothing was written")
    value = line.rstrip("\r\n")
    if not value.strip() and default is not None:
        value = default
    click.echo(f"{text}{f' [{default}]' if default else ''}: {value}", err=True)
    return value


@brand.command("new", epilog=exits.epilog("brand written", "the brand could not be written"))
@options.force("Replace a brand with the same id.")
def new(force: bool) -> None:
    """Ask for the practice's details and write a brand into the workspace.

    \b
    The questions, in order (one answer per line when piped in; piped, a
    wrong answer stops the command instead of being asked again):
      practice name, brand id, your patients' language and country (en-US, pt-BR),
      phone, address (up to 4 lines, an empty line ends it), main colour
      (#RRGGBB), accent colour, logo file (SVG, PNG or JPEG; empty: none), the
      logo's description for screen readers in that language (only with a
      logo), paper size (default: the locale's).

    The brand goes into the workspace's brands/ folder (its logo into brands/ID/;
    a PNG or JPEG larger than print needs is copied shrunk to the size it
    prints at, your own file unchanged) and is checked like any brand: a colour
    too light for text on white prints in a darker shade, which the warning names.

    \b
    Example:
      handouts brand new        in a workspace: writes data/brands/ID.yaml;
                                then print with it: handouts render TOPIC
                                --audience patient --brand ID
    """
    from handouts import brand_maker, workspace
    from handouts.locale import parse as parse_locale

    ws = session.required("handouts brand new")
    if not ws.data_dirs:
        raise UsageError(f"{display_path(ws.config)} names no data folder to write the brand into (data = [...])")
    name = _ask("Practice name", check=_nonempty)
    brands_dir = ws.data_dirs[0] / "brands"

    def free_id(value: str) -> str:
        """Checked at once, not after every other question: an id that is taken is asked again at a
        terminal; piped, it stops (see _ask)."""
        chosen = brand_maker.check_id(value)
        taken = brands_dir / f"{chosen}.yaml"
        if taken.exists() and not force:
            raise UsageError(f"{display_path(taken)} exists; choose another id, or use --force to replace it")
        return chosen

    brand_id = _ask("Brand id", default=brand_maker.slug(name), check=free_id)
    locale = _ask("Your patients' language and country, e.g. en-US, en-GB, es-MX, pt-BR",
                  default=parse_locale(workspace.locale(ws)).tag,  # a workspace's bare 'es': es-US, as it prints
                  check=brand_maker.check_locale)
    phone = _ask("Phone (empty: none)", default="", check=str.strip)
    address: list[str] = []
    while len(address) < MAX_ADDRESS_LINES:
        line = _ask(f"Address line {len(address) + 1} (empty: done)", default="", check=str.strip)
        if not line:
            break
        address.append(line)
    primary = _ask("Main colour for headings, #RRGGBB", check=brand_maker.check_colour)
    accent = _ask("Accent colour, #RRGGBB", default=brand_maker.DEFAULT_ACCENT, check=brand_maker.check_colour)
    logo = _ask("Logo file, SVG, PNG or JPEG (empty: none)", default="", check=brand_maker.check_logo)
    logo_alt = _ask(_logo_question(locale), default=brand_maker.default_logo_alt(name, locale),
                    check=_nonempty) if logo else None
    home = ws.locale or None  # the workspace's locale beats the brand's for every document
    paper = _ask("Paper size, letter or a4",
                 default=workspace.paper(None, ws, None) or workspace.default_paper(home or locale), check=_paper)
    answers = brand_maker.BrandAnswers(
        id=brand_id, name=name, phone=phone or None, address=tuple(address), primary=primary, accent=accent,
        logo=logo, logo_alt=logo_alt, paper=paper, locale=locale,
    )
    path, warnings, note = brand_maker.make(answers, brands_dir, session.context(), force)
    for said in (note, brand_maker.locale_note(paper, home, locale)):
        if said:
            click.echo(said, err=True)
    for warning in warnings:
        click.echo(str(warning), err=True)
    click.echo(f"wrote {display_path(path)}; use it with --brand {brand_id}, or make it the workspace's "
               f"default with brand = \"{brand_id}\" in {display_path(ws.config)}", err=True)
    click.echo(display_path(path))


def _logo_question(locale: str) -> str:
    """In the brand's language: screen readers read it in the voice of the document's language."""
    from handouts.language_checks import language_name
    from handouts.locale import language_of

    if language_of(locale) == "en":
        return "Describe the logo for screen readers"
    return f"Describe the logo for screen readers, in {language_name(locale)}"


def _nonempty(value: str) -> str:
    if not value.strip():
        raise UsageError("an answer is needed here")
    return value.strip()


def _paper(value: str) -> str:
    value = value.strip().lower()
    if value not in options.PAPERS:
        from handouts.papers import did_you_mean_paper

        raise UsageError(f"write letter or a4{did_you_mean_paper(value)}")
    return value
