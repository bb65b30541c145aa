"""Rules about a content file as a file: its name is its id.

Every command, the web app and the infobutton find content by its file name
(`data/topics/leaky-gut.yaml` is the id `leaky-gut`), while feeds, audit lines and
links are written from the `id:` inside. A file copied to start a new topic
(`ibs.yaml`, or a file manager's `leaky-gut copy.yaml`) that keeps the old `id:`
is found under one name and links to the other: the infobutton would send a
clinician to the topic it was copied from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from handouts.patterns import SLUG_PATTERN
from handouts.validation import Flag, RuleContext, RuleFinding


def id_is_file_name(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """The `id:` and the file name agree (a warning: the file still loads, under its file name)."""
    declared = data.get("id") if isinstance(data, dict) else None
    if ctx.file is None or not isinstance(declared, str) or not declared:
        return
    path = Path(ctx.file)
    if declared != path.stem:
        other = f" or change the id to '{path.stem}'" if re.fullmatch(SLUG_PATTERN, path.stem) else ""
        yield Flag(("id",), (
            f"id '{declared}' differs from the file name '{path.name}': commands and the web app find this "
            f"file as '{path.stem}', while links and feeds name '{declared}'; rename the file to "
            f"{declared}{path.suffix}{other}"
        ), "warning", "id-file-name")
