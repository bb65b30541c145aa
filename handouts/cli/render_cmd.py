from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from handouts.cli import complete, details, exits, fhir_output, folders, options, private, session
from handouts.cli.output import output_format, write_and_report
from handouts.errors import UsageError
from handouts.models import Personalisation

def _item_ids(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """One recommendation id per --include or --omit, said plainly where the model's pattern was quoted:
    a comma-separated list (as --brands takes) shows the option repeated, as it is written."""
    import re

    from handouts.patterns import SLUG_PATTERN

    option = param.opts[-1]
    for typed in value:
        ids = [part.strip() for part in typed.split(",") if part.strip()]
        if len(ids) > 1:
            raise click.BadParameter(f"'{typed}': one id each time, the option repeated: "
                                     + " ".join(f"{option} {item}" for item in ids))
        if not re.fullmatch(SLUG_PATTERN, typed):
            raise click.BadParameter(f"'{typed}' is not a recommendation id: ids are lower-case words joined by '-' "
                                     "('handouts list items TOPIC' lists them)")
    return value


OPTION_FOR_FIELD = {"visit_date": "--date", "notes": "--note", "language": "--lang"}
"""Personalisation fields whose option is named differently."""


def _person(**fields: object) -> Personalisation:
    from pydantic import ValidationError

    try:
        return Personalisation.model_validate({k: v for k, v in fields.items() if v not in (None, (), "")})
    except ValidationError as exc:  # the model's own rules, as batch and the web form apply them
        first = exc.errors(include_url=False, include_input=False)[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        option = OPTION_FOR_FIELD.get(field, "--" + field.replace("_", "-"))
        raise click.BadParameter(first["msg"].removeprefix("Value error, "), param_hint=option) from None


@click.command(epilog=exits.epilog("written", "invalid content, a handout above --max-grade, or a failed render"))
@click.argument("topic", type=options.TOPIC_ID, shell_complete=complete.topics_or_files)
@click.option("--audience", type=options.Choice(["patient", "clinician"]), required=True, help="Who the document is for.")
@options.brand()
@click.option("--details", "details_file", metavar="FILE|-",
              help="The patient's details (name, clinician, dates, notes) from a YAML file, or '-' for standard "
                   "input (type them, then Ctrl-D), so they stay off the command line: options can be seen by "
                   "every user of the machine (ps) and stay in the shell's history. Keys: 'handouts schema --kind "
                   "personalisation'.")
@click.option("--patient-name", metavar="NAME",
              help="The patient's name, printed on the handout; never logged or stored (--details keeps it off the "
                   "command line). Default: none printed.")
@click.option("--clinician", metavar="NAME", help="The clinician's name, printed on the handout. Default: none printed.")
@click.option("--date", "visit_date", type=options.DATE, metavar="YYYY-MM-DD",
              help="The visit date, printed on the handout. Default: none printed.")
@click.option("--include", multiple=True, metavar="ID", shell_complete=complete.items, callback=_item_ids,
              help="Only these recommendation ids (repeatable; 'handouts list items TOPIC' lists them). Default: "
                   "every item a patient may see.")
@click.option("--omit", multiple=True, metavar="ID", shell_complete=complete.items, callback=_item_ids,
              help="Leave out these recommendation ids (repeatable).")
@click.option("--note", "notes", multiple=True, help="A note for the patient (repeatable; one line each).")
@click.option("--follow-up", type=options.DATE, metavar="YYYY-MM-DD",
              help="The follow-up date, printed in 'My plan'. Default: a blank to write it in.")
@options.lang()
@options.also()
@click.option("--large-print", is_flag=True,
              help="Large print for a patient with low vision: 18 pt body text, one column (patient only).")
@click.option("--summary", is_flag=True, help="The clinician brief's At-a-glance summary on its own (clinician only).")
@options.document_format()
@options.paper()
@options.archive()
@options.max_grade("Refuse a patient handout above this reading grade (default: no limit; the grade is printed); "
                   "English and Spanish only")
@options.as_of()
@options.output("The file to write (.pdf or .html). Default: TOPIC-AUDIENCE.pdf (in the workspace's output "
                "folder, else here). '-': standard output.")
@fhir_output.options
def render(
    topic: str, audience: str, brand: str | None, details_file: str | None, patient_name: str | None,
    clinician: str | None,
    visit_date: dt.date | None, include: tuple[str, ...], omit: tuple[str, ...], notes: tuple[str, ...],
    follow_up: dt.date | None, lang: str | None, also: tuple[str, ...], large_print: bool, summary: bool,
    fmt: str | None,
    paper: str | None, archive: bool, max_grade: int | None, as_of: dt.date | None, output: Path | None,
    fhir_file: Path | None, attachment: str | None, attachment_base: str | None, patient_ref: str | None,
) -> None:
    """Render TOPIC (an id or a YAML file) for one audience.

    Ids are looked up in the workspace's data folders, then in the shipped samples
    ('handouts list topics' lists them). '-o -' writes the document to standard
    output, so '... -o - | lp' prints it.

    \b
    Examples:
      handouts render leaky-gut --audience patient
                                  the patient handout, in the output folder
      handouts render leaky-gut --audience patient --details - -o alex.pdf
                                  one patient's: type their details
                                  (patient_name: Alex Morgan ...), then Ctrl-D;
                                  add --brand ID for your letterhead
      handouts render leaky-gut --audience patient --lang es -o folleto.pdf
                                  in Spanish, into folleto.pdf
      handouts render leaky-gut --audience clinician --summary -o brief.pdf
                                  the brief's At-a-glance summary on its own
    """
    from handouts import assemble, documents, workspace
    from handouts.glyphs import patient_details

    personal = {"--patient-name": patient_name, "--clinician": clinician, "--date": visit_date,
                "--include": include, "--omit": omit, "--note": notes, "--follow-up": follow_up}
    given = [option for option, value in personal.items() if value] + (["--details"] if details_file else [])
    if given or patient_ref:  # a patient reference ties this topic to one patient in the EHR
        private.holding_patient_details()
    ws = session.current()
    fields = dict(patient_name=patient_name, clinician=clinician, visit_date=visit_date, include=include, omit=omit,
                  notes="\n".join(notes) or None, follow_up=follow_up, language=lang)
    if details_file is not None and audience == "patient":
        fields = details.merge(details.read(details_file, session.context(as_of)), fields)
        lang = fields.get("language")
    brand = workspace.brand_id(brand, ws)
    asked_lang = lang  # the command line's own: a workspace's locale only sets the brief's region
    lang = workspace.language(lang, ws)
    fmt = output_format(fmt, output)
    folders.check_file(output)
    folders.check_file(fhir_file, "--fhir")
    folders.check_default_output(output, ws)
    if audience == "clinician" and given:
        raise UsageError(f"{', '.join(given)}: personalisation is for --audience patient only (the clinician brief is "
                         "the same for every patient)")
    if audience == "clinician" and (also or (asked_lang and not asked_lang.lower().startswith("en"))):
        raise UsageError("the clinician brief is written in English only: --lang and --also are for --audience patient")
    if audience == "clinician" and large_print:
        raise UsageError("--large-print is for --audience patient only")
    if audience == "patient" and summary:
        raise UsageError("--summary is for --audience clinician only (the brief's At-a-glance summary)")
    person = _person(**{**fields, "language": lang}) if audience == "patient" else None
    ctx = session.context(as_of, (topic, brand)).with_locale(lang)
    inputs, view = assemble.topic_view(audience, topic, brand, ctx, ws, person=person, paper=paper, also=also,
                                       large_print=large_print, summary=summary)
    if audience == "patient":  # how hard it is to read, and the --max-grade gate, before anything is written
        level = assemble.reading_level(inputs.topic, view.frame.lang, max_grade)
        if level is not None:
            click.echo(level.line, err=True)
        assemble.refuse(level, inputs.source)
    out = workspace.output_path(output, documents.default_output(inputs, audience, fmt), ws)
    fhir_output.check(fhir_file, attachment, patient_ref, out, fmt, attachment_base)
    write_and_report(view, out, fmt, archive, inputs.warnings, private=bool(given),
                     details=patient_details(person))
    if fhir_file is not None:
        day = (person.visit_date if person else None) or ctx.today
        fhir_output.write(inputs.topic, view, out, fhir_file, attachment, patient_ref, day,  # type: ignore[arg-type]
                          audience, personal=bool(given), base=attachment_base)
