"""The explicit context every rule and view gets instead of globals.

A context says which data folders are in use (a practice's own first, the
shipped samples last), what day it is, the locale asked for, and, while a diet
customisation is checked, the plan it is for. The food catalogue is the merge
of every folder's `foods/catalogue.yaml`: a practice's catalogue extends the
shipped one and its own ids win.

Loaded catalogues and plans are cached in a store that copies of a context
share (`with_plan`, `for_file` return copies), keyed by file path, size and
modification time so an edited file is read again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts import dates, lookup
from handouts.errors import ContentError, Problem, UsageError, display_path
from handouts.loading import data_folders_of, load_as
from handouts.lookup import YAML_SUFFIXES, is_path
from handouts.resources import asset_dir

if TYPE_CHECKING:  # the diet models load only when a diet is read: a topic's render skips them
    from handouts.models.diet import DietPlan
    from handouts.models.diet_catalogue import FoodCatalogue

CATALOGUE_FILE = Path("foods") / "catalogue.yaml"

__all__ = ["CATALOGUE_FILE", "YAML_SUFFIXES", "Context", "context_for", "is_path"]


class _Store:
    """Parsed files shared by a context and its copies; thread-safe for the web app."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}

    def get(self, key: tuple[Any, ...], stamp: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == stamp:
                value = hit[1]
                if isinstance(value, ContentError):
                    raise value
                return value
        try:
            value = make()
        except ContentError as exc:  # remembered too, so a broken file is parsed once per change
            value = exc
        with self._lock:
            self._items[key] = (stamp, value)
        if isinstance(value, ContentError):
            raise value
        return value


def _stamp(paths: Iterable[Path]) -> tuple[Any, ...]:
    out: list[Any] = []
    for path in paths:
        try:
            st = path.stat()
            out.append((str(path), st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((str(path), None))
    return tuple(out)


def _real(path: Path) -> Path:
    """`path` with links followed; as written (made absolute) when they loop, which reading it reports."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a link loop, in Python 3.11
        return Path(os.path.abspath(path))


@dataclass(frozen=True)
class Context:
    """Data folders in use, today, the locale, and (for a customisation) its plan."""

    data_dirs: tuple[Path, ...]
    today: date
    locale: str | None = None
    """The locale asked for: the command line's --lang, else the workspace configuration's
    (handouts.toml), as a tag ('es', 'es-MX'); None leaves it to the brand, then en-US
    (handouts.locale.resolve)."""
    home_locale: str | None = None
    """The workspace configuration's locale, kept when a command's --lang replaces `locale`:
    a bare --lang ('es') takes its region from it when the brand names none, so a workspace
    set to es-ES prints `--lang es` with 112 and A4, not as es-US."""
    plan: DietPlan | None = None
    file: Path | None = None  # the file a rule is checking, when there is one
    require_catalogue_approval: bool = False
    """The workspace's setting: a food catalogue file never approved makes the sheets it
    supplies print DRAFT (handouts.diet.catalogue_review)."""
    store: _Store = field(default_factory=_Store, repr=False, compare=False)

    @classmethod
    def default(cls, today: date | None = None, data_dirs: Iterable[Path] = (), locale: str | None = None,
                require_catalogue_approval: bool = False) -> Context:
        """The given folders (a practice's own) before the shipped data."""
        shipped = asset_dir("data").resolve()
        own = tuple(d.resolve() for d in data_dirs if d.resolve() != shipped)
        return cls(data_dirs=(*own, shipped), today=today or dates.today(), locale=locale, home_locale=locale,
                   require_catalogue_approval=require_catalogue_approval)

    # -- copies ------------------------------------------------------------------

    def with_plan(self, plan: DietPlan | None) -> Context:
        return replace(self, plan=plan)

    def for_file(self, path: Path | None) -> Context:
        return replace(self, file=path)

    def on(self, today: date) -> Context:
        return replace(self, today=today)

    def with_locale(self, locale: str | None) -> Context:
        """The same context with a locale asked for (None keeps the one it has)."""
        return replace(self, locale=locale) if locale else self

    # -- finding files by id -------------------------------------------------------

    def ids(self, folder: str) -> list[str]:
        """Ids of the YAML files in `folder` across every data folder (first folder wins)."""
        return lookup.ids(self.data_dirs, folder)

    def find(self, folder: str, name_or_path: str | Path, what: str | None = None) -> Path:
        """A file by path, or by id in the first data folder that has it.

        An unknown id is a usage error with a suggestion and the list of ids.
        """
        return lookup.find(self.data_dirs, folder, name_or_path, what)

    # -- shared content --------------------------------------------------------------

    def catalogue_files(self) -> list[Path]:
        """Every data folder's catalogue, the shipped one last. A folder or a broken link in a catalogue's
        place is one (reading it says what is wrong): left out, its foods would print from the others unsaid."""
        return [root / CATALOGUE_FILE for root in self.data_dirs if os.path.lexists(root / CATALOGUE_FILE)]

    @property
    def catalogue(self) -> FoodCatalogue:
        """The merged food catalogue; ContentError if any part of it is invalid."""
        files = self.catalogue_files()
        if not files:
            raise ContentError([Problem(str(CATALOGUE_FILE), 0, 0, "", "no food catalogue in the data folders")])
        return self.store.get(("catalogue", self.require_catalogue_approval, *files), _stamp(files),  # type: ignore[no-any-return]
                              lambda: self._merged(files))

    def base_catalogue(self, path: Path) -> FoodCatalogue | None:
        """What the catalogue file at `path` extends: the merge of the catalogues after it."""
        files = self.catalogue_files()
        resolved = [_real(f) for f in files]
        if _real(path) not in resolved:
            return None
        rest = files[resolved.index(_real(path)) + 1:]
        if not rest:
            return None
        return self.store.get(("catalogue", self.require_catalogue_approval, *rest), _stamp(rest),  # type: ignore[no-any-return]
                              lambda: self._merged(rest))

    def try_catalogue(self) -> FoodCatalogue | None:
        """The catalogue, or None when it is missing or invalid (its own check reports why)."""
        try:
            return self.catalogue
        except ContentError:
            return None

    def _merged(self, files: list[Path]) -> FoodCatalogue:
        from handouts.diet.catalogue_review import with_layers
        from handouts.diet.merge import merge_catalogues
        from handouts.models.diet_catalogue import CatalogueLayer, FoodCatalogue

        base: FoodCatalogue | None = None
        merged: list[CatalogueLayer] = []
        for path in reversed(files):  # the shipped one first, each practice's over it
            own = load_as(path, FoodCatalogue, "food-catalogue", self)
            merged.insert(0, CatalogueLayer(str(path), own))
            base = own if base is None else merge_catalogues(base, own)
        assert base is not None
        return with_layers(base, merged, self.require_catalogue_approval)  # each file's review, for the sheet's mark

    def load_plan(self, name_or_path: str | Path) -> DietPlan:
        """A diet plan by id or path, parsed once per change."""
        from handouts.models.diet import DietPlan

        path = self.find("diets", name_or_path, "plan")
        if not path.is_file():
            from handouts.inputfile import why_not_a_file

            why = why_not_a_file(path)
            raise UsageError(f"no such plan file: {display_path(path)}" if why == "no such file" else
                             f"plan {display_path(path)}: {why}")
        return self.store.get(("plan", str(path.resolve())), _stamp([path]),  # type: ignore[no-any-return]
                              lambda: load_as(path, DietPlan, "diet-plan", self))


def context_for(names: Iterable[str | Path | None], today: date | None = None) -> Context:
    """A context whose data folders are those of the paths among `names` (ids are skipped).

    A practice's own files (a customisation in practice/customisations/, a topic in
    practice/topics/) then resolve ids, the food catalogue and plans in the
    practice's folder first, then in the shipped data.
    """
    paths = [Path(n) for n in names if n is not None and is_path(n) and Path(n).exists()]
    return Context.default(today=today, data_dirs=data_folders_of(paths))
