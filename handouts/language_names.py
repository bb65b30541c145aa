"""What each language is called: one source (CLDR, through Babel) for the documents and the app's pages.

The web app had its own table of fifteen names and the documents another of two
(English, Spanish, in the message catalogues), so a language added by its
catalogue alone was named on one and not the other, and the page-language links
showed its code. CLDR names every language both in itself and in every other.
"""

from __future__ import annotations

import functools

import babel


@functools.cache
def name_in(language: str, reader: str) -> str:
    """`language` as a reader of `reader` (a language or locale tag) writes it within a sentence:
    'Spanish' in English, 'español' in Spanish; the code itself for a language CLDR does not know."""
    try:
        return babel.Locale.parse(language.replace("-", "_")).get_language_name(reader.replace("-", "_")) or language
    except (babel.UnknownLocaleError, ValueError):
        return language


def own_name(language: str) -> str:
    """`language` in itself, as a list of languages shows it: 'English', 'Español', 'Français', '中文'."""
    name = name_in(language, language)
    return name[:1].upper() + name[1:] if name != language else language
