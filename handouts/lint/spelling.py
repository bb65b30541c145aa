"""English spelling that does not match the content's declared variant (en-US or en-GB, or a region's: en-PR).

A topic, plan or catalogue says which English it is written in (`language:
en-US`); US practices print US spelling (fiber, diarrhea, yogurt) and UK ones
British (fibre, diarrhoea, yoghurt). The word pairs live in
data/lint/spelling.toml, so editors extend them by pull request. References
are left alone: a cited title keeps the spelling it was published with.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from handouts.lint.findings import Issue
from handouts.lint.wordlists import lint_data_dir
from handouts.locale import parse
from handouts.models.common import LocalizedText
from handouts.yamlsource import Loc

SKIPPED_FIELDS = frozenset({
    "references", "sources", "source", "translations", "review", "id", "codes", "citations", "keywords", "aliases",
    "kind", "language", "swaps", "parts", "free_of", "carries", "in_large_portions", "order", "eliminate",
    "test_foods", "image", "pictogram",
})
"""Fields that hold ids, published titles or keyword lists, not the content's own English prose."""
"""Fields whose text is not the content's own English prose."""


@dataclass(frozen=True)
class Variants:
    us_to_gb: dict[str, str]

    @property
    def gb_to_us(self) -> dict[str, str]:
        return {gb: us for us, gb in self.us_to_gb.items()}

    def expected(self, variant: str) -> dict[str, str]:
        """Words that are wrong in `variant`, each with the right one."""
        return self.gb_to_us if variant == "en-US" else self.us_to_gb


@cache
def variants(path: Path | None = None) -> Variants:
    path = path or lint_data_dir() / "spelling.toml"
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("us_gb", {})
    return Variants({us.lower(): gb.lower() for us, gb in table.items()})


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?P<word>{alternatives})(?P<end>s|es|d|ed|ing)?\b", re.IGNORECASE)


def english_texts(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every English string of a model with its loc (a localized text's English at (..., 'en'))."""
    if isinstance(value, LocalizedText):
        yield (*loc, "en"), value.root["en"]
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in SKIPPED_FIELDS:
                yield from english_texts(getattr(value, name), (*loc, name))
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from english_texts(item, (*loc, index))
    elif isinstance(value, str):
        yield loc, value


def check_spelling(content: Any, table: Variants | None = None) -> Iterator[Issue]:
    """Each word spelt the other way than the content's `language`, once per text (a region's English in
    the spelling the region uses: en-PR as en-US, en-IE as en-GB; handouts.locale.SPELLINGS)."""
    declared = getattr(content, "language", None)
    variant = parse(declared).spelling if declared else None
    if variant is None:
        return
    said = f"{variant} spelling" + ("" if declared == variant else f" (`language: {declared}`)")
    wrong = (table or variants()).expected(variant)
    if not wrong:
        return
    pattern = _pattern(tuple(wrong))
    for loc, text in english_texts(content):
        seen: set[str] = set()
        for match in pattern.finditer(text):
            word = match.group("word")
            if word.lower() in seen:
                continue
            seen.add(word.lower())
            right = wrong[word.lower()]
            right = right.capitalize() if word[:1].isupper() else right
            yield Issue(
                "spelling-variant", "warning",
                f"'{match.group(0)}' is not {said}: write '{right}{match.group('end') or ''}'",
                loc, match.start(),
            )
