"""Which handouts is installed on disk: its version and a hash of the files a render reads.

A long-running server imported its code when it started; a render worker it starts
later (one replaced after a crash or a timeout) imports whatever is on disk then. After
an upgrade made without stopping the server (`git pull && make demo`, a new wheel),
the two differ: the worker would lay out the server's view models with another
version's code, templates and styles. The render pool compares the two
(handouts.web.pool) and says to restart, rather than print with a mixture.
"""

from __future__ import annotations

import functools
from pathlib import Path


def install_digest() -> str:
    """The version and one hash over the package's code, templates, styles and message catalogues, as on disk now."""
    import handouts
    from handouts.batch.fingerprint import digest, tree_digest
    from handouts.resources import asset_dir

    package = Path(handouts.__file__).resolve().parent
    return digest([handouts.__version__, tree_digest(package, "*.py"), tree_digest(asset_dir("templates")),
                   tree_digest(asset_dir("styles")), tree_digest(package / "locales", "*.po")])


@functools.cache
def started_with() -> str:
    """install_digest() as this process first saw it (the server's, from its start)."""
    return install_digest()
