"""A flood of sign-ins cannot hold every server thread: password checks are bounded, the rest answered at once.

Through the real server (waitress, few threads): every sign-in is held inside its password check until
the test lets go, so without the bound the flood would take every thread and the sign-in page itself
(standing for any print) would wait behind it.
"""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from pathlib import Path
from queue import Queue

from handouts import users
from handouts.users import UserFile
from handouts.web import create_app, csrf, server, throttle
from handouts.web.auth import Login
from handouts.web.throttle import PasswordChecks

THREADS = 8
FLOOD = 14


def _post_login(port: int, body: bytes) -> tuple[int, str | None]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/login", body, {"Host": "127.0.0.1", "Sec-Fetch-Site": "same-origin",
                                                    "Content-Type": "application/x-www-form-urlencoded"})
        answer = connection.getresponse()
        answer.read()
        return answer.status, answer.getheader("Retry-After")
    finally:
        connection.close()


def test_a_sign_in_flood_leaves_threads_for_everyone_else(tmp_path: Path, monkeypatch):
    users.add(tmp_path / "users.txt", "alice", "correct horse battery")
    entered, release = threading.Semaphore(0), threading.Event()

    def held_check(self: UserFile, name: str, password: str) -> bool:
        entered.release()
        assert release.wait(30), "the test never let the check go"
        return False

    monkeypatch.setattr(UserFile, "verify", held_check)
    app = create_app(login=Login(UserFile(tmp_path / "users.txt")), trusted_hosts=["127.0.0.1"])
    checks: PasswordChecks = app.extensions["handouts.password-checks"]
    assert checks.admits < THREADS <= server.EXTRA_THREADS
    httpd = server.build_server("127.0.0.1", 0, app, threads=THREADS)
    serving = threading.Thread(target=httpd.serve_forever, daemon=True)
    serving.start()
    answers: Queue[tuple[int, str | None]] = Queue()
    flood: list[threading.Thread] = []
    try:
        body = urllib.parse.urlencode({"name": "alice", "password": "a guess", "next": "/",
                                       csrf.FIELD: csrf.issue(app)}).encode()
        flood = [threading.Thread(target=lambda: answers.put(_post_login(httpd.server_port, body)), daemon=True)
                 for _ in range(FLOOD)]
        for sender in flood:
            sender.start()
        turned_away = [answers.get(timeout=30) for _ in range(FLOOD - checks.admits)]
        assert turned_away == [(503, str(throttle.BUSY_RETRY_SECONDS))] * (FLOOD - checks.admits)
        for _ in range(throttle.CONCURRENT_CHECKS):
            assert entered.acquire(timeout=30)
        assert answers.empty()  # the admitted ones are still held: their threads are taken
        page = http.client.HTTPConnection("127.0.0.1", httpd.server_port, timeout=60)
        page.request("GET", "/login", headers={"Host": "127.0.0.1"})
        assert page.getresponse().status == 200  # answered while the flood holds its share of threads
        page.close()
        assert not entered.acquire(blocking=False)  # never more checks at once than the bound
    finally:
        release.set()
        for sender in flood:
            sender.join(30)
        httpd.shutdown()
        httpd.server_close()
        serving.join(10)
    held = [answers.get(timeout=1) for _ in range(checks.admits)]
    assert {status for status, _ in held} == {401}  # each admitted attempt was checked, in turn


def test_beyond_the_bound_an_attempt_is_turned_away_without_a_check():
    checks = PasswordChecks(limit=1, waiting=0)
    inside, release = threading.Event(), threading.Event()
    results: Queue[object] = Queue()

    def slow() -> str:
        inside.set()
        assert release.wait(30)
        return "checked"

    first = threading.Thread(target=lambda: results.put(checks.run(slow)))
    first.start()
    try:
        assert inside.wait(30)
        ran: list[int] = []
        assert checks.run(lambda: ran.append(1)) is None and ran == []
    finally:
        release.set()
        first.join(30)
    assert results.get(timeout=1) == "checked"
    assert checks.run(lambda: "free again") == "free again"  # the slot was given back


def test_a_flood_refused_unchecked_writes_a_line_a_minute_not_a_line_each(tmp_path: Path, caplog):
    import logging

    users.add(tmp_path / "users.txt", "alice", "correct horse battery")
    app = create_app(login=Login(UserFile(tmp_path / "users.txt")))
    now = [1000.0]
    app.extensions["handouts.signin-log"].clock = lambda: now[0]
    waiting = app.extensions["handouts.signin-throttle"]
    for _ in range(throttle.FREE_FAILURES):
        waiting.failed([("name", "alice")])  # alice's name must now wait
    client = app.test_client()

    def refused_lines(attempts: int) -> list[str]:
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="handouts.web"):
            for _ in range(attempts):
                assert client.post("/login", data={"name": "alice", "password": "guess", "next": "/"}).status_code == 429
        return [r.getMessage() for r in caplog.records if "too many failures" in r.getMessage()]

    assert refused_lines(50) == ["sign-in refused from 127.0.0.1: too many failures"]
    now[0] += throttle.LOG_EVERY_SECONDS
    assert refused_lines(1) == ["sign-in refused from 127.0.0.1: too many failures; 49 more like it since the last "
                                "such line"]


def test_the_log_quota_is_per_kind():
    now = [0.0]
    quota = throttle.LogQuota(clock=lambda: now[0], every=60)
    assert (quota.due("busy"), quota.due("busy"), quota.due("waiting"), quota.due("busy")) == (0, None, 0, None)
    now[0] = 59.9
    assert quota.due("busy") is None
    now[0] = 60.0
    assert quota.due("busy") == 3 and quota.due("busy") is None
