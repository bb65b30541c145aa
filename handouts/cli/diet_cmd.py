from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from handouts.cli.output import fail_with_problems, write_and_report
from handouts.errors import ContentError, UsageError


@click.command()
@click.argument("plan", required=False)
@click.option(
    "--customize", "--customise", "customisation",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The dietitian's customisation for one patient (YAML). Without it: a sheet with blanks to fill in.",
)
@click.option("--brand", default="default", show_default=True, help="Brand id from data/brands or a brand YAML file.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True)
@click.option("--archive", is_flag=True, help="PDF/A-3a for archiving (default: PDF/UA-1, tagged and accessible).")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Judge review dates as of this day (default: today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Default: CUSTOMISATION-PLAN.pdf, or PLAN-diet-sheet.pdf without a customisation.")
def diet(
    plan: str | None, customisation: Path | None, brand: str, fmt: str, archive: bool, as_of: dt.datetime | None,
    output: Path | None,
) -> None:
    """Render an elimination-diet sheet for PLAN (an id from data/diets or a YAML file).

    PLAN may be left out when the customisation names its plan.

    Warnings (for example an allergen the customisation listed under 'enjoy',
    which the sheet puts under 'leave out' instead) are printed to stderr.
    Exit status: 0 written, 1 invalid content, 2 usage error.
    """
    from handouts import documents
    from handouts.context import context_for
    from handouts.views.diet import DietError

    ctx = context_for((customisation, plan, brand), as_of and as_of.date())
    try:
        inputs = documents.diet_inputs(plan, customisation, brand, ctx)
        view = documents.build_view("diet-sheet", inputs, None, ctx)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    except ContentError as exc:
        fail_with_problems(exc)
    except DietError as exc:  # only reachable with content that skipped validation
        click.echo(f"{customisation}: {exc}", err=True)
        raise SystemExit(1) from None
    out = output or documents.default_output(inputs, "diet-sheet", fmt, customisation)
    write_and_report(view, out, fmt, archive, (*view.frame.brand.warnings, *view.warnings))
