"""Helpers shared by the web test files (no fixtures of conftest's: each file makes its own)."""

from __future__ import annotations

import shutil
from pathlib import Path


def same_folder(home: Path, name: str) -> Path:
    """An empty folder `home/name`, at the same path each time a test asks for it (what was there removed).

    The content cache (handouts.contentcache) knows the shipped topics, brands and plans by the data
    folders' paths as well as by their text: a practice folder at a new tmp_path for every test has
    all the shipped content parsed and checked again (a third of a second or more per app); at one path
    per module, with `home` a module-scoped tmp folder, it is parsed once. Each test still starts from
    an empty folder of its own making."""
    folder = home / name
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder
