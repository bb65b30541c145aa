"""Rules about a content file as a file: a copy that kept the `id:` of the file it came from.

Every command, the web app and the infobutton find content by its file name
(`data/topics/leaky-gut.yaml` is the id `leaky-gut`), while feeds, audit lines and
links are written from the `id:` inside. A topic copied to start another (`ibs.yaml`,
or a file manager's `leaky-gut copy.yaml`) that keeps `id: leaky-gut` is found under
its own name but linked under the other one, where another file answers: the
infobutton would send a clinician to the topic it was copied from. One whose id no
file answers to (`gerd.yaml` imported with `--id reflux`) is found as `gerd` while
its links and audit lines name `reflux`, which leads nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from handouts.patterns import SLUG_PATTERN
from handouts.resources import asset_dir
from handouts.validation import Flag, RuleContext, RuleFinding

FOUND_BY_NAME = frozenset({"topics", "brands", "diets"})
"""The folders whose files commands look up by name: a file elsewhere is only ever named by its path."""


def _taken(folder: Path, declared: str, path: Path) -> bool:
    """Whether another file answers to `declared`: one beside this file, or a shipped sample."""
    for candidate in (folder / f"{declared}.yaml", asset_dir("data") / folder.name / f"{declared}.yaml"):
        if candidate.is_file() and candidate.resolve() != path.resolve():
            return True
    return False


def id_names_another_file(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """An `id:` that is not the file's name (a warning: the file still loads, under its file name)."""
    declared = data.get("id") if isinstance(data, dict) else None
    if ctx.file is None or not isinstance(declared, str) or not re.fullmatch(SLUG_PATTERN, declared):
        return
    path = Path(ctx.file)
    if path.parent.name not in FOUND_BY_NAME or declared == path.stem:
        return
    named = re.fullmatch(SLUG_PATTERN, path.stem) is not None
    if _taken(path.parent, declared, path):
        fix = (f"change the id to '{path.stem}'" if named else
               "name the file in lower-case words joined by '-' (e.g. ibs.yaml) and give it that id")
        yield Flag(("id",), (
            f"id '{declared}' is another file's: commands and the web app find this file as '{path.stem}', "
            f"while links, feeds and audit lines for it would name '{declared}' and lead to that other file; {fix}"
        ), "warning", "id-file-name")
        return
    fix = (f"change the id to '{path.stem}' or rename the file to {declared}{path.suffix}" if named else
           f"rename the file to {declared}{path.suffix}")
    yield Flag(("id",), (
        f"id '{declared}' is not the file's name: commands and the web app find this file as '{path.stem}', "
        f"while links, feeds and audit lines for it name '{declared}', which no file answers to; {fix}"
    ), "warning", "id-file-name")
