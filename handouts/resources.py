"""Find the project's own assets, from a checkout or from an installed wheel.

The wheel carries templates/, styles/ and data/ under handouts/_assets/; a
checkout (and an editable install) has them at the top level. This is the one
place that knows both.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def asset_dir(name: str) -> Path:
    """The folder `templates`, `styles` or `data`, wherever the install put it."""
    for candidate in (_PACKAGE / "_assets" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"handouts is installed without its '{name}' folder")


@cache
def font_dir() -> Path:
    """The bundled Atkinson Hyperlegible files (a PyPI dependency, not a system font)."""
    import fontpkg_atkinson_hyperlegible as fonts

    return Path(fonts.__file__).resolve().parent / "files"


def icon_path(name: str) -> Path:
    """A pictogram or diagram shipped in styles/icons/ (names come from the views, never from content)."""
    path = asset_dir("styles") / "icons" / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(f"handouts is installed without its '{name}' pictogram")
    return path


def sample_topics() -> list[Path]:
    return sorted((asset_dir("data") / "topics").glob("*.yaml"))


def brand_path(name_or_path: str) -> Path:
    """A brand by id (data/brands/<id>.yaml) or by path to its YAML file."""
    as_path = Path(name_or_path)
    if as_path.suffix in (".yaml", ".yml"):
        return as_path
    return asset_dir("data") / "brands" / f"{name_or_path}.yaml"


def topic_path(name_or_path: str) -> Path:
    """A topic by id (data/topics/<id>.yaml) or by path to its YAML file."""
    as_path = Path(name_or_path)
    if as_path.suffix in (".yaml", ".yml"):
        return as_path
    return asset_dir("data") / "topics" / f"{name_or_path}.yaml"
