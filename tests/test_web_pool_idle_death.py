"""A render worker that dies while idle (the OOM killer, a stray signal) costs no clinician a print.

It never saw a job, so no document can be to blame: the next request's job goes to its
replacement. Before, that request failed with "the renderer stopped before it could take this
document", and the server's log said nothing about the worker.
"""

from __future__ import annotations

import logging
import multiprocessing.connection
import os
import signal

import pytest

from handouts.web.pool import RenderPool

RUNNER = "pool_runners"  # tests/pool_runners.py: light jobs


def test_the_request_after_an_idle_worker_died_is_served_by_its_replacement(caplog: pytest.LogCaptureFixture):
    with RenderPool(1, runner=RUNNER, timeout=20) as pool:
        assert pool.wait_ready(60), "the worker did not start"
        (slot,) = pool._slots
        os.kill(slot.process.pid, signal.SIGKILL)
        assert multiprocessing.connection.wait([slot.process.sentinel], 60), "the worker did not die"
        with caplog.at_level(logging.ERROR, logger="handouts.web"):
            answer, pid = pool.run(("echo", "after"))
        assert answer == "after" and pid != slot.process.pid
        assert pool.replaced == 1
    assert [r.getMessage() for r in caplog.records] == [
        "a render worker had stopped while idle (killed by signal 9, perhaps out of memory); started another"]
