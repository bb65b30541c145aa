"""Building blocks shared by every content model."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from handouts.models.shapes import TEXT_OR_LANGUAGES, WRONG_SHAPE, shape_of
from handouts.patterns import HIDDEN_IN_TEXT, LANG_PATTERN, SLUG_PATTERN, TEXT_LANG_PATTERN

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
"""Identifier: lower-case letters and digits joined by '-', '_' or '.'."""

LangCode = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
"""A locale's tag, with or without its region: 'es', 'es-MX'."""



def _names_a_language(tag: str) -> str:
    """Refuse a code shaped like one that names no language ('sp'), at its own line, with the code
    meant: taken for a language without translations, it was answered with every text lacking it."""
    from handouts.language_names import not_a_language  # Babel's names: only for a file naming a language

    if (problem := not_a_language(tag)) is not None:
        raise ValueError(problem)
    return tag


Language = Annotated[LangCode, AfterValidator(_names_a_language)]
"""The language a document is asked for in ('es', 'es-MX'): a code of a language, not only shaped like one."""

TextLang = Annotated[str, StringConstraints(pattern=TEXT_LANG_PATTERN)]
"""The language a text is written in, without a region: 'es' (a document in es-MX prints it)."""

_HIDDEN = re.compile(HIDDEN_IN_TEXT)
"""Characters text never needs and a printout must not obey: control characters (a tab or a line
break aside) and the bidirectional embeddings, overrides and isolates, which make the page show
letters in another order than they were typed (`Ann \u202eeeL` prints as `Ann Lee`)."""


def _no_hidden_characters(value: str) -> str:
    """Refuse text whose page would differ from what was typed; the character is named, never the text."""
    found = _HIDDEN.search(value)
    if found is None:
        return value
    char = found.group()
    what = unicodedata.name(char, "") or "a control character"
    raise PydanticCustomError(
        "hidden_character",
        "contains {what} (U+{code}) at character {position}: an invisible character that would change or hide "
        "what prints; remove it",
        {"what": what, "code": f"{ord(char):04X}", "position": found.start() + 1},
    )


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_no_hidden_characters)]
"""Non-empty text. Always content, never markup: templates escape it; invisible controls are refused."""

NAME_CHARACTERS, NOTES_CHARACTERS = 120, 2000

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_CHARACTERS),
                 AfterValidator(_no_hidden_characters)]
"""Text for a person's name: at most 120 characters, the line it prints on (a limit on `Text | None`
would be checked as a list's, "at most 120 items")."""



def no_error_prone_doses(value: str, info: ValidationInfo) -> str:
    """Refuse a note that writes a dose the way ISMP lists as error-prone ('.5 mg', 'QD', '10 U').

    A note prints as typed, with no review after it, and the patient takes it home: a warning
    on a screen during a visit is missed, a refusal that says where and what to write costs a
    few seconds of retyping. The place and the rule are named, never the note (patient data).
    Where the model says the print's language before its notes, the note is read in it: a
    Spanish note's '1.000 mg' is a thousand to its reader (handouts.ismp.notes_problems).
    """
    from handouts import ismp  # the list is read on the first note checked, not at import

    language = info.data.get("language") if isinstance(info.data, dict) else None
    problems = ismp.notes_problems(value, language=language if isinstance(language, str) else None)
    if not problems:
        return value
    raise PydanticCustomError("error_prone_dose", "{problems} (the note prints as typed)",
                              {"problems": "; ".join(problems)})


Notes = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NOTES_CHARACTERS),
                  AfterValidator(_no_hidden_characters), AfterValidator(no_error_prone_doses)]
"""Text for a clinician's notes to a patient: at most 2000 characters, about a page; no error-prone dose forms."""


TOO_MANY_ENTRIES = "too_many_entries"
"""The error type of a list or mapping over its cap (`at_most`): handouts.validation.check_model runs no
cross-field rule over data that has one, since each rule would go through every entry."""


def at_most(limit: int) -> BeforeValidator:
    """A list's or a mapping's cap, checked before its entries: one problem at the list, saying the limit.

    pydantic's own `max_length` checks the length only after validating every entry (and then says
    nothing when entries failed), so 30,000 bad entries gave 30,000 problems; this counts them first."""

    def check(value: Any) -> Any:
        if isinstance(value, list | tuple | dict) and len(value) > limit:
            raise PydanticCustomError(
                TOO_MANY_ENTRIES,
                "{count} entries, more than any document uses: give at most {limit} (each entry is checked once "
                "there are no more)",
                {"count": len(value), "limit": limit},
            )
        return value

    return BeforeValidator(check)


CONTENT_ENTRIES = 200
"""The most entries one list or mapping of a topic may hold (its sections, recommendations, citations,
references, a text's languages, ...), as a diet plan's and a customisation's: the shipped topic's longest list
has 20 (its references). Over it, one problem at the list's line before any entry is checked: a topic with
5,000 citations in one list listed 5,000 problems."""

_Entries = TypeVar("_Entries")
Capped = Annotated[_Entries, Field(max_length=CONTENT_ENTRIES), at_most(CONTENT_ENTRIES)]
"""A topic's list or mapping, `Capped[tuple[Slug, ...]]`: at most CONTENT_ENTRIES, said in the JSON schema and
counted before its entries."""


class Model(BaseModel):
    """Content is validated once and then never changes: frozen, no unknown keys.

    Validators and serializers are built on first use (defer_build), not at import:
    a command pays only for the models it uses, and a render from the content cache
    (handouts.contentcache) validates nothing (it builds the topic's serializer only,
    for the content hash every page prints).
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        defer_build=True,
    )


NOT_SOUGHT = "not yet sought"
"""The `unsupported` value that says no one has looked for a source yet (an imported draft's item its
answer did not cite): a gap, never a reason. The brief prints it as 'Source not yet sought', boxed, and
only a draft may have one (rules.draft_gaps). It stays an `unsupported` value, so every rule that keeps
an item with no verified source from a patient holds it too; an old draft's 'No citation marker in the
source answer' printed after '[no verified source]' as if a reviewer had given it as the reason."""

_NOT_SOUGHT = re.compile(r"(?:source )?not yet sought\.?", re.IGNORECASE)


def not_sought(unsupported: object) -> bool:
    """Whether an `unsupported` value is the gap NOT_SOUGHT (in any case, 'Source not yet sought.' too)."""
    return isinstance(unsupported, str) and _NOT_SOUGHT.fullmatch(unsupported.strip()) is not None


class Sourced(Model):
    """Anything that makes a claim: it cites references or says it has no verified source.

    `unsupported` is how content says "no verified source" out loud instead of
    leaving a gap or inventing a citation; such items never reach a patient.
    In a draft it may say NOT_SOUGHT instead of a reason: the search is still to do.
    """

    citations: Capped[tuple[Slug, ...]] = Field(default=(), description="Reference ids")
    unsupported: Text | None = Field(
        default=None,
        description=f"Why this has no verified source (shown as unsupported); '{NOT_SOUGHT}' in a draft while "
                    "no one has looked for one yet: the brief prints a gap ('Source not yet sought')",
    )

    @property
    def source_not_sought(self) -> bool:
        """No source cited, and none looked for yet: a draft's gap, not a reviewed reason."""
        return not_sought(self.unsupported)


_LOCALIZED_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1, "description": "English text"},
        {
            "type": "object",
            "description": "Text by language code; 'en' is required",
            "required": ["en"],
            "propertyNames": {"pattern": TEXT_LANG_PATTERN},
            "additionalProperties": {"type": "string", "minLength": 1},
        },
    ]
}


class LocalizedText(RootModel[dict[TextLang, Text]]):
    """Patient-facing text in one or more languages.

    A plain string means English, so content written today needs no change when
    a translation is added later.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)
    root: Annotated[dict[TextLang, Text], WithJsonSchema(_LOCALIZED_SCHEMA), at_most(CONTENT_ENTRIES)]

    @model_validator(mode="before")
    @classmethod
    def _plain_string_is_english(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"en": value}
        if shape_of(value) == "mapping" or isinstance(value, BaseModel):
            return value
        # one error in the words a brand's text gets (handouts.models.shapes), not 'a valid dictionary'
        raise PydanticCustomError(WRONG_SHAPE, TEXT_OR_LANGUAGES)

    @model_validator(mode="after")
    def _english_required(self) -> LocalizedText:
        if "en" not in self.root:
            raise ValueError("English text ('en') is required; other languages are optional")
        return self

    def get(self, lang: str = "en") -> str:
        """The text in `lang`, falling back to English when not translated yet."""
        return self.root.get(lang) or self.root["en"]

    def has(self, lang: str) -> bool:
        return lang in self.root

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.root)

    def __str__(self) -> str:
        return self.root["en"]
