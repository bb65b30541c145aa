"""Render worker processes: how they start, how they are told to stop, how they are ended.

The batch runner's pool (handouts.batch.runner) and the web app's (handouts.web.pool)
keep their own bookkeeping (jobs, recycling, request threads); the life of one
process is the same in both and lives here:

- A worker is spawned (no fork of a parent that has threads) with a duplex pipe,
  and starts with the given stop signals blocked: it inherits the mask through
  exec and unblocks them only after it has set its own handlers, so a Ctrl-C at
  the terminal while it starts cannot kill it half-way.
- The parent sends jobs down the pipe and None when the worker should finish;
  the worker stops as well when the pipe closes (the parent is gone).
- Stopping: ask politely (None) or at once (SIGTERM), give the workers a grace
  period together, then kill (SIGKILL) and reap whatever still runs.

Only the standard library is imported: worker processes import this module
before anything heavy.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext, SpawnProcess
from typing import Any

KILL_WAIT = 5.0
"""Seconds to wait for a killed worker to be reaped (SIGKILL ends it at once, unless the kernel holds it)."""


@dataclass(eq=False)  # compared and hashed by identity
class Child:
    """One worker process and the parent's end of its pipe."""

    process: SpawnProcess
    conn: Connection

    def ask_to_stop(self) -> None:
        """Tell the worker to finish once its current job is answered (it may be gone already)."""
        with contextlib.suppress(OSError):
            self.conn.send(None)

    def terminate(self) -> None:
        """SIGTERM, if it still runs: the worker stops where it is (its atomic writes clean up)."""
        if self.process.is_alive():
            self.process.terminate()

    def kill(self, wait: float | None = KILL_WAIT) -> int | None:
        """SIGKILL, if it still runs, and reap it (waiting at most `wait` seconds; None: until it has gone);
        its exit status (negative: the signal that ended it)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(wait)
        return self.process.exitcode

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()


def spawn(context: SpawnContext, target: Callable[..., None], arg: Any, *, name: str,
          block: Collection[signal.Signals]) -> tuple[SpawnProcess, Connection]:
    """Start `target(child's end of the pipe, arg)` in a new daemon process, `block` blocked while it
    starts; (the process, the parent's end)."""
    parent_end, child_end = context.Pipe(duplex=True)
    process = context.Process(target=target, args=(child_end, arg), daemon=True, name=name)
    # The first spawned process starts multiprocessing's resource tracker, and starting it
    # *unblocks* SIGINT and SIGTERM in this thread (CPython's resource_tracker.ensure_running):
    # started inside the block below, it would let the first worker start unprotected.
    resource_tracker.ensure_running()
    old = signal.pthread_sigmask(signal.SIG_BLOCK, set(block))
    try:
        process.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
    child_end.close()
    return process, parent_end


def end_all(children: Iterable[Child], grace: float, kill_wait: float | None = KILL_WAIT) -> None:
    """Wait up to `grace` seconds in all for workers already told to stop, then kill what still runs."""
    deadline = time.monotonic() + grace
    for child in children:
        child.process.join(max(0.0, deadline - time.monotonic()))
        if child.process.is_alive():
            child.kill(kill_wait)


def how_it_ended(code: int | None) -> str:
    """A worker's exit code in words: 'killed by signal 9', 'exit status 1'."""
    return f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"


def idle_death(code: int | None) -> str:
    """What both pools say of a worker found dead while it held no job, once replaced: no job or patient is
    named (none was lost), and a SIGKILL is most often the kernel's OOM killer, which an administrator must
    hear of, in the same words from `handouts batch` (stderr) and `handouts serve` (the server's log)."""
    hint = ", perhaps out of memory" if code == -signal.SIGKILL else ""
    return f"a render worker had stopped while idle ({how_it_ended(code)}{hint}); started another"


# -- the worker's side ----------------------------------------------------------


def jobs(conn: Connection) -> Iterator[Any]:
    """In a worker: the jobs the parent sends, until it sends None or goes away."""
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if job is None:
            return
        yield job


def reply(conn: Connection, answer: Any) -> bool:
    """In a worker: send an answer; False when the parent is gone (the worker should end)."""
    try:
        conn.send(answer)
    except (BrokenPipeError, OSError):
        return False
    return True
