"""A process that rendered leaves nothing in the temporary folder (handouts.render.font_configuration),
and the next one removes what a killed one left (handouts.fontfolders).

WeasyPrint copies each @font-face font into a folder of its own under $TMPDIR and removes it only
when its font configuration is collected, which the warm one a process keeps never was: every
command and worker left about 7 MB behind for good, thousands of folders on a busy machine.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from handouts import fontfolders

PROBE = """
import os, signal, sys
from handouts.render import CSS, renderer
from handouts.resources import font_roots

font = next(p for root in font_roots() for p in sorted(root.rglob("*.ttf")))
CSS(string="@font-face { font-family: Probe; src: url(%s) }" % font.as_uri(), font_config=renderer().font_config)
print(len(os.listdir(os.environ["TMPDIR"])))
if sys.argv[1] == "kill":
    os.kill(os.getpid(), signal.SIGKILL)
sys.exit(int(sys.argv[1]))
"""


def test_the_warm_font_configurations_folder_is_removed_when_the_process_ends(tmp_path):
    for status in (143,):  # the exit a worker or command makes of SIGTERM (atexit runs as on a normal end)
        done = subprocess.run([sys.executable, "-c", PROBE, str(status)], capture_output=True, text=True,
                              timeout=120, env={**os.environ, "TMPDIR": str(tmp_path)})
        assert done.returncode == status, done.stderr
        assert done.stdout.strip() == "1", "the premise: WeasyPrint made its folder while the process ran"
        assert list(tmp_path.iterdir()) == [], status


def _probe(tmp: Path, how: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE, how], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "TMPDIR": str(tmp)})


def test_a_killed_workers_font_folder_is_removed_by_the_next_process(tmp_path):
    killed = _probe(tmp_path, "kill")  # as the out-of-memory killer ends a web render worker: no atexit
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = list(tmp_path.iterdir())
    assert len(left) == 1 and list(left[0].iterdir()), "the premise: the killed worker left its fonts"
    done = _probe(tmp_path, "0")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1", "only the folder of the process running"
    assert list(tmp_path.iterdir()) == []


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def test_only_this_users_folders_of_gone_processes_on_this_host_are_removed_and_links_never_followed(tmp_path):
    host = fontfolders._host()
    dead, alive = _dead_pid(), os.getppid()
    kept_elsewhere = tmp_path / "elsewhere"
    kept_elsewhere.mkdir()
    (kept_elsewhere / "precious.ttf").write_bytes(b"font")
    stale = tmp_path / f"handouts-fonts-{host}-{dead}-abcd1234"
    stale.mkdir()
    (stale / "font").write_bytes(b"font")
    (stale / "link").symlink_to(kept_elsewhere)
    kept = [tmp_path / f"handouts-fonts-{host}-{alive}-abcd1234",  # a live process's
            tmp_path / f"handouts-fonts-{host}-{os.getpid()}-abcd1234",  # this one's
            tmp_path / f"handouts-fonts-other.{socket.gethostname()}-{dead}-abcd1234",  # another host's
            tmp_path / "weasyprint-abcd1234"]  # not ours to know whose
    for folder in kept:
        folder.mkdir()
    linked = tmp_path / f"handouts-fonts-{host}-{dead}-efgh5678"  # a link named like a folder of ours
    linked.symlink_to(kept_elsewhere)
    fontfolders.remove_stale(tmp_path)
    assert not stale.exists()
    assert all(folder.is_dir() for folder in kept)
    assert linked.is_symlink() and (kept_elsewhere / "precious.ttf").read_bytes() == b"font"
