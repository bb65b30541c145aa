"""`handouts serve` closes idle connections after 30 s, never one whose answer is still being made or sent.

Reproduction: waitress's defaults (connection_limit 100, channel_timeout 120) let 100 connections that
each sent a request line and headers and then waited lock a bare LAN server out for two minutes. The
server now closes a connection idle for IDLE_CONNECTION_SECONDS, looked for every CLEANUP_SECONDS. No
flood here: the settings waitress got, and, with both shortened to a second, one half-open connection
closed while a request slower than that is answered whole.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from handouts.web import server

BODY = b"%PDF-" + b"x" * 200_000  # a document's size, made slowly


def slow_document(environ, start_response):
    time.sleep(2.5)  # longer than the shortened idle limit: the request is under way all along
    start_response("200 OK", [("Content-Type", "application/pdf"), ("Content-Length", str(len(BODY)))])
    return [BODY]


@contextmanager
def running(app) -> Iterator[server.Server]:
    httpd = server.build_server("127.0.0.1", 0, app, threads=2)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


def test_waitress_gets_the_idle_limits():
    httpd = server.build_server("127.0.0.1", 0, slow_document)
    try:
        adj = httpd._server.adj  # type: ignore[attr-defined]
        assert (adj.channel_timeout, adj.cleanup_interval) == (30, 10)
        assert (server.IDLE_CONNECTION_SECONDS, server.CLEANUP_SECONDS) == (30, 10)
        assert adj.connection_limit == 100  # waitress's own: the idle limit is what frees a place
    finally:
        httpd.server_close()


def closed_within(sock: socket.socket, seconds: float) -> bytes | None:
    """What the server sent before closing `sock`, or None if it is still open after `seconds`."""
    got = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            return None
        if not chunk:
            return got
        got += chunk
    return None


def test_a_half_open_connection_is_closed_and_a_slow_document_is_sent_whole(monkeypatch):
    monkeypatch.setattr(server, "IDLE_CONNECTION_SECONDS", 1)
    monkeypatch.setattr(server, "CLEANUP_SECONDS", 1)
    with running(slow_document) as httpd:
        address = ("127.0.0.1", httpd.server_port)
        with socket.create_connection(address, timeout=5) as idle, \
                socket.create_connection(address, timeout=5) as asking:
            idle.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the headers never end
            asking.sendall(b"GET /sheet.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            assert closed_within(idle, 10) == b""  # closed, unanswered
            answer = closed_within(asking, 20)
    assert answer is not None and answer.startswith(b"HTTP/1.1 200 OK")
    assert answer.endswith(BODY)
