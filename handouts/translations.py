"""Content translations: what a language is missing, and whether its translation is reviewed.

A topic, a diet plan or the food catalogue carries its patient texts as
LocalizedText ({en: ..., es: ...}) and, per language, a Translation record
(handouts.models.translation) with its own review status. Three questions,
answered here as pure functions of validated content:

- Which English texts does a document in language X need, and which of them
  have no X text? (`missing`, with the path to each, for a located refusal.)
- What was translated? `english_sha256` hashes the English of every localized
  text, so a translation records the English it was made from and goes stale
  when that English changes. The hash is canonical in the same way as content
  approval (handouts.approval, when present): the validated values, keys
  sorted, compact JSON, UTF-8; comments and YAML layout do not count.
- What was approved? `translated_sha256` hashes the texts in the language
  itself: `handouts approve --lang` records it, bound to the English it was
  reviewed against and to the review (`approval_sha256`), so a translated text
  edited after its review, or a record pointed at newer English by hand, no
  longer counts as reviewed.
- How does it print? `state` says approved (no mark), or draft / under review /
  stale / changed / unrecorded (the document prints DRAFT TRANSLATION), and the
  translation's own version, the start of `translated_sha256`: the footer prints it
  beside the content's version (a hash of the English only), so two Spanish sheets
  whose Spanish differs never print the same versions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Literal

from pydantic import BaseModel

from handouts.approval import VERSION_LENGTH
from handouts.errors import ContentError, Problem, display_path
from handouts.models.common import LocalizedText
from handouts.models.translation import Translation
from handouts.per_model import PerModel
from handouts.validation import format_loc
from handouts.yamlsource import Loc

SOURCE = "en"

State = Literal["approved", "draft", "under_review", "stale", "changed", "unrecorded"]
"""approved: reviewed, and neither the English nor the translation has changed since;
stale: the English changed after the translation was reviewed (or made); changed:
the translated texts are not the ones the review recorded (edited since, or approved
with no record of them); unrecorded: texts in the language but no `translations:`
record for it."""


# -- the English a translation is made from ---------------------------------------------


def localized_texts(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, LocalizedText]]:
    """Every LocalizedText in a model, with its path, in field order."""
    if isinstance(value, LocalizedText):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name in ("translations", "review"):
                continue
            yield from localized_texts(getattr(value, name), (*loc, name))
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from localized_texts(item, (*loc, index))
    elif isinstance(value, dict):
        for key in sorted(value):
            yield from localized_texts(value[key], (*loc, key))


def _canonical_sha256(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def english_sha256(content: BaseModel) -> str:
    """SHA-256 of the English of every localized text, each keyed by its path."""
    return _canonical_sha256({format_loc(loc): text.root[SOURCE] for loc, text in localized_texts(content)})


def translated_sha256(content: BaseModel, language: str) -> str:
    """SHA-256 of every `language` text, each keyed by its path: what a translation's reviewer approved.

    The English hash alone would let a translated text (a number of days, a
    warning sign) be edited after its review and still print as reviewed.
    """
    return _canonical_sha256({format_loc(loc): text.root[language]
                              for loc, text in localized_texts(content) if text.has(language)})


def approval_sha256(texts_sha256: str, source_sha256: str | None, reviewer: str | None, reviewed: Any) -> str:
    """What `handouts approve --lang` records as `text_sha256`: the translated texts bound to the
    English they were reviewed against and to the review (who, when).

    Bound to the texts alone, the record's `source_sha256` could be overwritten with the hash
    `handouts lint` prints for the current English, and a translation the English had moved
    away from printed as reviewed again, by someone who never saw it against that English.
    """
    return _canonical_sha256({"texts": texts_sha256, "source": source_sha256, "reviewer": reviewer,
                              "reviewed": reviewed.isoformat() if hasattr(reviewed, "isoformat") else reviewed})


def recorded_approval(record: Translation, texts_sha256: str) -> Literal["bound", "texts-only", "none"]:
    """Whether `record.text_sha256` is what approve records for these texts, bound to the record's English
    and review; the texts' hash alone, as approvals before the binding recorded it (they still hold, and
    lint asks to approve them again); or neither (the texts changed since, or it was typed)."""
    if record.text_sha256 == approval_sha256(texts_sha256, record.source_sha256, record.reviewer, record.reviewed):
        return "bound"
    return "texts-only" if record.text_sha256 == texts_sha256 else "none"


# -- what a language lacks --------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """One English text with no translation in the language asked for."""

    loc: Loc  # e.g. ("sections", 0, "recommendations", 2, "patient")
    english: str

    @property
    def field(self) -> str:
        return format_loc(self.loc)


def missing(texts: Iterable[tuple[Loc, LocalizedText | None]], language: str) -> tuple[Missing, ...]:
    """The texts among `texts` that have no `language` version (English never lacks one)."""
    if language == SOURCE:
        return ()
    return tuple(Missing(loc, text.root[SOURCE]) for loc, text in texts if text is not None and not text.has(language))


class MissingTranslation(ContentError):
    """A document asked for in a language its content has not (all) been translated into.

    A usage error (exit 2), like any other choice the content cannot serve, but it
    lists every text the language lacks where the content says it.
    """

    exit_code: ClassVar[int] = 2

    def __init__(self, problems: list[Problem], language: str = "", tool_words: bool = True,
                 available: tuple[str, ...] = ()):
        self.language = language
        self.tool_words = tool_words  # False: the tool has no catalogue of its own words in the language
        self.available = available  # the languages the document does print in, when the refusal knows them
        super().__init__(problems)

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.problems, self.language, self.tool_words, self.available)

    @property
    def in_one_line(self) -> str:
        """'no French translation yet; available: English (en), Spanish (es)': for whoever only chose the
        language (a batch row), not whoever writes the content, who needs every text it lacks."""
        from handouts.language_names import no_translation

        return no_translation(self.language, self.available)

    @property
    def headline(self) -> str:
        if self.tool_words:
            return f"cannot print in '{self.language}': these texts have no translation into it yet"
        if len(self.problems) == 1:  # the content is all there: only the tool's words are not
            return f"cannot print in '{self.language}': handouts has no translation of its own words into it yet"
        return (f"cannot print in '{self.language}': handouts' own words and these texts have no translation "
                "into it yet")

    def __str__(self) -> str:
        return "\n".join([self.headline + ":", *(str(p) for p in self.problems)])

    def lines(self) -> list[str]:
        return [f"error: {self.headline}:", *super().lines()]


def missing_problems(path: str, source: Any, found: Iterable[Missing], language: str) -> list[Problem]:
    """Each missing text located at its line in the content file (a Source, or None when unknown)."""
    problems = []
    for item in found:
        line, col = source.position(item.loc) if source is not None else (0, 0)
        snippet = item.english if len(item.english) <= 60 else item.english[:59].rstrip() + "…"
        problems.append(Problem(path, line, col, item.field, f"no '{language}' text for \"{snippet}\""))
    return problems


def printable(texts: Iterable[tuple[Loc, LocalizedText | None]], candidates: Iterable[str]) -> tuple[str, ...]:
    """The languages among `candidates` a document of these texts prints in: the tool has its own words in
    each, and every text is translated."""
    from handouts.i18n import has_language

    needed = list(texts)
    return tuple(lang for lang in candidates if has_language(lang) and not missing(needed, lang))


def refuse_missing(language: str, found: tuple[Missing, ...], file: Any, tool_words: bool,
                   available: tuple[str, ...] = ()) -> None:
    """Raise MissingTranslation listing every missing text at its place in `file`; `available`: the
    languages the document can be printed in, for a refusal said in one line (MissingTranslation.in_one_line)."""
    from pathlib import Path

    problems: list[Problem] = []
    if not tool_words:
        problems.append(no_catalogue(language))
    if found:
        path = Path(file) if file is not None else None
        source = None
        if path is not None and path.is_file():
            from handouts.yamlsource import read

            try:
                source = read(path)
            except ContentError:
                source = None
        problems.extend(missing_problems(display_path(path) if path else "content", source, found, language))
    if problems:
        raise MissingTranslation(problems, language, tool_words, available)


def no_catalogue(language: str) -> Problem:
    """Where the tool's own words in `language` would go, and why a document cannot do without them:
    printed with the English ids they would mix English headings into every page."""
    from handouts.i18n import catalogue_path, languages

    return Problem(
        display_path(catalogue_path(language)), 0, 0, "",
        f"no '{language}' catalogue of the tool's own words (headings such as 'When to get help', labels, the "
        f"footer), so a '{language}' document would mix in English; it prints in "
        + ", ".join(languages())
        + f" (--lang en keeps the region's dates, paper and emergency number). To add '{language}', see "
        "'Adding a language' in the README and contribute the catalogue to handouts",
    )


# -- how a translation prints -------------------------------------------------------------


@dataclass(frozen=True)
class TranslationState:
    language: str
    state: State
    record: Translation | None
    version: str = ""  # the translated texts' short hash (VERSION_LENGTH hex digits), as the footer prints it

    @property
    def approved(self) -> bool:
        return self.state == "approved"


_STATES: PerModel[TranslationState] = PerModel()
"""Worked out once per content model and language: the web app's form asks for every request."""


def state(content: Any, language: str) -> TranslationState | None:
    """The review state of `content`'s `language` translation; None for English, the source.

    It hashes every text of the content twice: remembered for a frozen model (handouts.per_model)."""
    if language == SOURCE:
        return None
    return _STATES.get(content, language, lambda: _state(content, language))


def _state(content: Any, language: str) -> TranslationState:
    record: Translation | None = getattr(content, "translations", {}).get(language)
    texts = translated_sha256(content, language)
    version = texts[:VERSION_LENGTH]
    if record is None:
        return TranslationState(language, "unrecorded", None, version)
    if record.status != "approved":
        return TranslationState(language, record.status, record, version)
    if record.source_sha256 != english_sha256(content):
        return TranslationState(language, "stale", record, version)
    if recorded_approval(record, texts) == "none":
        return TranslationState(language, "changed", record, version)
    return TranslationState(language, "approved", record, version)


def weakest(states: Iterable[TranslationState | None]) -> TranslationState | None:
    """The state a document made from several pieces of content prints: the least reviewed one,
    with a version made of every piece's (a diet sheet's Spanish is its plan's and its catalogue's)."""
    order = ("unrecorded", "changed", "stale", "draft", "under_review", "approved")
    known = [s for s in states if s is not None]
    if not known:
        return None
    least = min(known, key=lambda s: order.index(s.state))
    if len(known) == 1:
        return least
    joined = hashlib.sha256(" ".join(s.version for s in known).encode("ascii")).hexdigest()
    return replace(least, version=joined[:VERSION_LENGTH])


__all__ = [
    "Missing", "MissingTranslation", "State", "TranslationState", "approval_sha256", "english_sha256",
    "localized_texts", "missing", "no_catalogue", "printable", "recorded_approval", "refuse_missing", "state",
    "translated_sha256", "weakest",
]
