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
from collections.abc import Iterator

from handouts.errors import ResourceError

INSTALL = ("install Pango: on Debian or Ubuntu 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
           "libharfbuzz0b libfontconfig1' (in a checkout, 'make demo' does it when run as root); on Fedora "
           "'sudo dnf install pango'; on macOS 'brew install pango'")


class MissingLibrary(ResourceError):
    """WeasyPrint could not load a system library: nothing can be rendered until it is installed."""


@contextlib.contextmanager
def weasyprint_import() -> Iterator[None]:
    """Around `import weasyprint`: its banner is kept off standard output; a missing library is a
    MissingLibrary naming it and the command that installs it."""
    banner = io.StringIO()
    try:
        with contextlib.redirect_stdout(banner):
            yield
    except OSError as exc:
        named = re.search(r"cannot load library '([^']+)'", str(exc))
        library = named.group(1) if named else "a system library"
        raise MissingLibrary(f"WeasyPrint cannot load {library}, which it needs to render: {INSTALL}",
                             where="handouts") from None
