"""Audit lines: who printed which document when, and never anything about the patient.

One JSON object per line, for every PDF the app hands out (Print or
Download; previews are not printed), and for every customisation file a
dietitian saves from the diet form (action "save", document
"diet-customisation": the file holds what the form held about the patient):

    {"time": "2026-11-30T04:05:06Z", "user": "alice", "action": "print",
     "document": "patient-handout", "topic": "leaky-gut", "audience": "patient",
     "language": "es", "personalised": true}

The fields are built from ids the app checked against its own lists (topic
and plan ids, document kinds, language codes, the logged-in user's name); no
form field a clinician types goes in, so a patient's name, dates or notes
cannot reach the log. `handouts serve` writes to the file handouts.toml names
(`[serve] audit = "..."`), else to standard error.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

from handouts.errors import UsageError, display_path


@dataclass(frozen=True)
class Printed:
    """One document handed out, as the audit line says it."""

    action: str  # "print" | "download" | "save" (a customisation file)
    document: str  # the document kind: patient-handout, clinician-brief, diet-sheet; or diet-customisation
    topic: str  # the topic's id (a diet plan's id for a diet sheet)
    audience: str  # patient | clinician
    language: str
    personalised: bool  # whether patient details were on it (never which)


class Audit:
    """Where audit lines go: a callable taking one line, or nowhere (an app made for tests)."""

    def __init__(self, write: Callable[[str], None] | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self._write = write
        self._clock = clock
        self._lock = threading.Lock()

    @classmethod
    def to_file(cls, path: Path) -> Audit:
        """Append to `path` (created readable by its owner only: it names the practice's users), opened
        again whenever it has been moved away or removed (logrotate), so no line goes to a rotated file.

        A log that others may change could be given lines of their making: refused (UsageError)."""
        return cls(_AuditFile(path))

    @classmethod
    def to_stderr(cls) -> Audit:
        def write(line: str) -> None:
            print(line, file=sys.stderr, flush=True)

        return cls(write)

    def line(self, user: str | None, printed: Printed) -> str:
        when = self._clock().astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return json.dumps({"time": when, "user": user, **asdict(printed)}, ensure_ascii=False)

    def record(self, user: str | None, printed: Printed) -> None:
        if self._write is None:
            return
        text = self.line(user, printed)
        with self._lock:
            self._write(text)


class _AuditFile:
    """Lines appended to one path. logrotate renames the file and makes a new one: a handle kept open
    would go on writing into the renamed file, which is compressed and in time deleted, audit lines
    and all. So before each line the path is looked at (as logging.handlers.WatchedFileHandler does),
    and opened again when it is no longer the file being written."""

    def __init__(self, path: Path):
        self.path = path
        self._handle, self._identity = self._open()

    def _open(self) -> tuple[IO[str], tuple[int, int]]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        except OSError as exc:  # serve said 'cannot listen: Permission denied' for this
            raise UsageError(f"cannot write the audit log {display_path(self.path)}: {exc.strerror or exc} (it is "
                             f"written by whoever runs handouts serve, here {_whoami()}: give them its folder, "
                             f"or name another file in handouts.toml, [serve] audit)") from None
        st = os.fstat(fd)
        if os.name == "posix" and st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            os.close(fd)
            raise UsageError(f"audit log {display_path(self.path)} can be changed by other users of this computer "
                             f"(mode {st.st_mode & 0o777:o}), who could write lines of their own into it: make it "
                             f"its owner's alone (chmod 600 {display_path(self.path)})")
        return os.fdopen(fd, "a", encoding="utf-8", buffering=1), (st.st_dev, st.st_ino)

    def __call__(self, line: str) -> None:
        """Called with the Audit's lock held. A new file others may change stops printing (UsageError):
        a document is never handed out without its line."""
        try:
            st = os.stat(self.path)
            current = (st.st_dev, st.st_ino) == self._identity
        except FileNotFoundError:
            current = False
        if not current:
            try:
                handle, identity = self._open()
            except UsageError as exc:
                logging.getLogger("handouts.web").error("%s; nothing is printed until it is", exc.message)
                raise
            self._handle.close()
            self._handle, self._identity = handle, identity
        self._handle.write(line + "\n")


def _whoami() -> str:
    """The user this process runs as, by name where there is one."""
    if os.name != "posix":
        return "this user"
    import pwd

    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return f"uid {os.geteuid()}"
