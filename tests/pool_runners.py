"""Job runners for render-pool tests, named by module to RenderPool(runner=...).

A job is (what, value). ("echo", x) answers x and the worker's pid; ("sleep", s) answers
after s seconds; ("crash", _) kills the worker's own process, as a crash in a native library
would; ("fail", message) raises an error; ("dumpable", _) says whether a crash would dump core. ("pdf" | "pages", view) renders as the real worker
does, except that a view naming the patient "Crash Test" kills the worker first and one naming
"Slow Test" takes a minute. WeasyPrint is
imported only for those, so a worker that only echoes starts fast.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

CRASH_NAME = "Crash Test"
SLOW_NAME = "Slow Test"


def warm() -> None:
    pass


def run(job: tuple[str, Any]) -> Any:
    what, value = job
    if what in ("pdf", "pages"):
        if CRASH_NAME in repr(value):
            os.kill(os.getpid(), signal.SIGKILL)
        if SLOW_NAME in repr(value):
            time.sleep(60)
        from handouts.web import pool_worker

        return pool_worker.run(job)
    if what == "sleep":
        time.sleep(value)
        return ("slept", os.getpid())
    if what == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    if what == "fail":
        raise ValueError(value)
    if what == "dumpable":  # whether a crash would leave a core dump (handouts.nodump)
        import ctypes
        import resource

        return (ctypes.CDLL(None).prctl(3, 0, 0, 0, 0), resource.getrlimit(resource.RLIMIT_CORE))  # PR_GET_DUMPABLE
    return (value, os.getpid())
