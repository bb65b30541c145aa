"""The web app's render pool: warm worker processes, one document each at a time.

WeasyPrint lays out one document at a time per process (its font configuration
and parsed stylesheets are shared by the process), and a render is CPU work
that holds the GIL: in one process, twenty clinicians pressing Print at once
wait behind each other. The pool renders in `size` worker processes (by
default one per core), so throughput grows with the cores and a slow document
holds up only its own worker.

- Workers are spawned (no fork of a server that has threads), import WeasyPrint
  and build their fonts before they take a job, and stay warm.
- A worker that dies while rendering (a crash in a native library, the kernel's
  OOM killer) fails only that request, with a RenderError the app shows as an
  error page; a new worker takes its place and the app keeps serving.
- A document that takes longer than `timeout`, or whose client has gone away
  (`cancelled()` turns true), has its worker killed and replaced: the CPU goes
  to the requests still waiting.
- Workers that die before they are ready, again and again (WeasyPrint's
  libraries missing), break the pool: every request then says why at once
  instead of waiting.
- A worker whose handouts on disk is not the one the server started with (an
  upgrade made while it ran: handouts.installed) breaks the pool too, saying to
  restart: it would print the server's documents with another version's code.

This is the batch runner's idea (handouts.batch.runner) in a shape for a
threaded server: request threads check a worker out, use it and give it back.
Starting and stopping one worker process is shared with it (handouts.processes).
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from handouts.errors import RenderError
from handouts.installed import started_with
from handouts.processes import Child, end_all, how_it_ended, idle_death, spawn
from handouts.web import pool_worker

log = logging.getLogger("handouts.web")

START_TIMEOUT = 180.0
"""Seconds a new worker may take to import WeasyPrint and build its fonts (slow disks, busy machines)."""

MAX_START_FAILURES = 3
"""Workers in a row that die before they are ready: then the pool is broken and says so."""

POLL = 0.2
"""How often a waiting request looks at its worker, its client and the clock (seconds)."""


def default_size() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class WorkerLost(RenderError):
    """The worker rendering this document died; the pool has replaced it."""


class RenderCancelled(RenderError):
    """The client went away (or the render took too long): the render was stopped."""


class PoolBroken(RenderError):
    """Workers cannot start at all; the message says what to check."""


@dataclass(eq=False)
class _Slot(Child):
    ready: bool = False


class RenderPool:
    """`size` warm render processes shared by the server's request threads."""

    def __init__(self, size: int | None = None, *, timeout: float | None = 120.0,
                 runner: str = pool_worker.RUNNER, start_timeout: float = START_TIMEOUT, install: str | None = None):
        """`install`: the handouts every worker must have imported (default: the one this process started with)."""
        self.size = max(1, size or default_size())
        self.install = install or started_with()
        self.timeout = timeout
        self.runner = runner
        self.start_timeout = start_timeout
        self.replaced = 0  # workers started in place of one that died, hung or was stopped
        self.broken: str | None = None
        self._mp = multiprocessing.get_context("spawn")
        self._cond = threading.Condition()
        self._idle: list[_Slot] = []
        self._slots: set[_Slot] = set()
        self._waiting: deque[object] = deque()  # requests waiting for a worker, in the order they came
        self._start_failures = 0
        self._closed = False
        for _ in range(self.size):
            self._spawn()

    # -- workers ----------------------------------------------------------------

    def _spawn(self) -> None:
        # Blocked through the worker's start, then ignored: a Ctrl-C at the terminal is the server's.
        slot = _Slot(*spawn(self._mp, pool_worker.main, self.runner, name="handouts-render-worker",
                            block={signal.SIGINT}))
        with self._cond:
            self._slots.add(slot)
        threading.Thread(target=self._welcome, args=(slot,), daemon=True, name="handouts-pool-start").start()

    def _welcome(self, slot: _Slot) -> None:
        """Wait for a new worker's "ready", then offer it to requests."""
        deadline = time.monotonic() + self.start_timeout
        why = "it did not get ready in time"
        while time.monotonic() < deadline and not self._closed:
            ready = multiprocessing.connection.wait([slot.conn, slot.process.sentinel], POLL)
            if slot.conn in ready:
                try:
                    message = slot.conn.recv()
                except (EOFError, OSError):
                    why = "it stopped while starting"
                    break
                if isinstance(message, tuple) and message[:1] == ("ready",) and message[2:3] != (self.install,):
                    self._upgraded_under(slot)
                    return
                if isinstance(message, tuple) and message[:1] == ("ready",):
                    with self._cond:
                        slot.ready = True
                        self._start_failures = 0
                        if self._closed:
                            return
                        self._idle.append(slot)
                        self._cond.notify_all()
                    return
            elif ready:
                why = "it stopped while starting"
                break
        if self._closed:
            return
        code = self._stop(slot)
        with self._cond:
            self._start_failures += 1
            failures = self._start_failures
        log.error("render worker could not start (%s, exit status %s)", why, code)
        if failures >= MAX_START_FAILURES:
            with self._cond:
                self.broken = (f"the render workers cannot start ({failures} in a row; the last: {why}, exit "
                               f"status {code}): run 'handouts doctor' to check WeasyPrint and its libraries")
                self._cond.notify_all()
            return
        self._spawn()

    def _upgraded_under(self, slot: _Slot) -> None:
        """A new worker imported another handouts than the server's: nothing it renders can be trusted to
        match, and every worker started from now on would be the same. Say so on every print, and stop."""
        self._stop(slot)
        log.error("handouts on disk, or a font it prints with, is not the one this server started with (upgraded "
                  "while it ran?): restart the server (systemctl restart handouts); until then nothing prints")
        with self._cond:
            self.broken = ("handouts (or a font it prints with) was upgraded while this server was running, so it "
                           "cannot start a renderer that matches it: ask whoever looks after handouts to restart "
                           "the server")
            self._cond.notify_all()

    def _stop(self, slot: _Slot) -> int | None:
        """Kill a worker (if it still runs) and forget it; its exit status."""
        code = slot.kill(10)
        slot.close()
        with self._cond:
            self._slots.discard(slot)
            if slot in self._idle:
                self._idle.remove(slot)
        return code

    def _replace(self, slot: _Slot) -> int | None:
        code = self._stop(slot)
        if not self._closed:
            self.replaced += 1
            self._spawn()
        return code

    # -- requests ---------------------------------------------------------------

    def _checkout(self, cancelled: Callable[[], bool] | None, deadline: float) -> _Slot:
        """A free worker, first come first served: a request that has waited longest goes first,
        so under load the slowest answer is a queue's length, not bad luck."""
        ticket = object()
        with self._cond:
            self._waiting.append(ticket)
            try:
                while True:
                    if self.broken:
                        raise PoolBroken(self.broken)
                    if self._closed:
                        raise RenderError("the server is stopping")
                    if self._idle and self._waiting[0] is ticket:
                        return self._idle.pop()
                    if cancelled is not None and cancelled():
                        raise RenderCancelled("the request was cancelled before its document was started")
                    if time.monotonic() > deadline:
                        raise RenderCancelled(f"no renderer was free within {self.start_timeout:g} s: the server "
                                              "is busy; try again in a moment")
                    self._cond.wait(POLL)
            finally:
                self._waiting.remove(ticket)
                self._cond.notify_all()  # the next in line may take the next free worker

    def _checkin(self, slot: _Slot) -> None:
        with self._cond:
            if self._closed or slot not in self._slots:
                return
            self._idle.append(slot)
            self._cond.notify_all()

    def _send(self, job: Any, cancelled: Callable[[], bool] | None) -> _Slot:
        """The worker that took `job`. One that died while idle (the kernel's OOM killer, a signal) never saw
        the job, so it cannot be the job's fault: it is replaced and the job goes to the next free worker
        (the request that came upon it failed before). Each wait for a free worker is at most as long as a
        new worker may take to start."""
        for _ in range(2):  # the second worker is a fresh one, or the one after it
            slot = self._checkout(cancelled, time.monotonic() + self.start_timeout)
            if not multiprocessing.connection.wait([slot.process.sentinel], 0):  # still alive
                try:
                    slot.conn.send(job)
                    return slot
                except (BrokenPipeError, OSError):  # it died just now
                    pass
            slot.process.join(5)
            log.error("%s", idle_death(self._replace(slot)))
        raise WorkerLost("the renderer stopped before it could take this document; it has been "
                         "restarted: try again")

    def run(self, job: Any, cancelled: Callable[[], bool] | None = None) -> Any:
        """The worker's answer to `job`; raises RenderError (or a subclass) when it has none.

        `cancelled` is asked every POLL seconds while the request waits: when it turns
        true (the client disconnected), the render stops and its worker is replaced.
        """
        slot = self._send(job, cancelled)
        deadline = time.monotonic() + self.timeout if self.timeout else None
        while True:
            ready = multiprocessing.connection.wait([slot.conn, slot.process.sentinel], POLL)
            if slot.conn in ready:
                try:
                    answer = slot.conn.recv()
                except (EOFError, OSError):
                    answer = None
                if answer is not None:
                    self._checkin(slot)
                    return _result(answer)
            if ready:  # the pipe closed or the process ended without an answer
                slot.process.join(5)
                how = how_it_ended(self._replace(slot))
                log.error("render worker died while rendering (%s); replaced", how)
                raise WorkerLost(f"the renderer stopped while making this document ({how}). Nothing was "
                                 "saved and the app carries on: try again; if this document fails again, tell "
                                 "whoever looks after handouts")
            if cancelled is not None and cancelled():
                self._replace(slot)
                raise RenderCancelled("the request was cancelled: its render was stopped")
            if deadline is not None and time.monotonic() > deadline:
                self._replace(slot)
                raise RenderCancelled(f"the document took longer than {self.timeout:g} s and was stopped")

    # -- the end ----------------------------------------------------------------

    def pids(self) -> list[int]:
        """Process ids of the workers (ready or starting)."""
        with self._cond:
            return sorted(s.process.pid for s in self._slots if s.process.pid)

    def wait_ready(self, timeout: float) -> bool:
        """Wait until every worker is ready (or the pool broke); whether they all are."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while time.monotonic() < deadline and not self.broken:
                if len(self._slots) == self.size and all(s.ready for s in self._slots):
                    return True
                self._cond.wait(POLL)
        return False

    def close(self) -> None:
        """Stop every worker: the idle ones politely, the busy ones at once."""
        with self._cond:
            self._closed = True
            slots = list(self._slots)
            idle = set(self._idle)
            self._cond.notify_all()
        for slot in slots:
            if slot in idle:
                slot.ask_to_stop()
            else:
                slot.terminate()
        end_all(slots, grace=5)
        for slot in slots:
            slot.close()
        with self._cond:
            self._slots.clear()
            self._idle.clear()

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _result(answer: tuple[Any, ...]) -> Any:
    if answer[0] == "ok":
        return answer[1]
    _, kind, message = answer
    if kind == "render":
        raise RenderError(message)
    raise RenderError(f"the renderer failed ({message}); nothing was saved")
