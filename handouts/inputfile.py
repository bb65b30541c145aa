"""Read a file a user named, refusing what cannot be content before reading much of it.

A path can name a folder, a FIFO that blocks forever, a device that never ends
(/dev/zero) or a file far larger than any content: each is refused with a
one-line reason instead of a hang, a MemoryError or a traceback. The size is
checked before reading and again while reading, so a file that grows in
between cannot slip past the cap.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from handouts.errors import HandoutsError


class InputRefused(HandoutsError):
    """The file cannot be read as content; the message says why, without the path."""


def size_text(size: int) -> str:
    """Sizes as people read them: 812 bytes, 56 kB, 4.9 MB; caps as set: 256 KiB, 1 MiB."""
    if size and size % (1 << 20) == 0:
        return f"{size >> 20} MiB"
    if size and size % (1 << 10) == 0 and size < 1 << 20:
        return f"{size >> 10} KiB"
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"


def too_large(size: int, limit: int, what: str) -> str:
    return f"is {size_text(size)}; {what} may be at most {size_text(limit)}"


LINK_LOOP = "is a symbolic link that leads back to itself (a link loop)"
LINK_TO_NOTHING = "is a link to nothing"


def broken_link(path: Path) -> str | None:
    """LINK_LOOP or LINK_TO_NOTHING when `path` is there as a link that cannot be followed; else None.

    pathlib's exists() says False for both, so a check built on it calls them 'no such file' (or, for a
    place to write, makes whatever the link points at); callers add 'not a file' or 'not a folder'."""
    if not os.path.lexists(path):
        return None
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return LINK_LOOP
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return LINK_TO_NOTHING
    return None


def why_not_a_file(path: Path) -> str:
    """Why `path`, which is not a regular file, cannot be read as one: 'no such file' only when nothing is
    there (a FIFO or /dev/zero named where a file belongs exists; saying it does not sends people looking)."""
    if not os.path.lexists(path):
        return "no such file"
    if path.is_dir():
        return "is a folder, expected a file"
    link = broken_link(path)
    if link == LINK_LOOP:
        return f"{LINK_LOOP}, not a file"
    if link is not None:
        return f"{LINK_TO_NOTHING} (no such file)"
    return "is not a regular file (a device, FIFO or socket); give a file"


def why_not_a_folder(path: Path) -> str | None:
    """Why `path` (a link) cannot be a folder to write into, or None: a link to nothing is not made where
    it points (an unmounted share's folder, made on the local disk, would take what belongs there)."""
    link = broken_link(path)
    if link == LINK_LOOP:
        return f"{LINK_LOOP}, not a folder"
    if link is not None:
        return (f"{LINK_TO_NOTHING} (it points to {os.readlink(path)}, which is not there): make that folder, "
                "or remove the link")
    return None


def read_bytes(path: Path, limit: int, what: str = "a content file") -> bytes:
    """The whole file, if it is a regular file of at most `limit` bytes.

    Raises InputRefused (folder, device, FIFO, socket, too large) or OSError
    (missing, no permission). A FIFO is opened without blocking, so naming one
    is refused at once rather than waiting for a writer.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputRefused("is a folder, expected a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputRefused("is not a regular file (a device, FIFO or socket); give a file")
        if info.st_size > limit:
            raise InputRefused(too_large(info.st_size, limit, what))
        chunks = []
        total = 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputRefused(too_large(total, limit, what) + " (it grew while being read)")
        return b"".join(chunks)
    finally:
        os.close(fd)
