"""`render --details`: a patient's details read from a file or standard input, off the command line.

A command's options are no place for a patient's name or notes: every local user can read
them while it runs (`ps`, /proc/PID/cmdline), and the shell keeps them in its history file.
`--details FILE` reads them from a personalisation YAML file instead (the keys of
`handouts schema --kind personalisation`), and `--details -` from standard input: piped
from another program, or typed at the terminal and ended with Ctrl-D, which no history
keeps. The file is read like any personalisation (located errors that never quote what
was typed) and, like one, never cached.

Options that fill the same field as the file are refused rather than one quietly winning:
a clinician who typed `--note` beside a file of notes would not know which were printed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from handouts.errors import ContentError, Problem, UsageError
from handouts.inputfile import size_text
from handouts.models import Personalisation
from handouts.yamlspec import PATIENT_DETAILS_BYTES

if TYPE_CHECKING:
    from handouts.yamlsource import Source

STDIN_NAME = "<standard input>"
"""How messages name the details read from standard input."""
MAX_BYTES = PATIENT_DETAILS_BYTES
"""What standard input may send: as much as a details file may hold."""
PROMPT = "Type the patient's details, one per line, then press Ctrl-D:"
CUSTOMISATION_PROMPT = "Type the patient's customisation, one key per line, then press Ctrl-D:"
FIELD_OPTIONS = {"patient_name": "--patient-name", "clinician": "--clinician", "visit_date": "--date",
                 "include": "--include", "omit": "--omit", "notes": "--note", "follow_up": "--follow-up",
                 "language": "--lang"}
"""Each personalisation field and the option that gives it on the command line."""


def read(value: str, ctx: Any, stdin: BinaryIO | None = None) -> dict[str, Any]:
    """The fields a details file (or '-': standard input) sets, checked as a personalisation."""
    from handouts import loading

    if value != "-":
        model = loading.load(Path(value), "personalisation", ctx)
    else:
        model = loading.validate(_parse_stdin(stdin), "personalisation", ctx)
    assert isinstance(model, Personalisation)
    return {name: getattr(model, name) for name in model.model_fields_set}


def _parse_stdin(stdin: BinaryIO | None, prompt: str = PROMPT, example: str = "patient_name: Alex Morgan",
                 called: str = "patient details") -> Source:
    from handouts.yamlsource import parse

    stream = stdin if stdin is not None else sys.stdin.buffer
    if stream.isatty():
        click.echo(prompt, err=True)
    raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ContentError([Problem(STDIN_NAME, 0, 0, "", f"more than {size_text(MAX_BYTES)}: {called} may be at "
                                    f"most {size_text(MAX_BYTES)}")])
    from handouts.encoding import NotUTF8, utf8_text

    try:
        text = utf8_text(raw, "type or send the lines as UTF-8 text").removeprefix("\ufeff")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    except NotUTF8 as exc:  # located as a file's is: a program piping Windows' code page, an accent typed
        raise ContentError([Problem(STDIN_NAME, exc.line, exc.column, "", exc.message)]) from None
    if not text.strip():
        raise ContentError([Problem(STDIN_NAME, 0, 0, "", "no details were given (expected lines such as "
                                    f"'{example}')")])
    return parse(text, STDIN_NAME)


def read_customisation(stdin: BinaryIO | None = None) -> Source:
    """`diet --customize -`: a customisation typed or piped on standard input, so that no file name
    (so often the patient's) shows in `ps` or the shell's history. Read as YAML with the positions of
    its keys, so its problems are located in '<standard input>' like a file's."""
    return _parse_stdin(stdin, CUSTOMISATION_PROMPT, "plan: low-fodmap", "a customisation")


def merge(from_file: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """The file's fields and the options' together; a field given both ways is a usage error."""
    both = [FIELD_OPTIONS[name] for name, value in options.items() if value not in (None, (), "") and name in from_file]
    if both:
        raise UsageError(f"{', '.join(both)}: also given by --details; give each detail once")
    return {**from_file, **{name: value for name, value in options.items() if value not in (None, (), "")}}
