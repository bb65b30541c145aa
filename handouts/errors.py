"""Errors a person reads instead of tracebacks, all under one root.

Every error the tool expects (bad content, a bad option, a document that cannot be
rendered, a batch that cannot start) is a HandoutsError: it carries the exit status
the command line ends with and a message that says where the trouble is. The CLI
turns them into output in one place (handouts/cli/__init__.py); the web app turns
them into pages. Library code raises them and never prints or exits.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal, Self, TypeVar

from handouts.patterns import BIDI_CONTROLS, UNSAFE_IN_A_LOG_LINE

P = TypeVar("P")

_UNSAFE_IN_A_LINE = re.compile(UNSAFE_IN_A_LOG_LINE)
_UNSAFE_IN_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")


def printable(text: str, *, lines: bool = False) -> str:
    """`text` with what a terminal would obey shown as escapes (ESC as \\x1b, a carriage return as \\r).

    Messages quote what files and job rows hold (an unknown key, an id that is not one): an escape
    sequence there would recolour, retitle or clear the terminal, and a carriage return or line break
    would let a file print a line of its own over the report ('1 file(s) checked: 1 valid'). With
    `lines`, line breaks (and tabs) are kept, for messages written on several lines on purpose.
    """
    pattern = _UNSAFE_IN_LINES if lines else _UNSAFE_IN_A_LINE
    return pattern.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


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
        return printable(f"{where}:{tag}{field} {self.message}")  # one line, whatever the file held


MAX_LISTED = 50
"""The most problems one report lists (a file's on the command line, a form's on a page): the first of
them say what to fix, and a count says the rest. A file can hold tens of thousands of mistakes (a list
pasted in by mistake), and listing them all made a 14 MB page and scrolled a terminal for minutes."""


def more_problems(count: int) -> str:
    """The line after the listed problems, for the `count` not listed."""
    return (f"... and {count} more problem{'' if count == 1 else 's'}, not listed: correct those above and check "
            "again")


def listed(problems: list[P], limit: int = MAX_LISTED) -> tuple[list[P], int]:
    """The problems to list, and how many more there are."""
    return problems[:limit], max(0, len(problems) - limit)


def problem_lines(problems: Iterable[object]) -> list[str]:
    """`problems` as a report lists them, one a line: the first MAX_LISTED, then how many more."""
    shown, more = listed(list(problems))
    return [str(p) for p in shown] + ([more_problems(more)] if more else [])


class HandoutsError(Exception):
    """The root: a message located where it is known (a file, an option, a job) and an exit status.

    Exit statuses (the README's command-line conventions): 1 the content or the work
    failed, 2 the command was used wrongly. Subclasses set `exit_code`.
    """

    exit_code: ClassVar[int] = 1

    def __init__(self, message: str, *, where: str = "") -> None:
        self.message = message
        self.where = where
        super().__init__(message)

    def __str__(self) -> str:
        return printable(f"{self.where}: {self.message}" if self.where else self.message, lines=True)

    def at(self, where: str) -> Self:
        """Name the place this happened, unless the raiser already did (for `raise exc.at(path)`)."""
        if not self.where:
            self.where = where
        return self

    def lines(self) -> list[str]:
        """What a person reads on stderr."""
        return [f"error: {self}"]


class ContentError(HandoutsError):
    """Content that cannot be used, with every problem found in it (exit 1)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.col, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        return type(self), (self.problems,)  # picklable with its problems, e.g. across processes

    def lines(self) -> list[str]:
        return problem_lines(self.problems)  # each already says file:line:col: field:


class UsageError(HandoutsError):
    """The command was asked for something that cannot be done (not a content problem; exit 2)."""

    exit_code: ClassVar[int] = 2


class Refused(HandoutsError):
    """Valid content that may not be printed as asked, e.g. above the reading grade allowed (exit 1)."""


class ResourceError(HandoutsError):
    """The system refused something the command needs: an output file, a port to listen on (exit 1)."""


class RenderError(HandoutsError):
    """A document that could not be rendered as asked.

    Defined here, not beside the renderer, so that catching it (the CLI, the web app)
    does not import WeasyPrint."""


class LostText(RenderError):
    """A layout that left text of the document off its pages (handouts.whole_text): refused,
    never written. `passages` holds what is missing, for the caller that can say which field
    it came from; the message never quotes it (it may be a patient's notes)."""

    def __init__(self, message: str, *, where: str = "", passages: tuple[str, ...] = ()) -> None:
        self.passages = passages
        super().__init__(message, where=where)


class RepeatedText(LostText):
    """A layout that printed text of the document twice (handouts.whole_text): refused, never
    written, as a loss is. `passages` holds the text repeated, never quoted in the message."""


@contextlib.contextmanager
def located(where: str) -> Iterator[None]:
    """Name `where` in any HandoutsError raised inside that does not name a place yet."""
    try:
        yield
    except HandoutsError as exc:
        raise exc.at(where)


def display_path(path: Path) -> str:
    """Paths as the user typed them relative to here, so messages are short and clickable.

    The last part is kept as named, not followed: a message about a link ('x.yaml: a symbolic
    link to ...') names the link, not what it points at."""
    try:
        whole = path.parent.resolve() / path.name if path.name not in ("", ".", "..") else path.resolve()
        return str(whole.relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # not under here; a symlink loop (RuntimeError in 3.11)
        return str(path)
