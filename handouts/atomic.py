"""The one way the tool writes a file: atomic, and only where a file belongs.

Every PDF, draft, manifest and key goes through here, so these rules hold for all:

- Readers see the old file or the new one, never half of either: the data goes
  to a temp file beside the target (`.NAME.RANDOM.part`, mode 0600 until it is
  complete), is flushed to disk, then renamed into place. A crash, Ctrl-C or
  failed render leaves the old target and no temp file.
- `durable=False` skips the flush to disk (fsync) for files that are only a
  cache: still never half-written where a reader looks, but after a power cut
  the new file may be empty or lost, and is made again. Documents, manifests
  and keys stay durable.
- The target must be a regular file or a new name. A device, FIFO, socket,
  folder or symbolic link there is refused with a one-line reason (`-o
  /dev/full` once replaced the device with a regular file). The last path
  component is never followed: the temp file is created with O_NOFOLLOW and
  O_EXCL and renamed within the folder's own descriptor, so a link there is
  neither written through nor replaced.
- With `root` (batch output), every folder from `root` down to the target is
  opened without following links, so a symlinked subfolder cannot carry output
  outside `root`; missing folders are created.
- With `overwrite=False` an existing file is never replaced, not even one that
  appears while the data is written: link(2) refuses an existing name.
- Its mode is what the umask allows (as open(2) would make it: an administrator's
  umask 077 is obeyed), or the `mode` asked for: PRIVATE for a file naming a patient
  or holding a key, readable by its owner alone whatever the umask.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any, BinaryIO

from handouts.errors import HandoutsError

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


PRIVATE = 0o600
"""A file that names a patient (a personalised document, its DocumentReference) or holds a secret."""


def umask() -> int:
    """The process's umask, read without loosening it even for a moment (threads may be creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:  # Linux 4.7 and later
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    current = os.umask(0o077)  # elsewhere: set a stricter one for the instant it takes to read the old one
    os.umask(current)
    return current


def default_mode() -> int:
    """The mode open(2) gives a new file: 0666 less the umask (0644 with the usual 022)."""
    return 0o666 & ~umask()


class WriteError(OSError, HandoutsError):
    """A file that cannot or may not be written; str() is the one-line reason (no traceback, no errno).

    `target` is true when the reason is about the target itself and does not name
    it ("is a symbolic link; ..."): callers put the path in front.
    """

    def __init__(self, message: str, code: int = errno.EINVAL, *, target: bool = False, where: str = ""):
        OSError.__init__(self, code, message)
        self.message, self.where = message, where
        self.target = target

    def __str__(self) -> str:
        return f"{self.where}: {self.strerror}" if self.where else str(self.strerror)

    def __reduce__(self) -> tuple[Any, ...]:
        # OSError pickles as (errno, strerror), which this __init__ would read the wrong way round:
        # a service that sends errors across processes (a task queue) got '13' for the reason
        return type(self), (self.message, self.errno), dict(self.__dict__)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refusal(mode: int) -> WriteError | None:
    """Why a file of this mode may not be written over; None for a regular file."""
    kind = _kind(mode)
    if kind == "a symbolic link":
        return WriteError("is a symbolic link; output never follows links: remove the link or choose another name",
                          target=True)
    if kind:
        return WriteError(f"is {kind}, not a regular file; give the name of a file to write", target=True)
    return None


def _check_target(folder: int, name: str) -> None:
    """Refuse anything at `name` but a regular file (links are looked at, never followed)."""
    try:
        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return
    if (refusal := _refusal(info.st_mode)) is not None:
        raise refusal


def check_target(target: Path) -> None:
    """What writing `target` would refuse at the name itself (a link, FIFO, device, folder), said before
    any work: a command that writes two files checks the second before it writes the first. Writing
    checks again (this is no lock); other failures are left for it to report."""
    try:
        info = os.lstat(target)
    except OSError:
        return
    if (refusal := _refusal(info.st_mode)) is not None:
        raise refusal


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def folder_inside(root: Path, folder: PurePath, *, create: bool) -> int:
    """A descriptor of `root`/`folder`, every folder below `root` opened with O_NOFOLLOW.

    `root` itself is the user's choice and may be a link. Missing folders are made
    when `create` is true. Raises WriteError when a folder on the way is a link or
    a file, or cannot be made; FileNotFoundError when one is missing and not made.
    """
    if folder.is_absolute() or any(part in ("", ".", "..") for part in folder.parts):
        raise WriteError(f"{folder} is not a path inside {root}")
    try:
        fd = os.open(root, _DIR_FLAGS)
    except OSError as exc:
        raise WriteError(f"cannot open folder {root}: {_reason(exc)}", exc.errno or errno.EIO) from None
    here = root
    try:
        for part in folder.parts:
            here = here / part
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o777, dir_fd=fd)
            try:
                inner = os.open(part, _DIR_FLAGS | _NOFOLLOW, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                    info = os.stat(part, dir_fd=fd, follow_symlinks=False)
                    kind = _kind(info.st_mode) or "a file"
                    raise WriteError(f"{here} is {kind}, not a folder; output stays inside {root} "
                                     "and never follows links") from None
                raise
            os.close(fd)
            fd = inner
    except (WriteError, FileNotFoundError):
        os.close(fd)
        raise
    except OSError as exc:
        os.close(fd)
        raise WriteError(f"cannot create folder {here}: {_reason(exc)}", exc.errno or errno.EIO) from None
    return fd


def open_inside(root: Path, rel: PurePath) -> int:
    """A read-only descriptor of the regular file `root`/`rel`, no link followed on the way or at the end.

    Raises OSError (FileNotFoundError when missing; WriteError for a link or a non-file).
    """
    folder = folder_inside(root, rel.parent, create=False)
    try:
        fd = os.open(rel.name, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0), dir_fd=folder)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise WriteError(f"{root / rel} is a symbolic link") from None
        raise
    finally:
        os.close(folder)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise WriteError(f"{root / rel} is not a regular file")
    return fd


def _open_folder(target: Path, root: Path | None) -> int:
    """A descriptor of the folder `target` goes in, creating missing folders.

    Without `root` the folders are the user's own path, followed as a shell would.
    With `root` every folder below it is opened with O_NOFOLLOW.
    """
    if root is None:
        parent = target.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            return os.open(parent, _DIR_FLAGS)
        except FileExistsError:
            raise WriteError(f"cannot create folder {parent}: a file of that name is in the way") from None
        except NotADirectoryError:
            raise WriteError(f"cannot create folder {parent}: part of that path is a file") from None
        except OSError as exc:
            raise WriteError(f"cannot create folder {parent}: {_reason(exc)}", exc.errno or errno.EIO) from None
    rel = PurePath(target).relative_to(root)
    if not rel.parts:
        raise WriteError(f"{target} is not a file inside {root}")
    return folder_inside(root, rel.parent, create=True)


TEMP_SUFFIX = ".part"
"""How a temp file's name ends (`.NAME.<12 hex digits>.part`): sweeps of stray temp files match it."""


def _temp_file(folder: int, name: str, shown_folder: Path) -> tuple[int, str]:
    for _ in range(100):
        tmp = f".{name}.{secrets.token_hex(6)}{TEMP_SUFFIX}"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
            return os.open(tmp, flags, 0o600, dir_fd=folder), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise WriteError(f"cannot write in {shown_folder}: {_reason(exc)}", exc.errno or errno.EIO) from None
    raise WriteError(f"cannot make a temporary file in {shown_folder}")


def _place(folder: int, tmp: str, name: str, overwrite: bool) -> None:
    """Move the finished temp file to `name`: replace (after a last look) or link (never replace)."""
    if overwrite:
        _check_target(folder, name)
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
        return
    try:
        os.link(tmp, name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:  # file systems without hard links: the check and the rename are two steps
        try:
            os.stat(name, dir_fd=folder, follow_symlinks=False)
        except FileNotFoundError:
            os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
            return
        raise FileExistsError(errno.EEXIST, "file exists", name) from None
    os.unlink(tmp, dir_fd=folder)


@contextlib.contextmanager
def atomic_writer(target: Path, *, overwrite: bool = True, root: Path | None = None,
                  mode: int | None = None, durable: bool = True) -> Iterator[BinaryIO]:
    """Yield a temp file beside `target`; put it in place only if the block succeeds.

    `durable=False`: no fsync before the rename (a cache entry; see the module docstring).
    Raises WriteError for a target that may not be written (see the module
    docstring) and FileExistsError when `overwrite` is false and `target` exists.
    """
    target = Path(target)
    folder = _open_folder(target, root)
    tmp = None
    try:
        _check_target(folder, target.name)
        if not overwrite:
            try:
                os.stat(target.name, dir_fd=folder, follow_symlinks=False)
            except FileNotFoundError:
                pass
            else:
                raise FileExistsError(errno.EEXIST, "file exists", str(target))
        fd, tmp = _temp_file(folder, target.name, target.parent)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), default_mode() if mode is None else mode)
        _place(folder, tmp, target.name, overwrite)
        tmp = None
    finally:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=folder)
        os.close(folder)


def write_atomic(target: Path, data: bytes, *, overwrite: bool = True, root: Path | None = None,
                 mode: int | None = None, durable: bool = True) -> None:
    """Write `data` to `target` atomically under the rules above."""
    with atomic_writer(target, overwrite=overwrite, root=root, mode=mode, durable=durable) as handle:
        handle.write(data)
