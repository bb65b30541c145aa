"""A command given a patient's details forbids a core dump of itself before it reads them.

The render workers of serve and batch forbid one at start (handouts.nodump), but the
command's own process holds the same details: render's --patient-name and --note, the
customisation a diet sheet is printed from, a batch job file's patient rows, the forms
serve receives. A crash there (a fault in a native library) would leave them in a core
file or a crash collector's store. Each such command calls `holding_patient_details()`
before it reads them; commands without patient details (a clinician brief, a blank diet
sheet, --topics batches) leave the process as it was.

One function, so the tests can tell when it is called without making the test runner's
own process undumpable (which cannot be undone).
"""

from __future__ import annotations


def holding_patient_details() -> None:
    """From here on this process holds a patient's details: no core dump of it (silently nothing
    where the platform has no way to say so)."""
    from handouts import nodump

    nodump.forbid()
