"""Read an answer file and write a draft, with messages a clinician can act on.

Reading refuses what cannot be an answer (binary, huge, undecodable, a device
or FIFO) with a plain reason instead of a traceback or a hang. Writing goes
through the tool's one atomic writer (handouts.atomic): an interrupted import
never leaves half a draft and, without --force, never replaces an existing file
even if one appears while the import runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from handouts.errors import HandoutsError
from handouts.atomic import write_atomic as _write_atomic
from handouts.encoding import UTF16_MARKS, position, saved_as_utf16, utf16
from handouts.inputfile import InputRefused, read_bytes, size_text

MAX_BYTES = 64 * 1024
"""An answer is a few pages of text (the samples are 4-6 kB). Its draft is about 2.5
times larger (up to 30 times for a list of one-word bullets, which convert refuses)
and a topic may be at most 1 MiB; this cap keeps an import to a few seconds."""
WHAT = "an answer"


class ReadFailure(HandoutsError):
    """The answer file cannot be read as text."""


def decode(raw: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM) or BOM-marked UTF-16, as editors save it."""
    if raw.startswith(UTF16_MARKS):
        return raw.decode("utf-16")
    if saved_as_utf16(raw):  # without its mark, which byte comes first is a guess: not made here
        raise ReadFailure(utf16("save it as UTF-8 and try again"))
    if b"\x00" in raw:
        raise ReadFailure("looks like a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = position(raw, exc.start)
        raise ReadFailure(
            f"not UTF-8 text ({exc.reason} at line {line}, column {column}); save it as UTF-8 and try again"
        ) from None


def read_answer(path: Path | str) -> str:
    """The answer's text from a file, or from standard input for '-'."""
    if str(path) == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ReadFailure(f"is larger than {size_text(MAX_BYTES)}; {WHAT} may be at most {size_text(MAX_BYTES)}")
    else:
        try:
            raw = read_bytes(Path(path), MAX_BYTES, WHAT)
        except InputRefused as exc:
            raise ReadFailure(f"{exc}; import one answer at a time") from None
        except FileNotFoundError:
            raise ReadFailure("no such file") from None
        except PermissionError:
            raise ReadFailure("permission denied") from None
        except OSError as exc:
            raise ReadFailure(f"cannot read: {exc.strerror}") from None
    return decode(raw)


def write_atomic(path: Path, text: str, *, force: bool) -> None:
    """Write the draft `text` to `path`; without `force`, never replace an existing file.

    Raises FileExistsError when `path` exists and `force` is false, and
    handouts.atomic.WriteError (an OSError) for a path that may not be written.
    """
    _write_atomic(path, text.encode("utf-8"), overwrite=force)
