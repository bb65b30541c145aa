"""Find WeasyPrint's native libraries with one `ldconfig -p` instead of about twenty subprocesses.

WeasyPrint asks cffi for each of its seven libraries (GObject, Pango, HarfBuzz, ...)
by several names, the Windows and macOS ones first. cffi answers every name it
cannot open directly with `ctypes.util.find_library`, which on Linux runs
`/sbin/ldconfig -p`, then `gcc` and `ld` for a name ldconfig does not know: about
22 processes, a quarter of a second of CPU on every cold start, before the Linux
name is tried and found.

While WeasyPrint is imported, `find_library` here answers from one `ldconfig -p`
read, with the same expression CPython applies to it. A name ldconfig does not
know gets None at once instead of a `gcc` and an `ld` run: WeasyPrint then tries
its next name, and the Linux soname it lists for each library (libpango-1.0.so.0,
...) is opened by the dynamic loader directly, which finds anything `gcc -l`
would. Elsewhere (macOS, Windows, no ldconfig) nothing changes.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

LDCONFIG = "/sbin/ldconfig"

_ABI = {  # as CPython's ctypes.util._findSoname_ldconfig
    "x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64",
}


def _abi_type() -> str:
    bits = "-32" if struct.calcsize("l") == 4 else "-64"
    return _ABI.get(os.uname().machine + bits, "libc6")


def _ldconfig_listing() -> bytes | None:
    """`ldconfig -p` as CPython runs it, or None when there is none to ask."""
    try:
        done = subprocess.run([LDCONFIG, "-p"], stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, env={"LC_ALL": "C", "LANG": "C"}, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 and done.stdout else None


def finder(listing: bytes, abi_type: str) -> Callable[[str], str | None]:
    """find_library answering from one ldconfig listing (CPython's expression, no gcc/ld fallback)."""
    def find_library(name: str) -> str | None:
        if b"lib" + os.fsencode(name) + b"." not in listing:
            # What the expression needs, looked for in microseconds: 16 of the 22 names WeasyPrint asks
            # for are other platforms' and absent, and each search of the listing took 0.4-0.5 ms.
            return None
        pattern = os.fsencode(r"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name), abi_type))
        found = re.search(pattern, listing)
        return os.fsdecode(found.group(1)) if found else None

    return find_library


@contextmanager
def quick_find_library() -> Iterator[None]:
    """Within the block (WeasyPrint's import), ctypes.util.find_library reads one ldconfig listing."""
    import ctypes.util

    listing = _ldconfig_listing() if sys.platform.startswith("linux") else None
    if listing is None:
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = finder(listing, _abi_type())
    try:
        yield
    finally:
        ctypes.util.find_library = original
