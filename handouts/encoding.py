"""Where a file stops being UTF-8, as a line and column, and how to save it as UTF-8.

A topic or job file edited on Windows is often saved in the computer's own code page
(cp1252): the decoder's byte offset ("at byte 943") left a clinician to count bytes.
"""

from __future__ import annotations

import codecs


def position(raw: bytes, offset: int) -> tuple[int, int]:
    """(line, column), 1-based, of a byte offset: the column in characters, as an editor counts them
    (a byte-order mark is none)."""
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", "replace")) + 1
    if start == 0 and raw.startswith(codecs.BOM_UTF8):
        column -= 1
    return raw.count(b"\n", 0, offset) + 1, column


def first_bad_byte(raw: bytes) -> tuple[int, int]:
    """(line, column), 1-based, of the first byte that is not UTF-8; (0, 0) when there is none."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return position(raw, exc.start)
    return 0, 0


def not_utf8(reason: str, how: str = "save the file as UTF-8 (in your editor: Save As, encoding UTF-8)") -> str:
    return f"not UTF-8 text ({reason}): {how}"
