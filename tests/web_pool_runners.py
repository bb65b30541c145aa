"""tests/pool_runners.py's jobs, and ("hold", path) for test_web_pool: it answers once the file at `path`
exists, so a test holds the one worker exactly as long as it needs (a fixed sleep was set long enough for
a busy machine, and paid in full on an idle one)."""

from __future__ import annotations

import os
import time
from typing import Any

from pool_runners import run as _pool_run
from pool_runners import warm  # noqa: F401 (a runner module's warm())


def run(job: tuple[str, Any]) -> Any:
    what, value = job
    if what == "hold":
        deadline = time.monotonic() + 60
        while not os.path.exists(value) and time.monotonic() < deadline:
            time.sleep(0.01)
        return ("held", os.getpid())
    return _pool_run(job)
