"""The user's own key for telling personalised prints apart without storing anything testable.

A batch manifest must notice when a job's personalisation changed (so it
re-renders) without holding anything that confirms a guessed patient name: a
salted hash with its salt beside it did (a name plus a visit date matched,
wrong guesses did not). The manifest therefore holds an HMAC whose key lives
in the user's configuration folder, never beside the output:

    $XDG_CONFIG_HOME/handouts/batch-key   (default ~/.config/handouts/batch-key;
    ~/Library/Application Support on macOS, %APPDATA% on Windows)

It is made on first use (folder 0700, file 0600) and read on later runs. Without
the key a manifest is just random-looking text; a new key (another user or
machine) only means that personalised jobs render once more.
"""

from __future__ import annotations

import os
import secrets
import stat
import sys
from pathlib import Path
from typing import Literal

from handouts.errors import HandoutsError

from handouts.atomic import WriteError, write_atomic

FILE_NAME = "batch-key"
KEY_BYTES = 32


class KeyUnavailable(HandoutsError):
    """The key can be neither read nor made; the message says why and where."""


_USER_FOLDERS: dict[str, tuple[str, str, str, str, str]] = {
    # kind: $XDG_* variable, Windows variable, its default under home, macOS folder under home, elsewhere
    "config": ("XDG_CONFIG_HOME", "APPDATA", "AppData/Roaming", "Library/Application Support", ".config"),
    "cache": ("XDG_CACHE_HOME", "LOCALAPPDATA", "AppData/Local", "Library/Caches", ".cache"),
}


def user_dir(kind: Literal["config", "cache"]) -> Path:
    """The tool's folder in the user's configuration or cache directory: an absolute $XDG_CONFIG_HOME
    or $XDG_CACHE_HOME wins everywhere, else the platform's own place. The key lives in the one, the
    content cache in the other, so both are looked up the same way."""
    xdg, windows_variable, windows, macos, elsewhere = _USER_FOLDERS[kind]
    chosen = os.environ.get(xdg)
    if chosen and os.path.isabs(chosen):
        base = Path(chosen)
    elif sys.platform == "win32":
        base = Path(os.environ.get(windows_variable) or Path.home() / windows)
    elif sys.platform == "darwin":
        base = Path.home() / macos
    else:
        base = Path.home() / elsewhere
    return base / "handouts"


def config_dir() -> Path:
    """The tool's folder in the user's configuration directory, where the key is kept."""
    return user_dir("config")


def _read(path: Path) -> bytes | None:
    """The key in `path`, None if there is none; refuses a link, a non-file or a key others can read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KeyUnavailable(f"cannot read {path}: {(exc.strerror or str(exc)).lower()}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise KeyUnavailable(f"{path} is not a regular file")
        if os.name == "posix" and info.st_mode & 0o077:
            raise KeyUnavailable(f"{path} can be read by others (mode {info.st_mode & 0o777:o}); "
                                 "run 'chmod 600' on it or delete it to make a new one")
        text = os.read(fd, 4 * KEY_BYTES).decode("ascii", "replace").strip()
    finally:
        os.close(fd)
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise KeyUnavailable(f"{path} does not hold a key; delete it to make a new one")
    return key


def existing(folder: Path | None = None) -> bytes | None:
    """The user's key if one was made, never making one (--check writes nothing); None if none or unreadable."""
    try:
        return _read((folder or config_dir()) / FILE_NAME)
    except KeyUnavailable:
        return None


def load_or_create(folder: Path | None = None) -> bytes:
    """The user's key, made on first use. Raises KeyUnavailable (read-only home, odd file)."""
    folder = folder or config_dir()
    path = folder / FILE_NAME
    key = _read(path)
    if key is not None:
        return key
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(path, (secrets.token_hex(KEY_BYTES) + "\n").encode("ascii"), overwrite=False, mode=0o600)
    except FileExistsError:
        pass  # another run made it first: use theirs
    except (WriteError, OSError) as exc:
        raise KeyUnavailable(f"cannot make {path}: {exc.strerror or exc}") from None
    key = _read(path)
    if key is None:
        raise KeyUnavailable(f"{path} vanished as it was made")
    return key
