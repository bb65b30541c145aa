"""A loaded customisation file's problems in the page's language: the place, the YAML, a note's dose.

The Load button (handouts.web.customisation) says a file's problems as `handouts diet
--customize` does, located at the file's line. The field the parser, the models and the
error-prone dose list (data/lint/ismp.toml) name, and their words, are English for the
command line, batch reports and lint, and stay so; on a Spanish page they are said again
here, as form_words says the rest. tests/test_web_load_spanish.py makes each for real,
so a new hint or a new entry in the dose list cannot bring English back unnoticed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from markupsafe import Markup, escape

from handouts import i18n
from handouts.errors import printable
from handouts.web.quoting import quotable
from handouts.web.words import N_, gettext
from handouts.web.words import language as page_language

# -- the place in the file ---------------------------------------------------------

ENTRY = {"st": N_("the %(num)dst entry"), "nd": N_("the %(num)dnd entry"), "rd": N_("the %(num)drd entry"),
         "th": N_("the %(num)dth entry")}
"""A key typed into a mapping, named by its place (handouts.validation.shown_field): one message per
English suffix, so the English page says '1st' as the command line does, and Spanish says '1.ª'."""
_ENTRY = re.compile(r"(?<=, )the (?P<num>\d+)(?P<suffix>st|nd|rd|th) entry(?=$|[.\[,])")


def say_field(field: str) -> str:
    """'phase_lengths, the 1st entry' in the page's language; the keys, the file's own words, as written."""
    return _ENTRY.sub(lambda m: gettext(ENTRY[m["suffix"]], num=int(m["num"])), field)


# -- YAML syntax (handouts.yamlevents, handouts.yamlhints) ---------------------------

SYNTAX = N_("YAML syntax: %(problem)s")
_LINE = r"(?P<line>\d+)"
HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(re.escape("a text with ': ' in it must be in quotes, e.g. title: \"Gut health: what helps\"")),
     N_("a text with ': ' in it must be in quotes, e.g. title: \"Gut health: what helps\"")),
    (re.compile(re.escape("this line is indented more than a new field can be here: line it up with the fields at "
                          "its level (YAML nests by indentation, with spaces)")),
     N_("this line is indented more than a new field can be here: line it up with the fields at its level (YAML "
        "nests by indentation, with spaces)")),
    (re.compile(re.escape("more text after a closing quote: put the whole text inside the quotes")),
     N_("more text after a closing quote: put the whole text inside the quotes")),
    (re.compile(re.escape("this line is indented differently from the lines above it: line it up with the other "
                          "fields (or '- ' list items) at its level (YAML nests by indentation, with spaces)")),
     N_("this line is indented differently from the lines above it: line it up with the other fields (or '- ' "
        "list items) at its level (YAML nests by indentation, with spaces)")),
    (re.compile(rf"line {_LINE} has no ':' after its field name: write 'name: value' \(a text that goes on to the "
                r"next line is indented under its field\)"),
     N_("line %(line)s has no ':' after its field name: write 'name: value' (a text that goes on to the next line "
        "is indented under its field)")),
    (re.compile(r"the line above has no ':' after its field name: write 'name: value' \(a text that goes on to the "
                r"next line is indented under its field\)"),
     N_("the line above has no ':' after its field name: write 'name: value' (a text that goes on to the next line "
        "is indented under its field)")),
    (re.compile(rf"a quote opened on line {_LINE} is never closed: end the text with the same quote mark"),
     N_("a quote opened on line %(line)s is never closed: end the text with the same quote mark")),
    (re.compile(r"a quote opened is never closed: end the text with the same quote mark"),
     N_("a quote opened is never closed: end the text with the same quote mark")),
    (re.compile(rf"a list opened with '\[' on line {_LINE} is not closed with '\]'"),
     N_("a list opened with '[' on line %(line)s is not closed with ']'")),
    (re.compile(r"a list opened with '\[' is not closed with '\]'"), N_("a list opened with '[' is not closed with ']'")),
    (re.compile(rf"a group opened with '{{' on line {_LINE} is not closed with '}}'"),
     N_("a group opened with '{' on line %(line)s is not closed with '}'")),
    (re.compile(r"a group opened with '{' is not closed with '}'"), N_("a group opened with '{' is not closed with '}'")),
    (re.compile(re.escape("a '[' or '{' is never closed (a text that starts with one must be in quotes)")),
     N_("a '[' or '{' is never closed (a text that starts with one must be in quotes)")),
    (re.compile(r"a text cannot start with '(?P<char>[%@`])' unless it is in quotes, e\.g\. \"(?P=char)\.\.\.\""),
     N_("a text cannot start with '%(char)s' unless it is in quotes, e.g. \"%(char)s...\"")),
    (re.compile(re.escape("a tab character; indent YAML with spaces")), N_("a tab character; indent YAML with spaces")),
    (re.compile(r"the character U\+(?P<code>[0-9A-F]{4,6}) \(a control character, invisible in most editors\) cannot "
                r"be written in YAML; delete it"),
     N_("the character U+%(code)s (a control character, invisible in most editors) cannot be written in YAML; "
        "delete it")),
)
"""The parser's problems as handouts words them; anything else is the parser's own English, after
the page's 'YAML syntax:'."""


UNWORDED = N_("the file is not valid YAML at line %(line)s; the YAML reader says: %(said)s")
UNWORDED_FILE = N_("the file is not valid YAML; the YAML reader says: %(said)s")


def yaml_syntax(values: dict[str, str], line: int = 0) -> str:
    """A hint in the page's words; else the reader's own English, after what is wrong said in general."""
    what = values["what"]
    for pattern, message in HINTS:
        found = pattern.fullmatch(what)
        if found:
            return gettext(SYNTAX, problem=gettext(message, **found.groupdict()))
    if page_language() == i18n.SOURCE_LANGUAGE:
        return gettext(SYNTAX, problem=what)  # as the command line says it
    said = marked(UNWORDED, line=line, said=english(what)) if line else marked(UNWORDED_FILE, said=english(what))
    return marked(SYNTAX, problem=said)


def english(text: str) -> Markup:
    """Words handouts cannot say again (the YAML reader's, Python's), kept as one line; on a page in another
    language marked English, so a screen reader reads them as English."""
    shown = escape(printable(text))
    return shown if page_language() == i18n.SOURCE_LANGUAGE else Markup('<span lang="en">%s</span>') % shown


def marked(message: str, /, **values: object) -> Markup:
    """`message` in the page's language as markup: the values escaped, except an `english` part."""
    return escape(gettext(message)) % values


def _said(message: str) -> Callable[[dict[str, str]], str]:
    """The message with what the pattern found filled in (a part it did not find left out)."""
    return lambda values: gettext(message, **{k: v for k, v in values.items() if v is not None})


def _quoting(quoted: str, unquoted: str) -> Callable[[dict[str, str]], str]:
    """A message repeating what the file says only where the page may quote it (handouts.web.quoting)."""
    return lambda values: gettext(quoted, **values) if quotable(values["value"]) else gettext(unquoted)


STRUCTURE: tuple[tuple[re.Pattern[str], Callable[[dict[str, str]], str]], ...] = (
    (re.compile(r"YAML tags like '(?P<value>[^']*)' are not supported; write the value without a tag \(in quotes if "
                r"it is text\)"),
     _quoting(N_("YAML tags like '%(value)s' are not supported; write the value without a tag (in quotes if it is "
                 "text)"),
              N_("YAML tags ('!name') are not supported; write the value without a tag (in quotes if it is text)"))),
    (re.compile(re.escape("a second YAML document ('---'); a content file holds one")),
     lambda values: gettext(N_("a second YAML document ('---'); a content file holds one"))),
    (re.compile(re.escape("a key must be plain text, not a list or mapping")),
     lambda values: gettext(N_("a key must be plain text, not a list or mapping"))),
    (re.compile(re.escape("merge keys ('<<') are not supported; write the keys out")),
     lambda values: gettext(N_("merge keys ('<<') are not supported; write the keys out"))),
    (re.compile(r"alias '\*(?P<value>[^']*)' has no anchor '&(?P=value)' before it"),
     _quoting(N_("alias '*%(value)s' has no anchor '&%(value)s' before it"),
              N_("an alias ('*name') has no anchor ('&name') before it"))),
    (re.compile(r"a number with (?P<digits>\d+) digits; put it in quotes if it is text"),
     _said(N_("a number with %(digits)s digits; put it in quotes if it is text"))),
    (re.compile(r"alias '\*(?P<value>[^']*)' is inside its own anchor '&(?P=value)'"),
     _quoting(N_("alias '*%(value)s' is inside its own anchor '&%(value)s'"),
              N_("an alias ('*name') is inside its own anchor ('&name')"))),
    (re.compile(r"an alias \('\*(?P<value>[^']*)'\) cannot be a key"),
     _quoting(N_("an alias ('*%(value)s') cannot be a key"), N_("an alias ('*name') cannot be a key"))),
    (re.compile(r"more than (?P<count>\d+) aliases \('\*name'\) in one file"),
     _said(N_("more than %(count)s aliases ('*name') in one file"))),
    (re.compile(r"aliases expand to more than (?P<values>[\d,]+) values or (?P<mib>\d+) MiB of text "
                r"\(at '\*(?P<value>[^']*)'\); write the content out or use fewer aliases"),
     _quoting(N_("aliases expand to more than %(values)s values or %(mib)s MiB of text (at '*%(value)s'); write the "
                 "content out or use fewer aliases"),
              N_("aliases expand to more than %(values)s values or %(mib)s MiB of text; write the content out or use "
                 "fewer aliases"))),
    (re.compile(r"nested more than (?P<depth>\d+) levels deep; content needs far fewer"),
     _said(N_("nested more than %(depth)s levels deep; content needs far fewer"))),
    (re.compile(r"'\\u(?P<code>d[89a-f][0-9a-f]{2})' is half of a UTF-16 surrogate pair, not a character: write the "
                r"character itself"),
     _said(N_("'\\u%(code)s' is half of a UTF-16 surrogate pair, not a character: write the character itself"))),
    (re.compile(r"'(?P<value>[^'\n]*)' is not a valid value: (?P<why>.*)", re.S),
     lambda values: marked(N_("'%(value)s' is not a valid value: %(why)s"), value=values["value"],
                           why=english(values["why"])) if quotable(values["value"])
     else gettext(N_("this is not a valid value; put it in quotes if it is text"))),  # Python's words quote it
)
"""What the reader refuses in a file's structure (handouts.yamlevents), said as form_words says the rest."""

GUARDED: tuple[tuple[re.Pattern[str], Callable[[dict[str, str]], str]], ...] = (
    (re.compile(r"could not be read \((?P<error>\w+)\): the file is malformed; 'handouts validate' on it says more"),
     _said(N_("could not be read (%(error)s): the file is malformed; 'handouts validate' on it says more"))),
    (re.compile(r"YAML cannot be read here \((?P<error>\w+)\)"), _said(N_("YAML cannot be read here (%(error)s)"))),
)
"""A file the parser gave up on (handouts.web.catalogue.guarded): the exception's name is Python's, kept."""


_ID = r"[a-z0-9._-]+"
_PLACE = r"[a-z_]+(?:\[\d+\]|\.[a-z_]+)*"
_ENTRIES = rf"{_PLACE}(?:, {_PLACE})*(?: and {_PLACE})?"
AND = N_("%(items)s and %(last)s")


def _listing(message: str) -> Callable[[dict[str, str]], str]:
    """The message with its entries ('allergies[0] and intolerances[2]', handouts.diet.policy.entries_text)
    joined in the page's words."""

    def say(values: dict[str, str]) -> str:
        items, _, last = values["listed"].rpartition(" and ")
        return gettext(message, listed=gettext(AND, items=items, last=last) if items else last)

    return say


ENJOY = {
    "this plan": N_("food '%(food)s' ('%(name)s') would be listed under 'Enjoy', but its name mentions '%(word)s', a "
                    "sign of %(category_name)s ('%(category)s'), which this plan leaves out: in the food catalogue tag "
                    "the food with '%(category)s' (in 'carries', or in 'in_large_portions' with a 'portion'), or add "
                    "'%(category)s' to its 'free_of' if it has none"),
    "this customisation": N_("food '%(food)s' ('%(name)s') would be listed under 'Enjoy', but its name mentions "
                             "'%(word)s', a sign of %(category_name)s ('%(category)s'), which this customisation "
                             "leaves out: in the food catalogue tag the food with '%(category)s' (in 'carries', or in "
                             "'in_large_portions' with a 'portion'), or add '%(category)s' to its 'free_of' if it has "
                             "none"),
}
"""A food of the catalogue a sheet would list under 'Enjoy' against what the plan or the file leaves out
(handouts.diet.rules): the names are the catalogue's, never the patient's."""


def _enjoy(values: dict[str, str]) -> str:
    """ENJOY with the food's and the category's names as the catalogue gives them in the page's language
    where its translation is reviewed (handouts.web.content_language), else its English marked so; the
    word its name mentions is marked English unless the name shown has it. An English page says the
    rule's own words, as the command line does."""
    message = ENJOY[values.pop("who")]
    if page_language() == i18n.SOURCE_LANGUAGE:
        return gettext(message, **values)
    from handouts.web.content_language import shown
    from handouts.web.context import state

    foods = state().catalogue.food_catalogue()
    name = shown(foods.food(values["food"]).name, foods) if foods.has_food(values["food"]) else None
    category = shown(foods.category(values["category"]).name, foods) if foods.has_category(values["category"]) \
        else None
    word = values["word"]
    in_name = name is not None and name.lang is None and word.casefold() in name.text.casefold()
    return marked(message, **{**values, "name": name or english(values["name"]),
                              "category_name": category or english(values["category_name"]),
                              "word": word if in_name else english(word)})


RULES: tuple[tuple[re.Pattern[str], Callable[[dict[str, str]], str]], ...] = (
    (re.compile(rf"'(?P<food>{_ID})' does not carry '(?P<category>{_ID})', so it cannot test it"),
     _said(N_("'%(food)s' does not carry '%(category)s', so it cannot test it"))),
    (re.compile(rf"'(?P<value>{_ID})' is a food, not a category: list it under 'avoid' or 'enjoy'"),
     _said(N_("'%(value)s' is a food, not a category: list it under 'avoid' or 'enjoy'"))),
    (re.compile(rf"'(?P<value>{_ID})' is a category, not a food: list it under 'eliminate' or 'keep'"),
     _said(N_("'%(value)s' is a category, not a food: list it under 'eliminate' or 'keep'"))),
    (re.compile(rf"unknown food group; did you mean '(?P<meant>{_ID})'\? \(groups: (?P<groups>[a-z0-9, -]+)\)"),
     _said(N_("unknown food group; did you mean '%(meant)s'? (groups: %(groups)s)"))),
    (re.compile(r"unknown food group \(groups: (?P<groups>[a-z0-9, -]+)\)"),
     _said(N_("unknown food group (groups: %(groups)s)"))),
    (re.compile(r"this entry is under both '(?P<first>avoid|intolerances|eliminate)' and '(?P<second>enjoy|keep)'"),
     _said(N_("this entry is under both '%(first)s' and '%(second)s'"))),
    (re.compile(rf"duplicate entry \(first at (?P<place>{_PLACE})\)"),
     _said(N_("duplicate entry (first at %(place)s)"))),
    (re.compile(rf"duplicate extra food \(first at (?P<place>{_PLACE})\)"),
     _said(N_("duplicate extra food (first at %(place)s)"))),
    (re.compile(r"[Ss]tring should have at least 1 character"), _said(N_("string should have at least 1 character"))),
    (re.compile(rf"'(?P<value>[^'\n]*)' is the catalogue's food '(?P<food>{_ID})': list '(?P=food)' under 'avoid' or "
                r"'enjoy' instead of adding it again"),
     lambda values: gettext(N_("'%(value)s' is the catalogue's food '%(food)s': list '%(food)s' under 'avoid' or "
                               "'enjoy' instead of adding it again"), **values) if quotable(values["value"])
     else gettext(N_("this is the catalogue's food '%(food)s': list '%(food)s' under 'avoid' or 'enjoy' instead of "
                     "adding it again"), food=values["food"])),
    (re.compile(rf"'(?P<category>{_ID})' is a group of categories: test its parts one at a time "
                r"\((?P<parts>[a-z0-9._, -]+)\)"),
     _said(N_("'%(category)s' is a group of categories: test its parts one at a time (%(parts)s)"))),
    (re.compile(r"not left out for this patient, so there is nothing to bring back"),
     _said(N_("not left out for this patient, so there is nothing to bring back"))),
    (re.compile(rf"an allergy of this patient \((?P<listed>{_ENTRIES})\): it is never brought back"),
     _listing(N_("an allergy of this patient (%(listed)s): it is never brought back"))),
    (re.compile(rf"the test food carries an allergy of this patient \((?P<listed>{_ENTRIES})\): choose another test "
                r"food"),
     _listing(N_("the test food carries an allergy of this patient (%(listed)s): choose another test food"))),
    (re.compile(r"the reintroduction phase's length comes from its test schedule; leave it out"),
     _said(N_("the reintroduction phase's length comes from its test schedule; leave it out"))),
)
"""The diet rules' and models' problems a dietitian's file meets beyond form_words' (a test food that cannot
test its category, an id in the wrong list, an entry twice), said as form_words says the rest."""

KINDS = {"a trigger category": N_("a trigger category"), "a FODMAP category": N_("a FODMAP category"),
         "a group of categories": N_("a group of categories"), "a category": N_("a category")}
"""What a category that is not an allergen is, as handouts.diet.allergens.allergy_problem says it."""
OR = N_("%(items)s or %(last)s")
_KIND = "|".join(map(re.escape, KINDS))
_LISTING = r"[a-z0-9._, -]+"


def _not_an_allergen(message: str) -> Callable[[dict[str, str]], str]:
    """An allergy that is a category or a food: its kind, and the allergens it may mean, in the page's words."""

    def say(values: dict[str, str]) -> str:
        said = {**values}
        if "kind" in values:
            said["kind"] = gettext(KINDS[values["kind"]])
        if "meant" in values:
            *items, last = re.findall(rf"'({_ID})'", values["meant"])
            quoted = [gettext(QUOTED, value=item) for item in (*items, last)]
            said["meant"] = gettext(OR, items=", ".join(quoted[:-1]), last=quoted[-1]) if items else quoted[0]
        return gettext(message, **said)

    return say


QUOTED = N_("'%(value)s'")
ALLERGY: tuple[tuple[re.Pattern[str], Callable[[dict[str, str]], str]], ...] = (
    (re.compile(rf"'(?P<value>{_ID})' is (?P<kind>{_KIND}), not an allergen; did you mean '(?P<meant>{_ID})'\?"),
     lambda values: gettext(N_("'%(value)s' is %(kind)s, not an allergen; did you mean '%(meant)s'?"),
                            **{**values, "kind": gettext(KINDS[values["kind"]])})),
    (re.compile(rf"'(?P<value>{_ID})' is (?P<kind>{_KIND}), not an allergen: to leave it out for this patient list "
                rf"it under 'intolerances' \(allergens: (?P<listing>{_LISTING})\)"),
     _not_an_allergen(N_("'%(value)s' is %(kind)s, not an allergen: to leave it out for this patient list it under "
                         "'intolerances' (allergens: %(listing)s)"))),
    (re.compile(rf"'(?P<value>{_ID})' is a food, not an allergen; did you mean (?P<meant>'{_ID}'(?: or '{_ID}')*)\?"),
     _not_an_allergen(N_("'%(value)s' is a food, not an allergen; did you mean %(meant)s?"))),
    (re.compile(rf"'(?P<value>{_ID})' is a food, not an allergen: to keep it off this patient's sheet list it under "
                rf"'avoid', or add an allergen for it to your practice's food catalogue \(allergens: "
                rf"(?P<listing>{_LISTING})\)"),
     _not_an_allergen(N_("'%(value)s' is a food, not an allergen: to keep it off this patient's sheet list it under "
                         "'avoid', or add an allergen for it to your practice's food catalogue (allergens: "
                         "%(listing)s)"))),
)
"""An allergy that names a category or a food of the catalogue (handouts.diet.allergens): the catalogue's ids,
never what was typed for the patient, which is only ever an unknown allergen."""

PRACTICE: tuple[tuple[re.Pattern[str], Callable[[dict[str, str]], str]], ...] = (
    (re.compile(rf"food '(?P<food>{_ID})' \('(?P<name>[^'\n]*)'\) would be listed under 'Enjoy', but its name "
                rf"mentions '(?P<word>[^'\n]*)', a sign of (?P<category_name>[^\n]*?) \('(?P<category>{_ID})'\), "
                r"which (?P<who>this plan|this customisation) leaves out: in the food catalogue tag the food with "
                r"'(?P=category)' \(in 'carries', or in 'in_large_portions' with a 'portion'\), or add '(?P=category)' "
                r"to its 'free_of' if it has none"),
     _enjoy),
    (re.compile(rf"plan '(?P<plan>{_ID})' has no reintroduction step"),
     _said(N_("plan '%(plan)s' has no reintroduction step"))),
)
"""What the diet rules say of a file only with a practice's own catalogue foods or plans (the shipped ones
have no food named against its tags, tests/test_diet_foods.py, and no plan without reintroduction), said as
form_words says the rest."""


# -- a note's error-prone dose forms (handouts.ismp.notes_problems) -------------------

NOTE = N_("at character %(position)s, %(label)s (%(why)s): write %(safe)s")
NOTES = N_("%(problems)s (the note prints as typed)")
NOTE_WORDS = frozenset({
    # what the list calls each form checked in notes
    N_("'µg'"), N_("'cc'"), N_("'IU'"), N_("'QD'"), N_("'QOD'"), N_("a trailing zero"), N_("a naked decimal point"),
    N_("U or u for units"), N_("a point or comma before three figures"), N_("a naked decimal comma"),
    N_("U or u for unidades"),
    # why it is error-prone
    N_("mistaken for mg"), N_("mistaken for U (units) when poorly written"),
    N_("mistaken for IV (intravenous) or the number 10"), N_("mistaken for q.i.d. (four times daily)"),
    N_("mistaken for q.d. (daily) or q.i.d. (four times daily)"),
    N_("1.0 mg is read as 10 mg when the point is missed"), N_("1.50 mg is read as 150 mg when the point is missed"),
    N_(".5 mg is read as 5 mg when the point is missed"), N_("U read as 0 or 4 (4U seen as 40) or as cc"),
    N_("1,0 mg is read as 10 mg when the comma is missed"), N_("1,50 mg is read as 150 mg when the comma is missed"),
    N_("a thousands separator to some Spanish readers and a decimal mark to others: 1.000 mg is read as 1 mg or "
       "1000 mg"),
    N_(",5 mg is read as 5 mg when the comma is missed"), N_("U read as 0 or 4 (4U seen as 40)"),
    # what to write instead
    N_("'mcg'"), N_("'mL'"), N_("'units'"), N_("'daily'"), N_("'every other day'"),
    N_("the number without its trailing zeros (5 mg, 1.5 mg)"), N_("a zero before the point (0.5 mg)"),
    N_("the word 'units'"), N_("the number without its trailing zeros (5 mg, 1,5 mg)"),
    N_("'a thousand without a separator (1000 mg)' or 'a decimal without its trailing zeros (1 mg)'"),
    N_("a zero before the comma (0,5 mg)"), N_("the word 'unidades'"),
})
"""The words of the dose list's entries checked in notes, as a note's problem says them: a test
checks the list holds no other, so an entry added to data/lint/ismp.toml needs its Spanish here."""


@cache
def note_parts() -> dict[str, tuple[str, str, str]]:
    """Each note problem the dose list can say after 'at character N, ' → its (label, why, safe)."""
    from handouts import ismp

    parts = {}
    for entry in ismp.error_prone():
        if entry.in_notes:
            why = entry.why.removeprefix(f"{entry.label}: ")
            quoted = [f"'{word}'" for word in entry.safe]  # as ismp words it: prose after a fix, else quoted
            safe = entry.safe[0] if entry.fix is not None else (
                quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1])
            parts[f"{entry.label} ({why}): write {safe}"] = (entry.label, why, safe)
    return parts


_AT = re.compile(r"at character (?P<position>\d+), (?P<rest>.*)", re.S)


def notes(values: dict[str, str]) -> str:
    """A note's dose problems in the page's language; as the library said them if one is not the list's."""
    said = []
    for item in re.split(r"; (?=at character \d+, )", values["problems"]):
        found = _AT.fullmatch(item)
        parts = note_parts().get(found["rest"]) if found else None
        if found is None or parts is None:
            return f"{values['problems']} (the note prints as typed)"
        label, why, safe = (gettext(part) for part in parts)
        said.append(gettext(NOTE, position=found["position"], label=label, why=why, safe=safe))
    return gettext(NOTES, problems="; ".join(said))
