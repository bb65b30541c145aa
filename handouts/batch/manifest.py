"""The output folder's record of what it holds: manifest.json plus a journal.

- `manifest.json` is the compacted state, one entry per output path: the job,
  its inputs and their hashes, the PDF's sha256, pages, time taken, status and
  error. It is only ever replaced whole, atomically (temp file + rename), so a
  reader never sees half of it.
- `manifest.jsonl` is the journal of the run in progress: one JSON line appended
  (and flushed) as each job finishes. Rewriting manifest.json per job would cost
  O(jobs²) on a run of tens of thousands; a line costs the same for every job.
  A crash can tear only the last line, which loading ignores.

Loading reads manifest.json, then replays the journal over it (last line for an
output wins). A run folds the journal in when it starts and again when it ends
(normally or on Ctrl-C) and then deletes it; after a hard kill the journal stays
and the next run picks it up, so finished jobs are never lost or redone.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from handouts.atomic import write_atomic

FORMAT = "handouts-batch-manifest/1"
NAME = "manifest.json"
JOURNAL = "manifest.jsonl"


def _line(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class Manifest:
    def __init__(self, out_dir: Path):
        self.path = out_dir / NAME
        self.journal_path = out_dir / JOURNAL
        self.entries: dict[str, dict[str, Any]] = {}
        self.header: dict[str, Any] = {}
        self.warnings: list[str] = []
        self._journal: TextIO | None = None
        self._load()

    @property
    def salt(self) -> str:
        return self.header["salt"]

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            data = None
        except (OSError, ValueError) as exc:
            self.warnings.append(f"{self.path} is unreadable ({exc}); every job will render")
            data = None
        if data is not None:
            if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("jobs"), dict):
                self.warnings.append(f"{self.path} is not a {FORMAT} manifest; every job will render")
            else:
                self.header = {k: v for k, v in data.items() if k != "jobs"}
                self.entries = data["jobs"]
        try:
            with self.journal_path.open(encoding="utf-8") as journal:
                for line in journal:
                    try:
                        entry = json.loads(line)
                        self.entries[entry["output"]] = entry
                    except (ValueError, KeyError, TypeError):
                        continue  # a line torn by a crash: that job simply renders again
        except FileNotFoundError:
            pass
        if not isinstance(self.header.get("salt"), str):
            self.header["salt"] = secrets.token_hex(16)

    def get(self, output: str) -> dict[str, Any] | None:
        return self.entries.get(output)

    def begin(self, environment: dict[str, Any]) -> None:
        """Fold in any journal left by an interrupted run, then start this run's journal."""
        self.header["environment"] = environment
        self.compact()
        self._journal = self.journal_path.open("a", encoding="utf-8")

    def record(self, entry: dict[str, Any], journal: bool = True) -> None:
        """Remember a finished job; journal it so that a hard kill cannot lose it."""
        self.entries[entry["output"]] = entry
        if journal and self._journal is not None:
            self._journal.write(_line(entry) + "\n")
            self._journal.flush()

    def finish(self, run: dict[str, Any]) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None
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
        write_atomic(self.path, "".join(parts).encode("utf-8"))
        if self._journal is None:
            try:
                os.unlink(self.journal_path)
            except FileNotFoundError:
                pass
