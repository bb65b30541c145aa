"""A brand's warnings at the brand file's line and field, as `handouts validate` says them.

Practice IT greps cron output for 'FILE:LINE' and an editor jumps there: 'brands/b.yaml:4:3: warning:
colors.primary: ...' from render, diet and batch alike, the shape (and, for a colour or a missing phone, the
words) of validate's own finding. A brand known by no file (a form's, a test's) keeps 'brand 'b': field: ...'.
A brand sent to a --cluster batch's workers carries its place (`travelling`): they have not its file.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import ContentError, Problem, display_path
from handouts.models import Brand
from handouts.validation import Flag

Loc = tuple[str, ...]


def file_warnings(brand: Brand, folder: Path | None = None) -> list[Problem | str]:
    """Validate's warnings about the brand file (handouts.brand_rules), at validate's places and in its order
    (by line): a logo that prints but reads badly (in `folder`, the brand's), a colour too light for text, no
    phone number. A practice that never runs validate sees them when it prints, where a batch of thousands
    would otherwise print them all unsaid.

    The shipped default brand's missing phone is its design, not an oversight: a write-in line for a practice
    that has made no brand of its own; said on every print made without --brand, it would be noise pointing at a
    file in the install (validate still says it, as the file's own comment tells)."""
    place = _place(brand)
    if place is not None:
        return list(place.said)
    found = [*_logo_flags(brand, folder), *_colour_flags(brand), *_phone_flags(brand)]
    warnings = [brand_warning(brand, tuple(f.loc), f.message, f.rule) for f in found]
    return sorted(warnings, key=lambda w: (w.line, w.col) if isinstance(w, Problem) else (0, 0))


def _logo_flags(brand: Brand, folder: Path | None) -> list[Flag]:
    """A logo too sharp for print, too pale for white paper, or with SVG text (handouts.logo_advice). Only a
    logo the brand's check accepted reaches here (a render refuses any other), as validate advises only those."""
    if not brand.logo or folder is None:
        return []
    path = folder / brand.logo
    return [Flag(("logo",), message, "warning", "brand-logo") for message in _logo_advice(str(path), *_stamp(path))]


@functools.lru_cache(maxsize=16)
def _logo_advice(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    """The advice for one version of a logo file: its picture is decoded once per process, not per print."""
    from handouts.logo_advice import advice

    return tuple(advice(Path(path))) if size else ()


def _colour_flags(brand: Brand) -> list[Flag]:
    """A colour too light for text. The rules are imported only for such a colour: a render from the content
    cache imports no rules."""
    from handouts.colour import readable_on_white

    if not any(readable_on_white(c)[1] for c in (brand.colors.primary, brand.colors.accent)):
        return []
    from handouts.brand_rules import brand_colours_readable

    colours = {"primary": brand.colors.primary, "accent": brand.colors.accent}
    found = brand_colours_readable({"colors": colours}, None)  # type: ignore[arg-type]  # it reads no context
    return [f for f in found if isinstance(f, Flag)]


def _phone_flags(brand: Brand) -> list[Flag]:
    """No phone number, at `contact` when the file has one, else at the file's start (as validate places it)."""
    if brand.contact.phone or is_shipped_default(brand):
        return []
    from handouts.brand_rules import brand_has_phone

    data = {"contact": {}} if "contact" in brand.model_fields_set else {}
    return [f for f in brand_has_phone(data, None) if isinstance(f, Flag)]  # type: ignore[arg-type]


def is_shipped_default(brand: Brand) -> bool:
    """Whether `brand` is the one handouts ships for a practice without its own (data/brands/default.yaml)."""
    from handouts.resources import asset_dir

    file = brand_file(brand)
    try:
        return file is not None and file.resolve() == (asset_dir("data") / "brands" / "default.yaml").resolve()
    except (OSError, RuntimeError):
        return False


def brand_warning(brand: Brand, loc: Loc, message: str, rule: str = "") -> Problem | str:
    """One warning about `brand` at `loc` in its file; said with the brand's id where it has no file."""
    field = ".".join(loc)
    place = _place(brand)
    if place is not None:
        return Problem(place.shown, *_at(place.positions, loc), field, message, "warning", rule)
    file = brand_file(brand)
    if file is None:
        return f"brand '{brand.id}': {field}: {message}" if field else f"brand '{brand.id}': {message}"
    return Problem(display_path(file), *_at(_positions(str(file), *_stamp(file)), loc), field, message, "warning",
                   rule)


def plainly(warning: Problem | str) -> str:
    """A warning without its file's place (the web app's page names no server path)."""
    if not isinstance(warning, Problem):
        return warning
    return f"{warning.field}: {warning.message}" if warning.field else warning.message


def brand_file(brand: Brand) -> Path | None:
    """The file `brand` was loaded from (handouts.loading records it), or None."""
    return getattr(brand, "_file", None)


def _stamp(file: Path) -> tuple[int, int]:
    try:
        stat = file.stat()
    except OSError:
        return 0, 0
    return stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=64)
def _positions(path: str, mtime_ns: int, size: int) -> Mapping[Loc, tuple[int, int]]:
    """Where each field is in the brand file, parsed once per version of it; none if it cannot be read (the
    file then is the place: 'brands/b.yaml: warning: ...')."""
    from handouts.yamlsource import read

    if not size:
        return {}
    try:
        return dict(read(Path(path)).positions)
    except (ContentError, OSError):
        return {}


def _at(positions: Mapping[Loc, tuple[int, int]], loc: Loc) -> tuple[int, int]:
    """Where `loc` is, as validate places it (handouts.yamlsource.Source.position); (0, 0) with no positions."""
    if not positions:
        return 0, 0
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in positions:
            return positions[loc[:cut]]
    return 1, 1


# -- a brand sent to a --cluster batch's workers -------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a brand says its warnings, fixed where it was loaded: a --cluster batch's worker has neither the
    brand file nor the command's folder, so it said 'brands/b.yaml: warning: ...' without the line (or the path
    from its own folder). The file as shown where the command runs, each field's line and column, and the
    file's own warnings, judged there (handouts.batch.cluster sends a brand so)."""

    shown: str
    positions: Mapping[Loc, tuple[int, int]]
    said: tuple[Problem | str, ...]


def travelling(brand: Brand, folder: Path | None = None) -> Brand:
    """A copy of `brand` (its logo in `folder`) that says its warnings at its file's lines wherever it is
    unpickled; a brand known by no file as it is."""
    file = brand_file(brand)
    if file is None or _place(brand) is not None:
        return brand
    place = Place(display_path(file), _positions(str(file), *_stamp(file)), tuple(file_warnings(brand, folder)))
    copy = brand.model_copy()
    copy._place = place
    return copy


def _place(brand: Brand) -> Place | None:
    return getattr(brand, "_place", None)
