"""What a browser remembers between visits: the letterhead (brand), and nothing else.

A practice prints with the same letterhead all day; choosing it again for every
patient is a chore. It is kept in a cookie in the clinician's browser, set when
a document is made with it and read as the form's default. Nothing else goes
into a cookie: never anything about a patient. The server stores nothing either.

The handout's language is the patient's, not the practice's: remembered, the
next patient's handout printed in the last patient's language unless the
clinician noticed (and on a shared room computer the cookie said what language
the last patient read). Each new visit form starts in the language a document
printed with its letterhead and no --lang would take (handout_language: the
workspace's, else the brand's), as the CLI does, and follows a change of letterhead
until the clinician chooses one (with_letterhead_language, scripts or none); the page's
own language (the clinician's) is words.py's.
A cookie an earlier version left is deleted when the letterhead is remembered.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from flask import Request, Response
from werkzeug.datastructures import MultiDict

from handouts.locale import language_of

BRAND_COOKIE = "handouts-brand"
LANGUAGE_COOKIE = "handouts-language"
"""No longer set: only deleted where an earlier version left it."""
MAX_AGE = 365 * 24 * 3600
_VALUE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$", re.IGNORECASE)
"""Only ids and language codes are ever written (they were checked against the choices offered)."""


def brand(req: Request, brands: Collection[str], default: str) -> str:
    """The letterhead this browser last printed with, if it is still offered; else `default`."""
    value = req.cookies.get(BRAND_COOKIE, "")
    return value if value in brands else default


def handout_language(languages: Collection[str], workspace_locale: str | None, brand_locale: str | None = None) -> str:
    """The language a new visit form starts in: the one `handouts render` with that letterhead and no
    --lang prints (handouts.locale.resolve: the workspace's `locale`, else the brand's), where the content
    offers it, else English. A clinic whose letterhead is es-US gets a Spanish form, as its CLI prints
    Spanish. Never the last patient's."""
    tag = workspace_locale or brand_locale
    wanted = language_of(tag) if tag else "en"
    return wanted if wanted in languages else "en"


def handout_languages(languages: Collection[str], workspace_locale: str | None,
                      brand_locales: Mapping[str, str | None]) -> dict[str, str]:
    """Each letterhead → the language a form starts in with it (handout_language): the form's script
    follows a change of letterhead with it, until the clinician chooses a language."""
    return {brand_id: handout_language(languages, workspace_locale, tag) for brand_id, tag in brand_locales.items()}


FOLLOWS = "language_follows"
"""The form's hidden field naming the letterhead whose language the form's language still is (never chosen)."""


def with_letterhead_language(form: MultiDict[str, str], by_brand: Mapping[str, str]) -> MultiDict[str, str]:
    """A submitted visit or diet form, its language the letterhead's where the clinician never chose one.

    A form starts in its letterhead's language and says so (FOLLOWS: that letterhead). The page's script
    follows a change of letterhead with the language; without scripts (a locked-down browser) nothing did,
    and a handout asked for on the UK letterhead printed in the language of the US one the form started
    with. Sent with the language the form started in, the language is the new letterhead's, and FOLLOWS
    names it (a form shown again keeps following); a language changed is the clinician's choice, kept.
    """
    source = form.get(FOLLOWS, "")
    if not source:
        return form
    out = form.copy()
    brand = form.get("brand") or source
    if source in by_brand and brand in by_brand and form.get("language") == by_brand[source]:
        out.setlist("language", [by_brand[brand]])
        out.setlist(FOLLOWS, [brand])
    else:
        out.poplist(FOLLOWS)
    return out


def remember(req: Request, response: Response, brand_id: str | None = None) -> Response:
    """Keep the letterhead a document was just made with (already checked against what was offered)."""
    if brand_id and _VALUE.match(brand_id):
        response.set_cookie(BRAND_COOKIE, brand_id, max_age=MAX_AGE, path="/", httponly=True, samesite="Strict",
                            secure=req.is_secure)  # over https (the proxy's), never sent over plain HTTP
    if LANGUAGE_COOKIE in req.cookies:  # an earlier version's: the last patient's language
        response.delete_cookie(LANGUAGE_COOKIE, path="/", httponly=True, samesite="Strict")
    return response
