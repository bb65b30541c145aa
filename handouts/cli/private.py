"""A command given a patient's details (or a password) forbids a core dump of itself before it reads them.

The render workers of serve and batch forbid one at start (handouts.nodump), but the
command's own process holds the same details: render's --patient-name, --note and
--patient-ref (the EHR patient a document is filed under), the customisation a diet sheet
is printed from (or checked by validate, lint or upgrade), a batch job file's patient rows,
the forms serve receives, and the password `users add` reads before hashing it. A crash there (a fault in a native library)
would leave them in a core file or a crash collector's store. Each such command calls
`holding_patient_details()` (or `holding_a_secret()`) before it reads them. Commands that
hold neither leave the process as it was: a clinician brief, a blank diet sheet, --topics
batches, `import` (an evidence tool's answer to a question about a condition) and `approve`
(the reviewer's name, which it writes into the file for all to read).

One function, so the tests can tell when it is called without making the test runner's
own process undumpable (which cannot be undone).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

PATIENT_FOLDERS = ("customisations", "personalisations")
"""The kind folders whose files are one patient's each (handouts.kinds: customisation, personalisation)."""
PATIENT_KINDS = ("diet-customisation", "personalisation")


def holding_patient_details() -> None:
    """From here on this process holds a patient's details: no core dump of it (silently nothing
    where the platform has no way to say so)."""
    from handouts import nodump

    nodump.forbid()


def holding_a_secret() -> None:
    """From here on this process holds a password in the clear: no core dump of it, as for a patient's details."""
    holding_patient_details()


def holding_patient_files(paths: Iterable[Path], kind: str | None = None) -> None:
    """validate, lint and upgrade read whatever files they are given: when those include a customisation or
    a personalisation (a file in, or a folder holding, customisations/ or personalisations/; or every file
    read as one with --kind), the process holds that patient's details, as `diet --customize` does."""
    if kind in PATIENT_KINDS or any(_holds_patients(Path(path)) for path in paths):
        holding_patient_details()


def _holds_patients(path: Path) -> bool:
    if path.is_dir():
        return path.name in PATIENT_FOLDERS or any((path / folder).is_dir() for folder in PATIENT_FOLDERS)
    return path.parent.name in PATIENT_FOLDERS
