"""A wrong `--cluster` address: a message naming the option, never a traceback.

The IT person types the scheduler's address into a cron line once; a wrong port
(nothing there, or a web server) must say so. No scheduler or worker is started
here: one closed port, and one loopback listener that answers as a web server.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import date

import pytest

from cliutil import assert_clean_exit, command

pytest.importorskip("distributed")

from handouts.batch import cluster  # noqa: E402 - after the skip: it needs Dask
from handouts.batch.worker import Settings  # noqa: E402

run = command("batch")


@pytest.fixture
def web_server() -> Iterator[int]:
    """A port on 127.0.0.1 where an HTTP server answers every connection (and is closed afterwards)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    done = threading.Event()

    def serve() -> None:
        while not done.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        done.set()
        thread.join(timeout=5)
        listener.close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed when this returns: nothing listens there


def test_a_web_server_at_the_address_is_named_not_a_memory_error(tmp_path, web_server):
    """Dask read the web server's answer as a frame length and raised MemoryError, as a traceback."""
    address = f"tcp://127.0.0.1:{web_server}"
    with pytest.raises(cluster.ClusterError) as caught:
        cluster.ClusterPool(address, Settings(str(tmp_path), date(2025, 7, 1)), "environment")
    assert str(caught.value) == (
        f"--cluster {address}: what answers there is not a Dask scheduler (MemoryError); give the address and port "
        "`dask scheduler` listens on (8786 unless its --port says otherwise)")


@pytest.fixture
def clients(monkeypatch) -> list[tuple]:
    """Every Dask client the pool asked for (none is made: each raises, as at a port where no scheduler is)."""
    asked: list[tuple] = []

    def client(*args, **kwargs):
        asked.append((*args, kwargs))
        raise AssertionError

    monkeypatch.setattr("distributed.Client", client)
    return asked


def test_nothing_listening_at_the_address_is_said_without_dasks_wait(tmp_path, monkeypatch, clients):
    """Dask's client retried the closed port for all of CONNECT_SECONDS (30 s) before it said so: a mistyped port
    is now said once the address has refused for REFUSED_SECONDS, and no client is asked for."""
    monkeypatch.setattr(cluster, "REFUSED_SECONDS", 0.3)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    with pytest.raises(cluster.ClusterError) as caught:
        cluster.ClusterPool(address, Settings(str(tmp_path), date(2025, 7, 1)), "environment")
    assert str(caught.value) == (f"--cluster {address}: cannot reach the Dask scheduler there: nothing listens at "
                                 "that port; check the address and port, and is `dask scheduler` running there?")
    assert clients == []


def test_a_scheduler_whose_port_opens_within_seconds_is_still_reached(tmp_path, clients):
    """A scheduler started just before the run opens its port a little later: the pool waits for it, then asks
    Dask's client (here the port's listener is no scheduler, and is named so)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))  # bound, not listening yet: a connection is refused
    opened = threading.Timer(0.5, listener.listen)
    opened.start()
    address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    try:
        with pytest.raises(cluster.ClusterError) as caught:
            cluster.ClusterPool(address, Settings(str(tmp_path), date(2025, 7, 1)), "environment")
    finally:
        opened.cancel()
        opened.join(timeout=5)
        listener.close()
    assert clients == [(address, {"timeout": cluster.CONNECT_SECONDS})]
    assert "what answers there is not a Dask scheduler" in str(caught.value)


def test_a_host_that_does_not_answer_is_waited_for_once(tmp_path, monkeypatch, clients):
    """No answer at all (a firewall that drops the connection) is not a refusal: waited for CONNECT_SECONDS once,
    as Dask's client waited, then said, not tried again nor handed to the client for as long again."""
    tries: list[float | None] = []

    def silent(address, timeout=None):
        tries.append(timeout)
        raise TimeoutError

    monkeypatch.setattr(socket, "create_connection", silent)
    address = f"tcp://127.0.0.1:{_closed_port()}"  # never connected to: the connection is the stub above
    with pytest.raises(cluster.ClusterError) as caught:
        cluster.ClusterPool(address, Settings(str(tmp_path), date(2025, 7, 1)), "environment")
    assert str(caught.value).startswith(f"--cluster {address}: cannot reach the Dask scheduler there: no answer "
                                        f"within {cluster.CONNECT_SECONDS} s; ")
    assert tries == [cluster.CONNECT_SECONDS] and clients == []


def test_the_command_line_says_it_without_a_traceback(tmp_path, web_server):
    topics = tmp_path / "topics"
    topics.mkdir()
    (topics / "alpha.yaml").write_text("id: alpha\n", encoding="utf-8")  # never read: the cluster is reached first
    out = tmp_path / "out"
    result = run("--topics", topics, "--out", out, "--cluster", f"tcp://127.0.0.1:{web_server}")
    assert_clean_exit(result, 1)
    assert "is not a Dask scheduler" in result.output
    assert not (out / "manifest.json").exists()


def test_a_closed_port_is_named_so_whatever_dask_raises(tmp_path, monkeypatch, clients):
    """Under load Dask's connect to a closed port once failed with an AssertionError, not an OSError,
    and the run said a web server answered there (here the port closes between the pool's look and the client)."""
    looked: list[str] = []
    real = cluster._unreachable
    monkeypatch.setattr(cluster, "_unreachable", lambda address, *args: looked.append(address) or (
        real(address) if len(looked) > 1 else None))
    address = f"tcp://127.0.0.1:{_closed_port()}"
    with pytest.raises(cluster.ClusterError) as caught:
        cluster.ClusterPool(address, Settings(str(tmp_path), date(2025, 7, 1)), "environment")
    assert str(caught.value).startswith(f"--cluster {address}: cannot reach the Dask scheduler there: nothing listens")
    assert len(clients) == 1
