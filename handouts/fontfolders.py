"""The folders WeasyPrint copies @font-face fonts into: named for the process that owns them, so
the next process can remove the ones a killed process left behind.

WeasyPrint makes one folder per font configuration in the temporary directory (about 7 MB of
fonts, more with a system fallback for a patient's script) and removes it when the configuration
is collected, or at exit (handouts.render). A process killed outright (SIGKILL; the kernel's
out-of-memory killer takes a web render worker so) runs neither, and its folder stayed for good:
one more for every killed worker. Each folder is named handouts-fonts-HOST-PID-XXXXXXXX, and the
first font configuration of every process removes those of this user and this host whose process
is gone. Nothing else is touched: not another user's, not another machine's sharing the folder
(its process ids are not ours to test), not a link (never followed), not a live process's.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import stat
import tempfile
from pathlib import Path

PREFIX = "handouts-fonts-"


def _host() -> str:
    """This machine's name, reduced to characters safe in a file name."""
    return re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname())[:64] or "host"


def new_folder() -> Path:
    """A fresh folder for one font configuration's fonts, named for this host and process."""
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{_host()}-{os.getpid()}-"))


def remove_stale(folder: Path | None = None) -> None:
    """Remove the font folders, in `folder` (default: the temporary directory), that a process of
    this user on this host left when it was killed; errors are ignored (another process may be
    removing the same folder)."""
    folder = folder if folder is not None else Path(tempfile.gettempdir())
    mine = f"{PREFIX}{_host()}-"
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.startswith(mine)]
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(mine):].partition("-")[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid():
            shutil.rmtree(entry.path, ignore_errors=True)  # removes links inside, never follows them


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (EPERM): alive
        return True
    return True
