"""Copies of the shipped content in a test's own data folder, free to edit (approving rewrites a file)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TOPIC = ROOT / "data" / "topics" / "leaky-gut.yaml"


def copy_of(folder: Path, source: Path = SAMPLE_TOPIC, sub: str = "topics") -> Path:
    """`source` copied into `folder`/`sub`/ (the folder its kind is kept in), keeping its name."""
    path = folder / sub / source.name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, path)
    return path
