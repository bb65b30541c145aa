"""Located problems: what content editors read instead of tracebacks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a place an editor can jump to."""

    path: str
    line: int  # 1-based; 0 when the file itself is the problem
    col: int  # 1-based
    field: str  # e.g. "sections[0].recommendations[2].dose.unit"; "" for the whole file
    message: str
    severity: Literal["error", "warning"] = "error"
    rule: str = ""  # the lint rule that reports it, when a validation rule has a name

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        tag = "" if self.severity == "error" else " warning:"
        return f"{where}:{tag}{field} {self.message}"


class ContentError(Exception):
    """Content that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.col, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """The command was asked for something that cannot be done (not a content problem)."""


def display_path(path: Path) -> str:
    """Paths as the user typed them relative to here, so messages are short and clickable."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
