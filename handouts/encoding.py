"""Where a file stops being UTF-8, as a line and column, and how to save it as UTF-8.

A topic or job file edited on Windows is often saved in the computer's own code page
(cp1252): the decoder's byte offset ("at byte 943") left a clinician to count bytes.
Or in Notepad's "Unicode", which is UTF-16: 'invalid start byte' at 1:1 with its mark,
and without one a NUL after every letter (a CSV header of unknown columns 't\x00o\x00p').
"""

from __future__ import annotations

import codecs

from handouts.errors import HandoutsError


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


SAVE_AS = "save the file as UTF-8 (in your editor: Save As, encoding UTF-8)"


def not_utf8(reason: str, how: str = SAVE_AS) -> str:
    return f"not UTF-8 text ({reason}): {how}"


UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class NotUTF8(HandoutsError):
    """Bytes that are not UTF-8 text: why, and where (line and column, 1-based; 0, 0 for the whole file).
    Readers turn it into their own located Problem, with the file's name."""

    def __init__(self, message: str, line: int = 0, column: int = 0, *, where: str = "") -> None:
        super().__init__(message, where=where)
        self.line, self.column = line, column


def saved_as_utf16(raw: bytes) -> bool:
    """Whether `raw` is UTF-16: its byte-order mark, or (saved without one) a NUL beside most letters of
    its start, which text in UTF-8 never has."""
    if raw.startswith(UTF16_MARKS):
        return True
    head = raw[: min(len(raw), 512) // 2 * 2]
    pairs = len(head) // 2
    if not pairs:
        return False
    nuls = sorted((head[0::2].count(0), head[1::2].count(0)))
    return nuls[1] * 2 >= pairs and nuls[0] * 8 < pairs


def utf16(how: str = SAVE_AS) -> str:
    return f"saved as UTF-16 (Notepad's 'Unicode' or 'UTF-16 LE'), not UTF-8: {how}"


def utf8_text(raw: bytes, how: str = SAVE_AS) -> str:
    """`raw` as UTF-8 text, a byte-order mark kept as bytes.decode keeps it; NotUTF8 saying where and why
    otherwise (UTF-16 by name), with `how` to save it right. The one check every file a user gives goes through."""
    if saved_as_utf16(raw):
        raise NotUTF8(utf16(how))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUTF8(not_utf8(exc.reason, how), *position(raw, exc.start)) from None
