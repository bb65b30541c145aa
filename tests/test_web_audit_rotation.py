"""The audit log after logrotate: lines go on into the new file, never into the one rotated away.

`handouts serve` kept the file open: after logrotate renamed audit.log to audit.log.1 and made a
new one, every print went on into audit.log.1, which is compressed and in time deleted.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from handouts.errors import UsageError
from handouts.web.audit import Audit, Printed

PRINTED = Printed("print", "patient-handout", "leaky-gut", "patient", "en", True)


def _users(path: Path) -> list[str]:
    return [json.loads(line)["user"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_lines_go_to_the_new_file_after_the_old_one_is_renamed(tmp_path: Path):
    path = tmp_path / "audit.log"
    audit = Audit.to_file(path)
    audit.record("alice", PRINTED)
    path.rename(tmp_path / "audit.log.1")  # logrotate, with `create`: a new empty file
    path.touch(mode=0o600)
    audit.record("bob", PRINTED)
    assert _users(tmp_path / "audit.log.1") == ["alice"]
    assert _users(path) == ["bob"]


def test_a_removed_log_is_made_again_readable_by_its_owner_only(tmp_path: Path):
    path = tmp_path / "audit.log"
    audit = Audit.to_file(path)
    path.unlink()
    audit.record("carol", PRINTED)
    assert _users(path) == ["carol"] and os.stat(path).st_mode & 0o777 == 0o600


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
def test_a_new_log_others_may_change_stops_printing_and_says_why(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    path = tmp_path / "audit.log"
    audit = Audit.to_file(path)
    path.rename(tmp_path / "audit.log.1")
    path.touch()
    path.chmod(0o666)
    with caplog.at_level(logging.ERROR, logger="handouts.web"), pytest.raises(UsageError, match="mode 666"):
        audit.record("dave", PRINTED)
    assert any("chmod 600" in r.getMessage() and "nothing is printed" in r.getMessage() for r in caplog.records)
    assert path.read_text() == "" and _users(tmp_path / "audit.log.1") == []


def test_an_audit_log_that_cannot_be_written_is_named_at_start_not_taken_for_the_port(tmp_path: Path):
    """serve said 'cannot listen: Permission denied' when the service's user could not create the audit log."""
    from cliutil import run
    from handouts import scaffold

    clinic = tmp_path / "clinic"
    scaffold.create(clinic)
    with (clinic / "handouts.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[serve]\naudit = "logs/audit.log"\n')
    (clinic / "logs").write_text("a file where the folder should be\n", encoding="utf-8")
    result = run("--config", clinic / "handouts.toml", "serve", "--port", "0")
    assert result.exit_code == 2, result.output
    assert "cannot write the audit log " in result.output and "audit.log" in result.output
    assert "[serve] audit" in result.output
    assert "cannot listen" not in result.output
