"""What the web app can offer: the topics, brands and diet plans in its data folders.

Loading a topic validates it fully (a few hundred milliseconds), so loaded
inputs are kept and reloaded only when a file changes on disk: an editor can
fix a topic while the server runs. Only content is kept here, never a
personalisation.

One broken file never takes the app down: whatever goes wrong while loading a
file (invalid content, a file that is not a file, even a parser that gives up)
becomes that file's located problems, shown where the file would be offered,
and every other file keeps working.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from handouts.context import Context
from handouts.errors import ContentError, Problem, UsageError, display_path
from handouts.inputs import TopicInputs
from handouts.kinds import CONTENT_KINDS
from handouts.loading import load_brand, load_topic
from handouts.locale import parse
from handouts.models import Brand, Topic
from handouts.models.common import SLUG_PATTERN
from handouts.models.diet import DietPlan
from handouts.models.diet_catalogue import FoodCatalogue
from handouts.web.quoting import quotable
from handouts.web.words import N_, gettext, language

T = TypeVar("T")
_SLUG = re.compile(SLUG_PATTERN)


def guarded(path: Path | str, load: Callable[[], T]) -> T:
    """`load()`, with any failure turned into a ContentError located at `path`.

    Content problems pass through as they are. Anything else (a folder or a
    dangling link where a file should be, or a parser that fails on a
    malformed file) is reported against the file instead of breaking the
    page that lists it.
    """
    try:
        return load()
    except ContentError:
        raise
    except UsageError as exc:
        raise ContentError([Problem(_shown(path), 0, 0, "", f"cannot be used: {exc.message}")]) from None
    except Exception as exc:  # noqa: BLE001 (one file's failure must not stop the app)
        raise ContentError([Problem(
            _shown(path), 0, 0, "",
            f"could not be read ({type(exc).__name__}): the file is malformed; "
            "'handouts validate' on it says more",
        )]) from None


def _shown(path: Path | str) -> str:
    return display_path(path) if isinstance(path, Path) else path


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


NO_SUCH = {"topic": N_("There is no topic '%(id)s'."), "brand": N_("There is no brand '%(id)s'."),
           "diet plan": N_("There is no diet plan '%(id)s'.")}
NO_SUCH_UNQUOTED = {"topic": N_("There is no such topic."), "brand": N_("There is no such brand."),
                    "diet plan": N_("There is no such diet plan.")}
"""For an id from an address that is no plain token: not repeated on the page (handouts.web.quoting)."""


def _no_such(what: str, item_id: str) -> str:
    return gettext(NO_SUCH[what], id=item_id) if quotable(item_id) else gettext(NO_SUCH_UNQUOTED[what])


@dataclass(frozen=True)
class Broken:
    """A brand or a food catalogue that cannot be used, and why (located)."""

    what: str  # e.g. "letterhead 'riverside'", "food catalogue": for the log, in English
    problems: tuple[str, ...]
    title: str = ""  # the same, as the start page says it (in the page's language)


class Catalogue:
    """The web app's view of the data folders: a practice's own (`--data`) before the shipped ones."""

    def __init__(self, data_dir: Path | Sequence[Path], default_brand: str = "default", locale: str | None = None,
                 require_catalogue_approval: bool = False):
        dirs = [data_dir] if isinstance(data_dir, Path) else list(data_dir)  # a workspace may have several
        for folder in dirs:
            if not any((folder / kind.folder).is_dir() for kind in CONTENT_KINDS.values()):
                raise UsageError(f"{folder} has none of the folders topics/, brands/, diets/, foods/")
        self.data_dir = dirs[0].resolve()
        self.context = Context.default(data_dirs=dirs, locale=locale,  # the workspace's: a form's bare 'es' takes its region
                                       require_catalogue_approval=require_catalogue_approval)
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, ...], tuple[tuple[Any, ...], Any]] = {}
        self._request = threading.local()  # this thread's request: its folder listings (begin_request)
        if default_brand not in self.brand_ids():
            known = ", ".join(self.brand_ids()) or "none"
            raise UsageError(f"no brand '{default_brand}' (brands: {known})")
        self.chosen_brand = default_brand

    def on(self, today: date) -> Context:
        """The context for a request made on `today` (caches are shared)."""
        return self.context.on(today)

    # -- files -------------------------------------------------------------

    def begin_request(self) -> None:
        """Until end_request, this thread lists each kind folder and finds each brand once.

        One request asks for the brand list a dozen times (the form's letterheads, the default one,
        each brand's file), and every listing globs the folders and follows each file's links
        (handouts.datafolder): most of the server's own CPU per request, growing with the square of
        the brands. A file added, removed or edited still shows from the next request on."""
        self._request.seen = {}

    def end_request(self) -> None:
        self._request.seen = None

    def _once(self, key: tuple[str, str], compute: Callable[[], T]) -> T:
        """`compute()`, once per request (every time outside one); a failure is not remembered."""
        seen: dict[tuple[str, str], Any] | None = getattr(self._request, "seen", None)
        if seen is None:
            return compute()
        if key not in seen:
            seen[key] = compute()
        return seen[key]  # type: ignore[no-any-return]

    def _ids(self, folder: str) -> list[str]:
        return list(self._once(("ids", folder), lambda: self._list(folder)))

    def _list(self, folder: str) -> list[str]:
        return [i for i in self.context.ids(folder) if _SLUG.match(i)]

    def _file(self, folder: str, item_id: str, what: str) -> Path:
        """The file an id names: the first data folder's. NotFound for an id no folder lists."""
        if item_id not in self._ids(folder):
            raise NotFound(_no_such(what, item_id))
        for root in self.context.data_dirs:
            path = root / folder / f"{item_id}.yaml"
            if path.is_file():
                return path
            if path.exists() or path.is_symlink():
                raise ContentError([Problem(display_path(path), 0, 0, "",
                                            "is a folder or a link to nothing, not a YAML file")])
        raise NotFound(_no_such(what, item_id))

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
        """`load()` once per change of `files`; a ContentError is remembered too (parsed once per change)."""
        stamp = _stamp(*files)
        with self._lock:
            hit = self._cache.get(key)
        if hit and hit[0] == stamp:
            if isinstance(hit[1], ContentError):
                raise hit[1]
            return hit[1]  # type: ignore[no-any-return]
        try:
            value: Any = guarded(files[0], load)  # outside the lock: a slow load does not hold up others
        except ContentError as exc:
            value = exc
        with self._lock:
            self._cache[key] = (stamp, value)
        if isinstance(value, ContentError):
            raise value
        return value  # type: ignore[no-any-return]

    def topic(self, topic_id: str) -> Topic:
        """A topic alone (ContentError if it does not validate), whatever the brands say."""
        path = self.topic_file(topic_id)
        return self._cached(("topic", topic_id), (path,), lambda: load_topic(path, self.context))

    def brand(self, brand_id: str) -> tuple[Brand, Path]:
        """A brand and its folder (where its logo lives)."""
        return self._once(("brand", brand_id), lambda: self._brand(brand_id))

    def _brand(self, brand_id: str) -> tuple[Brand, Path]:
        path = self.brand_file(brand_id)
        brand = self._cached(("brand", brand_id), (path,), lambda: load_brand(path, self.context))
        return brand, path.resolve().parent

    def inputs(self, topic_id: str, brand_id: str | None = None) -> TopicInputs:
        """What a topic's documents are made from; ContentError if the files do not validate."""
        brand, folder = self.brand(brand_id or self.default_brand)
        return TopicInputs(self.topic(topic_id), brand, folder)

    # -- brands ---------------------------------------------------------------

    def brand_problems(self, brand_id: str) -> tuple[str, ...]:
        try:
            self.brand(brand_id)
        except ContentError as exc:
            return tuple(str(p) for p in exc.problems)
        return ()

    @property
    def default_brand(self) -> str:
        """The brand chosen at start-up; while its file is broken, the first brand that loads."""
        if not self.brand_problems(self.chosen_brand):
            return self.chosen_brand
        working = [brand_id for brand_id, _ in self.brands()]
        return working[0] if working else self.chosen_brand

    def home_region(self) -> str | None:
        """The region the app's pages write dates and spell in: the workspace's `locale`, else (none, or a bare
        language) the default letterhead's, as `handouts render` prints with them (harbourside's en-GB with no
        handouts.toml: '2 July 2025', 'Tick'); None where neither names one (the pages then take the US's)."""
        home = self.context.home_locale
        if home and "-" in home.replace("_", "-"):
            return parse(home).region
        try:
            brand_locale = self.brand(self.default_brand)[0].locale
        except ContentError:
            return None
        return parse(brand_locale).region if brand_locale else None

    def usable_brand_ids(self) -> list[str]:
        return [brand_id for brand_id, _ in self.brands()]

    def brand_locales(self) -> dict[str, str | None]:
        """Each brand that loads → its `locale:` (None where it sets none): what a form's language follows."""
        return {brand_id: self.brand(brand_id)[0].locale for brand_id in self.usable_brand_ids()}

    def brands(self) -> list[tuple[str, str]]:
        """(id, practice name) of every brand that loads; a name given in several languages, in the page's."""
        out = []
        for brand_id in self.brand_ids():
            try:
                brand = self.brand(brand_id)[0]
                out.append((brand_id, brand.words(brand.name, language())[0] or brand_id))
            except ContentError:
                continue
        return out

    def broken(self) -> list[Broken]:
        """Brands and the food catalogue that cannot be used (topics and plans list their own)."""
        out = [Broken(f"letterhead '{brand_id}'", problems, gettext("Letterhead '%(id)s'", id=brand_id))
               for brand_id in self.brand_ids() if (problems := self.brand_problems(brand_id))]
        if self.context.catalogue_files():
            try:
                self.food_catalogue()
            except ContentError as exc:
                out.append(Broken("food catalogue", tuple(str(p) for p in exc.problems), gettext("Food catalogue")))
        return out

    # -- diet sheets (plans in diets/, the merged food catalogue) -------------

    def plan(self, plan_id: str) -> DietPlan:
        """A diet plan (ContentError if it does not validate), parsed once per change."""
        path = self._file("diets", plan_id, "diet plan")
        return guarded(path, lambda: self.context.load_plan(path))

    def food_catalogue(self) -> FoodCatalogue:
        """The practice's catalogue over the shipped one (ContentError if either is invalid)."""
        files = self.context.catalogue_files()
        return guarded(files[0] if files else "foods/catalogue.yaml", lambda: self.context.catalogue)

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
            return TopicEntry(topic_id, self.topic(topic_id))
        except ContentError as exc:
            return TopicEntry(topic_id, None, tuple(str(p) for p in exc.problems))

    def entries(self) -> list[TopicEntry]:
        return [self.entry(topic_id) for topic_id in self.topic_ids()]
