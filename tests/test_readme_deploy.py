"""The README's server set-up, as an IT person copies it: the systemd unit and the audit log's rotation.

Neither can run here (no systemd as the init, no logrotate, no root), so the unit is checked by
`systemd-analyze verify` where it is installed, and the logrotate file against what the rest of
the section sets up: the workspace the unit runs in, the audit file `[serve]` names, the user.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("## Serving a whole clinic"):text.index("## In your EHR")]


def _fence(lang: str) -> list[str]:
    blocks = re.findall(rf"^```{lang}\n(.*?)^```$", _section(), re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, f"one ```{lang} block in the section, not {len(blocks)}"
    return blocks[0].splitlines()


def _unit() -> dict[str, str]:
    return dict(line.split("=", 1) for line in _fence("ini") if "=" in line)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_every_line_of_the_unit(tmp_path: Path):
    handouts = Path(sys.executable).parent / "handouts"
    text = "\n".join(_fence("ini")).replace(_unit()["ExecStart"].split()[0], str(handouts))
    (tmp_path / "handouts.service").write_text(text + "\n", encoding="utf-8")
    checked = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "handouts.service")],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and not checked.stdout.strip() and not checked.stderr.strip(), checked.stderr


def test_the_unit_runs_as_its_own_user_with_what_it_writes_its_own():
    unit = _unit()
    assert unit["User"] == unit["Group"] == "handouts"
    assert unit["UMask"] == "0077" and unit["NoNewPrivileges"] == "yes"
    assert f"adduser --system --group --home /var/lib/handouts {unit['User']}" in " ".join(_section().split())


def test_logrotate_rotates_the_audit_file_the_workspace_names_without_a_restart():
    unit, section = _unit(), _section()
    audit = re.search(r"""'audit = "([^"]+)"'""", section)
    assert audit, "the set-up block names the audit file"
    lines = [line.strip() for line in _fence("text")]
    assert lines[0] == f"{unit['WorkingDirectory']}/{audit.group(1)} {{" and lines[-1] == "}"
    assert f"create 0600 {unit['User']} {unit['Group']}" in lines  # as the app makes it: its owner's alone
    assert f"su {unit['User']} {unit['Group']}" in lines  # the folder is the service user's
    assert "copytruncate" not in lines  # the app opens the file again after it has been moved


def test_the_rooms_are_told_where_caddys_root_certificate_is():
    """`caddy trust` adds Caddy's root to the trust store of the machine it runs on: the server, not a room."""
    section = " ".join(_section().split())
    assert "/var/lib/caddy/.local/share/caddy/pki/authorities/local/root.crt" in section
    assert "computers (`caddy trust`)" not in section


def test_nginx_waits_for_a_document_as_long_as_the_app_lets_it_take():
    from handouts.serve_config import ServeConfig

    section = " ".join(_section().split())
    waits = re.search(r"proxy_read_timeout (\d+)s;", section)
    assert waits and int(waits.group(1)) > ServeConfig().timeout
