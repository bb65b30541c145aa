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


def tool_words_check(content: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """A model check: a warning (it loads and prints in every other language) per language with no catalogue."""
    for language, loc in missing_tool_words(content).items():
        yield Flag(loc, message(language), "warning", RULE)


__all__ = ["RULE", "content_languages", "message", "missing_tool_words", "tool_words_check"]
