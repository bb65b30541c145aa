"""Validated content kept between runs, so a repeat render skips the YAML parse and the checks.

Parsing a 60 kB topic with ruamel's pure-Python parser and running every rule on
it takes about a fifth of a second, on every command. The result (the frozen
model and its warnings) is a pure function of:

- the file's text and the path messages show for it;
- the context that shaped it: the data folders, the food catalogues in them (by
  content), the locale and today's date (review dates are judged against it);
- the code that checked it (a fingerprint of the package's modules, the
  versions of Python and pydantic).

All of that, hashed, is the entry's name. A result that also depends on other
files (a brand's logo, which its rules open and check) lists them with their
digests in the entry, and the entry answers only while they are unchanged.

Only kinds that hold shared content are kept (topics, brands, diet plans, food
catalogues): never a personalisation or a customisation, so nothing about a
patient is ever written here. Content that fails validation is not kept either:
its errors are always found, and located, afresh.

Where:  $HANDOUTS_CACHE if set (a folder; `off` turns the cache off), else
$XDG_CACHE_HOME/handouts/content, else ~/.cache/handouts/content
(~/Library/Caches on macOS, %LOCALAPPDATA% on Windows).

Trust: an entry is the pickled result behind an HMAC-SHA256 keyed by the user's
own key (handouts.batch.userkey, in their configuration folder, never beside the
cache). An entry whose MAC does not match (tampered, truncated, another user's,
a half-written file) or that was made for other inputs is ignored and written
again; nothing is unpickled before its MAC checks out, and even then only the
classes content is made of. Entries are written like every other file
(handouts.atomic: temp file and rename, readable by the user alone) but not
fsynced, as they are a cache: one lost to a power cut is made again, a torn one
fails its MAC.
Entries unused for PRUNE_AFTER_DAYS are removed when a new one is written.

Derived data shares the folder and the MAC: compiled Jinja2 templates (marshalled
code, keyed by the template's source), the code points of each font file (keyed
by its size and mtime), stylesheets with their var()s resolved (keyed by their
text, handouts.cssvars) and the content's review dates in words (keyed by locale
and date, handouts.locale; never a patient's date), each made afresh in every new
process before.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import re
import stat
import sys
import time
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from handouts.atomic import write_atomic

ENV = "HANDOUTS_CACHE"
OFF = frozenset({"off", "0", "no", "false", "none"})
CACHEABLE = frozenset({"topic", "brand", "diet-plan", "food-catalogue"})
"""Content kinds kept here: shared, reviewed content, never anything about a patient."""
FORMAT = b"handouts-content-cache/1"
MAGIC = b"HOCC1\n"
MAX_ENTRY_BYTES = 16 * 1024 * 1024
MAX_DEPENDENCY_BYTES = 64 * 1024 * 1024
PRUNE_AFTER_DAYS = 14
_MAC_BYTES = hashlib.sha256().digest_size

T = TypeVar("T")

_SAFE_GLOBALS = frozenset({
    ("handouts.validation", "Checked"), ("handouts.errors", "Problem"), ("decimal", "Decimal"),
    ("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"), ("datetime", "timedelta"),
    ("datetime", "timezone"),
})
"""What a validated model and its warnings are made of, besides the content models themselves."""


def cache_dir() -> Path | None:
    """The folder entries live in, or None when the cache is turned off."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        if chosen.strip().lower() in OFF or not chosen.strip():
            return None
        return Path(chosen).expanduser()
    from handouts.batch.userkey import user_dir

    return user_dir("cache") / "content"


@cache
def code_fingerprint() -> bytes:
    """What identifies the checking code: every module of the package (name, size, mtime),
    the package, Python and pydantic versions. An edit, upgrade or reinstall changes it."""
    import handouts
    import pydantic

    digest = hashlib.sha256()
    digest.update(f"{handouts.__version__}|{sys.version}|{pydantic.VERSION}".encode())
    root = Path(handouts.__file__).resolve().parent
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                rel = os.path.relpath(os.path.join(folder, name), root)
                digest.update(f"{rel}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.digest()


def _file_digest(path: Path) -> str:
    """The file's SHA-256; a folder, FIFO, device or oversized file is refused without waiting on it."""
    from handouts.inputfile import InputRefused, read_bytes

    try:
        return hashlib.sha256(read_bytes(path, MAX_DEPENDENCY_BYTES, "a file content depends on")).hexdigest()
    except InputRefused as exc:
        return f"refused:{exc}"
    except OSError as exc:
        return f"unreadable:{exc.errno}"


def _tool_languages() -> tuple[str, ...]:
    """The languages the tool has its own words in: validation warns of a translation into any other
    (handouts.language_checks), so a catalogue added since must not be answered from the cache."""
    from handouts.i18n import languages

    return languages()


def context_key(ctx: Any) -> bytes | None:
    """The parts of a context that can change a check's outcome; None: not a context we can key
    (e.g. one checking a customisation against a plan, which is never cached anyway)."""
    data_dirs = getattr(ctx, "data_dirs", None)
    today = getattr(ctx, "today", None)
    catalogue_files = getattr(ctx, "catalogue_files", None)
    if data_dirs is None or today is None or catalogue_files is None or getattr(ctx, "plan", None) is not None:
        return None
    parts = [
        "dirs=" + "\0".join(str(d) for d in data_dirs),
        f"today={today.isoformat()}",
        f"locale={getattr(ctx, 'locale', None)}",
        f"file={getattr(ctx, 'file', None)}",
        "tool_languages=" + ",".join(_tool_languages()),  # a translation the tool gains words for now prints
        *(f"catalogue={path}:{_file_digest(path)}" for path in catalogue_files()),
    ]
    return "\n".join(parts).encode("utf-8", "surrogateescape")


def entry_key(kind: str, shown: str, text: str, ctx: Any) -> bytes | None:
    """The hash naming one entry, or None when this check cannot be cached."""
    if kind not in CACHEABLE:
        return None
    context = context_key(ctx)
    if context is None:
        return None
    digest = hashlib.sha256(FORMAT)
    for part in (code_fingerprint(), kind.encode(), shown.encode("utf-8", "surrogateescape"),
                 hashlib.sha256(text.encode("utf-8", "surrogateescape")).digest(), context):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.digest()


@cache
def _mac_key() -> bytes | None:
    """The user's key, narrowed to this use; None (no cache) when it can be neither read nor made."""
    from handouts.batch.userkey import KeyUnavailable, load_or_create

    try:
        user_key = load_or_create()
    except (KeyUnavailable, OSError):
        return None
    return hmac.new(user_key, b"handouts content cache", hashlib.sha256).digest()


class _ContentUnpickler(pickle.Unpickler):
    """Only the classes validated content is made of, even from an entry whose MAC checked out."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE_GLOBALS:
            return super().find_class(module, name)
        if module.startswith("handouts.models."):
            from pydantic import BaseModel

            found = super().find_class(module, name)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of validated content")


def _read_entry(path: Path) -> bytes | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _read_authentic(path: Path, key: bytes, mac_key: bytes) -> bytes:
    """The payload of the entry at `path` if its MAC over `key` and the payload checks out;
    else raise LookupError."""
    raw = _read_entry(path)
    if raw is None or not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + _MAC_BYTES:
        raise LookupError(path)
    mac, payload = raw[len(MAGIC):len(MAGIC) + _MAC_BYTES], raw[len(MAGIC) + _MAC_BYTES:]
    if not hmac.compare_digest(mac, hmac.new(mac_key, key + payload, hashlib.sha256).digest()):
        raise LookupError(path)
    return payload


def _write_authentic(folder: Path, path: Path, key: bytes, mac_key: bytes, payload: bytes) -> None:
    """Write an entry atomically, mode 0600 in a 0700 folder, without fsync (it is a cache: an fsync
    per entry costs more than remaking a lost one); a cache that cannot be written is no error."""
    data = MAGIC + hmac.new(mac_key, key + payload, hashlib.sha256).digest() + payload
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(path, data, mode=0o600, durable=False)
    except OSError:  # WriteError too: a link or a folder where the entry goes
        return
    _prune(folder)


def _load(path: Path, key: bytes, mac_key: bytes) -> Any:
    """The value in the entry at `path` if it is intact and made for `key`; else raise LookupError."""
    payload = _read_authentic(path, key, mac_key)
    try:
        stored_key, depends, value = _ContentUnpickler(io.BytesIO(payload)).load()
    except Exception:  # an intact MAC over something this code cannot read (e.g. a class since renamed)
        raise LookupError(path) from None
    if stored_key != key or any(_file_digest(Path(file)) != digest for file, digest in depends):
        raise LookupError(path)
    return value


def _store(folder: Path, path: Path, key: bytes, mac_key: bytes, value: Any, depends: Iterable[Path] = ()) -> None:
    try:
        files = [(str(file), _file_digest(file)) for file in depends]
        payload = pickle.dumps((key, files, value), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return
    _write_authentic(folder, path, key, mac_key, payload)


_OUR_FILE = re.compile(r"\.?[0-9a-f]{40}\.(entry|cmap|jinja|css|date)(\.[0-9a-f]{12}\.(part|tmp))?")
"""The names this module writes (with handouts.atomic's temp names; `.tmp`: those of older versions):
pruning touches nothing else, wherever HANDOUTS_CACHE points."""


def _prune(folder: Path) -> None:
    """Remove entries (and stray temp files) unused for PRUNE_AFTER_DAYS; never any other file."""
    cutoff = time.time() - PRUNE_AFTER_DAYS * 86400
    try:
        with os.scandir(folder) as found:
            for entry in found:
                try:
                    if (_OUR_FILE.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
                            and entry.stat(follow_symlinks=False).st_mtime < cutoff):
                        os.unlink(entry.path)
                except OSError:
                    continue
    except OSError:
        return


def cached(kind: str, shown: str, text: str, ctx: Any, compute: Callable[[], T],
           depends: Callable[[T], Iterable[Path]] = lambda value: ()) -> T:
    """`compute()`, or what it returned before for the same text, path, kind, context and code.

    `depends(value)` names the other files the value was made from; the entry answers
    only while they are as they were. Whatever `compute` raises (a ContentError for
    invalid content) is raised and nothing is kept.
    """
    folder = cache_dir()
    key = entry_key(kind, shown, text, ctx) if folder is not None else None
    mac_key = _mac_key() if key is not None else None
    if folder is None or key is None or mac_key is None:
        return compute()
    path = folder / f"{key.hex()[:40]}.entry"
    try:
        return _load(path, key, mac_key)  # type: ignore[no-any-return]
    except LookupError:
        pass
    value = compute()
    _store(folder, path, key, mac_key, value, depends(value))
    return value


# -- derived data: a font's code points, compiled templates --------------------------


def _where(kind: str, *parts: bytes) -> tuple[Path, bytes, bytes] | None:
    """(entry path, key, MAC key) for derived data, or None when the cache is off or has no key."""
    folder = cache_dir()
    mac_key = _mac_key() if folder is not None else None
    if folder is None or mac_key is None:
        return None
    digest = hashlib.sha256(FORMAT + b"|" + kind.encode())
    for part in (code_fingerprint(), *parts):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    key = digest.digest()
    return folder / f"{key.hex()[:40]}.{kind}", key, mac_key


def font_code_points(path: Path, read: Callable[[Path], Iterable[int]]) -> frozenset[int]:
    """`read(path)` (the code points a font file maps), kept per file (path, size, mtime):
    reading the cmaps of the ten fonts every render loads takes longer than the rest of a
    cold start's own work. Stored as plain 32-bit integers: nothing is unpickled."""
    from array import array

    try:
        info = path.stat()
    except OSError:
        return frozenset(read(path))
    where = _where("cmap", os.fsencode(str(path)), f"{info.st_size}:{info.st_mtime_ns}".encode())
    if where is not None:
        entry, key, mac_key = where
        try:
            points = array("I")
            points.frombytes(_read_authentic(entry, key, mac_key))
            return frozenset(points)
        except (LookupError, ValueError):
            pass
    found = frozenset(read(path))
    if where is not None:
        _write_authentic(entry.parent, entry, key, mac_key, array("I", sorted(found)).tobytes())
    return found


def derived(kind: str, source: bytes, make: Callable[[], bytes]) -> bytes:
    """`make()`, kept per `source` (what it is made from) under `kind`: data every new process would
    otherwise derive afresh from the same input. Bytes only: nothing is unpickled."""
    where = _where(kind, source)
    if where is not None:
        try:
            return _read_authentic(*where)
        except LookupError:
            pass
    made = make()
    if where is not None:
        entry, key, mac_key = where
        _write_authentic(entry.parent, entry, key, mac_key, made)
    return made


def template_cache() -> Any:
    """A Jinja2 bytecode cache in this folder whose entries are authenticated like every other:
    compiled templates are marshalled code, so one is loaded only under a valid MAC. None
    when the cache is off (Jinja2 then compiles every template on first use, as before)."""
    if cache_dir() is None:
        return None
    import jinja2

    class AuthenticatedBytecodeCache(jinja2.BytecodeCache):
        def _where(self, bucket: Any) -> tuple[Path, bytes, bytes] | None:
            return _where("jinja", jinja2.__version__.encode(), bucket.key.encode(), bucket.checksum.encode())

        def load_bytecode(self, bucket: Any) -> None:
            where = self._where(bucket)
            if where is None:
                return
            try:
                bucket.bytecode_from_string(_read_authentic(*where))
            except LookupError:
                return
            except Exception:  # an intact MAC over code another Python cannot load: compile afresh
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            where = self._where(bucket)
            if where is not None:
                entry, key, mac_key = where
                _write_authentic(entry.parent, entry, key, mac_key, bucket.bytecode_to_string())

    return AuthenticatedBytecodeCache()
