from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from handouts.cli import complete, exits, folders, options, private, session
from handouts.errors import UsageError
from handouts.inputfile import broken_link, why_not_a_file

NOTHING_TO_RENDER = ("give a JOB_FILE (a CSV or YAML file, one document a row) or --topics (with --brands and "
                     "--audiences): what to render")

EPILOG = exits.epilog(
    "all rendered or up to date (--check: all ready)",
    "a job failed (--check: would fail), the disk filled up, workers could not start, or another batch was "
    "writing to the output folder",
    interrupt="interrupted (Ctrl-C): finished jobs are kept; run again to resume",
)


def _existing(job_file: Path | None) -> Path | None:
    """A JOB_FILE that is a link loop or a link to nothing is said to be one (click's exists=True called it
    'does not exist' while `ls` lists it), as every other file a command is given."""
    if job_file is not None and (not os.path.lexists(job_file) or broken_link(job_file)):
        raise UsageError(f"JOB_FILE {job_file}: {why_not_a_file(job_file)}")
    return job_file


@click.command(epilog=EPILOG)
@click.argument("job_file", required=False, type=click.Path(dir_okay=False, path_type=Path),
                callback=lambda ctx, param, value: _existing(value))
@click.option("--topics", "topics", multiple=True, metavar="DIR_OR_GLOB", shell_complete=complete.topics_or_files,
              help="Topics: a folder, a glob, a YAML file or an id (repeatable). Instead of JOB_FILE.")
@click.option("--brands", metavar="LIST", shell_complete=complete.brand_list,
              help="With --topics: brand ids or brand YAML files, comma-separated. "
                   "Default: the workspace's brand, else 'default'.")
@click.option("--audiences", default="patient,clinician", show_default=True, metavar="LIST",
              help="With --topics: patient, clinician or both, comma-separated.")
@options.lang("With --topics: language of the patient texts (a code: en, es, pt-BR). Default: the workspace's "
              "locale, else each brand's, else en-US.")
@options.out_dir("Output folder; it also holds manifest.json. Default: the workspace's output folder.")
@click.option("--pattern", default="{brand}/{topic}-{audience}.pdf", show_default=True, metavar="PATTERN",
              help="Output name under --out: {topic} {brand} {audience} {language} {row}.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes.  [default: number of CPUs]")
@click.option("--recycle-after", type=click.IntRange(min=0), default=500, show_default=True, metavar="N",
              help="Replace a worker after this many documents (0: never); keeps memory bounded.")
@options.force("Render every job, even those whose output is up to date.")
@click.option("--allow-draft", is_flag=True,
              help="Render what is not approved or is overdue for review, printed with its mark: topics, diet "
                   "plans, translations, and food catalogues where handouts.toml sets require_catalogue_approval.")
@options.as_of()
@options.paper()
@options.archive()
@click.option("--timeout", type=click.FloatRange(min=0), default=300, show_default=True, metavar="SECONDS",
              help="Seconds one document may take before its worker is replaced (0: no limit).")
@click.option("--cluster", metavar="ADDRESS",
              help="Render on a Dask cluster: a scheduler (tcp://HOST:8786) or local:N to try N local "
                   "workers. Needs pip install 'handouts[cluster]'.")
@click.option("--document-references", is_flag=True,
              help="Also write a FHIR R4 DocumentReference (NAME.fhir.json) beside every topic PDF, to file "
                   "them in an EHR (diet sheets get none).")
@click.option("--attachment", type=options.Choice(("inline", "url")), default=None,
              help="How each DocumentReference carries its PDF: a URL relative to it (url, the default) or the "
                   "PDF itself in base64 (inline). Needs --document-references.")
@click.option("--attachment-base", metavar="URL",
              help="The address of the folder the PDFs will be put in for the EHR to fetch (e.g. "
                   "https://docs.clinic.example/handouts/): each URL is this address and the PDF's path under "
                   "--out. Without it a URL is relative to its DocumentReference's file, which a FHIR server "
                   "reads against its own address. Needs --document-references; not with --attachment inline.")
@click.option("--check", is_flag=True,
              help="Check every job (its files, content, review, patient details and output name) as a run "
                   "would, and render nothing: exit 1 if any would fail. Writes nothing.")
@options.quiet("Print failures only, and warnings no file keeps; a job's other warnings stay in the "
               "manifest, counted in one line. Nothing when all is well.")
@options.report_format("Report each job as text, or print one JSON summary on stdout at the end.")
def batch(
    job_file: Path | None, topics: tuple[str, ...], brands: str | None, audiences: str, lang: str | None,
    out_dir: Path | None, pattern: str, jobs: int | None, recycle_after: int, force: bool, allow_draft: bool,
    as_of: dt.date | None, paper: str | None, archive: bool, timeout: float, cluster: str | None,
    document_references: bool, attachment: str | None, attachment_base: str | None, check: bool, quiet: bool,
    fmt: str,
) -> None:
    """Render many documents: a JOB_FILE (CSV or YAML rows) or --topics × --brands × --audiences.

    \b
    A job file has one job per row (CSV with a header row, or YAML with a
    'jobs:' list and optional 'defaults:'): topic and audience (required),
    brand, language, output, and for patient handouts patient_name, clinician,
    visit_date, include, omit, notes, follow_up (dates as YYYY-MM-DD). A
    diet-sheet row has plan and/or customisation instead of topic and audience.
    Topics, brands and plans are ids (the workspace's, then the shipped
    samples) or paths relative to the job file, customisations are paths;
    output is relative to --out (default: --pattern). Patient details are
    printed on the PDF only: never in file names, logs or the manifest.

    Jobs whose inputs and output are unchanged since the last run are skipped
    (see OUT/manifest.json); an interrupted run resumes where it stopped.
    --check finds a bad brand, topic or row in seconds, before a night's run.

    \b
    Examples:
      handouts batch --topics leaky-gut --brands default,riverside --allow-draft
                         both audiences and both brands, into the output folder
      handouts batch jobs.csv --allow-draft --check
                         check a job file's every row before a night's run

    With --cluster the jobs render on Dask workers (no shared folder needed:
    this command sends each job's content and writes every file itself), with
    the same files and manifest as a local run.
    """
    from handouts import workspace
    from handouts.batch import document_references as document_refs
    from handouts.batch import jobs as joblist
    from handouts.batch.progress import reporter
    from handouts.batch.runner import Options, default_jobs, run_batch

    if job_file is not None:  # its rows may name patients, with notes and visit dates
        private.holding_patient_details()
    ws = session.current()
    if not job_file and not topics:  # first: what to render, before where it goes
        raise UsageError(NOTHING_TO_RENDER)
    folders.check_folder(out_dir)
    folders.check_default_output(out_dir, ws)
    out_dir = workspace.output_dir(out_dir, ws)
    if out_dir is None and check:
        out_dir = Path()  # --check writes nothing: it needs no output folder
    if out_dir is None:
        raise UsageError("give --out DIR: the folder for the documents and manifest.json")
    data_dirs = session.context().data_dirs
    output_pattern = joblist.OutputPattern(pattern)
    if cluster:
        from handouts.batch.cluster import check_address, require_dask

        check_address(cluster)
        for name in ("jobs", "recycle_after", "timeout"):
            if click.get_current_context().get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE:
                raise UsageError(f"--{name.replace('_', '-')} is for the built-in pool; with --cluster the "
                                 "cluster's workers run the jobs")
        require_dask()
    if job_file and topics:
        raise UsageError("give a JOB_FILE or --topics, not both")
    if job_file:
        ctx = click.get_current_context()
        for name in ("brands", "audiences", "lang"):
            if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE:
                raise UsageError(f"--{name} goes with --topics; a job file names them per row")
        source = joblist.JobFile(job_file, output_pattern, data_dirs, workspace.brand_id(None, ws),
                                 workspace.language(None, ws))
    elif topics:
        source = joblist.CrossProduct(topics, joblist.split_list(brands or workspace.brand_id(None, ws)),
                                      joblist.split_list(audiences), output_pattern, workspace.language(lang, ws),
                                      data_dirs)
    else:
        raise UsageError(NOTHING_TO_RENDER)
    settings = Options(
        out_dir=out_dir, jobs=jobs or default_jobs(), recycle_after=recycle_after, force=force,
        allow_draft=allow_draft, as_of=as_of or workspace.today(ws),
        variant="archive" if archive else "ua", timeout=timeout or None, data_dirs=tuple(workspace.data_dirs(ws)),
        paper=paper or (ws.paper if ws else None),
        home_locale=ws.locale if ws and ws.locale else None,
        cluster=cluster, job_file=str(job_file.resolve()) if job_file else None,
        require_catalogue_approval=bool(ws and ws.require_catalogue_approval),
    )
    if (attachment or attachment_base) and not document_references:
        raise UsageError("--attachment and --attachment-base describe the DocumentReferences: add --document-references")
    if attachment_base is not None:
        from handouts.fhir import attachment_base as checked_base

        if attachment == "inline":
            raise UsageError("--attachment-base says where the PDFs will be fetched from: --attachment inline carries "
                             "each inside instead; give one of them")
        attachment_base = checked_base(attachment_base)
    if check:
        from handouts.batch.check import check_batch

        summary = check_batch(source, settings, reporter(quiet, fmt == "json", checking=True), total=source.total)
        raise SystemExit(summary.exit_code)
    collected = document_refs.Collect(source) if document_references else None
    report = reporter(quiet, fmt == "json")
    summary = run_batch(collected or source, settings, report, total=source.total)
    if collected is not None and not summary.interrupted and not summary.halted:
        written = document_refs.write_all(out_dir, collected.wanted, attachment or "url", settings.as_of,
                                          settings.data_dirs, settings.home_locale, ws.timezone if ws else None,
                                          base=attachment_base)
        if not quiet:
            report.echo(f"wrote {len(written)} FHIR DocumentReference(s) beside the PDFs", err=True)
    raise SystemExit(summary.exit_code)
