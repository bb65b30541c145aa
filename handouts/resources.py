"""Find the project's own assets, from a checkout or from an installed wheel.

The wheel carries templates/, styles/ and data/ under handouts/_assets/; a
checkout (and an editable install) has them at the top level. This is the one
place that knows both.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
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


@dataclass(frozen=True)
class FontFace:
    """One font file the stylesheet may use, under the family name it is declared with."""

    family: str
    path: Path
    weight: int = 400
    style: str = "normal"
    system: bool = False  # a large system font, loaded only for a document that needs it


BODY_FAMILY = "Atkinson Hyperlegible"

# Fallbacks for what Atkinson Hyperlegible lacks, in the order styles/base.css
# lists them. Each is a PyPI dependency, so every install prints the same
# glyphs. A variable font serves both weights (WeasyPrint makes the instances).
PYPI_FALLBACKS = (
    # before Noto Sans, which has only the core of Devanagari: one font per word shapes it right
    ("Handouts Noto Sans Devanagari", "fontpkg_noto_sans_devanagari",
     {400: "NotoSansDevanagari[wdth,wght].ttf", 700: "NotoSansDevanagari[wdth,wght].ttf"}),
    ("Handouts Noto Sans", "fontpkg_noto_sans",  # Vietnamese, Greek, Cyrillic
     {400: "NotoSans[wdth,wght].ttf", 700: "NotoSans[wdth,wght].ttf"}),
    # IBM Plex, not Noto, for Arabic: Noto Sans Arabic draws letters from several glyphs,
    # and WeasyPrint's text layer then loses letters (copied text, screen readers)
    ("Handouts IBM Plex Sans Arabic", "fontpkg_ibm_plex_sans_arabic",
     {400: "IBMPlexSansArabic-Regular.ttf", 700: "IBMPlexSansArabic-Bold.ttf"}),
    ("Handouts Heebo", "fontpkg_heebo",  # Hebrew: PyPI has no Noto Sans Hebrew
     {400: "Heebo[wght].ttf", 700: "Heebo[wght].ttf"}),
    ("Handouts Noto Sans Thai", "fontpkg_noto_sans_thai",
     {400: "NotoSansThai[wdth,wght].ttf", 700: "NotoSansThai[wdth,wght].ttf"}),
)

# Too large for PyPI (20 MB a weight): Debian's fonts-noto-cjk, which `make`
# installs (.ci/system-deps.sh). Where it is missing, names in these scripts get
# a warning, never a silent box.
SYSTEM_FALLBACKS = (
    ("Handouts Noto Sans CJK", 400, ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                                     "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc")),
    ("Handouts Noto Sans CJK", 700, ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
                                     "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Bold.ttc")),
)

# Emoji: Pango draws them from the system's colour emoji font whatever the
# stylesheet asks for, so this one is only read for coverage (Debian's
# fonts-noto-color-emoji, installed by `make` too).
EMOJI_FAMILY = "Noto Color Emoji"
EMOJI_FILES = ("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",
               "/usr/share/fonts/google-noto-color-emoji-fonts/NotoColorEmoji.ttf")


@cache
def body_faces() -> tuple[FontFace, ...]:
    """Atkinson Hyperlegible in its four styles: the face every document is set in."""
    return tuple(
        FontFace(BODY_FAMILY, font_dir() / f"AtkinsonHyperlegible-{name}.ttf", weight, style)
        for name, weight, style in (("Regular", 400, "normal"), ("Italic", 400, "italic"),
                                    ("Bold", 700, "normal"), ("BoldItalic", 700, "italic"))
    )


@cache
def fallback_faces() -> tuple[FontFace, ...]:
    """The fallback fonts this install has, in fallback order: all PyPI ones, and the system ones found."""
    faces = []
    for family, module, files in PYPI_FALLBACKS:
        folder = Path(importlib.import_module(module).__file__ or "").resolve().parent / "files"
        faces += [FontFace(family, folder / filename, weight) for weight, filename in files.items()]
    for family, weight, candidates in SYSTEM_FALLBACKS:
        found = next((Path(c) for c in candidates if Path(c).is_file()), None)
        if found is not None:
            faces.append(FontFace(family, found, weight, system=True))
    return tuple(faces)


@cache
def emoji_face() -> FontFace | None:
    """The system's colour emoji font, if it has one."""
    found = next((Path(c) for c in EMOJI_FILES if Path(c).is_file()), None)
    return FontFace(EMOJI_FAMILY, found, system=True) if found else None


def font_roots() -> list[Path]:
    """The folders the renderer may read font files from."""
    return sorted({face.path.parent for face in (*body_faces(), *fallback_faces())})


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
