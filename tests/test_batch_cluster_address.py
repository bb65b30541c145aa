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


def test_nothing_listening_at_the_address_names_the_option(tmp_path, monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    with pytest.raises(cluster.ClusterError) as caught:
        cluster.ClusterPool(address, Settings(str(tmp_path), date(2025, 7, 1)), "environment")
    assert str(caught.value).startswith(f"--cluster {address}: cannot reach the Dask scheduler there: ")
    assert str(caught.value).endswith("is `dask scheduler` running there?")


def test_the_command_line_says_it_without_a_traceback(tmp_path, web_server):
    topics = tmp_path / "topics"
    topics.mkdir()
    (topics / "alpha.yaml").write_text("id: alpha\n", encoding="utf-8")  # never read: the cluster is reached first
    out = tmp_path / "out"
    result = run("--topics", topics, "--out", out, "--cluster", f"tcp://127.0.0.1:{web_server}")
    assert_clean_exit(result, 1)
    assert "is not a Dask scheduler" in result.output
    assert not (out / "manifest.json").exists()


def test_a_closed_port_is_named_so_whatever_dask_raises(tmp_path, monkeypatch):
    """Under load Dask's connect to a closed port once failed with an AssertionError, not an OSError,
    and the run said a web server answered there."""
    def client(*args, **kwargs):
        raise AssertionError

    monkeypatch.setattr("distributed.Client", client)
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    with pytest.raises(cluster.ClusterError) as caught:
        cluster.ClusterPool(address, Settings(str(tmp_path), date(2025, 7, 1)), "environment")
    assert str(caught.value).startswith(f"--cluster {address}: cannot reach the Dask scheduler there: nothing listens")
