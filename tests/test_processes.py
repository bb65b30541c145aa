"""The life of one worker process, as both render pools use it: started with the stop signals
blocked, told to stop with None or SIGTERM, killed once the grace period is over."""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest

from handouts.processes import Child, end_all, jobs, reply, spawn

CONTEXT = multiprocessing.get_context("spawn")


def echo(conn: Any, tag: str) -> None:
    """A worker that says it is ready, then answers (tag, job)."""
    reply(conn, "ready")
    for job in jobs(conn):
        if not reply(conn, (tag, job)):
            return


def stubborn(conn: Any, _: object) -> None:
    """A worker that ignores SIGTERM and None alike (a render stuck in a native library)."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    reply(conn, "ready")
    while True:
        time.sleep(1)


@pytest.fixture
def children() -> Iterator[list[Child]]:
    """Workers a test starts; whatever still runs at its end is killed."""
    started: list[Child] = []
    yield started
    for child in started:
        child.kill()
        child.close()


def _start(children: list[Child], target: Any, arg: Any, block: set[signal.Signals]) -> Child:
    child = Child(*spawn(CONTEXT, target, arg, name="handouts-test-worker", block=block))
    children.append(child)
    assert child.conn.poll(60), "the worker never started"
    return child


def test_a_worker_answers_until_asked_to_stop_then_ends_by_itself(children):
    child = _start(children, echo, "x", {signal.SIGINT})
    assert child.conn.recv() == "ready"
    child.conn.send(1)
    assert child.conn.poll(30) and child.conn.recv() == ("x", 1)
    child.ask_to_stop()
    end_all([child], grace=30)
    assert child.process.exitcode == 0  # it returned: nothing had to be killed


def test_a_worker_whose_parent_goes_away_ends(children):
    child = _start(children, echo, "x", {signal.SIGINT})
    assert child.conn.recv() == "ready"
    child.close()
    child.process.join(30)
    assert child.process.exitcode == 0


def test_a_worker_that_ignores_sigterm_is_killed_when_the_grace_period_ends(children):
    child = _start(children, stubborn, None, {signal.SIGTERM})
    assert child.conn.recv() == "ready"
    child.ask_to_stop()
    child.terminate()
    end_all([child], grace=0.5)
    assert child.process.exitcode == -signal.SIGKILL
