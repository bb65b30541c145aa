"""A usage error in a command under a group (`handouts users add`, `handouts brand new`) shows that
command's usage line and --help hint, as every other command's does, not the group's."""

from __future__ import annotations

from cliutil import assert_clean_exit, run


def test_a_usage_error_in_users_add_shows_users_add(tmp_path, monkeypatch):
    (tmp_path / "handouts.toml").write_text('schema = 1\ndata = []\n\n[serve]\nusers = "users.txt"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HANDOUTS_CONFIG", raising=False)
    result = run("users", "add", "alice", input="a long passphrase\nanother passphrase\n")
    assert_clean_exit(result, 2)
    assert "Usage: handouts users add [OPTIONS] NAME" in result.stderr
    assert "Try 'handouts users add --help' for help." in result.stderr
