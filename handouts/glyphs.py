"""Which characters of a document our fonts can print, read from the fonts' own cmap tables.

A character no font has prints as an empty box, and nothing else says so. The
renderer uses this to load the large system fonts (CJK, emoji) only for a
document that needs them; the CLI and batch use it to warn, naming each
character (or, for a patient's details, the field and how many), before such a
document is printed.
"""

from __future__ import annotations

import html as html_module
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from handouts.contentcache import font_code_points
from handouts.resources import FontFace, body_faces, emoji_face, fallback_faces

_TAG = re.compile(r"<[^>]*>")
_HEAD = re.compile(r"<head\b.*?</head>", re.S | re.I)
_IGNORED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})  # controls, joiners, marks of direction, spaces
_CJK_WORDS = ("CJK", "HANGUL", "HIRAGANA", "KATAKANA", "BOPOMOFO", "IDEOGRAPHIC")


@cache
def cmap(path: Path) -> frozenset[int]:
    """The code points a font file maps to glyphs (the first face of a collection), read once
    per font file and kept in the cache folder (handouts.contentcache)."""
    return font_code_points(path, _read_cmap)


def _read_cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or ())


def _covers(faces: tuple[FontFace, ...]) -> frozenset[int]:
    return frozenset().union(*(cmap(path) for path in {face.path for face in faces}))


@cache
def base_coverage() -> frozenset[int]:
    """What the fonts every render loads can print: Atkinson Hyperlegible and the PyPI fallbacks."""
    return _covers(body_faces() + tuple(f for f in fallback_faces() if not f.system))


def visible_text(html: str) -> str:
    """The text a document's HTML prints (its body, without tags), for a coverage check."""
    return unicodedata.normalize("NFC", html_module.unescape(_TAG.sub(" ", _HEAD.sub(" ", html))))


def _ignored(char: str) -> bool:
    code = ord(char)
    return (unicodedata.category(char) in _IGNORED_CATEGORIES or 0xFE00 <= code <= 0xFE0F
            or 0xE0100 <= code <= 0xE01EF)


@dataclass(frozen=True)
class Coverage:
    system_families: tuple[str, ...]  # system fallback families this text needs, in stylesheet order
    missing: tuple[str, ...]  # characters no font we have can print, in order of first use


def coverage(text: str) -> Coverage:
    """Which system fonts `text` needs, and which of its characters nothing can print."""
    base = base_coverage()
    wanted = [c for c in dict.fromkeys(text) if ord(c) not in base and not _ignored(c)]
    # a precomposed letter the fonts lack prints from its parts (HarfBuzz decomposes it)
    wanted = [c for c in wanted if not all(ord(p) in base for p in unicodedata.normalize("NFD", c))]
    if not wanted:
        return Coverage((), ())
    first_of_family = {f.family: f for f in reversed(fallback_faces()) if f.system}  # weights share a cmap
    families = [f.family for f in fallback_faces() if f.system and first_of_family[f.family] is f
                and any(ord(c) in cmap(f.path) for c in wanted)]
    have = base.union(*(cmap(first_of_family[family].path) for family in families))
    if (emoji := emoji_face()) is not None and any(ord(c) not in have for c in wanted):
        have |= cmap(emoji.path)  # drawn from the system font by Pango itself: no stylesheet needed
    missing = tuple(c for c in wanted if ord(c) not in have)
    return Coverage(tuple(dict.fromkeys(families)), missing)


def describe(char: str) -> str:
    name = unicodedata.name(char, "")
    if not name:
        kind = {"Co": "private use", "Cn": "unassigned", "Cs": "surrogate"}.get(unicodedata.category(char), "unnamed")
        return f"U+{ord(char):04X} ({kind})"
    return f"U+{ord(char):04X} {name.title()} '{char}'"


def missing_warnings(text: str, details: Mapping[str, object] | None = None) -> list[str]:
    """One warning naming every character of `text` that would print as an empty box.

    `details`: the patient's (a personalisation's or a customisation's fields, handouts.glyphs.
    patient_details). Their characters are never named: the warning reaches a terminal, a log,
    a batch report, and a character or two of a name is part of the name. Each field is named
    instead, with how many of its characters print as boxes.
    """
    missing = coverage(text).missing
    if not missing:
        return []
    hint = ""
    if any(unicodedata.name(c, "").startswith(_CJK_WORDS) for c in missing):
        hint = " (Chinese, Japanese and Korean need Debian's fonts-noto-cjk: run 'make sysdeps-runtime')"
    elif any(unicodedata.category(c) == "So" for c in missing):
        hint = " (emoji need Debian's fonts-noto-color-emoji: run 'make sysdeps-runtime')"
    boxes = set(missing)
    counts = {name: sum(c in boxes for c in _text_of(value)) for name, value in (details or {}).items()}
    counts = {name: count for name, count in counts.items() if count}
    personal = {c for name in counts for c in _text_of((details or {})[name])}
    named = [c for c in missing if c not in personal]
    found = []
    if named:
        shown = ", ".join(describe(c) for c in named[:10])
        if len(named) > 10:
            shown += f" and {len(named) - 10} more"
        verb = "it prints" if len(named) == 1 else "they print"
        found.append(f"none of the fonts handouts prints with has {shown}: {verb} as an empty box{hint}")
    for name, count in counts.items():
        what = "1 character prints" if count == 1 else f"{count} characters print"
        found.append(f"{name}: {what} as an empty box (none of the fonts handouts prints with has "
                     f"{'it' if count == 1 else 'them'}){hint}")
    return found


def patient_details(*models: object) -> dict[str, object]:
    """The fields a patient's personalisation or customisation sets (None: none), by name, for
    `missing_warnings` to count rather than show."""
    found: dict[str, object] = {}
    for model in models:
        if model is None:
            continue
        fields_set = getattr(model, "model_fields_set", None)
        data = model if isinstance(model, Mapping) else {n: getattr(model, n) for n in fields_set or ()}
        found.update(data)
    return found


def _text_of(value: object) -> str:
    """Every string inside a field's value (a note, a list of foods, a food of the dietitian's own)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return "\n".join(_text_of(v) for v in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return "\n".join(_text_of(v) for v in value)
    if hasattr(value, "model_fields_set"):
        return "\n".join(_text_of(getattr(value, n)) for n in value.model_fields_set)
    return str(value) if value is not None else ""
