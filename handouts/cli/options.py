"""One option vocabulary for every command: the rule, the names, and the shared options.

The rule (also in the README's "Command-line conventions"):

1. One name per meaning, and one type and range per name, in every command.
   VOCABULARY below is the list of every option name and what it means; a test
   fails on an option that is not in it, and on a name whose type differs
   between commands. A new option is added here first.
2. Names are lower-case English words joined by hyphens. One-letter forms are
   only -o (--output), -q (--quiet), -j (--jobs) and -h (--help). A second
   spelling of the same word is the only other alias (--customize, --customise).
3. Values: dates are YYYY-MM-DD; languages are codes (en, es, pt-BR); a plural
   name takes a list, comma-separated for ids (--brands a,b) and by repeating the
   option for paths (--topics a --topics b); an option that may be given more
   than once says "repeatable" in its help. Flags are off by default and named
   for what they turn on (--force, --strict).
4. --format is what a command prints or writes: a document command (render, diet)
   writes pdf or html, and without --format the output file's extension decides
   (.pdf, .html or .htm; pdf when there is no -o or it is '-'); a reporting command
   (validate, lint, batch, list, doctor) reports as text for people or json for
   tools, on standard output, in a shape that gains keys and never loses them.
5. Every command's --help ends with its exit statuses (handouts/cli/exits.py).
6. Output goes where the folders exist: one file (-o, --fhir) only into a folder
   that exists; a folder to write into (--out, init's DIR) is made when missing,
   but only its last level, as mkdir does (handouts/cli/folders.py).

Options used by more than one command are defined once below, so their type,
range and help cannot drift apart.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from handouts.cli import complete

F = TypeVar("F", bound=Callable[..., Any])

VOCABULARY: dict[str, str] = {
    # shared by several commands
    "--as-of": "the day review dates are judged against (YYYY-MM-DD; default: today)",
    "--format": "document commands: the file written (pdf, html); reporting commands: the report (text, json)",
    "--lang": "the language of the patient texts, as a code (en, es, es-MX): a bare language takes the brand's "
              "region",
    "--also": "print the document again in this language after the first, in the same PDF (repeatable)",
    "--max-grade": "the highest reading grade allowed for patient texts (a whole number 3-16, like a topic's "
                   "reading_grade_target): English by Flesch-Kincaid, Spanish by the grade its INFLESZ band suits",
    "--brand": "one brand: an id (the workspace's brands, then the shipped ones) or a brand YAML file",
    "--output": "the one file a command writes (-o; '-' for standard output)",
    "--out": "the folder a command writes several files into",
    "--paper": "the paper size, letter or a4 (default: the workspace's, else the brand's)",
    "--archive": "PDF/A-3a for archiving, still tagged and accessible (it claims PDF/UA-1 too), instead of the default PDF/UA-1",
    "--force": "redo or replace what would otherwise be kept",
    "--quiet": "print problems only (-q)",
    "--kind": "the kind of content file: topic, brand, diet-plan, ...",
    "--code": "a code as SYSTEM:CODE (ICD-10-CM:D50.9, SNOMED CT, RxNorm): the topics coded so",
    # render: one patient's handout
    "--audience": "who the document is for: patient or clinician",
    "--details": "the patient's details from a personalisation YAML file, or '-' for standard input, off the "
                 "command line (where ps shows them and the shell's history keeps them)",
    "--patient-name": "the patient's name, printed on the handout only",
    "--clinician": "the clinician's name, printed on the handout",
    "--date": "the visit date (YYYY-MM-DD)",
    "--follow-up": "the follow-up date (YYYY-MM-DD)",
    "--include": "only these recommendation ids (repeatable)",
    "--omit": "leave out these recommendation ids (repeatable)",
    "--note": "a note for the patient (repeatable; one line each)",
    "--fhir": "also write a FHIR R4 DocumentReference (JSON) describing the PDF, to file it in an EHR",
    "--attachment": "how a DocumentReference carries its PDF: url (relative to it) or inline (base64)",
    "--attachment-base": "the address of the folder the PDFs will be fetched from, for a DocumentReference's URL",
    "--patient-ref": "the patient's FHIR reference (Patient/ID) for a DocumentReference; never a name",
    "--large-print": "the large-print version of a patient document (18 pt body, one column) for low vision",
    "--summary": "the clinician brief's At-a-glance summary on its own, without the details after it",
    # diet
    "--customize": "a dietitian's customisation of a diet plan for one patient (YAML; also --customise)",
    "--customise": "the same as --customize",
    # batch: many documents
    "--topics": "topics to render: folders, globs, YAML files or ids (repeatable)",
    "--brands": "brands to render for: ids or brand YAML files, comma-separated",
    "--audiences": "audiences to render for: patient, clinician, comma-separated",
    "--pattern": "output file names under --out, from {topic} {brand} {audience} {language} {row}",
    "--jobs": "worker processes (-j): batch's renderers, or serve's render pool",
    "--recycle-after": "replace a worker after this many documents, to bound memory",
    "--timeout": "seconds one document may take",
    "--allow-draft": "render content that is not approved or is overdue for review (printed with a mark)",
    "--document-references": "also write a FHIR DocumentReference (NAME.fhir.json) beside every topic PDF",
    "--cluster": "run the jobs on a Dask cluster: a scheduler address (tcp://HOST:8786) or local:N",
    "--check": "check as a run would and render or write nothing: every job (batch), the files to upgrade (upgrade)",
    # lint
    "--strict": "warnings fail the run too",
    # approve
    "--reviewer": "the person who reviewed the content",
    "--reviewed": "the review date (YYYY-MM-DD)",
    "--next-review": "the next review date (YYYY-MM-DD)",
    "--translator": "the person who translated the texts (approve --lang)",
    # import
    "--id": "the id of the topic made",
    # serve
    "--host": "the address to listen on",
    "--port": "the port to listen on",
    "--data": "a data folder with topics/ and brands/",
    # upgrade
    "--dry-run": "show what would change (as a unified diff) and change nothing",
    # the group
    "--config": "the workspace's handouts.toml, or its folder (also HANDOUTS_CONFIG)",
    "--version": "print the version",
    "--help": "print the help (-h)",
}
"""Every option name any command may have, and its one meaning."""

SHORT_NAMES = {"-o": "--output", "-q": "--quiet", "-j": "--jobs", "-h": "--help"}

PAPERS = ("letter", "a4")
REPORTING_FORMATS = ("text", "json")
DOCUMENT_FORMATS = ("pdf", "html")


class IsoDate(click.ParamType):
    """A day written YYYY-MM-DD, the only form any command takes; a wrong one says how to write it.

    (click.DateTime's message names strptime's '%Y-%m-%d' and calls 2025-02-30 a wrong format.)
    """

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value.date() if isinstance(value, datetime) else value
        from handouts.dates import parse_date

        try:
            return parse_date(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)

    def get_metavar(self, param: click.Parameter, *args: Any) -> str:
        return "YYYY-MM-DD"


DATE = IsoDate()


class Choice(click.Choice):
    """click's Choice, where a near miss also says which was meant: '--audience patients' → 'patient'."""

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        message = super().get_invalid_choice_message(value, ctx)
        close = difflib.get_close_matches(str(value).lower(), [str(c) for c in self.choices], n=1, cutoff=0.6)
        return f"{message.removesuffix('.')}; did you mean {close[0]!r}?" if close else message

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str:
        """A required choice left out says what to type ('Add --audience patient or --audience clinician'),
        where click listed the bare words, one per tab-indented line."""
        choices = [str(choice) for choice in self.choices]
        if not isinstance(param, click.Option):  # an argument: the word alone, after the command
            example = f" (e.g. '{ctx.command_path} {choices[0]}')" if ctx is not None and choices else ""
            return f"Add one of: {', '.join(choices)}{example}."
        name = max(param.opts, key=len) if param.opts else ""
        typed = " or ".join(f"{name} {choice}" for choice in choices)
        said = getattr(param, "help", None)
        return f"Add {typed}" + (f": {said[:1].lower()}{said[1:].rstrip('.')}." if said else ".")


class PersonName(click.ParamType):
    """A person's name as an option's value: left out, the message shows one typed, where click said
    only "Missing option '--reviewer'." and left a newcomer to guess what the option takes."""

    name = "text"

    def __init__(self, example: str) -> None:
        self.example = example

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return value

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str:
        name = max(param.opts, key=len) if isinstance(param, click.Option) and param.opts else ""
        typed = f'{name} "{self.example}"'
        if ctx is not None:  # the command's arguments as typed, with the name added
            given = [ctx.params.get(a.name) for a in ctx.command.params if isinstance(a, click.Argument) and a.name]
            words = [f'"{g}"' if " " in g else g for g in given if isinstance(g, str)]
            if words:
                typed = f"{ctx.command_path} {' '.join(words)} {typed}"
        said = getattr(param, "help", None)
        return (f"Add {name} and a name (e.g. '{typed}')"
                + (f": {said[:1].lower()}{said[1:].rstrip('.')}." if said else "."))


class PaperChoice(Choice):
    """A paper size: one handouts does not print on says which it does that was meant ('a5' → 'a4')."""

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        from handouts.papers import did_you_mean_paper

        message = click.Choice.get_invalid_choice_message(self, value, ctx)
        hint = did_you_mean_paper(str(value))
        return f"{message.removesuffix('.')}{hint}" if hint else message


class ContentId(click.ParamType):
    """An id of content in the data folders (or a file of it), as an argument: left out, the
    message lists the ids there are, where click said only "Missing argument 'TOPIC'"."""

    name = "text"

    LISTED = {"topics": ("topics", "handouts list topics"), "diets": ("diet plans", "handouts list plans")}
    """Each data folder an id may come from: what its ids are called, and the command that lists them."""

    def __init__(self, *folders: str) -> None:
        self.folders = folders

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return value

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str | None:
        from handouts import lookup
        from handouts.cli import session
        from handouts.errors import HandoutsError

        try:
            dirs = session.context().data_dirs
            kinds = [(*self.LISTED[folder], lookup.ids(dirs, folder)) for folder in self.folders]
        except HandoutsError:  # a broken workspace says so when the command runs
            return None
        return "Give one of the " + "; or of the ".join(
            f"{what}: {', '.join(known) or 'none yet'} ('{command}' lists them)" for what, command, known in kinds) + "."


TOPIC_ID = ContentId("topics")


def as_of() -> Callable[[F], F]:
    return click.option("--as-of", type=DATE, metavar="YYYY-MM-DD",
                        help="Judge review dates as of this day (default: today).")


def _language_code(value: str) -> str:
    """'ES', 'es_MX' → 'es', 'es-MX': the spellings people type, as the tool writes them.

    A code no language has ('sp') is refused here, with the one meant (handouts.language_names).
    """
    from handouts.errors import UsageError
    from handouts.language_names import did_you_mean, not_a_language
    from handouts.locale import parse

    try:
        found = parse(value)
    except UsageError as exc:
        raise click.BadParameter(f"{exc}{did_you_mean(value)}") from None
    if (problem := not_a_language(value)) is not None:
        raise click.BadParameter(problem)
    return f"{found.language}-{found.region}" if "-" in value.strip().replace("_", "-") else found.language


def _language_codes(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, tuple):
        return tuple(_language_code(v) for v in value)
    return _language_code(value)


def lang(help: str = "Language of the patient texts: a code (en, es) or language and region (es-MX). "
                     "Default: the workspace's locale, else the brand's, else en-US.") -> Callable[[F], F]:
    return click.option("--lang", metavar="CODE", callback=_language_codes, help=help)


def also() -> Callable[[F], F]:
    return click.option("--also", multiple=True, metavar="CODE", callback=_language_codes,
                        help="Print the document again in this language after the first, in the same PDF, "
                             "e.g. --lang es --also en (repeatable).")


GRADED = "English by Flesch-Kincaid, Spanish by the school grade its INFLESZ band suits"
"""How a reading grade is measured in each language (handouts.lint, handouts.lint.spanish)."""


def max_grade(help: str) -> Callable[[F], F]:
    """Whole grades 3-16, the same range a topic's reading_grade_target accepts; the help says how
    each language is graded, so Spanish is not taken for Flesch-Kincaid."""
    return click.option("--max-grade", type=click.IntRange(3, 16), metavar="3-16", help=f"{help} ({GRADED}).")


def document_format() -> Callable[[F], F]:
    return click.option("--format", "fmt", type=Choice(DOCUMENT_FORMATS), default=None,
                        help="The file to write: a PDF, or a standalone web page (html). "
                             "Default: from the output file's name (.pdf, .html), else pdf.")


def report_format(help: str = "Report as text for people or as JSON for tools (on stdout).") -> Callable[[F], F]:
    return click.option("--format", "fmt", type=Choice(REPORTING_FORMATS), default="text",
                        show_default=True, help=help)


def brand(help: str = "Brand id or a brand YAML file. Default: the workspace's brand, else 'default'.") -> Callable[[F], F]:
    return click.option("--brand", metavar="ID|FILE", help=help, shell_complete=complete.brands_or_files)


def paper() -> Callable[[F], F]:
    # A4 is how paper sizes are written; the value given on is the lower-case choice
    return click.option("--paper", type=PaperChoice(PAPERS, case_sensitive=False), help="Paper size. Default: the workspace's, else the "
                        "brand's, else the locale's (letter in the US, Canada, Mexico and the other countries that "
                        "use it, else A4).")


def archive() -> Callable[[F], F]:
    return click.option("--archive", is_flag=True,
                        help="PDF/A-3a for archiving, tagged and accessible as PDF/UA-1 too (default: PDF/UA-1 alone).")


def output(help: str) -> Callable[[F], F]:
    return click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), help=help)


def out_dir(help: str, **kwargs: Any) -> Callable[[F], F]:
    return click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR", help=help,
                        **kwargs)


def force(help: str) -> Callable[[F], F]:
    return click.option("--force", is_flag=True, help=help)


def quiet(help: str = "Print problems only.") -> Callable[[F], F]:
    return click.option("-q", "--quiet", is_flag=True, help=help)
