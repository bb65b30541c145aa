"""Cross-field rules for a brand file: its logo must sit in the brand's own folder and be printable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from handouts.errors import display_path
from handouts.validation import Rule, RuleContext, RuleFinding


def safe_relative(value: str) -> PurePosixPath | None:
    """A relative path that stays inside its folder, or None."""
    if not value or "\\" in value or ":" in value:
        return None
    rel = PurePosixPath(value)
    if rel.is_absolute() or ".." in rel.parts:
        return None
    return rel


def brand_logo_inside_folder(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    logo = data.get("logo") if isinstance(data, dict) else None
    if not isinstance(logo, str) or ctx.file is None:
        return
    rel = safe_relative(logo)
    folder = Path(ctx.file).resolve().parent
    if rel is None or not (folder / rel).resolve().is_relative_to(folder):
        yield ("logo",), f"logo '{logo}' points outside the brand's folder; give a path inside {display_path(folder)}"
    elif not (folder / rel).is_file():
        yield ("logo",), f"logo file '{logo}' does not exist in {display_path(folder)}"
    else:
        from handouts.logo import problems  # the same checks render makes before it prints the logo

        for message in problems(folder / rel):
            yield ("logo",), message
    if not data.get("logo_alt"):
        yield ("logo_alt",), "a logo needs alt text ('logo_alt') for screen readers"


BRAND_RULES: tuple[Rule, ...] = (brand_logo_inside_folder,)
