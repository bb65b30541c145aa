"""Copies of the shipped content in a test's own data folder, free to edit (approving rewrites a file),
and documents printed once per test process for the tests that only read them."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handouts.rendered import Rendered
    from handouts.views.base import View

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TOPIC = ROOT / "data" / "topics" / "leaky-gut.yaml"
NEXT_REVIEW = date.today() + timedelta(days=365)
"""A next review date a year from the real today: `handouts approve` on the command line runs on the
real today and refuses a next review already past, so a fixed date in a test would rot."""


def copy_of(folder: Path, source: Path = SAMPLE_TOPIC, sub: str = "topics") -> Path:
    """`source` copied into `folder`/`sub`/ (the folder its kind is kept in), keeping its name."""
    path = folder / sub / source.name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, path)
    return path


def riverside_named(folder: Path, names: dict[str, str]) -> Path:
    """`folder` as a data folder holding Riverside's letterhead (its logo too) under each id in `names`, its
    practice named as given there: the brands for tests of long practice names."""
    shutil.copytree(ROOT / "data" / "brands" / "riverside", folder / "brands" / "riverside", dirs_exist_ok=True)
    brand = (ROOT / "data" / "brands" / "riverside.yaml").read_text(encoding="utf-8")
    for brand_id, name in names.items():
        text = brand.replace("id: riverside", f"id: {brand_id}")
        assert text.count("name: Riverside Family Practice") == 1
        (folder / "brands" / f"{brand_id}.yaml").write_text(
            text.replace("name: Riverside Family Practice", f"name: {name}"), encoding="utf-8")
    return folder


def edited_copy(folder: Path, *pairs: tuple[str, str]) -> Path:
    """The sample topic copied into `folder`, each (old, new) pair replaced; each old text must occur once."""
    path = copy_of(folder)
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def sheet_with_notes(folder: Path, notes: list[str]) -> View:
    """Sam's sample low-FODMAP diet sheet (riverside brand), its dietitian's notes replaced by `notes`,
    from a customisation copied into `folder`/customisations/."""
    from handouts import documents
    from handouts.context import Context

    source = (ROOT / "data/customisations/sam-low-fodmap.yaml").read_text(encoding="utf-8")
    kept = [line for line in source.splitlines() if not line.startswith("notes:")]
    custom = folder / "customisations" / "notes.yaml"
    custom.parent.mkdir(parents=True, exist_ok=True)
    custom.write_text("\n".join([*kept, "notes: |", *(f"  {n}" for n in notes)]) + "\n", encoding="utf-8")
    ctx = Context.default()
    return documents.build_view("diet-sheet", documents.diet_inputs(None, custom, "riverside", ctx), None, ctx)


@cache
def printed(view: View) -> Rendered:
    """`documents.render(view)`, once per test process for every equal view.

    Views are frozen and compare by value, and rendering one is deterministic (a batch
    re-render is byte-identical), so tests that read the same document (on the same paper,
    brand, date and details) share one rendering instead of laying it out again. A test
    about rendering itself (speed, caches, warnings) calls documents.render."""
    from handouts import documents

    return documents.render(view)


def printed_file(view: View, folder: Path, name: str = "document.pdf") -> Path:
    """`printed(view)` written to `folder`/`name`, for readers that take a path (pdftotext, pdffonts)."""
    path = folder / name
    path.write_bytes(printed(view).data)
    return path


def key_line(path: Path, text: str) -> int:
    """The line of the key whose folded text holds `text` (its `en: >-`), where a problem with the text is
    located: read from the file, so an edit to the content above it does not move what a test expects."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if text.split("\n")[0] in line)
    return next(n + 1 for n in range(start, -1, -1) if lines[n].rstrip().endswith((">-", ">", "|")))
