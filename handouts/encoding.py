"""Where a file stops being UTF-8, as a line and column, and how to save it as UTF-8.

A topic or job file edited on Windows is often saved in the computer's own code page
(cp1252): the decoder's byte offset ("at byte 943") left a clinician to count bytes.
"""

from __future__ import annotations


def first_bad_byte(raw: bytes) -> tuple[int, int]:
    """(line, column), 1-based, of the first byte that is not UTF-8; (0, 0) when there is none."""
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[:exc.start]
        return before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1
    return 0, 0


def not_utf8(reason: str, how: str = "save the file as UTF-8 (in your editor: Save As, encoding UTF-8)") -> str:
    return f"not UTF-8 text ({reason}): {how}"
