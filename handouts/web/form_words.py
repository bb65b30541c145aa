"""A form's problems and lengths in the page's language, not only in English.

The models and the diet rules word their problems in English: the command line,
batch logs and lint quote them, and they stay so. A form on a Spanish page shows
them to a Spanish-speaking clinician, so the few a form can meet (a length out
of range, a length without its unit, dates out of order or out of the window, an
invisible character pasted into a name) are recognised here and said again as
messages of the catalogue; anything else is shown as the library worded it. tests/test_spanish_form_words.py makes each
library message once and checks it is recognised, so a rewording there cannot
silently bring English back.

The other way round, a length typed in the page's language ('4 semanas',
'10 días') is read as the English one the customisation file keeps ('4 weeks').
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

from handouts import i18n
from handouts.dates import DATE_FORMAT_HELP
from handouts.web import file_words
from handouts.web.quoting import quotable
from handouts.web.words import N_, gettext, ngettext
from handouts.web.words import language as page_language

_ISO = r"\d{4}-\d{2}-\d{2}"


def _quoted(quoted: str, unquoted: str) -> Callable[[dict[str, str]], str]:
    """A message that repeats the value only when the page may quote it (handouts.web.quoting)."""

    def say(values: dict[str, str]) -> str:
        if quotable(values["value"]):
            return gettext(quoted, **values)
        return gettext(unquoted, **{k: v for k, v in values.items() if k != "value"})

    return say


def _plain(message: str) -> Callable[[dict[str, str]], str]:
    return lambda values: gettext(message, **values)


def _hidden(values: dict[str, str]) -> str:
    """The character's Unicode name is an identifier, kept; 'a control character' is words, said."""
    what = values["what"]
    return gettext(HIDDEN, **{**values, "what": gettext(CONTROL) if what == CONTROL else what})


def _at_most(values: dict[str, str]) -> str:
    """The longest length in the unit the clinician typed, in the page's words ('52 semanas')."""
    n = int(values["limit"])
    length = (ngettext("%(num)d week", "%(num)d weeks", n) if values["unit"] == "weeks"
              else ngettext("%(num)d day", "%(num)d days", n))
    return gettext(AT_MOST, length=length)


def _no_language(values: dict[str, str]) -> str:
    """A customisation's `language: sp`, the language meant named in the page's language ('español')."""
    from handouts.language_names import name_in  # Babel's names: only for this problem

    if values["code"]:
        return gettext(NO_LANGUAGE_MEANT, code=values["code"], name=name_in(values["code"], page_language()),
                       languages=values["languages"])
    return gettext(NO_LANGUAGE, languages=values["languages"])


def _unknown_id(values: dict[str, str]) -> str:
    """A customisation's name the food catalogue lacks, with the catalogue's id meant when there is one."""
    meant = values.get("meant")
    said = (UNKNOWN_MEANT if meant else UNKNOWN)[values["what"]]
    return gettext(said, meant=meant) if meant else gettext(said)


def _wrong_kind(wanted: str) -> Callable[[dict[str, str]], str]:
    """'give text here, not a list': what the field takes and what it was given, both in the page's words."""
    return lambda values: gettext(wanted, what=gettext(WHAT[values["what"]]))


def _not_a_phase(values: dict[str, str]) -> str:
    if values.get("meant"):
        return gettext(NOT_A_PHASE_MEANT, **values)
    return gettext(NOT_A_PHASE, plan=values["plan"], phases=values["phases"])


AT_MOST = N_("longer than a year: give at most %(length)s")
UNKNOWN = {"category": N_("unknown category: the food catalogue has no such id"),
           "food": N_("unknown food: the food catalogue has no such id"),
           "category or food": N_("unknown category or food: the food catalogue has no such id")}
UNKNOWN_MEANT = {"category": N_("unknown category; did you mean '%(meant)s'?"),
                 "food": N_("unknown food; did you mean '%(meant)s'?"),
                 "category or food": N_("unknown category or food; did you mean '%(meant)s'?")}
WHAT = {"text": N_("text"), "a number": N_("a number"), "a list": N_("a list"), "a mapping": N_("a mapping"),
        "a date": N_("a date"), "a yes/no value": N_("a yes/no value"), "an empty value": N_("an empty value"),
        "a value of another kind": N_("a value of another kind")}
"""What a value typed in a patient's file is, as validation says it without the value (models.shapes.described)."""
NOT_A_PHASE = N_("not a phase of plan '%(plan)s' (phases: %(phases)s)")
NOT_A_PHASE_MEANT = N_("not a phase of plan '%(plan)s'; did you mean '%(meant)s'? (phases: %(phases)s)")
NO_LANGUAGE = N_("this is not a code handouts knows for a language (a language's two-letter code where it has one, "
                 "as 'en' or 'es'); handouts prints in %(languages)s")
NO_LANGUAGE_MEANT = N_("this is not a code handouts knows for a language (a language's two-letter code where it has "
                       "one, as 'en' or 'es'); did you mean '%(code)s' (%(name)s)? handouts prints in %(languages)s")
HIDDEN = N_("contains %(what)s (U+%(code)s) at character %(position)s: an invisible character that would change or "
            "hide what prints; remove it")
CONTROL = N_("a control character")

KNOWN: tuple[tuple[re.Pattern[str], Callable[[dict[str, str]], str]], ...] = (
    (re.compile(r"[Ii]nput should be greater than or equal to (?P<limit>\d+)"),
     _plain(N_("input should be greater than or equal to %(limit)s"))),
    (re.compile(r"longer than a year: give at most (?P<limit>\d+) (?P<unit>days|weeks)"), _at_most),
    (re.compile(r"'(?P<value>.*)' is not a length: write e\.g\. '4 weeks' or '10 days'", re.S),
     _quoted(N_("'%(value)s' is not a length: write e.g. '4 weeks' or '10 days'"),
             N_("this is not a length: write e.g. '4 weeks' or '10 days'"))),
    (re.compile(r"this is not a length: write e\.g\. '4 weeks' or '10 days'"),  # a customisation's: not quoted
     _plain(N_("this is not a length: write e.g. '4 weeks' or '10 days'"))),
    (re.compile(r"the follow-up comes before the start date"),
     _plain(N_("the follow-up comes before the start date"))),
    (re.compile(rf"the follow-up has passed, and no start date says the sheet is for a plan already under way: "
                rf"check the year, or give the start date; today is (?P<today>{_ISO})"),
     _plain(N_("the follow-up has passed, and no start date says the sheet is for a plan already under way: "
               "check the year, or give the start date; today is %(today)s"))),
    (re.compile(r"the follow-up date is before the visit date"),
     _plain(N_("the follow-up date is before the visit date"))),
    (re.compile(rf"this date is before (?P<first>{_ISO}): give a date from {_ISO} to (?P<last>{_ISO})"),
     _plain(N_("this date is before %(first)s: give a date from %(first)s to %(last)s"))),
    (re.compile(rf"this date is more than (?P<years>\d+) years after today \((?P<today>{_ISO})\): "
                rf"give a date from (?P<first>{_ISO}) to (?P<last>{_ISO})"),
     _plain(N_("this date is more than %(years)s years after today (%(today)s): give a date from %(first)s to "
               "%(last)s"))),
    (re.compile(r"contains (?P<what>[A-Za-z0-9 -]+) \(U\+(?P<code>[0-9A-F]{4,6})\) at character (?P<position>\d+): "
                r"an invisible character that would change or hide what prints; remove it"), _hidden),
    (re.compile(r"this is not a code handouts knows for a language \(a language's two-letter code where it has one, "
                r"as 'en' or 'es'\); (?:did you mean '(?P<code>[a-z]{2,3}(?:-[A-Z]{2})?)' \([^()]*\)\? )?"
                r"handouts prints in (?P<languages>[A-Za-z, -]+)"), _no_language),
    # a loaded customisation file's (handouts.web.customisation): keys, the catalogue's ids, dates, phases
    (re.compile(r"unknown key '(?P<value>[^']*)'; did you mean '(?P<meant>[a-z0-9_]+)'\?"),
     _quoted(N_("unknown key '%(value)s'; did you mean '%(meant)s'?"), N_("unknown key; did you mean '%(meant)s'?"))),
    (re.compile(r"unknown key, not repeated here \(it may hold the patient's details\); "
                r"valid keys here: (?P<keys>[a-z0-9_, ]+)"),
     _plain(N_("unknown key, not repeated here (it may hold the patient's details); valid keys here: %(keys)s"))),
    (re.compile(r"unknown allergen; did you mean '(?P<meant>[a-z0-9._-]+)'\?"),
     _plain(N_("unknown allergen; did you mean '%(meant)s'?"))),
    (re.compile(r"unknown allergen \(allergens: (?P<listing>[a-z0-9._, -]+)\)"),
     _plain(N_("unknown allergen (allergens: %(listing)s)"))),
    (re.compile(r"unknown (?P<what>category or food|category|food)"
                r"(?:: the food catalogue has no such id|; did you mean '(?P<meant>[a-z0-9._-]+)'\?)"), _unknown_id),
    (re.compile(re.escape("no such day in the calendar (YYYY-MM-DD: year, month, day)")),
     _plain(N_("no such day in the calendar (YYYY-MM-DD: year, month, day)"))),
    (re.compile(re.escape(f"not a date in the accepted format: {DATE_FORMAT_HELP}")),
     _plain(N_("not a date in the accepted format: write dates as YYYY-MM-DD, e.g. 2025-07-14 (the only form "
               "accepted: day/month/year and month/day/year read differently in different countries)"))),
    (re.compile(r"not a phase of plan '(?P<plan>[a-z0-9._-]+)'(?:; did you mean '(?P<meant>[a-z0-9._-]+)'\?)? "
                r"\(phases: (?P<phases>[a-z0-9._, -]+)\)"), _not_a_phase),
    (re.compile(rf"give text here, not (?P<what>{'|'.join(map(re.escape, WHAT))})"),
     _wrong_kind(N_("give text here, not %(what)s"))),
    (re.compile(rf"give a list here, as \[first, second\], not (?P<what>{'|'.join(map(re.escape, WHAT))})"),
     _wrong_kind(N_("give a list here, as [first, second], not %(what)s"))),
    (re.compile(r"duplicate key '(?P<value>[^']*)' \(first at line (?P<line>\d+)\)"),
     _quoted(N_("duplicate key '%(value)s' (first at line %(line)s)"), N_("duplicate key (first at line %(line)s)"))),
    (re.compile(re.escape("the file is empty (or holds only comments): expected keys at the top of the file, one "
                          "'key: value' a line")),
     _plain(N_("the file is empty (or holds only comments): expected keys at the top of the file, one 'key: value' "
               "a line"))),
    (re.compile(re.escape("expected a mapping of keys at the top of the file")),
     _plain(N_("expected a mapping of keys at the top of the file"))),
    (re.compile(r"[Ss]tring should have at most (?P<limit>\d{2,}) characters"),
     _plain(N_("string should have at most %(limit)s characters"))),
    (re.compile(r"required key is missing"), _plain(N_("required key is missing"))),
    (re.compile(r"(?P<count>\d+) entries, more than any document uses: give at most (?P<limit>\d+) \(each entry is "
                r"checked once there are no more\)"),
     _plain(N_("%(count)s entries, more than any document uses: give at most %(limit)s (each entry is checked once "
               "there are no more)"))),
    (re.compile(r"YAML syntax: (?P<what>.*)", re.S), file_words.yaml_syntax),
    (re.compile(r"(?P<problems>at character \d+, .*) \(the note prints as typed\)", re.S), file_words.notes),
)
"""The library's problems a web form can meet, each with the message that says it on the page."""


def say(message: str, line: int = 0) -> str:
    """`message` (a model's or a rule's problem, in English) in the page's language when it is a known one.

    `line`: the file's line it is at, for a YAML reader's problem handouts has no words of its own for
    (said in general, the reader's English kept as markup: handouts.web.file_words.yaml_syntax)."""
    for pattern, saying in (*KNOWN, *file_words.STRUCTURE, *file_words.RULES, *file_words.ALLERGY,
                            *file_words.PRACTICE, *file_words.GUARDED):
        found = pattern.fullmatch(message)
        if found:
            if saying is file_words.yaml_syntax:
                return file_words.yaml_syntax(found.groupdict(), line)
            return saying(found.groupdict())
    return message


_LENGTH = re.compile(r"\s*(\d{1,3})\s*(\w+)\s*")


def english_length(text: str) -> str:
    """'4 semanas' → '4 weeks', '10 días' → '10 days' (any catalogue's words); anything else as typed."""
    found = _LENGTH.fullmatch(text)
    if not found:
        return text
    unit = _units().get(_folded(found.group(2)))
    return f"{found.group(1)} {unit}" if unit else text


_ENGLISH_LENGTH = re.compile(r"(\d{1,3}) (days?|weeks?)")


def page_length(text: str) -> str:
    """'4 weeks' (as a customisation file keeps it) → '4 semanas' on a Spanish page: a loaded file's
    length shown in the words the form's hint asks for, and read back by `english_length`."""
    found = _ENGLISH_LENGTH.fullmatch(text)
    if not found:
        return text
    n = int(found.group(1))
    if found.group(2).startswith("week"):
        return ngettext("%(num)d week", "%(num)d weeks", n)
    return ngettext("%(num)d day", "%(num)d days", n)


def _folded(word: str) -> str:
    """Lower case without accents: 'Días' and 'dias' are the same word typed two ways."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _units() -> dict[str, str]:
    """Each language's words for a day and a week, singular and plural, → 'days' / 'weeks'."""
    units: dict[str, str] = {}
    for language in i18n.languages():
        t = i18n.translations(language)
        for unit, singular, plural in (("days", "%(num)d day", "%(num)d days"),
                                       ("weeks", "%(num)d week", "%(num)d weeks")):
            words = {t.gettext(unit)} | {t.ngettext(singular, plural, n) % {"num": n} for n in (1, 2, 5)}
            for word in words:
                units.setdefault(_folded(word.split()[-1]), unit)
    return units


__all__ = ["KNOWN", "english_length", "page_length", "say"]
