from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from handouts.cli import complete, details, exits, folders, options, private, session
from handouts.cli.output import output_format, write_and_report
from handouts.errors import UsageError


@click.command(epilog=exits.epilog("written", "invalid content or a failed render"))
@click.argument("plan", required=False, shell_complete=complete.plans)
@click.option(
    "--customize", "--customise", "customisation", metavar="ID|FILE", shell_complete=complete.customisations,
    help="The dietitian's customisation for one patient: an id from the workspace's customisations/, a "
         "YAML file, or '-': read from standard input (no file name in the process list or shell "
         "history). Without it: a sheet with blanks to fill in.",
)
@options.brand()
@options.lang()
@options.also()
@options.document_format()
@options.paper()
@options.archive()
@options.as_of()
@options.output("The file to write (.pdf or .html). Default: customised-PLAN.pdf (never the customisation's file name, often the patient's), or "
                "PLAN-diet-sheet.pdf without a customisation (in the workspace's output folder). '-': standard output.")
def diet(
    plan: str | None, customisation: str | None, brand: str | None, lang: str | None, also: tuple[str, ...],
    fmt: str | None, paper: str | None, archive: bool, as_of: dt.date | None, output: Path | None,
) -> None:
    """Render an elimination-diet sheet for PLAN (an id or a YAML file).

    PLAN may be left out when the customisation names its plan ('handouts list plans'
    lists the plans).

    \b
    Examples:
      handouts diet low-fodmap        a blank sheet, in the output folder
      handouts diet --customize sam-low-fodmap -o 0042.pdf
                                      one patient's sheet, from a customisation
      handouts diet --customize - < data/customisations/sam-low-fodmap.yaml
                                      the same, read from standard input

    Warnings (for example an allergen the customisation listed under 'enjoy',
    which the sheet puts under 'leave out' instead) are printed to stderr.
    """
    from handouts import assemble, documents, workspace
    from handouts.glyphs import patient_details

    fmt = output_format(fmt, output)
    ws = session.current()
    folders.check_file(output)
    folders.check_default_output(output, ws)
    brand = workspace.brand_id(brand, ws)
    if plan is None and customisation is None:
        from handouts import lookup

        known = ", ".join(lookup.ids(session.context(as_of).data_dirs, "diets")) or "none yet"
        raise UsageError(f"give a PLAN (plans: {known}; 'handouts list plans' lists them), or a customisation "
                         "that names its plan (--customize ID|FILE)")
    custom_file = typed = None
    if customisation is not None:  # a customisation is one patient's: named, with allergies and notes
        private.holding_patient_details()
        if customisation == "-":
            typed = details.read_customisation()
        else:
            custom_file = session.context(as_of).find("customisations", customisation, "customisation")
            if not custom_file.is_file():
                from handouts.inputfile import why_not_a_file

                raise UsageError(f"--customize {customisation}: {why_not_a_file(custom_file)}")
    ctx = session.context(as_of, (custom_file, plan, brand)).with_locale(lang)
    inputs, view = assemble.diet_view(plan, custom_file, brand, ctx, ws, language=lang, paper=paper, also=also,
                                      data=typed)
    out = workspace.output_path(output, documents.default_output(inputs, "diet-sheet", fmt, customisation is not None),
                                ws)
    own = assemble.diet_warnings(custom_file, typed, inputs.customisation, view.warnings, details.STDIN_NAME)
    write_and_report(view, out, fmt, archive, own, private=customisation is not None,
                     details=patient_details(inputs.customisation))

