"""Values worked out from a frozen content model, remembered per model object.

The web app's catalogue keeps each topic's model for as long as its file is
unchanged, so a value that walks the whole model (a translation's hashes) would
otherwise be worked out again for every request. A frozen model never changes,
so its value is kept beside a weak reference to it: an object at a reused
address is never mistaken for the one that went. Content only: never a
personalisation (a patient's details are never kept).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


def frozen(model: object) -> bool:
    """A validated model that cannot change after it was made."""
    return isinstance(model, BaseModel) and bool(type(model).model_config.get("frozen"))


class PerModel(Generic[T]):
    """At most `limit` values, each for one (frozen model, key); the oldest goes first."""

    def __init__(self, limit: int = 256) -> None:
        self.limit = limit
        self._values: dict[tuple[int, Hashable], tuple[weakref.ref[Any], T]] = {}
        self._lock = threading.Lock()

    def get(self, model: Any, key: Hashable, compute: Callable[[], T]) -> T:
        """The value for (`model`, `key`): remembered, or `compute()` (every time for a model that is not frozen)."""
        if not frozen(model):
            return compute()
        slot = (id(model), key)
        with self._lock:
            found = self._values.get(slot)
        if found is not None and found[0]() is model:
            return found[1]
        value = compute()
        with self._lock:
            self._values[slot] = (weakref.ref(model), value)
            while len(self._values) > self.limit:
                del self._values[next(iter(self._values))]
        return value
