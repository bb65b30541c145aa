"""A system library WeasyPrint needs (Pango and its kin) that is missing: say which, and how to
install it, instead of WeasyPrint's banner on standard output and cffi's OSError.

The banner went to standard output, where `handouts render ... -o - | lp` sends the document;
the OSError reached the user as "cannot write" the output file. `make demo` checks for the same
libraries before anything runs (.ci/system-deps.sh); this is for the installed wheel, and for
a machine that lost a library since.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import threading
from collections.abc import Iterator
from typing import Any

from handouts.errors import ResourceError

INSTALL = ("install Pango: on Debian or Ubuntu 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
           "libharfbuzz0b libfontconfig1' (in a checkout, 'make demo' does it when run as root); on Fedora "
           "'sudo dnf install pango'; on macOS 'brew install pango'")


class MissingLibrary(ResourceError):
    """WeasyPrint could not load a system library: nothing can be rendered until it is installed."""


class _ImportersOwn:
    """Standard output while WeasyPrint is imported: what the importing thread writes (the banner) is
    kept back; every other thread's goes on to the real stream.

    redirect_stdout swaps sys.stdout for the whole process: in a service that makes its first PDF
    in one thread, another thread's lines printed meanwhile were lost."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.importer = threading.get_ident()
        self.kept = io.StringIO()

    def write(self, text: str) -> int:
        return (self.kept if threading.get_ident() == self.importer else self.real).write(text)

    def flush(self) -> None:
        if threading.get_ident() != self.importer and self.real is not None:
            self.real.flush()

    def __getattr__(self, name: str) -> Any:  # encoding, buffer, fileno...: the real stream's
        return getattr(self.real, name)


@contextlib.contextmanager
def weasyprint_import() -> Iterator[None]:
    """Around `import weasyprint`: its banner is kept off standard output; a missing library is a
    MissingLibrary naming it and the command that installs it."""
    try:
        with contextlib.redirect_stdout(_ImportersOwn(sys.stdout)):  # type: ignore[type-var]
            yield
    except OSError as exc:
        named = re.search(r"cannot load library '([^']+)'", str(exc))
        library = named.group(1) if named else "a system library"
        raise MissingLibrary(f"WeasyPrint cannot load {library}, which it needs to render: {INSTALL}",
                             where="handouts") from None
