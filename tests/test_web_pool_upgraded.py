"""An upgrade made while the server runs: a render worker started afterwards imports another handouts
than the server's. The pool says to restart, on every print and in the log, instead of printing the
server's documents with another version's code, templates and styles."""

from __future__ import annotations

import logging

import pytest

from handouts.installed import install_digest, started_with
from handouts.web.pool import PoolBroken, RenderPool

RUNNER = "pool_runners"  # tests/pool_runners.py: light jobs, no WeasyPrint


def test_the_digest_is_the_install_on_disk():
    assert install_digest() == started_with() and len(started_with()) == 64


def test_workers_of_the_servers_own_install_take_jobs():
    with RenderPool(1, runner=RUNNER, timeout=20) as pool:
        assert pool.wait_ready(60)
        assert pool.run(("echo", "x"))[0] == "x"


def test_a_worker_of_another_install_breaks_the_pool_with_what_to_do(caplog):
    caplog.set_level(logging.ERROR, logger="handouts.web")
    with RenderPool(1, runner=RUNNER, timeout=20, install="the install the server started with") as pool:
        assert not pool.wait_ready(60)
        assert pool.broken and "restart the server" in pool.broken
        with pytest.raises(PoolBroken, match="upgraded while this server was running"):
            pool.run(("echo", "x"))
        assert pool.pids() == []  # the mismatched worker was stopped, and no other started
    assert any("systemctl restart handouts" in r.getMessage() for r in caplog.records)
