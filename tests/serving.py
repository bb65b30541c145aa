"""`handouts serve` as a real process on 127.0.0.1, for tests that talk to the running app.

The tests that use it hold whatever serves the app to the same behaviour: if
serving moves to another server, they run unchanged against it.
"""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Served:
    url: str  # http://127.0.0.1:PORT/
    log: list[str] = field(default_factory=list)  # what the server wrote to stderr so far

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])

    def text(self) -> str:
        return "".join(self.log)


@contextmanager
def serving(*args: str, timeout: float = 120) -> Iterator[Served]:
    """Start `handouts serve --host 127.0.0.1 --port 0 --jobs 1 ARGS` (one render worker: tests share the
    machine), wait until it listens, stop it afterwards. After the block, `log` holds every line the
    server wrote: a check that its log says nothing of a patient reads it there, not after a short
    sleep that a busy machine could outlast."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "handouts", "serve", "--host", "127.0.0.1", "--port", "0", "--jobs", "1", *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    served = Served("")

    def pump() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            served.log.append(line)
            lines.put(line)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    while not served.url and time.monotonic() < deadline and proc.poll() is None:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        match = re.search(r"serving on (http://127\.0\.0\.1:\d+/)", line)
        served.url = match.group(1) if match else ""
    if not served.url:
        proc.kill()
        proc.wait(timeout=10)
        raise AssertionError("handouts serve did not start:\n" + served.text())
    try:
        yield served
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
        reader.join(30)  # to the end of its stderr


def capture_served_app(monkeypatch: Any) -> dict[str, Any]:
    """Run `handouts serve` in-process up to the point it would serve: no socket, no render pool.

    What `serve` chose lands in the returned dict: "app" (for a test client), "host",
    "port" and "threads". The dict stays empty when `serve` refuses to start.
    """
    from handouts.web import server

    seen: dict[str, Any] = {}

    class Stop:
        server_port = 8000

        def serve_forever(self) -> None:
            raise KeyboardInterrupt

        def server_close(self) -> None:
            pass

    class NoPool:
        """Stands in for the render pool: these tests never render."""

        def __init__(self, size: int | None = None, **kwargs: Any) -> None:
            self.size = size or 2  # None: as many as the machine has

        def close(self) -> None:
            pass

    def fake_build(host: str, port: int, app: Any, threads: int = 4) -> Stop:
        seen.update(host=host, port=port, app=app, threads=threads)
        return Stop()

    monkeypatch.setattr(server, "build_server", fake_build)
    monkeypatch.setattr(server, "RenderPool", NoPool)
    monkeypatch.setattr(server, "warm_up", lambda app: server.WarmUp())
    return seen
