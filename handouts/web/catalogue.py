"""What the web app can offer: the topics, brands and diet plans in its data folders.

Loading a topic validates it fully (a few hundred milliseconds), so loaded
inputs are kept and reloaded only when a file changes on disk: an editor can
fix a topic while the server runs. Only content is kept here, never a
personalisation.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from handouts import documents
from handouts.context import Context
from handouts.errors import ContentError, UsageError
from handouts.inputs import TopicInputs
from handouts.kinds import CONTENT_KINDS
from handouts.loading import load_brand
from handouts.models import Brand, Topic
from handouts.models.common import SLUG_PATTERN
from handouts.models.diet import DietPlan
from handouts.models.diet_catalogue import FoodCatalogue

T = TypeVar("T")
_SLUG = re.compile(SLUG_PATTERN)


class NotFound(UsageError):
    """No topic or brand by that id in this data folder."""


@dataclass(frozen=True)
class TopicEntry:
    """One topic file: loaded, or the problems that keep it from loading."""

    id: str
    topic: Topic | None
    problems: tuple[str, ...] = ()

    def haystack(self) -> str:
        if self.topic is None:
            return self.id.casefold()
        t = self.topic
        return " ".join((self.id, t.title, t.condition.name, *t.condition.aliases)).casefold()

    def matches(self, query: str) -> bool:
        """Every word of the query appears in the title, the condition or an alias."""
        hay = self.haystack()
        return all(word in hay for word in query.casefold().split())


def _stamp(*paths: Path) -> tuple[Any, ...]:
    out: list[Any] = []
    for path in paths:
        try:
            st = path.stat()
            out.append((st.st_mtime_ns, st.st_size))
        except OSError:
            out.append(None)
    return tuple(out)


class Catalogue:
    """The web app's view of the data folders: a practice's own (`--data`) before the shipped ones."""

    def __init__(self, data_dir: Path | Sequence[Path], default_brand: str = "default"):
        dirs = [data_dir] if isinstance(data_dir, Path) else list(data_dir)  # a workspace may have several
        for folder in dirs:
            if not any((folder / kind.folder).is_dir() for kind in CONTENT_KINDS.values()):
                raise UsageError(f"{folder} has none of the folders topics/, brands/, diets/, foods/")
        self.data_dir = dirs[0].resolve()
        self.context = Context.default(data_dirs=dirs)
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, ...], tuple[tuple[Any, ...], Any]] = {}
        if default_brand not in self.brand_ids():
            known = ", ".join(self.brand_ids()) or "none"
            raise UsageError(f"no brand '{default_brand}' (brands: {known})")
        self.default_brand = default_brand

    def on(self, today: date) -> Context:
        """The context for a request made on `today` (caches are shared)."""
        return self.context.on(today)

    # -- files -------------------------------------------------------------

    def _ids(self, folder: str) -> list[str]:
        return [i for i in self.context.ids(folder) if _SLUG.match(i)]

    def _file(self, folder: str, item_id: str, what: str) -> Path:
        if item_id not in self._ids(folder):
            raise NotFound(f"There is no {what} '{item_id}'.")
        return self.context.find(folder, item_id)

    def topic_ids(self) -> list[str]:
        return self._ids("topics")

    def brand_ids(self) -> list[str]:
        return self._ids("brands")

    def plan_ids(self) -> list[str]:
        return self._ids("diets")

    def topic_file(self, topic_id: str) -> Path:
        return self._file("topics", topic_id, "topic")

    def brand_file(self, brand_id: str) -> Path:
        return self._file("brands", brand_id, "brand")

    # -- loading, cached by file stamp --------------------------------------

    def _cached(self, key: tuple[str, ...], files: tuple[Path, ...], load: Callable[[], T]) -> T:
        stamp = _stamp(*files)
        with self._lock:
            hit = self._cache.get(key)
            if hit and hit[0] == stamp:
                return hit[1]  # type: ignore[no-any-return]
        value = load()  # outside the lock: a slow load does not hold up other requests
        with self._lock:
            self._cache[key] = (stamp, value)
        return value

    def inputs(self, topic_id: str, brand_id: str | None = None) -> TopicInputs:
        """What a topic's documents are made from; ContentError if the files do not validate."""
        topic_file = self.topic_file(topic_id)
        brand_file = self.brand_file(brand_id or self.default_brand)
        return self._cached(
            ("inputs", topic_id, brand_id or self.default_brand),
            (topic_file, brand_file),
            lambda: documents.topic_inputs(topic_file, brand_file, self.context),
        )

    def brand(self, brand_id: str) -> tuple[Brand, Path]:
        """A brand and its folder (where its logo lives)."""
        path = self.brand_file(brand_id)
        brand = self._cached(("brand", brand_id), (path,), lambda: load_brand(path, self.context))
        return brand, path.resolve().parent

    def brands(self) -> list[tuple[str, str]]:
        """(id, practice name) of every brand that loads."""
        out = []
        for brand_id in self.brand_ids():
            try:
                out.append((brand_id, self.brand(brand_id)[0].name))
            except ContentError:
                continue
        return out

    # -- diet sheets (plans in diets/, the merged food catalogue) -------------

    def plan(self, plan_id: str) -> DietPlan:
        """A diet plan (ContentError if it does not validate), parsed once per change."""
        return self.context.load_plan(self._file("diets", plan_id, "diet plan"))

    def food_catalogue(self) -> FoodCatalogue:
        """The practice's catalogue over the shipped one (ContentError if either is invalid)."""
        return self.context.catalogue

    def plans(self) -> list[tuple[str, DietPlan | None, tuple[str, ...]]]:
        """(id, plan or None, problems) for every plan file."""
        out: list[tuple[str, DietPlan | None, tuple[str, ...]]] = []
        for plan_id in self.plan_ids():
            try:
                out.append((plan_id, self.plan(plan_id), ()))
            except ContentError as exc:
                out.append((plan_id, None, tuple(str(p) for p in exc.problems)))
        return out

    def entry(self, topic_id: str) -> TopicEntry:
        try:
            return TopicEntry(topic_id, self.inputs(topic_id).topic)
        except ContentError as exc:
            return TopicEntry(topic_id, None, tuple(str(p) for p in exc.problems))

    def entries(self) -> list[TopicEntry]:
        return [self.entry(topic_id) for topic_id in self.topic_ids()]
