"""The life of one worker process, as both render pools use it: started with the stop signals
blocked, told to stop with None or SIGTERM, killed once the grace period is over."""

from __future__ import annotations

import multiprocessing
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
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


def report_mask(conn: Any, _: object) -> None:
    """A worker that reports the signals it started with blocked."""
    reply(conn, [int(s) for s in signal.pthread_sigmask(signal.SIG_BLOCK, set())])


FIRST_WORKER = """
import multiprocessing, signal, sys
sys.path.insert(0, sys.argv[1])
from handouts.processes import spawn
from test_processes import report_mask

before = signal.pthread_sigmask(signal.SIG_BLOCK, set())
process, conn = spawn(multiprocessing.get_context("spawn"), report_mask, None, name="t",
                      block={signal.SIGINT, signal.SIGTERM})
print(sorted(conn.recv()), signal.pthread_sigmask(signal.SIG_BLOCK, set()) == before)
process.join(30)
"""


def test_the_first_worker_of_a_process_starts_with_the_stop_signals_blocked():
    """The first spawn also starts multiprocessing's resource tracker, which unblocks SIGINT and
    SIGTERM in the parent on its way: the worker must still start with them blocked (so a Ctrl-C
    while it imports cannot kill it half-way), and the parent keep its own mask."""
    done = subprocess.run([sys.executable, "-c", FIRST_WORKER, str(Path(__file__).parent)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("]")[0] + "]" == str(sorted([int(signal.SIGINT), int(signal.SIGTERM)]))
    assert done.stdout.strip().endswith("True")
