from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from handouts.cli.output import fail_with_problems, write_and_report
from handouts.errors import ContentError, UsageError
from handouts.models import Personalisation


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


def _check_reading_grade(topic: object, lang: str, max_grade: float | None) -> None:
    """Tell the clinician how hard the handout is to read; refuse it above --max-grade."""
    from handouts.lint import patient_grade

    if lang != "en":
        if max_grade is not None:
            raise click.UsageError("--max-grade is measured on English text only")
        return
    grade = patient_grade(topic, lang)  # type: ignore[arg-type]
    click.echo(f"reading grade: {grade.flesch_kincaid:.1f} (Flesch-Kincaid), SMOG {grade.smog:.1f}", err=True)
    if max_grade is not None and grade.flesch_kincaid > max_grade:
        raise click.ClickException(
            f"not rendered: the patient texts read at grade {grade.flesch_kincaid:.1f}, above --max-grade "
            f"{max_grade:g}; run 'handouts lint' to see which sentences to simplify"
        )


@click.command()
@click.argument("topic")
@click.option("--audience", type=click.Choice(["patient", "clinician"]), required=True)
@click.option("--brand", default="default", show_default=True, help="Brand id from data/brands or a brand YAML file.")
@click.option("--patient-name", help="Printed on the handout; never logged or stored.")
@click.option("--clinician", help="Clinician's name.")
@click.option("--date", "visit_date", type=click.DateTime(["%Y-%m-%d"]), help="Visit date (YYYY-MM-DD).")
@click.option("--include", multiple=True, help="Only these recommendation ids (repeatable).")
@click.option("--omit", multiple=True, help="Leave out these recommendation ids (repeatable).")
@click.option("--note", "notes", multiple=True, help="A note for the patient (repeatable; one line each).")
@click.option("--follow-up", type=click.DateTime(["%Y-%m-%d"]), help="Follow-up date (YYYY-MM-DD).")
@click.option("--lang", default="en", show_default=True, help="Language of the patient texts.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True)
@click.option("--archive", is_flag=True, help="PDF/A-3a for archiving (default: PDF/UA-1, tagged and accessible).")
@click.option("--max-grade", type=click.FloatRange(1, 20), help="Refuse a patient handout above this reading grade (Flesch-Kincaid).")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Judge review dates as of this day (default: today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: TOPIC-AUDIENCE.pdf")
def render(
    topic: str, audience: str, brand: str, patient_name: str | None, clinician: str | None,
    visit_date: dt.datetime | None, include: tuple[str, ...], omit: tuple[str, ...], notes: tuple[str, ...],
    follow_up: dt.datetime | None, lang: str, fmt: str, archive: bool, max_grade: float | None,
    as_of: dt.datetime | None, output: Path | None,
) -> None:
    """Render TOPIC (an id from data/topics or a YAML file) for one audience."""
    from handouts import documents
    from handouts.context import context_for
    from handouts.views.patient import PersonalisationError

    personal = (patient_name, clinician, visit_date, include, omit, notes, follow_up)
    if audience == "clinician" and any(personal):
        raise click.UsageError("personalisation options are for --audience patient only")
    person = _person(
        patient_name=patient_name, clinician=clinician, visit_date=visit_date and visit_date.date(),
        include=include, omit=omit, notes="\n".join(notes) or None,
        follow_up=follow_up and follow_up.date(), language=lang,
    ) if audience == "patient" else None
    ctx = context_for((topic, brand), as_of and as_of.date())
    try:
        inputs = documents.topic_inputs(topic, brand, ctx)
        view = documents.build_view(audience, inputs, person, ctx)
    except ContentError as exc:
        fail_with_problems(exc)
    except (PersonalisationError, UsageError) as exc:
        raise click.UsageError(str(exc)) from None
    if audience == "patient":
        _check_reading_grade(inputs.topic, lang, max_grade)
    out = output or documents.default_output(inputs, audience, fmt)
    write_and_report(view, out, fmt, archive, view.frame.brand.warnings)
