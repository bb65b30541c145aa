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
from handouts.web.words import N_, gettext

Saying = Callable[[dict[str, str]], str]

_ID = r"[a-z0-9._-]+"
_PLACE = r"[a-z_]+(?:\[\d+\]|\.[a-z_]+)*"
_LISTED = rf"(?P<listed>{_PLACE}(?:, {_PLACE})*(?: and {_PLACE})?)"
_AT = rf"(?P<place>{_PLACE}(?: \(with {_PLACE}(?:, {_PLACE})*(?: and {_PLACE})?\))?): "
"""Where a warning stands: 'allergies[0]', 'allergies[0] (with intolerances[1])', 'colors.primary'."""
_FIX = "; it is left out of the schedule: choose one with the patient"
_HEX = r"#[0-9a-fA-F]{3,8}"
_RATIO = r"\d+(?:\.\d)?"

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
    return lambda values: gettext(message, **_listed({k: v for k, v in values.items() if k != "place"}))


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
    (re.compile(_AT + r"every food in '(?P<group>[^'\n]+)' is left out for this patient; this group usually provides "
                r"(?P<provides>[^:\n]+): plan with the patient where these will come from"), _group),
    (re.compile(_AT + rf"(?P<colour>{_HEX}) is too light for text on white \((?P<ratio>{_RATIO}):1, below "
                rf"(?P<minimum>{_RATIO}):1\): text will print in the darker (?P<shade>{_HEX}) instead; choose a darker "
                r"colour to decide the shade yourself"), _said(TOO_LIGHT)),
    (re.compile(_AT + r"(?P<count>\d+) characters print as an empty box \(none of the fonts handouts prints with has "
                r"them\)"), _said(BOXES)),
    (re.compile(_AT + r"1 character prints as an empty box \(none of the fonts handouts prints with has it\)"),
     _said(BOX)),
)
"""The checks a preview meets most, each with the words that say it on the page."""


def say_check(warning: str) -> str | None:
    """`warning` ('place: message', in English) in the page's language, its place as written; None for one
    with no words here. Markup where part of it stays English (a catalogue's name), marked so."""
    for pattern, saying in CHECKS:
        found = pattern.fullmatch(warning)
        if found:
            said = saying(found.groupdict())
            return escape(found["place"]) + Markup(": ") + said if isinstance(said, Markup) \
                else f"{found['place']}: {said}"
    return None


__all__ = ["CHECKS", "say_check"]
