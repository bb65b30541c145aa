"""What the batch tests share: the manifest a run leaves in its output folder, and a run that should skip."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from click.testing import Result

from cliutil import command

batch = command("batch")


def manifest(out: Path) -> dict[str, Any]:
    """The manifest.json a batch run wrote in `out`."""
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


def sha256(path: Path) -> str:
    """A file's digest, as the manifest records it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rerun(out: Path, *args: object) -> Result:
    """`handouts batch ARGS` writing to `out`, a run that should skip work: repeated if the checkout's
    templates, styles or code changed meanwhile (other people edit this checkout while tests run),
    which rightly re-renders everything."""
    for _ in range(3):
        before = manifest(out)["environment"]
        result = batch(*args)
        if manifest(out)["environment"] == before:
            return result
    raise AssertionError("templates, styles or code kept changing while the test ran")
