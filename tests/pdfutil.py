"""Read PDFs back the way a reader (and independent checkers) would."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf


def pages_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages]


def text(path: Path) -> str:
    """All text, with line breaks folded so phrases can be searched across wraps."""
    return re.sub(r"\s+", " ", " ".join(pages_text(path)))


def fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: one dict per font (name, emb, ...)."""
    assert shutil.which("pdffonts"), "pdffonts (poppler-utils) is needed: make test installs it"
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object ID: emb is the 5th column from the right
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows
