"""Read an answer file and write a draft, with messages a clinician can act on.

Reading refuses what cannot be an answer (binary, huge, undecodable) with a
plain reason instead of a traceback. Writing is atomic: a temp file beside the
target, renamed into place, so an interrupted import never leaves half a draft
and, without --force, never replaces an existing file even if one appears while
the import runs.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from handouts.errors import HandoutsError

MAX_BYTES = 2 * 1024 * 1024  # an answer is a few pages of text


class ReadFailure(HandoutsError):
    """The answer file cannot be read as text."""


def decode(raw: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM) or BOM-marked UTF-16, as editors save it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw:
        raise ReadFailure("looks like a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadFailure(
            f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8 and try again"
        ) from None


def read_answer(path: Path | str) -> str:
    """The answer's text from a file, or from standard input for '-'."""
    if str(path) == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        path = Path(path)
        try:
            if path.is_dir():
                raise ReadFailure("is a folder, expected a text file")
            if path.stat().st_size > MAX_BYTES:
                raise ReadFailure(f"is larger than {MAX_BYTES // 1024 // 1024} MiB; expected one answer")
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ReadFailure("no such file") from None
        except PermissionError:
            raise ReadFailure("permission denied") from None
        except OSError as exc:
            raise ReadFailure(f"cannot read: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise ReadFailure(f"is larger than {MAX_BYTES // 1024 // 1024} MiB; expected one answer")
    return decode(raw)


def write_atomic(path: Path, text: str, *, force: bool) -> None:
    """Write `text` to `path` via a temp file; without `force`, never replace an existing file.

    Raises FileExistsError when `path` exists and `force` is false.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if force:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)  # fails if `path` exists: no check-then-write race
        except FileExistsError:
            raise
        except OSError:  # file systems without hard links
            if path.exists():
                raise FileExistsError(str(path)) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
