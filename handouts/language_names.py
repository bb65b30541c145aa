"""What each language is called: one source (CLDR, through Babel) for the documents and the app's pages.

The web app had its own table of fifteen names and the documents another of two
(English, Spanish, in the message catalogues), so a language added by its
catalogue alone was named on one and not the other, and the page-language links
showed its code. CLDR names every language both in itself and in every other.
It also says when a code is no language at all ('sp'), the same way wherever one is typed.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable

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


# -- a code that is no language ------------------------------------------------------


@functools.cache
def _cldr_languages() -> dict[str, str]:
    """Every language code CLDR knows, with its English name."""
    return dict(babel.Locale("en").languages)


def is_language(code: str) -> bool:
    """Whether CLDR knows `code` ('es', 'haw') as a language, whether handouts prints in it or not."""
    return code in _cldr_languages()


def meant_language(typed: str) -> str | None:
    """The code of the language `typed` most likely means, typed by its name, a start of its name or
    its own name ('sp', 'spanish', 'espanol' → 'es'): first among those handouts prints in; else None."""
    from handouts.i18n import languages

    typed = typed.strip().lower()
    if len(typed) < 2:
        return None
    for code in languages():
        names = {name_in(code, "en").lower(), name_in(code, code).lower()}
        if any(name.startswith(typed) or difflib.SequenceMatcher(None, typed, name).ratio() >= 0.8 for name in names):
            return code
    named = [code for code, name in _cldr_languages().items() if name.lower() == typed]
    return named[0] if named else None


def did_you_mean(typed: str) -> str:
    """"; did you mean 'es' (Spanish)? handouts prints in en, es": what ends every refusal of a code."""
    from handouts.i18n import languages

    printed = ", ".join(languages())
    if len(typed.strip()) < 2:
        return ""
    if (code := meant_language(typed)) is not None:
        return f"; did you mean '{code}' ({name_in(code, 'en')})? handouts prints in {printed}"
    return f"; handouts prints in {printed}"


def listed(codes: Iterable[str], reader: str = "en") -> str:
    """'English (en), Spanish (es)': languages by name in `reader`'s language, each with the code to type."""
    return ", ".join(f"{name_in(code, reader)} ({code})" for code in codes)


def no_translation(language: str, available: Iterable[str]) -> str:
    """"no French translation yet; available: English (en), Spanish (es)": a real language a document
    cannot be printed in, in one line, where a batch row would list every text it lacks."""
    return f"no {name_in(language, 'en')} translation yet; available: {listed(available)}"


def meant_tag(tag: str) -> str | None:
    """The code `tag` meant when it names no language, its region kept ('sp' → 'es', 'sp-MX' → 'es-MX');
    None when it names one, or when no language is a likely meaning. One answer for every place a code is typed."""
    language, _, region = tag.strip().replace("_", "-").partition("-")
    if is_language(language.lower()) or (meant := meant_language(language)) is None:
        return None
    return f"{meant}-{region.upper()}" if region else meant


def not_a_language(tag: str) -> str | None:
    """Why `tag` (shaped like a code: 'sp', 'sp-MX') names no language, as the command line, a batch
    row and the web say it; None when it names one. Said short: taken for a language handouts has no
    words in yet, 'sp' was answered with every text lacking it and how to add a language."""
    language, _, region = tag.strip().replace("_", "-").partition("-")
    if is_language(language.lower()):
        return None
    hint = did_you_mean(language)
    if region and (meant := meant_tag(tag)) is not None:  # 'sp-MX': the region is kept, 'es-MX'
        hint = hint.replace(f"'{meant.split('-')[0]}'", f"'{meant}'", 1)
    return (f"'{tag}' is not a code handouts knows for a language (a language's two-letter code where it has one, "
            f"as 'en' or 'es'){hint}")
