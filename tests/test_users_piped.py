"""`handouts users add NAME` with the password piped in, as the README shows an IT person doing it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cliutil import assert_clean_exit, run
from handouts.web.auth import UserFile

PASSWORD = "a long passphrase"


@pytest.fixture
def clinic(tmp_path, monkeypatch) -> Path:
    """A workspace with a user file, the current folder."""
    (tmp_path / "handouts.toml").write_text('schema = 1\ndata = []\n\n[serve]\nusers = "users.txt"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HANDOUTS_CONFIG", raising=False)
    return tmp_path


def test_a_piped_password_is_read_without_a_warning_about_echo(clinic):
    """getpass warned 'Can not control echo on the terminal', naming its own source file, on every piped add."""
    done = subprocess.run([sys.executable, "-m", "handouts", "users", "add", "alice"], cwd=clinic,
                          input=f"{PASSWORD}\n{PASSWORD}\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "added alice in users.txt\n"
    assert "getpass" not in done.stderr and "echo" not in done.stderr.lower() and "Warning" not in done.stderr
    assert UserFile(clinic / "users.txt").verify("alice", PASSWORD)


def test_two_different_piped_passwords_are_refused_at_once(clinic):
    """click asked again and read on past the two lines, so the message was about input that ended."""
    result = run("users", "add", "alice", input=f"{PASSWORD}\n{PASSWORD}!\n")
    assert_clean_exit(result, 2)
    assert "the two passwords given differ" in result.output and "nothing was written" in result.output
    assert PASSWORD not in result.output
    assert not (clinic / "users.txt").exists()


def test_one_piped_line_is_not_enough(clinic):
    result = run("users", "add", "alice", input=f"{PASSWORD}\n")
    assert_clean_exit(result, 2)
    assert "pipe two lines" in result.output and not (clinic / "users.txt").exists()


def test_users_list_names_who_may_sign_in_and_nothing_else(clinic):
    """There was no way to see who may sign in but reading the file of hashes."""
    assert_clean_exit(run("users", "add", "bob", input=f"{PASSWORD}\n{PASSWORD}\n"), 0)
    assert_clean_exit(run("users", "add", "alice", input=f"{PASSWORD}\n{PASSWORD}\n"), 0)
    listed = run("users", "list")
    assert_clean_exit(listed, 0)
    assert listed.stdout == "alice\nbob\n" and "scrypt" not in listed.output


def test_users_list_says_when_nobody_may_sign_in_yet(clinic):
    listed = run("users", "list")
    assert_clean_exit(listed, 0)
    assert listed.stdout == "" and "no users in users.txt yet" in listed.output


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_a_link_to_a_device_as_the_user_file_is_refused_not_waited_on(clinic):
    """The user file was read whole before its size was checked: a FIFO hung `users list` (and serve's
    login), a link to /dev/zero read until memory ran out."""
    import os

    os.mkfifo(clinic / "users.txt")
    result = run("users", "list")
    assert_clean_exit(result, 1)
    assert "users.txt: is not a regular file (a device, FIFO or socket)" in result.output
    (clinic / "users.txt").unlink()
    (clinic / "users.txt").symlink_to("/dev/zero")
    result = run("users", "list")
    assert_clean_exit(result, 1)
    assert "/dev/zero: is not a regular file" in result.output  # handouts.toml's paths are read resolved
