"""Fitting a patient handout to its page target by giving up ruled write-in lines, laying out only.

A handout past its target is laid out again with fewer ruled lines under "My
notes and questions" (down to a minimum), and the layout that keeps the most
lines within the target is the one printed: the fewest cuts that fit. Each try
is a layout (most of a render), never a PDF: the caller writes only the layout
this returns.

The search starts where the first layout's overflow says it should
(handouts.overflow) instead of at one line fewer, and checks every layout it
makes: from a start that fits it adds lines back while they still fit, from
one that does not it cuts further. Fewer ruled lines never make a document
longer, so that lands on the same count as trying one line fewer at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from handouts.overflow import Overflow


class Laid(Protocol):
    """What the search needs of a layout (handouts.render.Layout)."""

    @property
    def pages(self) -> int: ...

    def overflow(self, target: int) -> Overflow | None: ...


L = TypeVar("L", bound=Laid)


def first_try(made: Laid, lines: int, target: int, fewest: int) -> int:
    """The line count to lay out first: as many as the overflow says must go, else one fewer."""
    over = made.overflow(target)
    cut = over.lines_to_cut() if over is not None else None
    return max(fewest, lines - (cut or 1))


def fewest_cuts(made: L, lines: int, lay_out: Callable[[int], L], target: int, fewest: int) -> L:
    """The layout with the most ruled lines, fewer than `lines` and at least `fewest`, within
    `target` pages; `made` (the layout with all `lines`) when none is.

    `made` is past the target; `lay_out(n)` lays the document out with n ruled lines."""
    if lines - 1 < fewest:
        return made
    n = min(lines - 1, first_try(made, lines, target, fewest))
    laid = lay_out(n)
    if laid.pages <= target:
        while n + 1 < lines:  # lines known not to fit; those in between may
            more = lay_out(n + 1)
            if more.pages > target:
                break
            laid, n = more, n + 1
        return laid
    while n - 1 >= fewest:
        n -= 1
        laid = lay_out(n)
        if laid.pages <= target:
            return laid
    return made
