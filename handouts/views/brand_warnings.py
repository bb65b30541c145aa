"""A brand's warnings at the brand file's line and field, as `handouts validate` says them.

Practice IT greps cron output for 'FILE:LINE' and an editor jumps there: 'brands/b.yaml:4:3: warning:
colors.primary: ...' from render, diet and batch alike, the shape (and, for a colour, the words) of
validate's own finding. A brand known by no file (a form's, a test's) keeps 'brand 'b': field: ...'.
"""

from __future__ import annotations

import functools
from pathlib import Path

from handouts.errors import ContentError, Problem, display_path
from handouts.models import Brand
from handouts.validation import Flag

Loc = tuple[str, ...]


def file_warnings(brand: Brand) -> list[Problem | str]:
    """Validate's warnings about the brand file (handouts.brand_rules), at validate's places and in its order
    (by line): a colour too light for text, no phone number. A practice that never runs validate sees them
    when it prints, where a batch of thousands would otherwise print them all unsaid.

    The shipped default brand's missing phone is its design, not an oversight: a write-in line for a practice
    that has made no brand of its own; said on every print made without --brand, it would be noise pointing at a
    file in the install (validate still says it, as the file's own comment tells). A logo's advice (too sharp,
    too pale, SVG text) is validate's and `brand new`'s: it decodes the picture, which the brand's check does
    once, when the practice sets the brand up."""
    found = [*_colour_flags(brand), *_phone_flags(brand)]
    warnings = [brand_warning(brand, tuple(f.loc), f.message, f.rule) for f in found]
    return sorted(warnings, key=lambda w: (w.line, w.col) if isinstance(w, Problem) else (0, 0))


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
    file = brand_file(brand)
    if file is None:
        return f"brand '{brand.id}': {field}: {message}" if field else f"brand '{brand.id}': {message}"
    line, col = _position(str(file), *_stamp(file), loc)
    return Problem(display_path(file), line, col, field, message, "warning", rule)


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
def _position(path: str, mtime_ns: int, size: int, loc: Loc) -> tuple[int, int]:
    """Where `loc` is in the brand file, parsed once per version of it; (0, 0) if it cannot be read (the file
    then is the place: 'brands/b.yaml: warning: ...')."""
    from handouts.yamlsource import read

    if not size:
        return 0, 0
    try:
        return read(Path(path)).position(loc)
    except (ContentError, OSError):
        return 0, 0
