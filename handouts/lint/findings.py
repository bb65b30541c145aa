"""What a lint rule reports, before and after it is placed in its file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from handouts.errors import printable
from handouts.yamlsource import Loc

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Issue:
    """A rule's finding, still unplaced: rules stay pure functions of content.

    `loc` is the path to the value in the data (for a patient text: the text
    field plus its language, e.g. ("about", "en")); `offset` is a character
    offset into that text, so a finding about one sentence of a long folded
    paragraph can point at the sentence's own line.
    """

    rule: str
    severity: Severity
    message: str
    loc: Loc = ()
    offset: int | None = None


@dataclass(frozen=True, order=True)
class Finding:
    """An issue placed at `path:line:col`, as editors and tools read it."""

    path: str
    line: int  # 1-based; 0 when the file as a whole is the problem
    col: int
    rule: str
    severity: Severity
    message: str
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" ({self.field})" if self.field else ""
        return printable(f"{where}: {self.rule} [{self.severity}]: {self.message}{field}")  # as Problem's
