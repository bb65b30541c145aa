"""What rendering produces, for every caller: the bytes and what the layout knew."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rendered:
    """A finished document: its bytes, and its page count from the layout (None for HTML)."""

    data: bytes
    pages: int | None
    warnings: tuple[str, ...] = ()
    """What the layout found that the person printing must be told (a diary run over two pages:
    handouts.diary_room): the tool's words, never a patient's details."""


@dataclass(frozen=True)
class LaidOut:
    """A document laid out and not written (a web preview's): its page count, and what the layout found
    that the person printing must be told before printing, as `Rendered.warnings` says it after."""

    pages: int
    warnings: tuple[str, ...] = ()
