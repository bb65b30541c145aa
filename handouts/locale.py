"""A locale is a language plus a region: what the reader reads, and where they live.

The language decides the words (the tool's own through gettext, the content's
through its translations); the region decides how dates and numbers are
written (through Babel), the emergency number, the default paper and which
spelling English content is expected to use.

Which locale a document gets, first match wins (the README says the same):

1. the command line's --lang (or a batch row's, or the web form's);
2. the workspace configuration's locale (handouts.toml), passed in as the
   context's `locale`;
3. the brand's `locale`;
4. en-US.

A bare language ('es') takes its region from the brand (a US practice prints
Spanish as es-US), else from the workspace's locale (a workspace set to es-ES
prints 'es' with 112 on A4); a full tag ('es-MX') sets both. A brand's own paper size or
emergency number beats the locale's default (handouts.views.frame applies that).

Babel is imported only when a date is formatted: commands that print nothing
dated (lint, validate) do not pay for its locale data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Literal

from handouts.errors import UsageError
from handouts.patterns import LANG_PATTERN

if TYPE_CHECKING:
    import babel

Paper = Literal["letter", "a4"]
Spelling = Literal["en-US", "en-GB"]

DEFAULT_TAG = "en-US"
DEFAULT_REGION = "US"


@dataclass(frozen=True)
class Region:
    """What a region decides beyond its paper: the emergency number (None: not known here)."""

    emergency_number: str | None


REGIONS: dict[str, Region] = {
    "US": Region("911"),
    "CA": Region("911"),
    "MX": Region("911"),
    "PR": Region("911"),  # Puerto Rico's one emergency number: Ley 144-1994, "Ley de Llamadas 9-1-1" (Gobierno de
                          # Puerto Rico, OGP, bvirtualogp.pr.gov/ogp/Bvirtual/LeyesOrganicas/Pages/144-1994.aspx),
                          # replaced by Ley 20-2017, whose Negociado de Sistemas de Emergencias 9-1-1 answers it
    "GB": Region("999"),
    "IE": Region("112"),
    "ES": Region("112"),
    "AU": Region("000"),
    "NZ": Region("111"),
    "BR": Region("192"),  # SAMU, the national medical emergency line (Ministério da Saúde, saude.gov.br:
                          # "SAMU 192"); 190 is the police's and 193 the fire service's
}
"""Regions whose emergency number we state. Elsewhere the documents say 'your local
emergency number' unless the brand gives one."""

OTHER_REGION = Region(None)

LETTER_REGIONS = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "DO", "PR", "SV", "NI"})
"""Regions where letter paper is the norm; elsewhere a locale's default paper is A4."""

SPELLINGS: dict[str, Spelling] = {"US": "en-US", "PR": "en-US", "GB": "en-GB", "IE": "en-GB", "AU": "en-GB",
                                   "NZ": "en-GB"}
"""The spelling English content should use for readers in a region (lint checks it). Puerto Rico's English
is the US's, as its schools and government write it."""

EnglishTag = Literal["en-US", "en-GB", "en-PR", "en-IE", "en-AU", "en-NZ"]
"""The English content may say it is written in (`language:`): one of a region SPELLINGS knows, so a Puerto
Rico clinic writes the `en-PR` its letterhead's locale says and lint checks US spelling (tests keep the two
lists the same)."""


@dataclass(frozen=True)
class Locale:
    """A language and a region, e.g. es-US: Spanish words, US dates, 911 and letter paper."""

    language: str  # 'es'
    region: str  # 'US'

    @property
    def tag(self) -> str:
        """BCP 47: 'es-US'."""
        return f"{self.language}-{self.region}"

    @property
    def posix(self) -> str:
        """Babel's and gettext's spelling: 'es_US'."""
        return f"{self.language}_{self.region}"

    @property
    def emergency_number(self) -> str | None:
        return REGIONS.get(self.region, OTHER_REGION).emergency_number

    @property
    def paper(self) -> Paper:
        return "letter" if self.region in LETTER_REGIONS else "a4"

    @property
    def spelling(self) -> Spelling | None:
        """The English spelling expected here; None for other languages or mixed regions."""
        return SPELLINGS.get(self.region) if self.language == "en" else None

    def babel(self) -> babel.Locale:
        return _babel_locale(self.language, self.region)

    # -- dates ---------------------------------------------------------------------

    def long_date(self, value: date) -> str:
        """The long date: 'July 14, 2025' (en-US), '14 July 2025' (en-GB), '14 de julio de 2025' (es)."""
        from babel.dates import format_date

        return _plain(format_date(value, "long", locale=self.babel()))

    def weekday_date(self, value: date) -> str:
        """With the weekday a patient plans by: 'Mon, Sep 1, 2025', 'lun, 1 de sep de 2025'."""
        return self._skeleton("yMMMEd", value)

    def short_date(self, value: date) -> str:
        """For a table cell: 'Mon Sep 1', 'Mon 1 Sept', 'lun 1 de sep' (no comma: it fits one line)."""
        return self._skeleton("MMMEd", value).replace(",", "")

    def day_month(self, value: date) -> str:
        """For the tightest spaces: 'Sep 1', '1 Sept', '1 sep'."""
        return self._skeleton("MMMd", value)

    def day_range(self, first: date, last: date) -> str:
        """'Oct 2 – 3', '2–3 de oct'; one short date for a single day."""
        return self.short_date(first) if first == last else self._interval(first, last, "MMMd")

    def date_range(self, first: date, last: date) -> str:
        """A span of days and its year, as the locale writes one (CLDR's interval): 'Sep 29 – Oct 26, 2025',
        '29 Sept – 26 Oct 2025', '29 de sep – 26 de oct 2025'; the year each side when it changes. Shorter
        than two dates joined by 'to' ('lun, 29 de sep de 2025 a dom, 26 de oct de 2025'), which put a
        Spanish step's dates on a line of their own under its heading. One date for a single day."""
        return self.weekday_date(first) if first == last else self._interval(first, last, "yMMMd")

    def _interval(self, first: date, last: date, skeleton: str) -> str:
        from babel.dates import format_interval

        return _plain(format_interval(first, last, skeleton, locale=self.babel()))

    def weekday_name(self, value: date) -> str:
        from babel.dates import format_date

        return _plain(format_date(value, "EEEE", locale=self.babel()))

    def number(self, value: float) -> str:
        """'2.5' (en), '2,5' (es-ES)."""
        from babel.numbers import format_decimal

        return _plain(format_decimal(value, locale=self.babel()))

    def _skeleton(self, skeleton: str, value: date) -> str:
        from babel.dates import format_skeleton

        return _plain(format_skeleton(skeleton, value, locale=self.babel()))

    def __str__(self) -> str:
        return self.tag


_THIN_SPACES = str.maketrans({"\u2009": " ", "\u202f": "\u00a0", "\u200a": " "})


def _plain(text: str) -> str:
    """CLDR's thin spaces as ordinary ones: the bundled fonts have no glyph for them."""
    return text.translate(_THIN_SPACES)


WORLD_ENGLISH = "en_001"
"""CLDR's English for the world outside the US: '4 March 2026', day before month. Babel's bare 'en'
is American ('March 4, 2026'), and CLDR has no English of its own for many regions (Brazil, Mexico):
their readers would take a month-first date for the American habit it is not, or misread it."""


@cache
def _babel_locale(language: str, region: str) -> babel.Locale:
    import babel

    try:
        return babel.Locale(language, region)
    except (babel.UnknownLocaleError, ValueError):
        try:
            if language == "en":  # English in a region CLDR has no data for (en-BR): the world's, not the US's
                return babel.Locale.parse(WORLD_ENGLISH)
            return babel.Locale(language)  # a region Babel does not pair with the language
        except (babel.UnknownLocaleError, ValueError):
            return babel.Locale("en", "US")


_TAG = re.compile(LANG_PATTERN)
_AREA = re.compile(r"^[a-z]{2,3}-\d{3}$")
"""A UN M.49 area ('es-419', Latin America): valid BCP 47, but no one country's number or paper."""


def parse(tag: str, region: str | None = None) -> Locale:
    """'es-MX' → es, MX; 'es' → es and `region` (else US). Accepts 'es_MX' too."""
    text = tag.strip().replace("_", "-")
    if "-" in text:
        lang, _, reg = text.partition("-")
        text = f"{lang.lower()}-{reg.upper()}"
    else:
        text = text.lower()
    if not _TAG.match(text):
        if _AREA.match(text):
            raise UsageError(f"'{tag}' names an area of several countries, each with its own emergency number "
                             f"and paper: give one country, like '{text.partition('-')[0]}-MX', or the language "
                             f"alone ('{text.partition('-')[0]}')")
        raise UsageError(f"'{tag}' is not a language code like 'en', 'es' or 'es-MX'")
    lang, _, reg = text.partition("-")
    return Locale(lang, reg or region or DEFAULT_REGION)


def resolve(*choices: str | None, brand: str | None = None, home: str | None = None) -> Locale:
    """The first locale given in `choices` (command line, then workspace), else the brand's, else en-US.

    A bare language takes its region from the brand's locale, else from `home` (the
    workspace's locale, which a command's --lang replaced among the choices), else US.
    """
    brand_locale = parse(brand) if brand else None
    region = brand_locale.region if brand_locale else _region_of(home)
    for choice in choices:
        if choice:
            return parse(choice, region)
    return brand_locale or parse(DEFAULT_TAG)


def _region_of(tag: str | None) -> str | None:
    """'es-ES' → 'ES'; None for a bare language or none."""
    if not tag or "-" not in tag.replace("_", "-"):
        return None
    return parse(tag).region


def language_of(tag: str) -> str:
    """'es-MX' → 'es'."""
    return tag.replace("_", "-").split("-")[0].lower()
