"""The practice's user file: one user a line, `name:scrypt$N$r$p$salt$hash`, for `handouts serve`'s login.

Passwords are hashed with scrypt (Python's hashlib, so no extra library),
a random 16-byte salt per user and N=2^15, r=8, p=1: memory-hard, about
0.1 s per check, so guessing offline is slow. Checks compare in constant time
and a check for an unknown name costs the same as for a known one, so the
login page does not tell which names exist. The file is written atomically,
readable by its owner only. Reading it imports nothing heavy.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import secrets
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from handouts.atomic import write_atomic
from handouts.errors import ContentError, Problem, UsageError, display_path
from handouts.encoding import saved_as_utf16, utf16
from handouts.inputfile import InputRefused, read_bytes

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 10
SCHEME = "scrypt"
N, R, P = 2**15, 8, 1
MAX_FILE_BYTES = 1024 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    return f"{SCHEME}${N}${R}${P}${_b64(salt)}${_b64(_derive(password, salt, N, R, P))}"


_DUMMY = f"{SCHEME}${N}${R}${P}${_b64(bytes(16))}${_b64(bytes(32))}"


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches a stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = _derive(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise UsageError(f"'{name[:70]}' cannot be a user name: use letters, digits and . _ @ - (at most 64)")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password is too short: use at least {MIN_PASSWORD} characters")
    return password


def read(path: Path) -> dict[str, str]:
    """name → stored hash; ContentError with the file and line for a line that is not one."""
    try:  # a FIFO there is refused at once, /dev/zero after MAX_FILE_BYTES: never a hang
        data = read_bytes(path, MAX_FILE_BYTES, "a user file")
    except FileNotFoundError:
        return {}
    except InputRefused as exc:
        raise ContentError([Problem(display_path(path), 0, 0, "", exc.message)]) from None
    except OSError as exc:
        raise ContentError([Problem(display_path(path), 0, 0, "", f"cannot read: {exc.strerror}")]) from None
    _refuse_shared(path)
    if saved_as_utf16(data):  # every line was 'not a user line'
        raise ContentError([Problem(display_path(path), 0, 0, "", utf16())])
    users: dict[str, str] = {}
    first: dict[str, int] = {}
    problems: list[Problem] = []
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")  # Notepad's byte-order mark: not part of a name
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, stored = line.strip().partition(":")
        if not sep or not NAME.match(name) or not stored.startswith(f"{SCHEME}$") or stored.count("$") != 5:
            problems.append(Problem(display_path(path), number, 1, "",
                                    "not a user line ('name:scrypt$...', written by 'handouts users add NAME')"))
            continue
        if (problem := _hash_problem(stored)) is not None:
            problems.append(Problem(display_path(path), number, len(name) + 2, "", problem))
            continue
        if name in first:  # the last line won unsaid: a password changed by hand above an old one kept the old
            problems.append(Problem(display_path(path), number, 1, "", (
                f"user '{name}' is listed twice (first at line {first[name]}): delete one of the lines (unsure "
                "which? delete both, then 'handouts users add NAME')")))
            continue
        first[name] = number
        users[name] = stored
    if problems:
        raise ContentError(problems)
    return users


def _hash_problem(stored: str) -> str | None:
    """Why a stored hash is not one `handouts users add` writes, if it is not. Its parameters come from the
    file: a line copied or edited by hand with p=1000000 held a sign-in's check for minutes, with N=2
    made guessing offline instant, with N=2^20 failed every sign-in unsaid (past scrypt's memory limit),
    and any other cost than an unknown name's told the sign-in page's timing which names exist."""
    _, n, r, p, salt, digest = stored.split("$")
    if (n, r, p) != (str(N), str(R), str(P)):
        return (f"a password hash with N={n[:12]}, r={r[:12]}, p={p[:12]}, not the N={N}, r={R}, p={P} handouts "
                "writes: set the password again with 'handouts users add NAME'")
    try:
        sizes = len(base64.b64decode(salt, validate=True)), len(base64.b64decode(digest, validate=True))
    except ValueError:
        sizes = (0, 0)
    if sizes != (16, 32):
        return "a damaged password hash: set the password again with 'handouts users add NAME'"
    return None


def _refuse_shared(path: Path) -> None:
    """A user file others may change gives them a login of their choosing: refused, with the fix."""
    if os.name != "posix":
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise ContentError([Problem(display_path(path), 0, 0, "", (
            f"can be changed by other users of this computer (mode {mode & 0o777:o}), who could give themselves "
            f"a login: make it its owner's alone (chmod 600 {display_path(path)})"))])


def _refuse_another_owner(path: Path) -> None:
    """The file (or, before it exists, its folder) is the server's user's: written by anyone else, root
    above all (`sudo handouts users add`), it would be theirs alone to read, and the server could not."""
    if os.name != "posix":
        return
    try:
        owner, what = path.stat().st_uid, display_path(path)
    except FileNotFoundError:
        owner, what = path.parent.stat().st_uid, f"the folder {path.name} goes in"
    if owner == os.geteuid():
        return
    import pwd

    try:
        name = pwd.getpwuid(owner).pw_name
    except KeyError:
        name = f"#{owner}"
    raise UsageError(f"{what} belongs to {name}: if 'handouts serve' runs as {name}, a {path.name} written by you "
                     f"would be readable by you alone and no one could sign in. Run this command as {name} "
                     f"(sudo -u {name} ...); nothing was written")


def write(path: Path, users: dict[str, str]) -> None:
    """Replace the file atomically and durably (handouts.atomic), readable and writable by its owner only;
    a link or anything but a regular file where it goes is refused, as is a file (or folder) of another user's."""
    _refuse_another_owner(path)
    lines = ["# handouts users: name:scrypt hash. Change with 'handouts users add' / 'handouts users remove'."]
    lines += [f"{name}:{stored}" for name, stored in sorted(users.items())]
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"), mode=0o600)


def add(path: Path, name: str, password: str) -> bool:
    """Add a user or change their password; True when the user is new."""
    users = read(path)
    new = check_name(name) not in users
    users[name] = hash_password(check_password(password))
    write(path, users)
    return new


def remove(path: Path, name: str) -> None:
    users = read(path)
    if name not in users:
        raise UsageError(f"no user '{name[:70]}' in {display_path(path)}")
    del users[name]
    write(path, users)


@dataclass
class UserFile:
    """The file as the server sees it: read again when it changes, so adding or removing a user
    takes effect without a restart (a removed user's session ends at their next request).

    Edited by hand into something that is not a user file (or made writable by others) while the
    server runs, it signs no one in until it is fixed: its problems are logged once, on the
    server's log, and kept in `problems` for the sign-in page to say that sign-in is unavailable.
    `check()` raises them instead, for `serve` to refuse to start."""

    path: Path

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple[int, ...] | None = None
        self._users: dict[str, str] = {}
        self._problems: tuple[Problem, ...] = ()

    def _read(self) -> None:
        try:  # the inode and ctime too: a copy that keeps the old one's size and mtime (cp -p, rsync -a) is new
            st = self.path.stat()
            stamp: tuple[int, ...] | None = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)
        except OSError:
            stamp = None
        with self._lock:
            if stamp == self._stamp:
                return
            self._stamp = stamp
            try:
                if stamp is None and self._users:  # it was there: moved or deleted by hand
                    raise ContentError([Problem(display_path(self.path), 0, 0, "", (
                        "is gone: put it back, or add each user again with 'handouts users add NAME'"))])
                self._users = read(self.path) if stamp else {}
                if self._problems:  # an edit left half-written, then finished, reads as both: say each
                    logging.getLogger("handouts.web").warning("the user file is fixed: sign-in works again")
                self._problems = ()
            except ContentError as exc:
                self._users, self._problems = {}, tuple(exc.problems)
                logging.getLogger("handouts.web").error(
                    "no one can sign in until the user file is fixed: %s",
                    "; ".join(str(problem) for problem in exc.problems))

    def users(self) -> dict[str, str]:
        self._read()
        return self._users

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Why no one can sign in: what is wrong with the file as last read (empty when it is fine)."""
        self._read()
        return self._problems

    def check(self) -> None:
        """Raise ContentError, every problem located, when the file is not one."""
        if self.problems:
            raise ContentError(list(self.problems))

    def exists(self, name: str) -> bool:
        return name in self.users()

    def verify(self, name: str, password: str) -> bool:
        stored = self.users().get(name)
        ok = verify_password(password, stored or _DUMMY)  # the same work for an unknown name
        return ok and stored is not None
