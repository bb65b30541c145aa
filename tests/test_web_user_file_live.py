"""The user file changed while `handouts serve` runs, as an IT person changes it.

Edited by hand into something that is not a user file, it signed no one in but showed every
browser "This content has problems and cannot be printed" with the file's name, line and a
hint to run `handouts validate` (which does not read it), and the server's log had only
'"GET /" 500'. Now the page says sign-in is unavailable and to ask IT, and the log says what
to fix, once; fixed, sign-in works again without a restart.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from handouts import users
from handouts.errors import ContentError
from handouts.users import UserFile
from handouts.web import create_app
from handouts.web.auth import Login
from handouts.web.server import login_for
from handouts.serve_config import ServeConfig
from webclient import PageClient

PASSWORD = "correct horse battery"


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "users.txt"
    users.add(path, "alice", PASSWORD)
    return path


def _client(user_file: Path) -> PageClient:
    app = create_app(login=Login(UserFile(user_file)), today=lambda: date(2026, 1, 15))
    app.test_client_class = PageClient
    return app.test_client()  # type: ignore[return-value]


def _sign_in(client: PageClient) -> int:
    return client.post("/login", data={"name": "alice", "password": PASSWORD, "next": "/"}).status_code


def test_a_user_file_broken_while_serving_signs_no_one_in_and_the_log_says_what_to_fix(
        user_file: Path, caplog: pytest.LogCaptureFixture):
    client = _client(user_file)
    assert _sign_in(client) == 302
    good = user_file.read_bytes()
    with caplog.at_level(logging.INFO, logger="handouts.web"):
        with user_file.open("a") as handle:
            handle.write("bob:a password typed in by hand\n")
        assert client.get("/").headers["Location"].startswith("/login")  # alice's session ends: fail closed
        page = client.get("/login")
        assert page.status_code == 503
        assert "Sign-in is unavailable" in page.text and "the server&#39;s log says what to fix" in page.text
        assert "users.txt" not in page.text and "handouts validate" not in page.text  # nothing for a stranger
        assert client.post("/login", data={"name": "alice", "password": PASSWORD, "next": "/"}).status_code == 503
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, errors  # once, not at every request
    assert "no one can sign in until the user file is fixed" in errors[0] and "users.txt:3:1: not a user line" in errors[0]
    with caplog.at_level(logging.INFO, logger="handouts.web"):
        user_file.write_bytes(good)
        assert _sign_in(client) == 302  # fixed: no restart needed
    assert "the user file is fixed: sign-in works again" in caplog.messages


def test_a_user_file_made_writable_by_others_while_serving_signs_no_one_in(user_file: Path):
    client = _client(user_file)
    os.chmod(user_file, 0o660)
    assert client.get("/login").status_code == 503
    os.chmod(user_file, 0o600)
    assert _sign_in(client) == 302


def test_serve_still_refuses_to_start_with_a_broken_user_file(tmp_path: Path):
    (tmp_path / "users.txt").write_text("alice:plain\n", encoding="utf-8")
    os.chmod(tmp_path / "users.txt", 0o600)
    with pytest.raises(ContentError, match="not a user line"):
        login_for(ServeConfig(users=tmp_path / "users.txt"))


def test_a_copy_that_keeps_the_old_files_size_and_time_is_read_again(user_file: Path, tmp_path: Path):
    """`cp -p` or `rsync -a` of a new user file (a changed password: the same length) keeps its mtime."""
    file = UserFile(user_file)
    assert file.verify("alice", PASSWORD)
    stat = user_file.stat()
    changed = tmp_path / "changed.txt"
    users.add(changed, "alice", "a new long password")
    assert changed.stat().st_size == stat.st_size
    shutil.copyfile(changed, tmp_path / "incoming")
    os.chmod(tmp_path / "incoming", 0o600)
    os.utime(tmp_path / "incoming", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(tmp_path / "incoming", user_file)
    assert not file.verify("alice", PASSWORD) and file.verify("alice", "a new long password")


def test_a_user_file_moved_away_while_serving_is_named_in_the_log(user_file: Path, caplog: pytest.LogCaptureFixture):
    """Otherwise every sign-in failed as a wrong password, and the log said only 'failed sign-in'."""
    client = _client(user_file)
    assert _sign_in(client) == 302
    user_file.rename(user_file.with_name("users.txt.old"))
    with caplog.at_level(logging.INFO, logger="handouts.web"):
        assert client.get("/login").status_code == 503
    assert any("users.txt: is gone" in message for message in caplog.messages), caplog.messages
    user_file.with_name("users.txt.old").rename(user_file)
    assert _sign_in(client) == 302


def test_a_user_file_not_made_yet_is_no_problem(tmp_path: Path):
    file = UserFile(tmp_path / "users.txt")
    assert file.users() == {} and file.problems == ()
