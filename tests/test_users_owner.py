"""`handouts users add` run as root in the service user's workspace (`sudo handouts --config ... users add`).

The user file is written readable by its owner alone: written by root, the user `handouts serve`
runs as could not read it, and no one could sign in (at the next start serve refused the file).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cliutil import run
from handouts import scaffold, users

NOBODY = 65534
PIPED = "a long passphrase\na long passphrase\n"

pytestmark = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs root to own files of another")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace made by the service's user (here: uid 65534)."""
    clinic = tmp_path / "clinic"
    scaffold.create(clinic)
    with (clinic / "handouts.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[serve]\nusers = "users.txt"\n')
    os.chown(clinic, NOBODY, NOBODY)
    return clinic


def test_root_adding_the_first_user_to_the_services_workspace_is_refused(workspace: Path):
    result = run("--config", workspace / "handouts.toml", "users", "add", "alice", input=PIPED)
    assert result.exit_code == 2
    assert "the folder users.txt goes in belongs to" in result.output and "nothing was written" in result.output
    assert not (workspace / "users.txt").exists()


def test_root_changing_the_services_user_file_is_refused_and_leaves_it_as_it_was(workspace: Path):
    path = workspace / "users.txt"
    os.chown(workspace, 0, 0)
    users.add(path, "alice", "a long passphrase")
    os.chown(path, NOBODY, NOBODY)
    os.chown(workspace, NOBODY, NOBODY)
    before = path.read_bytes()
    result = run("--config", workspace / "handouts.toml", "users", "remove", "alice")
    assert result.exit_code == 2 and "users.txt belongs to" in result.output
    assert path.read_bytes() == before and path.stat().st_uid == NOBODY
