"""What a document's checks found, said above its preview in the page's language.

A diet sheet's warnings (handouts.diet: a test left without a safe food, an allergen
asked under 'Enjoy', a length outside the plan's range) and its letterhead's (a colour
too light for text) are English for the command line, batch reports and lint, and
stay so; on a Spanish page the preview says them again here, as form_words says a
form's problems. Each is 'place: message': the place is the file's own keys
('allergies[0]'), kept as written; the message is matched whole. One this module has
no words for stays English, marked so (handouts.web.preview.checks_notice).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup, escape

from handouts.web.file_words import AND, english
from handouts.i18n import SOURCE_LANGUAGE
from handouts.web.words import N_, gettext, language, locale

Saying = Callable[[dict[str, str]], str]

_ID = r"[a-z0-9._-]+"
_PLACE = r"[a-z_]+(?:\[\d+\]|\.[a-z_]+)*"
_LISTED = rf"(?P<listed>{_PLACE}(?:, {_PLACE})*(?: and {_PLACE})?)"
_AT = rf"(?P<place>{_PLACE}(?: \(with {_PLACE}(?:, {_PLACE})*(?: and {_PLACE})?\))?): "
"""Where a warning stands: 'allergies[0]', 'allergies[0] (with intolerances[1])', 'colors.primary'."""
_MAYBE_AT = f"(?:{_AT})?"
"""A warning about no entry of the file (the plan's own choice, a letterhead without a contact) has no place."""
_DARKER = re.escape(": text will print in the darker ") + r"(?P<shade>#[0-9a-fA-F]{3,8})" + re.escape(
    " instead; choose a darker colour to decide the shade yourself")
_HINT = r"(?: \((?P<hint>Chinese, Japanese and Korean|emoji) need Debian's [a-z-]+: run 'make sysdeps-runtime'\))?"
"""What handouts.glyphs.missing_warnings adds when the characters are CJK or emoji: the fonts to install."""
_FIX = "; it is left out of the schedule: choose one with the patient"
_HEX = r"#[0-9a-fA-F]{3,8}"
_RATIO = r"\d+(?:\.\d)?"
_COUNT = r"\d{1,3}(?:,\d{3})*"
"""A whole number as a logo's warning prints it: '3,000'."""

NO_TEST_FOOD = N_("leaves no safe test food in the catalogue for one of the plan's tests; it is left out of the "
                  "schedule: choose one with the patient")
NO_TEST_FOOD_BY = N_("no safe test food in the catalogue for this patient (%(listed)s); it is left out of the "
                     "schedule: choose one with the patient")
NO_TEST_FOOD_FOR = N_("no safe test food for '%(category)s' in the catalogue for this patient; it is left out of the "
                      "schedule: choose one with the patient")
TEST_FOOD_CARRIES = N_("carried by the plan's test food for one of its tests: the sheet tests with another food")
ENJOY_ALLERGY = N_("carries an allergy of this patient (%(listed)s): listed under 'Leave out' instead, never under "
                   "'Enjoy'")
UNSTATED = N_("says neither what it carries nor where to list it: listed under 'Leave out' (ask your dietitian) "
              "until you add 'carries' (the categories it carries; 'carries: []' for none of them) or 'list: enjoy'")
NEVER_BROUGHT_BACK = N_("'%(category)s' is left out for this patient but not in the test order, so the sheet never "
                        "says when to try it again: add it to the order (plan '%(plan)s' tests it)")
TESTS_NOTHING = N_("'%(category)s' is not in the test order, so '%(food)s' tests nothing")
ADDED_NEVER_TESTED = N_("'%(category)s' is left out for this patient only, and no reintroduction test brings it back, "
                        "so the sheet never says when to try it again: add it to `reintroduction_order` to test it, "
                        "or tell the patient in the notes")
LENGTH_OUTSIDE = N_("'%(phase)s' has a length outside the plan's %(range)s")
WHOLE_GROUP = N_("every food in '%(group)s' is left out for this patient; this group usually provides %(provides)s: "
                 "plan with the patient where these will come from")
TOO_LIGHT = N_("%(colour)s is too light for text on white (%(ratio)s:1, below %(minimum)s:1): text will print in the "
               "darker %(shade)s instead; choose a darker colour to decide the shade yourself")
TOO_LIGHT_TINT = N_("%(colour)s is too light for text on the grey boxes its headings sit in (%(ratio)s:1 on %(tint)s, "
                    "below %(minimum)s:1; %(white)s:1 on white): text will print in the darker %(shade)s instead; "
                    "choose a darker colour to decide the shade yourself")
TOO_LIGHT_GREY = N_("%(colour)s is too light for text printed on a black-and-white printer (it prints as the grey "
                    "%(grey)s, %(ratio)s:1 where lowest, below %(minimum)s:1): text will print in the darker %(shade)s "
                    "instead; choose a darker colour to decide the shade yourself")
TOO_LIGHT_MARK = N_("%(colour)s is too light for text where it crosses the DRAFT or REVIEW OVERDUE mark printed across "
                    "a draft's pages (%(ratio)s:1 on its %(mark)s, below %(minimum)s:1): text will print in the darker "
                    "%(shade)s instead; choose a darker colour to decide the shade yourself")
NO_PHONE = N_("no phone number (contact.phone): handouts tell patients to call the practice; every document's "
              "letterhead prints without one, and a patient handout's 'When to get help' box prints a write-in line "
              "'Our phone: ______' instead")
KEEP_ALLERGY = N_("an allergy of this patient (%(listed)s), so foods with it stay under 'Leave out'")
KEEP_NOTHING = N_("not left out by plan '%(plan)s', so there is nothing to keep")
NAME_MENTIONS = N_("its name mentions an allergy of this patient (%(listed)s): listed under 'Leave out'; add 'carries' "
                   "or 'free_of' to the food to settle it")
NOTHING_TO_TEST = N_("'%(category)s' is not left out for this patient; nothing to test")
ORDER_ALLERGY = N_("an allergy of this patient (%(listed)s), so it is never brought back")
ORDER_INTOLERANCE = N_("an intolerance of this patient (%(listed)s), so it is not tested")
PLAN_TESTS_ALLERGY = N_("the plan's reintroduction tests it, but an allergy of this patient is never brought back")
PLAN_TESTS_INTOLERANCE = N_("the plan's reintroduction tests it, but an intolerance of this patient is not tested")
NEVER_BROUGHT_BACK_MANY = N_("%(categories)s are left out for this patient but not in the test order, so the sheet "
                             "never says when to try them again: add them to the order (plan '%(plan)s' tests them)")
ADDED_NO_ORDER = N_("'%(category)s' is left out for this patient only, and no reintroduction test brings it back, so "
                    "the sheet never says when to try it again: add `reintroduction_order` with it and the plan's "
                    "tests (%(tests)s) to test it, or tell the patient in the notes")
NOT_LEFT_OUT_TESTS_NOTHING = N_("'%(category)s' is not left out for this patient, so '%(food)s' tests nothing")
TEST_FOOD_REFUSED = N_("carries an allergy or intolerance of this patient (%(listed)s): the sheet tests with another "
                       "food")
TEST_FOOD_REFUSED_TOO = N_("carries an allergy or intolerance of this patient (%(listed)s), as does the plan's: the "
                           "sheet tests with another food")
TEST_FOOD_MOVED = N_("test food for '%(category)s': '%(food)s' (from the plan) is under 'avoid' for this patient "
                     "(to test with it after all, name it under 'test_foods')")
TEST_FOOD_MOVED_INSTEAD = N_("test food for '%(category)s': '%(food)s' (from the plan) is under 'avoid' for this "
                             "patient; testing with '%(instead)s' instead (to test with it after all, name it under "
                             "'test_foods')")
LOGO_PALE = N_("%(name)s is white or very pale where it is not transparent: on white paper it does not show (the "
               "masthead prints an empty space); use the version of the logo made for light backgrounds")
LOGO_PALE_SVG = N_("%(name)s draws only in white or very pale colours: on white paper it does not show (the masthead "
                   "prints an empty space); use the version of the logo made for light backgrounds")
LOGO_NO_SIZE = N_("%(name)s has no size of its own (no viewBox, and no width and height on <svg>): it prints cropped "
                  "and can push the masthead's marks off the page; export it with a viewBox (e.g. "
                  "viewBox=\"0 0 300 100\", the drawing's own width and height)")
LOGO_TEXT = N_("%(name)s writes '%(words)s' as text in %(fonts)s: it prints in that font only on a computer that has "
               "it installed, else in a substitute; ask your designer for the logo with its text converted to "
               "outlines (paths), or export it as PNG")
LOGO_TEXT_NO_FONT = N_("%(name)s writes '%(words)s' as text in no named font: it prints in that font only on a "
                       "computer that has it installed, else in a substitute; ask your designer for the logo with its "
                       "text converted to outlines (paths), or export it as PNG")
LOGO_TOO_SHARP = N_("%(name)s is %(width)s by %(height)s pixels: it prints at most %(printed_width)s by "
                    "%(printed_height)s mm, at %(dpi)s dpi, and every PDF carries all %(size)s kB of it; %(enough)s "
                    "dpi is plenty: export it at %(fit_width)s by %(fit_height)s pixels (`handouts brand new` shrinks "
                    "a logo it copies)")
NO_FONT_HAS_IT = N_("none of the fonts handouts prints with has %(shown)s: it prints as an empty box")
NO_FONT_HAS_THEM = N_("none of the fonts handouts prints with has %(shown)s: they print as an empty box")
HINT_CJK = N_("Chinese, Japanese and Korean need Debian's fonts-noto-cjk: run 'make sysdeps-runtime'")
HINT_EMOJI = N_("emoji need Debian's fonts-noto-color-emoji: run 'make sysdeps-runtime'")
BOXES = N_("%(count)s characters print as an empty box (none of the fonts handouts prints with has them)")
BOX = N_("1 character prints as an empty box (none of the fonts handouts prints with has it)")
RANGE = N_("%(min)s to %(max)s %(unit)s")
UNITS = {"days": N_("days"), "weeks": N_("weeks")}


def _listed(values: dict[str, str]) -> dict[str, str]:
    """The entries a warning is about ('allergies[0] and intolerances[2]') joined in the page's words."""
    if values.get("listed") is None:
        return values
    items, _, last = values["listed"].rpartition(" and ")
    return {**values, "listed": gettext(AND, items=items, last=last) if items else last}


def _said(message: str) -> Saying:
    return lambda values: gettext(message, **_listed({k: v for k, v in values.items() if k not in ("place", "hint")}))


def _number(text: str) -> str:
    """A number as the checks print it ('1.5', '3,000') in the page's locale ('1,5', '3.000' in Spain's Spanish; the
    US's Spanish writes them as English does).
    An English page keeps the command line's words, number and all."""
    if language() == SOURCE_LANGUAGE:
        return text
    value = float(text.replace(",", ""))  # '3,000' (a logo's pixels) or '4.4' (a ratio)
    return locale().number(int(value) if value.is_integer() else value)


def _numbers(*names: str) -> Callable[[dict[str, str]], dict[str, str]]:
    return lambda values: {**values, **{name: _number(values[name]) for name in names}}


def _said_with(message: str, change: Callable[[dict[str, str]], dict[str, str]]) -> Saying:
    """`message` said with some values put in the page's words first (a number, a list)."""
    return lambda values: _said(message)(change(values))


def _quoted(values: dict[str, str]) -> dict[str, str]:
    """"'lactose', 'mannitol'" (the warning's list of categories) joined in the page's words ('«lactose» y
    «mannitol»' in Spanish), each id as written."""
    ids = re.findall(r"'([^']+)'", values["categories"])
    quoted = [gettext("'%(category)s'", category=cid) for cid in ids]
    joined = gettext(AND, items=", ".join(quoted[:-1]), last=quoted[-1]) if len(quoted) > 1 else quoted[0]
    return {**values, "categories": joined}


def _hint(hint: str) -> str:
    """The fonts to install, in the page's words: for emoji, or for Chinese, Japanese and Korean."""
    words = HINT_EMOJI if hint == "emoji" else HINT_CJK
    return gettext(words)


def _hinted(message: str) -> Saying:
    """A count of empty boxes, with what to install when the missing characters are CJK or emoji."""
    def say(values: dict[str, str]) -> str:
        said = _said(message)({k: v for k, v in values.items() if k != "hint"})
        hint = values.get("hint")
        return f"{said} ({_hint(hint)})" if hint else said
    return say


def _unprintable(values: dict[str, str]) -> Markup:
    """Characters of the content (not the patient's: those are counted, handouts.glyphs) no font has, named by
    their Unicode names, which stay English, marked so."""
    message = NO_FONT_HAS_IT if values["verb"] == "it prints" else NO_FONT_HAS_THEM
    said = escape(gettext(message)) % {"shown": english(values["shown"])}
    hint = values.get("hint")
    return said + Markup(" (%s)") % _hint(hint) if hint else said


def _range(values: dict[str, str]) -> str:
    """'2 to 6 weeks' in the page's words; a single length ('4 weeks') is form_words' page_length."""
    from handouts.web.form_words import page_length

    found = re.fullmatch(r"(\d+) to (\d+) (days|weeks)", values["range"])
    shown = (gettext(RANGE, min=found[1], max=found[2], unit=gettext(UNITS[found[3]])) if found
             else page_length(values["range"]))
    return gettext(LENGTH_OUTSIDE, phase=values["phase"], range=shown)


def _group(values: dict[str, str]) -> Markup:
    """The group's name and what it provides are the catalogue's English: kept, marked as English."""
    return escape(gettext(WHOLE_GROUP)) % {"group": english(values["group"]), "provides": english(values["provides"])}


CHECKS: tuple[tuple[re.Pattern[str], Saying], ...] = (
    (re.compile(_AT + r"leaves no safe test food in the catalogue for one of the plan's tests" + re.escape(_FIX)),
     _said(NO_TEST_FOOD)),
    (re.compile(_AT + rf"no safe test food in the catalogue for this patient \({_LISTED}\)" + re.escape(_FIX)),
     _said(NO_TEST_FOOD_BY)),
    (re.compile(_AT + rf"no safe test food for '(?P<category>{_ID})' in the catalogue for this patient"
                + re.escape(_FIX)), _said(NO_TEST_FOOD_FOR)),
    (re.compile(_AT + re.escape("carried by the plan's test food for one of its tests: the sheet tests with another "
                                "food")), _said(TEST_FOOD_CARRIES)),
    (re.compile(_AT + rf"carries an allergy of this patient \({_LISTED}\): listed under 'Leave out' instead, never "
                r"under 'Enjoy'"), _said(ENJOY_ALLERGY)),
    (re.compile(_AT + re.escape("says neither what it carries nor where to list it: listed under 'Leave out' (ask your "
                                "dietitian) until you add 'carries' (the categories it carries; 'carries: []' for "
                                "none of them) or 'list: enjoy'")), _said(UNSTATED)),
    (re.compile(_AT + rf"'(?P<category>{_ID})' is left out for this patient but not in the test order, so the sheet "
                rf"never says when to try it again: add it to the order \(plan '(?P<plan>{_ID})' tests it\)"),
     _said(NEVER_BROUGHT_BACK)),
    (re.compile(_AT + rf"'(?P<category>{_ID})' is not in the test order, so '(?P<food>{_ID})' tests nothing"),
     _said(TESTS_NOTHING)),
    (re.compile(_AT + rf"'(?P<category>{_ID})' is left out for this patient only, and no reintroduction test brings "
                r"it back, so the sheet never says when to try it again: add it to `reintroduction_order` to test it, "
                r"or tell the patient in the notes"), _said(ADDED_NEVER_TESTED)),
    (re.compile(_AT + rf"'(?P<phase>{_ID})' has a length outside the plan's (?P<range>\d+(?: to \d+)? (?:days?|weeks?))"),
     _range),
    (re.compile(_MAYBE_AT + r"every food in '(?P<group>[^'\n]+)' is left out for this patient; this group usually "
                r"provides (?P<provides>[^:\n]+): plan with the patient where these will come from"), _group),
    (re.compile(_AT + rf"(?P<colour>{_HEX}) is too light for text on white \((?P<ratio>{_RATIO}):1, below "
                rf"(?P<minimum>{_RATIO}):1\)" + _DARKER), _said_with(TOO_LIGHT, _numbers("ratio", "minimum"))),
    (re.compile(_AT + rf"(?P<colour>{_HEX}) is too light for text on the grey boxes its headings sit in "
                rf"\((?P<ratio>{_RATIO}):1 on (?P<tint>{_HEX}), below (?P<minimum>{_RATIO}):1; (?P<white>{_RATIO}):1 "
                r"on white\)" + _DARKER), _said_with(TOO_LIGHT_TINT, _numbers("ratio", "minimum", "white"))),
    (re.compile(_AT + rf"(?P<colour>{_HEX}) is too light for text printed on a black-and-white printer \(it prints "
                rf"as the grey (?P<grey>{_HEX}), (?P<ratio>{_RATIO}):1 where lowest, below (?P<minimum>{_RATIO}):1\)"
                + _DARKER), _said_with(TOO_LIGHT_GREY, _numbers("ratio", "minimum"))),
    (re.compile(_AT + rf"(?P<colour>{_HEX}) is too light for text where it crosses the DRAFT or REVIEW OVERDUE mark "
                rf"printed across a draft's pages \((?P<ratio>{_RATIO}):1 on its (?P<mark>{_HEX}), below "
                rf"(?P<minimum>{_RATIO}):1\)" + _DARKER), _said_with(TOO_LIGHT_MARK, _numbers("ratio", "minimum"))),
    (re.compile(_MAYBE_AT + re.escape("no phone number (contact.phone): handouts tell patients to call the practice; "
                                      "every document's letterhead prints without one, and a patient handout's 'When "
                                      "to get help' box prints a write-in line 'Our phone: ______' instead")),
     _said(NO_PHONE)),
    (re.compile(_AT + r"(?P<name>.+?) is white or very pale where it is not transparent: on white paper it does not "
                r"show \(the masthead prints an empty space\); use the version of the logo made for light backgrounds"),
     _said(LOGO_PALE)),
    (re.compile(_AT + r"(?P<name>.+?) draws only in white or very pale colours: on white paper it does not show \(the "
                r"masthead prints an empty space\); use the version of the logo made for light backgrounds"),
     _said(LOGO_PALE_SVG)),
    (re.compile(_AT + r"(?P<name>.+?) " + re.escape(
        "has no size of its own (no viewBox, and no width and height on <svg>): it prints cropped and can push the "
        "masthead's marks off the page; export it with a viewBox (e.g. viewBox=\"0 0 300 100\", the drawing's own "
        "width and height)")), _said(LOGO_NO_SIZE)),
    (re.compile(_AT + r"(?P<name>.+?) writes '(?P<words>.*)' as text in (?P<fonts>'.*'): it prints in that font only "
                r"on a computer that has it installed, else in a substitute; ask your designer for the logo with its "
                r"text converted to outlines \(paths\), or export it as PNG", re.S), _said(LOGO_TEXT)),
    (re.compile(_AT + r"(?P<name>.+?) writes '(?P<words>.*)' as text in no named font: it prints in that font only on "
                r"a computer that has it installed, else in a substitute; ask your designer for the logo with its text "
                r"converted to outlines \(paths\), or export it as PNG", re.S), _said(LOGO_TEXT_NO_FONT)),
    (re.compile(_AT + rf"(?P<name>.+?) is (?P<width>{_COUNT}) by (?P<height>{_COUNT}) pixels: it prints at most "
                rf"(?P<printed_width>{_COUNT}) by (?P<printed_height>{_COUNT}) mm, at (?P<dpi>{_COUNT}) dpi, and every "
                rf"PDF carries all (?P<size>{_COUNT}) kB of it; (?P<enough>{_COUNT}) dpi is plenty: export it at "
                rf"(?P<fit_width>{_COUNT}) by (?P<fit_height>{_COUNT}) pixels \(`handouts brand new` shrinks a logo it "
                r"copies\)"),
     _said_with(LOGO_TOO_SHARP, _numbers("width", "height", "printed_width", "printed_height", "dpi", "size", "enough",
                                         "fit_width", "fit_height"))),
    (re.compile(_MAYBE_AT + r"none of the fonts handouts prints with has (?P<shown>.+): (?P<verb>it prints|they print) "
                r"as an empty box" + _HINT, re.S), _unprintable),
    (re.compile(_AT + r"(?P<count>\d+) characters print as an empty box \(none of the fonts handouts prints with has "
                r"them\)" + _HINT), _hinted(BOXES)),
    (re.compile(_AT + r"1 character prints as an empty box \(none of the fonts handouts prints with has it\)" + _HINT),
     _hinted(BOX)),
    (re.compile(_AT + rf"an allergy of this patient \({_LISTED}\), so foods with it stay under 'Leave out'"),
     _said(KEEP_ALLERGY)),
    (re.compile(_AT + rf"not left out by plan '(?P<plan>{_ID})', so there is nothing to keep"), _said(KEEP_NOTHING)),
    (re.compile(_AT + rf"its name mentions an allergy of this patient \({_LISTED}\): listed under 'Leave out'; add "
                r"'carries' or 'free_of' to the food to settle it"), _said(NAME_MENTIONS)),
    (re.compile(_AT + rf"'(?P<category>{_ID})' is not left out for this patient; nothing to test"),
     _said(NOTHING_TO_TEST)),
    (re.compile(_AT + rf"an allergy of this patient \({_LISTED}\), so it is never brought back"), _said(ORDER_ALLERGY)),
    (re.compile(_AT + rf"an intolerance of this patient \({_LISTED}\), so it is not tested"),
     _said(ORDER_INTOLERANCE)),
    (re.compile(_AT + r"the plan's reintroduction tests it, but an allergy of this patient is never brought back"),
     _said(PLAN_TESTS_ALLERGY)),
    (re.compile(_AT + r"the plan's reintroduction tests it, but an intolerance of this patient is not tested"),
     _said(PLAN_TESTS_INTOLERANCE)),
    (re.compile(_AT + rf"(?P<categories>'{_ID}'(?:, '{_ID}')+) are left out for this patient but not in the test "
                r"order, so the sheet never says when to try them again: add them to the order "
                rf"\(plan '(?P<plan>{_ID})' tests them\)"), _said_with(NEVER_BROUGHT_BACK_MANY, _quoted)),
    (re.compile(_AT + rf"'(?P<category>{_ID})' is left out for this patient only, and no reintroduction test brings "
                r"it back, so the sheet never says when to try it again: add `reintroduction_order` with it and the "
                rf"plan's tests \((?P<tests>{_ID}(?:, {_ID})*)\) to test it, or tell the patient in the notes"),
     _said(ADDED_NO_ORDER)),
    (re.compile(_AT + rf"'(?P<category>{_ID})' is not left out for this patient, so '(?P<food>{_ID})' tests nothing"),
     _said(NOT_LEFT_OUT_TESTS_NOTHING)),
    (re.compile(_AT + rf"carries an allergy or intolerance of this patient \({_LISTED}\): the sheet tests with "
                r"another food"), _said(TEST_FOOD_REFUSED)),
    (re.compile(_AT + rf"carries an allergy or intolerance of this patient \({_LISTED}\), as does the plan's: the "
                r"sheet tests with another food"), _said(TEST_FOOD_REFUSED_TOO)),
    (re.compile(rf"test food for '(?P<category>{_ID})': '(?P<food>{_ID})' \(from the plan\) is under 'avoid' for "
                r"this patient \(to test with it after all, name it under 'test_foods'\)"), _said(TEST_FOOD_MOVED)),
    (re.compile(rf"test food for '(?P<category>{_ID})': '(?P<food>{_ID})' \(from the plan\) is under 'avoid' for "
                rf"this patient; testing with '(?P<instead>{_ID})' instead \(to test with it after all, name it under "
                r"'test_foods'\)"), _said(TEST_FOOD_MOVED_INSTEAD)),
)
"""Every check a diet preview can say (handouts.diet, the letterhead's handouts.brand_rules, a patient's characters
no font has), each with the words that say it on the page; tests/test_web_check_words_es.py finds any it misses."""


def say_check(warning: str) -> str | None:
    """`warning` ('place: message', in English) in the page's language, its place as written; None for one
    with no words here. Markup where part of it stays English (a catalogue's name), marked so."""
    for pattern, saying in CHECKS:
        found = pattern.fullmatch(warning)
        if found:
            said = saying(found.groupdict())
            place = found.groupdict().get("place")
            if place is None:  # a warning about no entry of the file
                return said
            return escape(place) + Markup(": ") + said if isinstance(said, Markup) else f"{place}: {said}"
    return None


def said_on_page(warning: str) -> Markup:
    """`warning` as a page shows it outside the preview (the topic page's letterhead): in the page's language,
    or English marked so on a page in another language."""
    said = say_check(warning)
    return english(warning) if said is None else escape(said)


__all__ = ["CHECKS", "said_on_page", "say_check"]
