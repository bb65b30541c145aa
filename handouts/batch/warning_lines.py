"""How a batch says a warning: a job's at its place first, as `handouts validate` says a file's.

A cron'd run's log is grepped and an editor jumps to FILE:LINE, so a job's warning reads
'jobs.csv:3: warning: p/0003.pdf: ...' (its job file's row, then the output the manifest keeps
it under), the shape of 'FILE:8:22: warning: field: ...'. A job of a cross product has no row:
its output is its place. A brand's is said at the brand file's line, as validate says it
('brands/b.yaml:4:3: warning: colors.primary: ...'). What is the run's (an unreadable manifest)
has no one place: 'warning: ...'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

PLACED = ": warning: "  # what follows a located warning's place (handouts.errors.Problem)

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
    """The line printed: 'WHERE: warning: MESSAGE', or 'warning: MESSAGE' when it has no place; one said at
    its place already (a brand file's: 'FILE:4:3: warning: ...') as it is."""
    if not where and PLACED in message:
        return message
    return f"{where}: warning: {message}" if where else f"warning: {message}"
