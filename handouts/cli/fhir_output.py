"""`--fhir FILE`: the FHIR DocumentReference written beside a rendered PDF (handouts.fhir builds it)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import click

from handouts.cli.options import Choice
from handouts.errors import UsageError, display_path
from handouts.fhir import ATTACHMENT_MODES, AttachmentMode

STDOUT = Path("-")


def options(f: Any) -> Any:
    """The options: where, how the PDF is attached (and where it will be), and the caller's patient reference."""
    f = click.option("--patient-ref", metavar="Patient/ID",
                     help="The patient's FHIR reference (e.g. Patient/123) for the DocumentReference's subject; "
                          "never a name. Needs --fhir.")(f)
    f = click.option("--attachment-base", metavar="URL",
                     help="The address of the folder the PDF will be put in for the EHR to fetch (e.g. "
                          "https://docs.clinic.example/handouts/): the DocumentReference's URL is this address and "
                          "the PDF's name. Without it the URL is relative to the DocumentReference's file, which a "
                          "FHIR server reads against its own address. Needs --fhir; not with --attachment inline.")(f)
    f = click.option("--attachment", type=Choice(ATTACHMENT_MODES), default=None,
                     help="How the DocumentReference carries the PDF: a URL relative to it (url, the default) "
                          "or the PDF itself in base64 (inline). Needs --fhir.")(f)
    f = click.option("--fhir", "fhir_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
                     help="Also write a FHIR R4 DocumentReference (JSON) for the PDF, to file it in an EHR.")(f)
    return f


def check(fhir_file: Path | None, attachment: str | None, patient_ref: str | None, output: Path, fmt: str,
          base: str | None = None) -> None:
    """Before writing anything: the options fit together, and a patient reference is a reference."""
    from handouts.atomic import WriteError, check_target
    from handouts.fhir import attachment_base, patient_reference

    if fhir_file is None:
        if attachment or patient_ref or base:
            raise UsageError("--attachment, --attachment-base and --patient-ref describe the DocumentReference: "
                             "add --fhir FILE")
        return
    if base is not None:
        if attachment == "inline":
            raise UsageError("--attachment-base says where the PDF will be fetched from: --attachment inline carries "
                             "it inside instead; give one of them")
        attachment_base(base)
    if fmt != "pdf" or output == STDOUT:
        raise UsageError("--fhir describes a PDF file: write one (-o FILE.pdf), not HTML or standard output")
    if fhir_file == STDOUT:
        raise UsageError("--fhir needs a file name, e.g. --fhir handout.fhir.json")
    try:  # the PDF is written first: a --fhir file that cannot be written must stop the command before it
        check_target(fhir_file)
    except WriteError as exc:
        raise exc.at(display_path(fhir_file)) from None
    if fhir_file.resolve() == output.resolve():
        raise UsageError("--fhir names the PDF's own file: give the DocumentReference its own, e.g. "
                         f"{output.with_suffix('.fhir.json').name}")
    if patient_ref:
        patient_reference(patient_ref)


def write(topic: Any, view: Any, pdf_path: Path, fhir_file: Path, attachment: AttachmentMode | None,
          patient_ref: str | None, day: date, audience: str, personal: bool = False, base: str | None = None) -> None:
    """The DocumentReference for the PDF just written, replaced atomically; its path on stdout.

    Readable by its owner alone when it names the patient (`patient_ref`) or describes a document
    with their details (`personal`: inline it holds the PDF itself, and its URL names a file the clinician named)."""
    from handouts import dates
    from handouts.atomic import PRIVATE, WriteError, write_atomic
    from handouts.cli import session
    from handouts.fhir import Printed, attachment_base, document_reference, served_at, to_json

    frame = view.frame
    ws = session.current()  # its time zone dates the reference, as it decides today (not the machine's offset)
    # a URL, not a path: 'leaky gut #2.pdf' would be fetched as 'leaky gut ' with a fragment (or refused)
    relative = quote(Path(os.path.relpath(pdf_path.resolve(), fhir_file.resolve().parent)).as_posix())
    if base is not None:  # where the clinic puts it, for an EHR's FHIR server (which reads a relative URL as its own)
        relative = served_at(attachment_base(base), pdf_path.name)
    printed = Printed(pdf_path.read_bytes(), audience, f"{frame.lang}-{frame.locale.region}",
                      frame.metadata.title, day, relative, frame.brand.name,
                      made=dates.now(ws.timezone if ws else None))
    resource = document_reference(topic, printed, attachment or "url", patient_ref)
    try:
        write_atomic(fhir_file, to_json(resource).encode("utf-8"), mode=PRIVATE if patient_ref or personal else None)
    except WriteError as exc:  # e.g. a link made there since `check`: said with the file's name
        raise exc.at(display_path(fhir_file)) from None
    click.echo(str(fhir_file))
