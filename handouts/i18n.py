"""The tool's own words in the reader's language: gettext catalogues, one per language.

Every word the tool prints on a document (headings, labels, footers, review
marks, the diet sheet's words) is an English message id, marked in templates
with `{% trans %}` / `_()` and in Python with `gettext()` / `N_()`. Babel
extracts them into handouts/locales/handouts.pot (babel.cfg says from where);
each language keeps its translations in
handouts/locales/<lang>/LC_MESSAGES/handouts.po, in the repository.

The wheel carries compiled .mo files (the build hook, hatch_build.py, compiles
them). A checkout has none, or stale ones after a .po edit: then the .po is
compiled in memory, once per process, so editing a translation needs no build
step. The workflow is in the README ("Adding a language").

A catalogue for the language (es) serves every region (es-US, es-MX); a
catalogue for language and region (en_GB) overrides a few words for that
region (and for the regions that spell as it does: en-IE, en-AU, en-NZ) and
falls back to the language's. English needs no catalogue: the
message ids are US English.
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from handouts.locale import SPELLINGS, Locale

DOMAIN = "handouts"
LOCALE_DIR = Path(__file__).resolve().parent / "locales"
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where it is used."""
    return message


def catalogue_path(name: str, suffix: str = ".po", locale_dir: Path | None = None) -> Path:
    """handouts/locales/<name>/LC_MESSAGES/handouts.po (name: 'es', 'en_GB')."""
    return (locale_dir or LOCALE_DIR) / name / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def catalogue_names() -> tuple[str, ...]:
    """Every catalogue shipped: 'en_GB', 'es', ..."""
    return _catalogue_names(LOCALE_DIR)


@cache
def _catalogue_names(locale_dir: Path) -> tuple[str, ...]:
    # The catalogues travel in the package and do not change under a running process; the
    # web app asks about a dozen times a request, each a listing and two file checks per name.
    if not locale_dir.is_dir():
        return ()
    return tuple(sorted(
        p.name for p in locale_dir.iterdir()
        if catalogue_path(p.name, ".po", locale_dir).is_file() or catalogue_path(p.name, ".mo", locale_dir).is_file()
    ))


def languages() -> tuple[str, ...]:
    """Languages the tool can print its own words in: English and each catalogue's language."""
    return tuple(sorted({SOURCE_LANGUAGE, *(name.split("_")[0] for name in catalogue_names())}))


def has_language(language: str) -> bool:
    return language in languages()


def _load(name: str) -> gettext.GNUTranslations | None:
    po, mo = catalogue_path(name), catalogue_path(name, ".mo")
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime_ns >= po.stat().st_mtime_ns):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if not po.is_file():
        return None
    return gettext.GNUTranslations(io.BytesIO(compile_po(po)))


def compile_po(po: Path) -> bytes:
    """A .po file as .mo bytes (Babel's reader and writer; fuzzy entries are left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


@cache
def translations(language: str, region: str = "") -> gettext.NullTranslations:
    """The catalogue for language_REGION over the language's own, over English (the ids)."""
    chain: list[gettext.GNUTranslations] = []
    for name in catalogue_chain(language, region):
        loaded = _load(name)
        if loaded is not None:
            chain.append(loaded)
    result: gettext.NullTranslations = gettext.NullTranslations()
    for catalogue in reversed(chain):  # most general first; each more specific one falls back to it
        catalogue.add_fallback(result)
        result = catalogue
    return result


def catalogue_chain(language: str, region: str = "") -> tuple[str, ...]:
    """The catalogues a locale reads, most specific first: 'en_IE', 'en_GB', 'en'.

    English where the UK's spelling is the norm (handouts.locale.SPELLINGS: Ireland, Australia,
    New Zealand) reads the UK's words ('Tick the ones you like', 'Call us on') where it has no
    catalogue of its own, not the US English of the message ids its content's spelling is not.
    """
    names = [f"{language}_{region}"] if region else []
    kin = SPELLINGS.get(region) if language == SOURCE_LANGUAGE and region else None
    if kin and kin != f"{language}-{region}":
        names.append(kin.replace("-", "_"))
    return (*names, language)


@cache
def untranslated(language: str) -> tuple[str, ...]:
    """The tool's words the `language` catalogue has no translation for, sorted; () for English.

    Every message is in some shipped language catalogue (tests/test_catalogues.py keeps the
    complete ones complete), so their union is the tool's words; a catalogue being written
    (a contributor's first Portuguese) lacks some, and those print as their English ids.
    """
    if language == SOURCE_LANGUAGE:
        return ()
    own = _message_ids(language)
    reference: set[str] = set()
    for name in catalogue_names():
        if "_" not in name:  # a regional catalogue only overrides a few of its language's words
            reference |= _message_ids(name)
    return tuple(sorted(reference - own))


def _message_ids(name: str) -> frozenset[str]:
    """The ids a catalogue translates (a plural by its singular). gettext keeps them in `_catalog`,
    unchanged since Python 2; compiled catalogues leave untranslated and fuzzy entries out."""
    loaded = translations(name)
    catalog = getattr(loaded, "_catalog", {}) if isinstance(loaded, gettext.GNUTranslations) else {}
    return frozenset(key[0] if isinstance(key, tuple) else key for key in catalog if key)


def untranslated_warning(language: str) -> str | None:
    """Said before printing in a language whose catalogue is not finished: its missing words print
    in English, and whoever prints should know which (a few named) and how many."""
    missing = untranslated(language)
    if not missing:
        return None
    total = len(missing) + len(_message_ids(language))
    # the examples a reader would recognise on a page: plain words and headings before sentences
    # with placeholders, which are mostly the web app's messages
    examples = sorted(missing, key=lambda m: ("%(" in m, len(m), m))[:3]
    shown = ", ".join(f"'{m}'" for m in examples) + (", ..." if len(missing) > 3 else "")
    return (f"the '{language}' catalogue of the tool's own words lacks {len(missing)} of {total}, which print in "
            f"English where they appear: {shown} (see 'Adding a language' in the README)")


@dataclass(frozen=True)
class Words:
    """The tool's words for one locale, for views that build sentences in Python."""

    locale: Locale

    @property
    def _t(self) -> gettext.NullTranslations:
        return translations(self.locale.language, self.locale.region)

    def gettext(self, message: str, **values: object) -> str:
        text = self._t.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        text = self._t.ngettext(singular, plural, n)
        return text % {"num": n, **values}

    def join(self, items: tuple[str, ...] | list[str], word: str = "and") -> str:
        """'a, b and c' / 'a, b y c'; `word` is 'and' or 'or'."""
        items = list(items)
        if not items:
            return ""
        if len(items) == 1:
            return items[0]
        last = self.gettext("%(items)s and %(last)s") if word == "and" else self.gettext("%(items)s or %(last)s")
        text = last % {"items": ", ".join(items[:-1]), "last": items[-1]}
        return spanish_conjunctions(text) if self.locale.language == "es" else text


_Y_BEFORE_I = re.compile(r"(?<=\s)y(?=\s+h?[iíIÍ](?![aeouáéóú]))")
_O_BEFORE_O = re.compile(r"(?<=\s)o(?=\s+h?[oóOÓ])")


def spanish_conjunctions(text: str) -> str:
    """'y' becomes 'e' before an i- sound, 'o' becomes 'u' before an o- sound ('pan e higos')."""
    return _O_BEFORE_O.sub("u", _Y_BEFORE_I.sub("e", text))


def words(locale: Locale) -> Words:
    return Words(locale)
