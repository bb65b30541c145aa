"""Load content files: YAML → located validation → frozen models.

Each kind of file (topic, brand, ...) is registered once with its model, its
cross-field rules and how to recognise it, so `validate` works on any folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from handouts.errors import ContentError, Problem, display_path
from handouts.models import Brand, Personalisation, Topic
from handouts.rules import TOPIC_RULES
from handouts.validation import Rule, RuleFinding, validate
from handouts.yamlsource import Source, read

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[BaseModel]
    folder: str  # the data/ subfolder files of this kind live in
    sniff: frozenset[str]  # top-level keys that identify this kind
    rules: tuple[Rule, ...] = ()
    file_rules: tuple[Callable[[Any, Path], Iterable[RuleFinding]], ...] = ()


def safe_relative(value: str) -> PurePosixPath | None:
    """A relative path that stays inside its folder, or None."""
    if not value or "\\" in value or ":" in value:
        return None
    rel = PurePosixPath(value)
    if rel.is_absolute() or ".." in rel.parts:
        return None
    return rel


def brand_logo_inside_folder(data: Any, path: Path) -> Iterator[RuleFinding]:
    logo = data.get("logo") if isinstance(data, dict) else None
    if not isinstance(logo, str):
        return
    rel = safe_relative(logo)
    folder = path.resolve().parent
    if rel is None or not (folder / rel).resolve().is_relative_to(folder):
        yield ("logo",), f"logo '{logo}' points outside the brand's folder; give a path inside {display_path(folder)}"
    elif not (folder / rel).is_file():
        yield ("logo",), f"logo file '{logo}' does not exist in {display_path(folder)}"
    elif rel.suffix.lower() not in (".svg", ".png", ".jpg", ".jpeg"):
        yield ("logo",), "logo must be an SVG, PNG or JPEG file"
    if not data.get("logo_alt"):
        yield ("logo_alt",), "a logo needs alt text ('logo_alt') for screen readers"


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    KINDS[kind.name] = kind


register(Kind("topic", Topic, "topics", frozenset({"question", "sections"}), TOPIC_RULES))
register(Kind("brand", Brand, "brands", frozenset({"colors"}), file_rules=(brand_logo_inside_folder,)))
register(Kind("personalisation", Personalisation, "personalisations", frozenset({"patient_name"})))


def detect_kind(path: Path, source: Source) -> Kind:
    for kind in KINDS.values():
        if path.parent.name == kind.folder:
            return kind
    keys = set(source.data)
    best = max(KINDS.values(), key=lambda k: len(k.sniff & keys))
    if not best.sniff & keys:
        raise ContentError([Problem(
            source.path, 1, 1, "",
            "cannot tell what kind of file this is (expected a "
            + ", ".join(KINDS) + f"; put it in a folder named {', '.join(k.folder for k in KINDS.values())})",
        )])
    return best


def load(path: Path | str, kind: str | None = None) -> BaseModel:
    """Load one file as `kind` (or the kind its folder and keys say)."""
    path = Path(path)
    source = read(path)
    spec = KINDS[kind] if kind else detect_kind(path, source)
    file_rules = tuple(lambda data, r=r: r(data, path) for r in spec.file_rules)
    return validate(source, spec.model, spec.rules + file_rules)


def load_topic(path: Path | str) -> Topic:
    return load(path, "topic")  # type: ignore[return-value]


def load_brand(path: Path | str) -> Brand:
    return load(path, "brand")  # type: ignore[return-value]


def content_files(paths: Iterable[Path]) -> Iterator[Path]:
    """YAML files named directly or found under folders, in a stable order."""
    for path, _named in walk(paths):
        yield path


def walk(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """(file, named) pairs: `named` is False for files found by walking a folder."""
    for path in paths:
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()):
                yield found, False
        else:
            yield path, True


SUPPORT_FOLDERS = {"lint", "import"}
"""data/ folders that hold the tool's own word and drug lists, not content to validate."""


def is_support_data(path: Path) -> bool:
    return path.parent.name in SUPPORT_FOLDERS


import handouts.diet.kinds  # noqa: E402,F401  (registers food-catalogue, diet-plan, diet-customisation)
