"""The web app's own words in the language of the person using it.

The page's language (its labels, hints, buttons and messages) is the
clinician's, not the patient's: it is chosen with the page's language links
(`?hl=es`, then kept in a cookie in this browser), else taken from the
browser's Accept-Language, else English. It says nothing about any patient
and is independent of the language a document prints in (the form's own
choice). The words are the same gettext catalogues the documents use
(handouts.i18n), the workspace's regional one included (en_GB in the UK);
templates mark them with `_()`, Python with `gettext()` here, or `N_()`
where a message is defined before a request picks the language.
"""

from __future__ import annotations

import gettext as _gettext
import re
from collections.abc import Collection, Iterable
from urllib.parse import quote, urlencode

from flask import Flask, Response, g, has_request_context, request, url_for

from handouts import i18n
from handouts.i18n import N_
from handouts.language_names import own_name
from handouts.locale import Locale, language_of, parse

COOKIE = "handouts-page-language"
PARAMETER = "hl"
MAX_AGE = 365 * 24 * 3600
_CODE = re.compile(r"^[a-z]{2,3}$")
HTTP_TITLES = (N_("Bad Request"), N_("Forbidden"), N_("Not Found"), N_("Method Not Allowed"),
               N_("Request Entity Too Large"))
"""The titles of the HTTP errors the app's error page shows (werkzeug's names, said with `gettext(exc.name)`)."""
PRINT_WORDS = {
    "ready": N_("Print opens your printer's dialog on this page."),
    "making": N_("Making the PDF…"),
    "problems": N_("Nothing was printed: see the problems above the form."),
    "not_shown": N_("This browser did not open the PDF here."),
    "printing": N_("Printing. If no print dialog opened:"),
    "cannot_print": N_("This browser cannot print from this page."),
    "failed": N_("The PDF could not be loaded here; it opens in a new tab instead."),
    "new_tab": N_("Open the PDF in a new tab"),
    # a downloaded PDF stays on the computer, which the next person at a room's computer may open
    "saved": N_("The PDF is in this browser's downloads. If it has a patient's details, delete it from this "
                "computer once it is printed or filed."),
}
"""What the Print button's script (static/app.js) says as it prints: handed to it by the page
(`print_words`), so it speaks the page's language like every other word on it."""
DURATION_UNITS = (N_("days"), N_("weeks"))
"""A diet plan's duration units, as the diet page's hint shows them (`_(unit)` in the template)."""


def languages() -> tuple[str, ...]:
    """The languages the app's pages can show: English and each catalogue's language."""
    return i18n.languages()


def _chosen() -> str:
    asked = request.args.get(PARAMETER, "")
    if asked in languages():
        return asked
    kept = request.cookies.get(COOKIE, "")
    if kept in languages():
        return kept
    return from_accept_language(request.accept_languages, languages())


def from_accept_language(asked: Iterable[tuple[str, float]], offered: Collection[str]) -> str:
    """The browser's most preferred language the app speaks, by each tag's language ('es-ES' → 'es').

    werkzeug's best_match prefers an exact tag at any quality to a regional one at a higher
    quality, so 'es-ES,en;q=0.5' (a browser in Spain that lists no bare 'es') got English pages."""
    for tag, quality in asked:  # werkzeug keeps them by quality, highest first, in the header's order
        code = language_of(tag)
        if quality > 0 and code in offered:
            return code
    return i18n.SOURCE_LANGUAGE


def language() -> str:
    """This request's page language (English outside a request)."""
    if not has_request_context():
        return i18n.SOURCE_LANGUAGE
    if "page_language" not in g:
        g.page_language = _chosen()
    return str(g.page_language)


def locale() -> Locale:
    """The page language as a locale, for dates and review lines shown on the page: in the workspace's
    region (handouts.toml `locale`), else the default letterhead's, so a UK clinic's pages read
    '2 July 2025', not the US's 'July 2, 2025'."""
    return parse(language(), _home_region())


def _home_region() -> str | None:
    """The workspace's region, else the default letterhead's (handouts.web.catalogue); None: the US's."""
    from flask import current_app

    if not has_request_context():
        return None
    if "page_region" not in g:
        shared = current_app.extensions.get("handouts")
        g.page_region = (shared.catalogue.home_region() if shared is not None else None) or ""
    return str(g.page_region) or None


def _translations() -> _gettext.NullTranslations:
    """The page language's catalogue in the pages' region (_home_region), as its documents read it: a UK clinic's
    pages say 'Tick' where its handouts do (en_GB over en), not the US's 'Check'."""
    if not has_request_context():
        return i18n.translations(language())
    return i18n.translations(language(), _home_region() or "")


def gettext(message: str, /, **values: object) -> str:
    """`message` in the page's language, with %(name)s values filled in (any name, even 'message')."""
    text = _translations().gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    return _translations().ngettext(singular, plural, n) % {"num": n, **values}


def page_in(code: str) -> str:
    """This page's address in the page language `code`: its own query kept (a sign-in page's `next`, which
    an EHR's link needs after sign-in; a search), `hl` replaced. A page a form answered: the topic list."""
    if request.method != "GET":
        return url_for("topics.index", **{PARAMETER: code})
    kept = [(name, value) for name, value in request.args.items(multi=True) if name != PARAMETER]
    return _own_path() + "?" + urlencode([*kept, (PARAMETER, code)])


def _own_path() -> str:
    """This request's path fit for a link on its page: percent-encoded, one leading slash. As it came, an
    address such as '/%5Cevil.example' linked '/\\evil.example', which a browser follows to another site
    ('\\' reads as '/', and a tab or line break in a link is dropped: '/<tab>/evil.example' too)."""
    return "/" + quote(request.path, safe="/:@!$&'()*+,;=~").lstrip("/")


def _remember(response: Response) -> Response:
    """Keep a page language picked with the language links (a code from the list, nothing else)."""
    asked = request.args.get(PARAMETER, "")
    if asked in languages() and _CODE.match(asked) and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=MAX_AGE, path="/", httponly=True, samesite="Strict",
                            secure=request.is_secure)  # over https (the proxy's), never sent over plain HTTP
    return response


def install(app: Flask) -> None:
    """Templates get `_()`/`ngettext()` in the request's language and `page_language` for <html lang>
    (content in that language is handouts.web.content_language's, installed beside this)."""
    env = app.jinja_env
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts {% trans %} blocks
    env.globals["language_name"] = own_name  # a language as the lists of languages show it: in itself
    env.globals["page_in"] = page_in
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message: _translations().gettext(message),
        lambda singular, plural, n: _translations().ngettext(singular, plural, n),
        newstyle=True,
    )

    @app.context_processor
    def page_words() -> dict[str, object]:
        return {"page_language": language(), "page_languages": [(code, own_name(code)) for code in languages()],
                "print_words": {key: gettext(message) for key, message in PRINT_WORDS.items()}}

    app.after_request(_remember)


__all__ = ["COOKIE", "N_", "gettext", "install", "language", "languages", "locale", "ngettext"]
