"""How a batch says a warning: a job's at its place first, as `handouts validate` says a file's.

A cron'd run's log is grepped and an editor jumps to FILE:LINE, so a job's warning reads
'jobs.csv:3: warning: p/0003.pdf: ...' (its job file's row, then the output the manifest keeps
it under), the shape of 'FILE:8:22: warning: field: ...'. A job of a cross product has no row:
its output is its place. What is the run's or shared by many jobs (an unreadable manifest, a
brand's footer lacking a language) has no one place: 'warning: ...'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handouts.batch.jobs import AnyJob, BadJob


def at_its_place(warning: str, job: AnyJob | BadJob) -> tuple[str, str]:
    """(where, what) for one of `job`'s warnings: its own (the worker starts them with the job's output)
    at the job's row; any other unplaced. Only the row and the output: never a patient's detail."""
    own = f"{job.output}: "
    if not job.output or not warning.startswith(own):
        return "", warning
    return (job.origin, warning) if job.origin else (job.output, warning[len(own):])


def warning_line(message: str, where: str = "") -> str:
    """The line printed: 'WHERE: warning: MESSAGE', or 'warning: MESSAGE' when it has no place."""
    return f"{where}: warning: {message}" if where else f"warning: {message}"
