"""Which handouts is installed on disk: its version and a hash of the files a render reads.

A long-running server imported its code when it started; a render worker it starts
later (one replaced after a crash or a timeout) imports whatever is on disk then. After
an upgrade made without stopping the server (`git pull && make demo`, a new wheel),
the two differ: the worker would lay out the server's view models with another
version's code, templates and styles. The render pool compares the two
(handouts.web.pool) and says to restart, rather than print with a mixture.

The fonts count too. They are not the package's: the body font and most fallbacks are
PyPI packages, the CJK fallback and the emoji font the system's (apt upgrades them on
its own), and a process reads a font file when it first parses its @font-face, not at
its start: a render worker at its first document, any process at the first document
needing the CJK fallback. Keeping them in memory would hold some 40 MB in every process;
a font file is instead recorded when a process starts (handouts.kept_assets) and compared
with the disk's before it is read (handouts.render): a changed or removed font is a
"restart" like a code upgrade, never a handout printed with other glyphs. A font is
recorded by what stat says of it, not hashed (60 MB, 0.15 s per process): an upgrade writes
a new file (dpkg and pip rename one into place), and a reinstall of the same bytes asks for
a restart it did not need, which is harmless.
"""

from __future__ import annotations

import functools
from pathlib import Path


def install_digest(fonts: dict[str, str | None] | None = None) -> str:
    """The version and one hash over the package's code, templates, styles and message catalogues, and
    the fonts (`fonts`, default: font_files()), as on disk now."""
    import handouts
    from handouts.batch.fingerprint import digest, tree_digest
    from handouts.resources import asset_dir

    package = Path(handouts.__file__).resolve().parent
    return digest([handouts.__version__, tree_digest(package, "*.py"), tree_digest(asset_dir("templates")),
                   tree_digest(asset_dir("styles")), tree_digest(package / "locales", "*.po"),
                   sorted((font_files() if fonts is None else fonts).items())])


@functools.cache
def started_with() -> str:
    """install_digest() as this process first saw it (the server's, from its start), its fonts as recorded then."""
    return install_digest(fonts_started_with())


def font_files() -> dict[str, str | None]:
    """Every font file a document may be set in or checked against (the system's CJK and emoji included),
    by path, and which file is there now (device, inode, size, modification time; None: gone)."""
    from handouts.resources import body_faces, emoji_face, fallback_faces

    faces = (*body_faces(), *fallback_faces(), *(face for face in [emoji_face()] if face is not None))
    return {str(face.path): _stamp(face.path) for face in faces}


@functools.cache
def fonts_started_with() -> dict[str, str | None]:
    """font_files() as this process first saw them (a server and a render worker: at their start)."""
    return font_files()


def fonts_changed() -> list[str]:
    """The font files changed or removed on disk since this process recorded them (fonts_started_with)."""
    now = font_files()
    return sorted(path for path, stamp in fonts_started_with().items() if now.get(path) != stamp)


def _stamp(path: Path) -> str | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"
