"""WeasyPrint's native libraries are found with one ldconfig run, as CPython would find them."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys

import pytest

from conftest import ROOT
from handouts import libraries

LISTING = b"""1234 libs found in cache `/etc/ld.so.cache'
\tlibpangoft2-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpangoft2-1.0.so.0
\tlibpango-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpango-1.0.so.0
\tlibpango-1.0.so.0 (libc6) => /lib/i386-linux-gnu/libpango-1.0.so.0
\tlibharfbuzz.so.0 (libc6) => /lib/i386-linux-gnu/libharfbuzz.so.0
"""

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldconfig is Linux's")


def test_the_finder_reads_a_listing_as_cpython_does():
    find = libraries.finder(LISTING, "libc6,x86-64")
    assert find("pango-1.0") == "libpango-1.0.so.0"
    assert find("pangoft2-1.0") == "libpangoft2-1.0.so.0"
    assert find("libpango-1.0-0") is None  # WeasyPrint's Windows name: no gcc or ld run for it
    assert find("harfbuzz") is None  # only a 32-bit copy: not for this ABI


def test_a_name_the_listing_lacks_is_answered_without_searching_it(monkeypatch):
    """16 of the 22 names WeasyPrint asks for are absent (other platforms'); each search took 0.4-0.5 ms."""
    find = libraries.finder(LISTING, "libc6,x86-64")
    assert find("pango-1.0") == "libpango-1.0.so.0"
    monkeypatch.setattr(libraries.re, "search", lambda *args: pytest.fail("searched for an absent name"))
    assert find("libpango-1.0-0") is None and find("gobject-2.0") is None and find("pango-1.0.0.dylib") is None


@linux_only
def test_the_finder_agrees_with_ctypes_on_this_machine():
    listing = libraries._ldconfig_listing()
    assert listing is not None
    find = libraries.finder(listing, libraries._abi_type())
    for name in ("gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "pangoft2-1.0", "c", "m", "no-such-lib-x"):
        assert find(name) == ctypes.util._findSoname_ldconfig(name), name  # type: ignore[attr-defined]


def test_find_library_is_put_back_after_the_block():
    original = ctypes.util.find_library
    with libraries.quick_find_library():
        pass
    assert ctypes.util.find_library is original


@linux_only
def test_importing_the_renderer_starts_one_process_not_twenty():
    code = (
        "import subprocess, sys\n"
        "started = []\n"
        "real = subprocess.Popen.__init__\n"
        "def counting(self, args, *a, **k):\n"
        "    started.append(args)\n"
        "    real(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = counting\n"
        "import handouts.render\n"
        "import weasyprint.text.ffi as ffi\n"
        "assert None not in (ffi.gobject, ffi.pango, ffi.harfbuzz, ffi.fontconfig, ffi.pangoft2)\n"
        "print(len(started))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) <= 1
