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

Loc = tuple[str, ...]


def colour_warnings(brand: Brand) -> list[Problem | str]:
    """Validate's findings for a colour too light for text (handouts.brand_rules), placed at the colour. The
    rules are imported only for such a colour: a render from the content cache imports no rules."""
    from handouts.colour import readable_on_white

    if not any(readable_on_white(c)[1] for c in (brand.colors.primary, brand.colors.accent)):
        return []
    from handouts.brand_rules import brand_colours_readable
    from handouts.validation import Flag

    colours = {"primary": brand.colors.primary, "accent": brand.colors.accent}
    found = brand_colours_readable({"colors": colours}, None)  # type: ignore[arg-type]  # it reads no context
    return [brand_warning(brand, tuple(f.loc), f.message, f.rule) for f in found if isinstance(f, Flag)]


def brand_warning(brand: Brand, loc: Loc, message: str, rule: str = "") -> Problem | str:
    """One warning about `brand` at `loc` in its file; said with the brand's id where it has no file."""
    field = ".".join(loc)
    file = brand_file(brand)
    if file is None:
        return f"brand '{brand.id}': {field}: {message}"
    line, col = _position(str(file), *_stamp(file), loc)
    return Problem(display_path(file), line, col, field, message, "warning", rule)


def plainly(warning: Problem | str) -> str:
    """A warning without its file's place (the web app's page names no server path)."""
    return f"{warning.field}: {warning.message}" if isinstance(warning, Problem) else warning


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
