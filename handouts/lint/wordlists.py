"""The curated word lists that plain-language checks use, shipped under data/lint/.

They are data, not code, so content editors can extend them by pull request.
TOML and plain text (not YAML) so that `handouts validate data/` and
`handouts lint data/`, which read every YAML file under data/, never mistake
them for content.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from handouts.resources import asset_dir


@dataclass(frozen=True)
class JargonTerm:
    term: str  # as listed, e.g. "intestinal permeability"
    plain: tuple[str, ...]  # plain words to use; the first is the suggestion

    @property
    def suggestion(self) -> str:
        return self.plain[0]


def lint_data_dir() -> Path:
    return asset_dir("data") / "lint"


def parse_jargon(text: str) -> tuple[JargonTerm, ...]:
    """Parse `[terms]` of a jargon TOML file: term = "plain" or ["plain", "also plain"]."""
    table = tomllib.loads(text).get("terms", {})
    out = []
    for term, plain in table.items():
        alternatives = (plain,) if isinstance(plain, str) else tuple(plain)
        if not alternatives or not all(isinstance(a, str) and a.strip() for a in alternatives):
            raise ValueError(f"jargon term '{term}' needs a plain alternative")
        out.append(JargonTerm(term.strip(), tuple(a.strip() for a in alternatives)))
    return tuple(out)


def parse_words(text: str) -> frozenset[str]:
    """One word a line; '#' starts a comment."""
    return frozenset(
        line.split("#", 1)[0].strip().lower() for line in text.splitlines() if line.split("#", 1)[0].strip()
    )


@cache
def jargon_terms(path: Path | None = None) -> tuple[JargonTerm, ...]:
    path = path or lint_data_dir() / "jargon.toml"
    return parse_jargon(path.read_text(encoding="utf-8"))


JARGON_FILES = {"en": "jargon.toml", "es": "jargon.es.toml"}
"""The plain-language word list for each language lint reads (data/lint/)."""


@cache
def jargon_terms_for(lang: str) -> tuple[JargonTerm, ...]:
    """The shipped jargon list for a language; none for a language without one."""
    name = JARGON_FILES.get(lang)
    return jargon_terms(lint_data_dir() / name) if name else ()


@cache
def known_long_words(path: Path | None = None) -> frozenset[str]:
    path = path or lint_data_dir() / "known-long-words.txt"
    return parse_words(path.read_text(encoding="utf-8"))
