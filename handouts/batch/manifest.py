"""The output folder's record of what it holds: manifest.json plus a journal.

- `manifest.json` is the compacted state, one entry per output path: the job,
  the job file that wrote it, its inputs and their hashes, the PDF's sha256,
  pages, time taken, status and error. It is only ever replaced whole,
  atomically (temp file + rename), so a reader never sees half of it. It holds
  what the folder holds and the last run's jobs (`forget_missing`), not every
  job ever run.
- `manifest.jsonl` is the journal of the run in progress: one JSON line appended
  (and flushed) as each job finishes. Rewriting manifest.json per job would cost
  O(jobs²) on a run of tens of thousands; a line costs the same for every job.
  A crash can tear only the last line, which loading ignores.

Both files are opened within the output folder without following links, and
only as regular files: a link planted as manifest.jsonl must not make the batch
append to a file elsewhere.

The manifest holds no patient details and nothing a guess can be tested
against: personalisations are HMACs keyed outside the output folder
(handouts.batch.fingerprint). Entries written by older versions, whose salted
hashes could be tested against their salt, lose those hashes on loading (the
jobs render once more) and the salt is dropped; a diet sheet's review record in
which an older version wrote a food catalogue's status and next review over the
plan's loses those two fields and says why (`legacy`), even for an output no job
file asks for any more.

Loading reads manifest.json, then replays the journal over it (last line for an
output wins). A run folds the journal in when it starts and again when it ends
(normally or on Ctrl-C) and then deletes it; after a hard kill the journal stays
and the next run picks it up, so finished jobs are never lost or redone.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from datetime import datetime, timezone
from pathlib import Path, PurePath
from typing import Any, TextIO

from handouts.atomic import WriteError, folder_inside, open_inside, write_atomic
from handouts.batch.fingerprint import PERSON_PREFIX, UNKEYED_PREFIX, normalised_review

FORMAT = "handouts-batch-manifest/1"
NAME = "manifest.json"
JOURNAL = "manifest.jsonl"


def _line(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _read(out_dir: Path, name: str) -> bytes | None:
    """A file of the output folder, None when missing; OSError for a link, a non-file or no access."""
    try:
        fd = open_inside(out_dir, PurePath(name))
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def _scrub_legacy(entry: dict[str, Any]) -> None:
    """Forget a personalisation hash an older version stored with its salt beside it (it confirmed guesses)."""
    job = entry.get("job")
    if isinstance(job, dict):
        value = job.get("personalisation")
        if value is not None and not (isinstance(value, str) and value.startswith((PERSON_PREFIX, UNKEYED_PREFIX))):
            job["personalisation"] = "removed"  # never equal to a new spec: the job renders once more


class Manifest:
    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.path = out_dir / NAME
        self.journal_path = out_dir / JOURNAL
        self.entries: dict[str, dict[str, Any]] = {}
        self.header: dict[str, Any] = {}
        self.warnings: list[str] = []
        self._journal: TextIO | None = None
        self.journal_error: str | None = None  # why the journal stopped taking lines (a full disk)
        self._load()

    def _load(self) -> None:
        try:
            raw = _read(self.out_dir, NAME)
            data = json.loads(raw) if raw is not None else None
        except (OSError, ValueError) as exc:
            self.warnings.append(f"{self.path} is unreadable ({exc}); every job will render")
            data = None
        if data is not None:
            if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("jobs"), dict):
                self.warnings.append(f"{self.path} is not a {FORMAT} manifest; every job will render")
            else:
                self.header = {k: v for k, v in data.items() if k not in ("jobs", "salt")}
                self.entries = data["jobs"]
        try:
            journal = _read(self.out_dir, JOURNAL) or b""
        except OSError as exc:
            self.warnings.append(f"{self.journal_path} is unreadable ({exc}); its jobs will render again")
            journal = b""
        for line in journal.decode("utf-8", "replace").splitlines():
            try:
                entry = json.loads(line)
                self.entries[entry["output"]] = entry
            except (ValueError, KeyError, TypeError):
                continue  # a line torn by a crash: that job simply renders again
        for entry in self.entries.values():
            if isinstance(entry, dict):
                _scrub_legacy(entry)
                normalised_review(entry.get("review"))  # kept for an output no job asks for any more, too
                if isinstance(entry.get("previous"), dict):
                    normalised_review(entry["previous"].get("review"))

    def get(self, output: str) -> dict[str, Any] | None:
        return self.entries.get(output)

    def begin(self, environment: dict[str, Any]) -> None:
        """Fold in any journal left by an interrupted run, then start this run's journal."""
        self.header["environment"] = environment
        self.compact()
        folder = folder_inside(self.out_dir, PurePath(), create=False)
        try:
            fd = os.open(JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644,
                         dir_fd=folder)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise WriteError(f"{self.journal_path} is a symbolic link; the batch never follows links: "
                                 "remove it") from None
            raise WriteError(f"cannot write {self.journal_path}: {(exc.strerror or str(exc)).lower()}",
                             exc.errno or 0) from None
        finally:
            os.close(folder)
        self._journal = os.fdopen(fd, "a", encoding="utf-8")

    def record(self, entry: dict[str, Any], journal: bool = True) -> None:
        """Remember a finished job; journal it so that a hard kill cannot lose it.

        A journal that cannot be written (a full disk) is closed and `journal_error` says
        why: the run stops, and its entries are still written to manifest.json if it can be.
        """
        self.entries[entry["output"]] = entry
        if journal and self._journal is not None:
            try:
                self._journal.write(_line(entry) + "\n")
                self._journal.flush()
            except OSError as exc:
                self.journal_error = f"cannot write {self.journal_path}: {(exc.strerror or str(exc)).lower()}"
                self._close_journal()

    def _close_journal(self) -> None:
        """Close the journal; what its buffer could not write (a full disk) is dropped, not raised again."""
        if self._journal is not None:
            journal, self._journal = self._journal, None
            with contextlib.suppress(OSError):  # the file is closed even when its last flush fails
                journal.close()

    def forget_missing(self, asked: set[str]) -> int:
        """Drop the entries of outputs no longer in the folder that the run did not ask for; how many.

        After a year of monthly runs the manifest still held every job ever run: rows since
        dropped from the job file, outputs since deleted or moved away. Such an entry changes
        nothing (a job without its file renders anyway), so the manifest keeps what the folder
        holds plus this run's jobs, and its size stays bounded by them.
        """
        gone = [output for output in self.entries if output not in asked and not os.path.lexists(self.out_dir / output)]
        for output in gone:
            del self.entries[output]
        return len(gone)

    def finish(self, run: dict[str, Any]) -> None:
        self._close_journal()
        self.header["last_run"] = run
        self.compact()

    def compact(self) -> None:
        """Write manifest.json atomically (one line per job, so it diffs well), then drop the journal."""
        self.header.update(format=FORMAT, updated=datetime.now(timezone.utc).isoformat(timespec="seconds"))
        parts = ["{\n"]
        for key in sorted(self.header):
            parts.append(f"{json.dumps(key)}: {json.dumps(self.header[key], sort_keys=True, ensure_ascii=False)},\n")
        parts.append('"jobs": {')
        for index, key in enumerate(sorted(self.entries)):
            parts.append(("\n" if index == 0 else ",\n") + f"{json.dumps(key, ensure_ascii=False)}: {_line(self.entries[key])}")
        parts.append("\n}\n}\n")
        write_atomic(self.path, "".join(parts).encode("utf-8"), root=self.out_dir)
        if self._journal is None:
            try:
                os.unlink(self.journal_path)  # removes a link itself, never what it points at
            except FileNotFoundError:
                pass
