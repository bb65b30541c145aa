"""What a browser remembers between visits: the letterhead (brand) and the language.

A practice prints with the same letterhead, and often in the same language,
all day; choosing them again for every patient is a chore. They are kept in
two cookies in the clinician's browser, set when a document is made with them
and read as the form's defaults. Nothing else goes into a cookie: never
anything about a patient. The server stores nothing either.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from flask import Request, Response

BRAND_COOKIE = "handouts-brand"
LANGUAGE_COOKIE = "handouts-language"
MAX_AGE = 365 * 24 * 3600
_VALUE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$", re.IGNORECASE)
"""Only ids and language codes are ever written (they were checked against the choices offered)."""


def brand(req: Request, brands: Collection[str], default: str) -> str:
    """The letterhead this browser last printed with, if it is still offered; else `default`."""
    value = req.cookies.get(BRAND_COOKIE, "")
    return value if value in brands else default


def language(req: Request, languages: Collection[str], default: str = "en") -> str:
    value = req.cookies.get(LANGUAGE_COOKIE, "")
    return value if value in languages else default


def remember(response: Response, brand_id: str | None = None, language_code: str | None = None) -> Response:
    """Keep the choices a document was just made with (values already checked against what was offered)."""
    for name, value in ((BRAND_COOKIE, brand_id), (LANGUAGE_COOKIE, language_code)):
        if value and _VALUE.match(value):
            response.set_cookie(name, value, max_age=MAX_AGE, path="/", httponly=True, samesite="Strict")
    return response
