"""A command given a patient's details (or a password) forbids a core dump of itself before it reads them.

The render workers of serve and batch forbid one at start (handouts.nodump), but the
command's own process holds the same details: render's --details, --patient-name, --note and
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


def holding_patient_details() -> None:
    """From here on this process holds a patient's details: no core dump of it (silently nothing
    where the platform has no way to say so)."""
    from handouts import nodump

    nodump.forbid()


def holding_a_secret() -> None:
    """From here on this process holds a password in the clear: no core dump of it, as for a patient's details."""
    holding_patient_details()


def holding_patient_files(paths: Iterable[Path], kind: str | None = None) -> None:
    """validate, lint and upgrade read whatever files they are given: when those may include a customisation
    or a personalisation, the process holds that patient's details, as `diet --customize` does. A file may
    be one when it is in, or in a folder holding, customisations/ or personalisations/; when every file is
    read as one (--kind); and when its folder names no kind at all, so that its kind is told from its
    contents only after they are read (a dietitian's ~/Downloads/sam.yaml)."""
    from handouts.kinds import CONTENT_KINDS

    paths = [Path(path) for path in paths]
    patients = [k for k in CONTENT_KINDS.values() if k.patient_details]  # each file is one patient's
    folders = {k.folder for k in patients}
    if kind in {k.name for k in patients} or any(_holds_patients(path, folders) for path in paths) or (
            kind is None and any(_kind_unknown(path) for path in paths)):
        holding_patient_details()


def _holds_patients(path: Path, folders: set[str]) -> bool:
    if path.is_dir():
        return path.name in folders or any((path / folder).is_dir() for folder in folders)
    return path.parent.name in folders


def _kind_unknown(path: Path) -> bool:
    """No folder names the kind of (some of) the files read: only their contents will tell."""
    from handouts.kinds import CONTENT_KINDS

    named = {k.folder for k in CONTENT_KINDS.values()}
    if path.is_dir():  # a data folder (topics/, brands/, ...) or a kind's own folder: each file's folder names it
        return not (path.name in named or any((path / folder).is_dir() for folder in named))
    return path.parent.name not in named
