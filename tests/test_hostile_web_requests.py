"""Hostile requests against the running app, over real sockets on 127.0.0.1.

These go through `server.build_server`, the server `handouts serve` runs, so
they hold for whatever server that function returns.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from handouts.cli import main
from handouts.web import create_app, server
from serving import capture_served_app

LOCAL = ["localhost", "127.0.0.1", "::1"]


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    httpd = server.build_server("127.0.0.1", 0, create_app(trusted_hosts=LOCAL))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_port
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def exchange(port: int, raw: bytes) -> bytes:
    """Send raw bytes, read the whole reply (the server closes after an error)."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:  # bounded, as a busy machine needs
        sock.sendall(raw)
        reply = b""
        while len(reply) < 1_000_000:
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
    return reply


def status(reply: bytes) -> int:
    first = reply.split(b"\r\n", 1)[0].split()
    assert len(first) >= 2 and first[0].startswith(b"HTTP/1."), reply[:200]
    return int(first[1])


@pytest.mark.parametrize("line", [
    b"GARBAGE x",
    b"GET / HTTP/1.1 extra",
    b"GET /?name=Jo+Example HTTP/1.1 four",
    b"GET / HTTX/1.1",
])
def test_malformed_request_line_is_answered_400(port, line, caplog):
    reply = exchange(port, line + b"\r\nHost: 127.0.0.1\r\n\r\n")
    assert status(reply) == 400
    assert b"Jo" not in reply.split(b"\r\n\r\n", 1)[0]
    assert "Jo+Example" not in caplog.text


def test_unsupported_http_version_gets_an_answer(port):
    # 505 is HTTP's own answer for a version the server does not speak; waitress answers such a request
    # as HTTP/1.0 instead (RFC 9110 lets a server reply in the highest version it speaks). The point is:
    # an answer with a status line, no crash.
    reply = exchange(port, b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n")
    assert status(reply) in (200, 400, 505) and reply.startswith(b"HTTP/1.0 ")


def test_server_keeps_serving_after_bad_lines(port):
    for raw in (b"GARBAGE x\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"\x00\xff\r\n\r\n"):
        exchange(port, raw)
    assert status(exchange(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")) == 200


@pytest.mark.parametrize("host", ["[::1]", "[::1]:8000", "[0:0:0:0:0:0:0:1]:8000", "localhost:8000", "127.0.0.1"])
def test_local_names_are_trusted_including_ipv6(port, host):
    raw = f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    assert status(exchange(port, raw)) == 200


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000", "[::2]:8000", "[::1", "::1]", ""])
def test_other_hosts_are_refused(port, host):
    raw = f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    reply = exchange(port, raw)
    assert status(reply) == 400
    assert b"Host not trusted" in reply or not host


def test_serve_on_ipv6_loopback_trusts_the_address_it_prints(monkeypatch):
    """`serve --host ::1` prints http://[::1]:8000/, and a browser sending that Host gets the page."""
    seen = capture_served_app(monkeypatch)
    result = CliRunner().invoke(main, ["serve", "--host", "::1"])
    assert result.exit_code == 0, result.output
    assert "http://[::1]:8000/" in result.output
    client = seen["app"].test_client()
    assert client.get("/", headers={"Host": "[::1]:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example:8000"}).status_code == 400


def test_http_0_9_request_is_refused_with_a_status_line(port):
    assert status(exchange(port, b"GET /\r\n\r\n")) == 400
