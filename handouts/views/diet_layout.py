"""How the diet sheet's food groups share two columns: an estimate, not a layout engine.

WeasyPrint's CSS column balancing costs seconds per sheet; counting about how
many lines each group takes is enough to split them into two even stacks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar


class _Food(Protocol):
    """What the estimate reads of a listed food (views.diet_model.FoodItem has it)."""

    name: str
    allergy: bool
    contains: Any
    contains_text: str
    notes: Sequence[str]


class _Group(Protocol):
    """What the estimate reads of a food group (views.diet_model.FoodGroupView has it)."""

    @property
    def avoid(self) -> Sequence[Any]: ...

    @property
    def enjoy(self) -> Sequence[Any]: ...

    @property
    def swap(self) -> Any: ...


G = TypeVar("G", bound=_Group)


def estimated_lines(group: _Group, width: int = 40) -> float:
    """About how many lines a food group takes in half a page's width."""
    def lines(text: str) -> int:
        return -(-len(text) // width) if text else 0

    def tags(f: _Food) -> str:
        return (" allergy" if f.allergy else "") + (f" {f.contains_text}" if f.contains else "")

    avoid = " · ".join(f.name + tags(f) + "".join(f" ({n})" for n in f.notes) for f in group.avoid) or "nothing"
    enjoy = " ".join("[] " + f.name + tags(f) + "".join(f" ({n})" for n in f.notes) for f in group.enjoy) or "nothing"
    swap = f"[] Swap {group.swap.instead_of_text} for {group.swap.options_text}" if group.swap else ""
    return 1.6 + lines("Leave out: " + avoid) + lines(swap) + lines("Enjoy: " + enjoy) * 1.1


def two_columns(groups: tuple[G, ...]) -> tuple[tuple[G, ...], tuple[G, ...]]:
    """The groups in two stacks of about equal height, in order: down the left, then the right."""
    weights = [estimated_lines(g) for g in groups]
    best = min(range(len(weights) + 1), key=lambda k: abs(sum(weights[:k]) - sum(weights[k:])))
    return groups[:best], groups[best:]
