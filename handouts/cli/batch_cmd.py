from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from handouts.errors import ContentError, UsageError


@click.command()
@click.argument("job_file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--topics", "topics", multiple=True, metavar="DIR_OR_GLOB",
              help="Topics: a folder, a glob, a YAML file or an id (repeatable). Instead of JOB_FILE.")
@click.option("--brands", default="default", show_default=True, metavar="LIST",
              help="With --topics: brand ids or brand YAML files, comma-separated.")
@click.option("--audiences", default="patient,clinician", show_default=True, metavar="LIST",
              help="With --topics: patient, clinician or both, comma-separated.")
@click.option("--language", default="en", show_default=True, help="With --topics: language of the patient texts.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder; it also holds manifest.json.")
@click.option("--pattern", default="{brand}/{topic}-{audience}.pdf", show_default=True,
              help="Output name under --out: {topic} {brand} {audience} {language} {row}.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes.  [default: number of CPUs]")
@click.option("--recycle-after", type=click.IntRange(min=0), default=500, show_default=True,
              help="Replace a worker after this many documents (0: never); keeps memory bounded.")
@click.option("--force", is_flag=True, help="Render every job, even those whose output is up to date.")
@click.option("--allow-draft", is_flag=True,
              help="Render topics that are not approved or overdue for review (printed with a mark).")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Judge review dates as of this day (default: today).")
@click.option("--archive", is_flag=True, help="PDF/A-3a for archiving (default: PDF/UA-1, tagged and accessible).")
@click.option("--timeout", type=click.FloatRange(min=0), default=300, show_default=True,
              help="Seconds one document may take before its worker is replaced (0: no limit).")
@click.option("-q", "--quiet", is_flag=True, help="Print failures only.")
@click.option("--json", "json_summary", is_flag=True, help="Print a JSON summary on stdout.")
def batch(
    job_file: Path | None, topics: tuple[str, ...], brands: str, audiences: str, language: str, out_dir: Path,
    pattern: str, jobs: int | None, recycle_after: int, force: bool, allow_draft: bool, as_of: dt.datetime | None,
    archive: bool, timeout: float, quiet: bool, json_summary: bool,
) -> None:
    """Render many documents: a JOB_FILE (CSV or YAML rows) or --topics × --brands × --audiences.

    \b
    A job file has one job per row (CSV with a header row, or YAML with a
    'jobs:' list and optional 'defaults:'): topic and audience (required),
    brand, language, output, and for patient handouts patient_name, clinician,
    visit_date, include, omit, notes, follow_up. Topics and brands are ids or
    paths relative to the job file; output is relative to --out (default:
    --pattern). Patient details are printed on the PDF only: never in file
    names, logs or the manifest.

    Jobs whose inputs and output are unchanged since the last run are skipped
    (see OUT/manifest.json); an interrupted run resumes where it stopped.

    Exit status: 0 all rendered or up to date, 1 some job failed, 2 usage error,
    130 interrupted (Ctrl-C; 143 for SIGTERM).
    """
    from handouts.batch import jobs as joblist
    from handouts.batch.progress import reporter
    from handouts.batch.runner import Options, OutputFolderError, WorkersCannotStart, default_jobs, run_batch

    try:
        output_pattern = joblist.OutputPattern(pattern)
        if job_file and topics:
            raise UsageError("give a JOB_FILE or --topics, not both")
        if job_file:
            ctx = click.get_current_context()
            for name in ("brands", "audiences", "language"):
                if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE:
                    raise UsageError(f"--{name} goes with --topics; a job file names them per row")
            source = joblist.JobFile(job_file, output_pattern)
        elif topics:
            source = joblist.CrossProduct(topics, joblist.split_list(brands), joblist.split_list(audiences),
                                          output_pattern, language)
        else:
            raise UsageError("give a JOB_FILE or --topics")
        options = Options(
            out_dir=out_dir, jobs=jobs or default_jobs(), recycle_after=recycle_after, force=force,
            allow_draft=allow_draft, as_of=as_of.date() if as_of else dt.date.today(),
            variant="archive" if archive else "ua", timeout=timeout or None,
        )
        summary = run_batch(source, options, reporter(quiet, json_summary), total=source.total)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise SystemExit(1) from None
    except (WorkersCannotStart, OutputFolderError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    raise SystemExit(summary.exit_code)
