"""Whether a content translation's language is one the tool can print in.

A topic, a diet plan or the food catalogue may carry texts in any language
(`pt: ...`), and they validate: the content is the practice's to translate.
But a document in that language also needs the tool's own words (headings such
as 'When to get help', labels, the footer) from a gettext catalogue
(handouts.i18n); without one every document in it is refused. `validate`,
`lint` and `approve --lang` say so here, once per language, rather than pass a
translation no one can print.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from handouts.locale import language_of
from handouts.validation import Flag, RuleContext, RuleFinding
from handouts.yamlsource import Loc

RULE = "translation-no-catalogue"


def content_languages(content: Any) -> dict[str, Loc]:
    """Each language the content is translated into (its record, else its first text), and where it is said."""
    from handouts.translations import SOURCE, localized_texts

    found: dict[str, Loc] = {lang: ("translations", lang) for lang in getattr(content, "translations", {}) or {}}
    for loc, text in localized_texts(content):
        for lang in text.languages:
            found.setdefault(lang, (*loc, lang))
    found.pop(SOURCE, None)
    return found


def message(language: str) -> str:
    from handouts.i18n import languages

    return (f"the '{language}' translation cannot print yet: handouts has no '{language}' catalogue of its own "
            f"words (headings, labels, the footer), so documents in '{language}' are refused (it prints in "
            f"{', '.join(languages())}); see 'Adding a language' in the README")


def missing_tool_words(content: Any) -> dict[str, Loc]:
    """The content's languages with no catalogue of the tool's words, each with where it is said."""
    from handouts.i18n import has_language

    return {lang: loc for lang, loc in content_languages(content).items() if not has_language(language_of(lang))}


def brand_language_check(brand: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """A brand whose locale is in a language the tool has no words in: its documents are refused unless
    a command names a language the tool has, which whoever wrote the brand by hand should hear now."""
    from handouts.i18n import has_language, languages

    from handouts.locale import parse

    if not brand.locale:
        return
    where = parse(brand.locale)
    if not has_language(where.language):
        yield Flag(("locale",), f"handouts has no {language_name(where.language)} ('{where.language}') words of "
                                f"its own yet (headings, labels), so this brand's documents are refused unless a "
                                f"command names a language it has ({', '.join(languages())}), e.g. --lang en for "
                                f"English with {where.region} dates and paper; see 'Adding a language' in the README",
                   "warning", RULE)


def language_name(tag: str) -> str:
    """'Portuguese' for 'pt-BR' (in English, the language of the tool's messages to its users); the code
    when Babel has no name for it."""
    import babel

    try:
        return str(babel.Locale.parse(language_of(tag)).english_name or tag)
    except (babel.UnknownLocaleError, ValueError):
        return tag


def tool_words_check(content: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """A model check: a warning (it loads and prints in every other language) per language with no catalogue."""
    for language, loc in missing_tool_words(content).items():
        yield Flag(loc, message(language), "warning", RULE)


__all__ = [
    "RULE", "brand_language_check", "content_languages", "language_name", "message", "missing_tool_words",
    "tool_words_check",
]
