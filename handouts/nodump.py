"""Processes that hold patients' details never leave them in a core dump.

A render worker that crashes (a fault in a native library: the pools are built to
survive one) would otherwise be written out, memory and all, by the system's crash
collector (systemd-coredump, apport) or as a `core` file: the names and notes of the
patients it rendered, on disk for days. Render workers (serve's and batch's) forbid
it at start: no core file (RLIMIT_CORE 0, which crash collectors honour too) and, on
Linux, not dumpable at all (PR_SET_DUMPABLE 0, which also keeps other processes of the
same user from reading their memory).

Only the standard library is imported: workers call this before anything heavy.
"""

from __future__ import annotations

import sys

PR_SET_DUMPABLE = 4  # linux/prctl.h


def forbid() -> None:
    """No core dump of this process, wherever the platform allows saying so (silently nothing elsewhere)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):  # Windows has neither core files nor the module
        pass
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
        except (OSError, AttributeError):
            pass
