"""What the user sees while a batch runs.

- on a terminal: a progress bar (rich) on stderr, failures printed above it;
- otherwise (CI, cron, a pipe): one plain line per finished job, so logs can be
  read and grepped;
- `--quiet` (an overnight run from cron): failures, and what concerns the run itself (an
  unreadable manifest, no key) or is kept nowhere else (a diet sheet's allergen warnings,
  which the manifest withholds); a job's other warnings stay in the manifest, and one
  summary line says how many there were. Nothing at all when all is well;
- `--format json`: one JSON summary on stdout at the end (the bar may still show on stderr); on
  stderr if stdout's reader went away.

A reader that stops early (`handouts batch jobs.csv | head`) closes stdout: that
ends the lines, never the run. The night's files and manifest matter more than
its report; one line on stderr says so, and the summary goes there instead.

Lines name the output file and where the job came from, never the patient:
output paths that spell a patient's name are refused before they get here.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from typing import Any

import click

from handouts.batch.runner import Finished, Summary
from handouts.batch.warning_lines import warning_line


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def duration(seconds: float) -> str:
    """A run's length as a person reads it: '12.3 s', '41 min 40 s', '7 h 58 min' (a night's run was
    'in 28734.2 s')."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < 3600:
        return f"{whole // 60} min {whole % 60} s"
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60} min"


FORCED = " (--force renders every job again, the finished ones too)"
"""Why a --force run resumes without it: the same command would start over."""


def summary_line(summary: Summary) -> str:
    if summary.checking:
        skips = f" ({summary.up_to_date} up to date: the run skips them)" if summary.up_to_date else ""
        counts = f"{summary.ready} ready{skips}, {summary.failed} failed"
        if summary.interrupted:
            return f"check interrupted after {summary.done} of {summary.total} jobs ({counts}); nothing was rendered"
        return (f"{_plural(summary.done, 'job')} checked: {counts} in {duration(summary.seconds)}; nothing was "
                "rendered")
    counts = f"{summary.rendered} rendered, {summary.skipped} skipped, {summary.failed} failed"
    manifest = summary.out_dir / "manifest.json"
    left = f" of {summary.total}" if summary.total is not None else ""
    if summary.interrupted:
        return (f"interrupted after {summary.done}{left} jobs ({counts}); finished jobs are recorded in "
                f"{manifest}: run the same command again{' without --force' if summary.forced else ''} to resume"
                f"{FORCED if summary.forced else ''}")
    if summary.halted:
        return (f"stopped after {summary.done}{left} jobs ({counts}): {summary.halted}"
                f"{'; leave out --force then' + FORCED if summary.forced else ''}")
    total = summary.total if summary.total is not None else summary.done
    return f"{_plural(total, 'job')}: {counts} in {duration(summary.seconds)}; manifest: {manifest}"


RECAP = 20
"""Failed jobs named again at the end of a run's lines (the rest: 'and N more')."""


def failure_recap(summary: Summary) -> str | None:
    """The failed jobs' rows, once more after the summary: in a log of 5000 'rendered' lines, the four
    failures were somewhere above."""
    if not summary.failures:
        return None
    rows: dict[str, list[str]] = {}  # a job file's rows, by file: its path once, not once a row
    for item in summary.failures[:RECAP]:
        where, _, line = item.origin.rpartition(":")
        if where and line.isdigit():
            rows.setdefault(where, []).append(line)
        else:
            rows.setdefault(item.origin or item.output or "a job", [])
    parts = [f"{where} {'row' if len(lines) == 1 else 'rows'} {', '.join(lines)}" if lines else where
             for where, lines in rows.items()]
    more = len(summary.failures) - RECAP
    return f"failed: {'; '.join(parts)}" + (f" and {more} more" if more > 0 else "")


def _failure_lines(item: Finished) -> list[str]:
    head = f"failed   {item.output or item.origin}"
    if item.output and item.origin:
        head += f"  ({item.origin})"
    return [head, *("  " + line for line in (item.error or "unknown error").splitlines())]


STDOUT_CLOSED = ("standard output was closed (a reader such as 'head' stopped reading): the run carries on, "
                 "its summary goes to standard error and manifest.json records every job")


def _to_devnull(stream: object) -> None:
    """Point a closed stream's descriptor at /dev/null: Python flushes it again at exit, which must be quiet."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())  # type: ignore[attr-defined]
        os.close(devnull)


class Lines:
    """One line per finished job (or, quiet, failures only)."""

    def __init__(self, quiet: bool = False, json_summary: bool = False, checking: bool = False):
        self.quiet = quiet
        self.json_summary = json_summary
        self.checking = checking
        self.hidden = 0  # a job's warnings not printed (quiet)
        self.closed: set[bool] = set()  # the streams (err or not) whose reader went away

    def echo(self, line: str, err: bool = False) -> None:
        """One line of the report. A closed stream (BrokenPipeError) is said once and then left alone."""
        if err in self.closed:
            return
        try:
            click.echo(line, err=err)
        except BrokenPipeError:
            self.closed.add(err)
            _to_devnull(sys.stderr if err else sys.stdout)
            if not err:
                self.echo(STDOUT_CLOSED, err=True)

    def json(self, summary: Summary) -> None:
        """The JSON summary on stdout; if its reader went away, whole on stderr (after the line saying so), so
        a log of stderr still holds it. The exit status stays the run's: its files and manifest are complete."""
        text = json.dumps(summary.as_dict(), indent=2)
        self.echo(text)
        if False in self.closed:
            self.echo(text, err=True)

    def start(self, total: int | None) -> None:
        pass

    def finished(self, item: Finished) -> None:
        if item.status == "failed":
            if not self.json_summary:
                for line in _failure_lines(item):
                    self.echo(line, err=True)
            return
        if self.quiet or self.json_summary:
            return
        if item.status == "rendered":
            pages = _plural(item.pages, "page") if item.pages is not None else "? pages"
            self.echo(f"rendered {item.output}  {pages}, {item.seconds:.2f} s")
        elif item.status == "ready":
            line = f"ready    {item.output}  ({item.origin})" if item.origin else f"ready    {item.output}"
            self.echo(line + ("  up to date" if item.up_to_date else ""))
        else:
            self.echo(f"skipped  {item.output}  up to date")

    def warning(self, message: str, job: bool = False, where: str = "") -> None:
        """`job`: a job's warning that its manifest entry keeps (or, checking, that the run will give)."""
        if self.quiet and job:
            self.hidden += 1
            return
        self.echo(warning_line(message, where), err=True)

    def stopping(self) -> None:
        if not self.json_summary:
            self.echo("stopping: waiting for workers to end, keeping the manifest consistent ...", err=True)

    def summary(self, summary: Summary) -> None:
        if self.json_summary:
            self.json(summary)
        elif not self.quiet or summary.failed or summary.interrupted or summary.halted or self.hidden:
            line = summary_line(summary)
            if self.hidden:
                where = "run --check without -q to see them" if self.checking else "each job's are in the manifest"
                line += f"; {_plural(self.hidden, 'warning')} not shown (-q): {where}"
            self.echo(line, err=bool(summary.failed or summary.interrupted or summary.halted or False in self.closed))
            recap = None if self.quiet else failure_recap(summary)  # quiet printed the failures alone
            if recap:
                self.echo(recap, err=True)


class Bar(Lines):
    """A progress bar on stderr for people watching a terminal."""

    def __init__(self, json_summary: bool = False, checking: bool = False):
        super().__init__(quiet=True, json_summary=json_summary)
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.console = Console(stderr=True, highlight=False)
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=self.console, transient=False,
        )
        self.counts = {"ready": 0, "failed": 0} if checking else {"rendered": 0, "skipped": 0, "failed": 0}
        self.task: Any = None

    def _counts(self) -> str:
        return ", ".join(f"{n} {k}" for k, n in self.counts.items())

    def start(self, total: int | None) -> None:
        self.progress.start()
        self.task = self.progress.add_task("batch", total=total, counts=self._counts())

    def _print(self, line: str, style: str | None = None) -> None:
        from rich.text import Text

        self.progress.console.print(Text(line, style=style or ""), soft_wrap=True)

    def finished(self, item: Finished) -> None:
        self.counts[item.status] += 1
        self.progress.update(self.task, advance=1, counts=self._counts())
        if item.status == "failed":
            for index, line in enumerate(_failure_lines(item)):
                self._print(line, "bold red" if index == 0 else None)

    def warning(self, message: str, job: bool = False, where: str = "") -> None:
        self._print(warning_line(message, where), "yellow")

    def stopping(self) -> None:
        self.progress.update(self.task, description="stopping")

    def summary(self, summary: Summary) -> None:
        self.progress.stop()
        if self.json_summary:
            self.json(summary)
        else:
            self.console.print(summary_line(summary), markup=False, soft_wrap=True)


def reporter(quiet: bool = False, json_summary: bool = False, bar: bool | None = None, checking: bool = False) -> Lines:
    """The reporter for this terminal: a bar when a person is watching, lines otherwise (`checking`: --check)."""
    if bar is None:
        bar = not quiet and sys.stdout.isatty() and sys.stderr.isatty()
    return Bar(json_summary, checking) if bar else Lines(quiet, json_summary, checking)
