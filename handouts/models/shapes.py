"""Fields that take one of several shapes (text, or text by language), told apart by the value's shape.

Why: a plain union (`Text | dict[LangCode, Text]`) makes pydantic try every member and
report each one's failure under its internal name (`footer.constrained-str: input should
be a valid string` beside `footer: input should be a valid dictionary`), so a practice
manager who typed a list reads two errors about neither. A union tagged by shape
validates only the member the value's YAML shape points to, and reports a value of no
accepted shape once, as `expected` says it (handouts.validation adds what was given):

    BrandText = Annotated[Annotated[Text, Tag("text")] | Annotated[dict[LangCode, Text], Tag("mapping")],
                          by_shape("give text, or text by language code: {en: ..., es: ...}")]
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import Discriminator

Shape = Literal["text", "number", "list", "mapping"]
"""The tags a shaped union's members carry (`Tag("list")`): the YAML shape each one takes."""

WRONG_SHAPE = "wrong_shape"
"""The error type of a value whose shape no member takes (its message: the union's `expected`)."""

TEXT_OR_LANGUAGES = "give text, or text by language code: {en: ..., es: ...}"
"""What a field of words takes (a brand's footer, a topic's patient text): the same words for both."""


def shape_of(value: Any) -> Shape | None:
    """A value's YAML shape; None for one no shaped field takes (nothing, yes/no, a date)."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return "number"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return None


def by_shape(expected: str) -> Discriminator:
    """Pick a union's member by the value's shape; `expected` is the whole error for any other shape."""
    return Discriminator(shape_of, custom_error_type=WRONG_SHAPE, custom_error_message=expected)


def described(value: Any, quote: bool = True) -> str:
    """What a value is, in a YAML writer's words ('a list', 'a number'), for 'expected ..., not a list';
    `quote=False`: without the value itself (a date or a number typed in a patient's details)."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (a yes/no value)" if quote else "a yes/no value"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})" if quote else "a date"
    return {"text": "text", "number": f"a number ({value})" if quote else "a number", "list": "a list",
            "mapping": "a mapping"}.get(shape_of(value) or "", "a value of another kind")
