"""The content schema's version, and the migrations that move a practice's files between versions.

A workspace records the schema version its files were written for (handouts.toml:
`schema`). When a change to the models would make existing files invalid or mean
something else, SCHEMA_VERSION goes up by one and a Migration to it is added to
MIGRATIONS; `handouts upgrade` then applies every migration from the workspace's
version to this one, keeping comments and layout (ruamel round-trip).

Version 1 is the schema the first workspaces were made with; no change since has
needed a migration, so the registry is empty and every workspace is current.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from handouts.errors import HandoutsError

SCHEMA_VERSION = 1
"""The content schema this handouts reads and writes."""


@dataclass(frozen=True)
class Migration:
    """Edits one file's data, in place, from schema `version - 1` to `version`.

    A change must leave a file already in the new form as it is: an interrupted
    upgrade is simply run again.
    """

    version: int
    summary: str  # what changes and why, in the words `handouts upgrade` prints
    kinds: frozenset[str]  # content kinds (handouts.kinds) whose files it changes
    change: Callable[[MutableMapping[str, Any]], None]


MIGRATIONS: list[Migration] = []
"""Every migration, one per schema version after 1."""


def steps(start: int, end: int, registry: Sequence[Migration] | None = None) -> list[Migration]:
    """The migrations from schema `start` to `end`, in order; an error if one is missing."""
    by_version = {m.version: m for m in (MIGRATIONS if registry is None else registry)}
    missing = [v for v in range(start + 1, end + 1) if v not in by_version]
    if missing:
        raise HandoutsError(f"this handouts has no migration to schema {missing[0]} (please report this)")
    return [by_version[v] for v in range(start + 1, end + 1)]
