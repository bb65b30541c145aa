from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from handouts.cli import exits, options
from handouts.cli.output import output_format, write_and_report


@click.command(epilog=exits.epilog("written", "invalid content or a failed render"))
@click.argument("plan", required=False)
@click.option(
    "--customize", "--customise", "customisation",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The dietitian's customisation for one patient (YAML). Without it: a sheet with blanks to fill in.",
)
@options.brand()
@options.lang()
@options.also()
@options.document_format()
@options.archive()
@options.as_of()
@options.output("Default: CUSTOMISATION-PLAN.pdf, or PLAN-diet-sheet.pdf without a customisation.")
def diet(
    plan: str | None, customisation: Path | None, brand: str, lang: str | None, also: tuple[str, ...],
    fmt: str | None, archive: bool, as_of: dt.date | None, output: Path | None,
) -> None:
    """Render an elimination-diet sheet for PLAN (an id from data/diets or a YAML file).

    PLAN may be left out when the customisation names its plan.

    Warnings (for example an allergen the customisation listed under 'enjoy',
    which the sheet puts under 'leave out' instead) are printed to stderr.
    """
    from handouts import documents
    from handouts.context import context_for

    fmt = output_format(fmt, output)
    ctx = context_for((customisation, plan, brand), as_of).with_locale(lang)
    inputs = documents.diet_inputs(plan, customisation, brand, ctx)  # checks the customisation against the plan
    if lang:
        inputs = documents.in_language(inputs, lang)  # --lang over the customisation's own language
    view = documents.build_view("diet-sheet", inputs, None, ctx, also)
    out = output or documents.default_output(inputs, "diet-sheet", fmt, customisation)
    write_and_report(view, out, fmt, archive, (*view.frame.brand.warnings, *view.warnings))
