"""What the web app can offer: the topics and brands in one data folder.

Loading a topic validates it fully (a few hundred milliseconds), so loaded
inputs are kept and reloaded only when a file changes on disk: an editor can
fix a topic while the server runs. Only content is kept here, never a
personalisation.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from handouts import documents
from handouts.errors import ContentError, UsageError
from handouts.models import Brand, Topic
from handouts.models.common import SLUG_PATTERN

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
    def __init__(self, data_dir: Path, default_brand: str = "default"):
        self.data_dir = data_dir.resolve()
        if not (self.data_dir / "topics").is_dir():
            raise UsageError(f"{data_dir} has no topics/ folder")
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, ...], tuple[tuple[Any, ...], Any]] = {}
        if default_brand not in self.brand_ids():
            known = ", ".join(self.brand_ids()) or "none"
            raise UsageError(f"no brand '{default_brand}' in {self.data_dir / 'brands'} (brands: {known})")
        self.default_brand = default_brand

    # -- files -------------------------------------------------------------

    def _ids(self, folder: str) -> list[str]:
        return sorted(p.stem for p in (self.data_dir / folder).glob("*.yaml") if _SLUG.match(p.stem))

    def topic_ids(self) -> list[str]:
        return self._ids("topics")

    def brand_ids(self) -> list[str]:
        return self._ids("brands")

    def topic_file(self, topic_id: str) -> Path:
        if topic_id not in self.topic_ids():
            raise NotFound(f"There is no topic '{topic_id}'.")
        return self.data_dir / "topics" / f"{topic_id}.yaml"

    def brand_file(self, brand_id: str) -> Path:
        if brand_id not in self.brand_ids():
            raise NotFound(f"There is no brand '{brand_id}'.")
        return self.data_dir / "brands" / f"{brand_id}.yaml"

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

    def inputs(self, topic_id: str, brand_id: str | None = None) -> documents.Inputs:
        """What documents.build_view needs; ContentError if the files do not validate."""
        topic_file = self.topic_file(topic_id)
        brand_file = self.brand_file(brand_id or self.default_brand)
        return self._cached(
            ("inputs", topic_id, brand_id or self.default_brand),
            (topic_file, brand_file),
            lambda: documents.load_inputs(topic_file, brand_file),
        )

    def brand(self, brand_id: str) -> tuple[Brand, Path]:
        """A brand and its folder (where its logo lives)."""
        from handouts.loading import load_brand

        path = self.brand_file(brand_id)
        brand = self._cached(("brand", brand_id), (path,), lambda: load_brand(path))
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

    # -- diet sheets (plans in diets/, the food catalogue in foods/) ----------

    def plan_ids(self) -> list[str]:
        return self._ids("diets") if (self.data_dir / "diets").is_dir() else []

    def plan(self, plan_id: str) -> Any:
        """A diet plan (ContentError if it does not validate); parsed once per change by the diet library."""
        from handouts.diet.catalogue import load_plan

        if plan_id not in self.plan_ids():
            raise NotFound(f"There is no diet plan '{plan_id}'.")
        return load_plan(self.data_dir / "diets" / f"{plan_id}.yaml")

    def food_catalogue(self) -> Any:
        from handouts.diet.catalogue import load_catalogue

        own = self.data_dir / "foods" / "catalogue.yaml"
        return load_catalogue(own if own.is_file() else None)

    def plans(self) -> list[tuple[str, Any, tuple[str, ...]]]:
        """(id, plan or None, problems) for every plan file."""
        out: list[tuple[str, Any, tuple[str, ...]]] = []
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
