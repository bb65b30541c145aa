"""The visit-time web app: pick a topic, personalise, preview, print.

create_app() builds the Flask app; handouts.web.server runs it. Every
document comes from the same library calls as the command line
(documents.build_view / render), from content loaded by the same loaders
(handouts/web/catalogue.py keeps it, file by file, so one broken file
never stops the rest).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path

import jinja2
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from handouts import dates
from handouts.errors import ContentError, RenderError
from handouts.resources import asset_dir
from handouts.web import auth, content_language, csrf, loaded, logline, pages, security, words
from handouts.web.audit import Audit
from handouts.web.catalogue import Catalogue, NotFound
from handouts.web.context import State
from handouts.web.rendering import Renderers
from handouts.web.words import gettext as _
from handouts.yamlspec import PATIENT_DETAILS_BYTES

log = logging.getLogger("handouts.web")
logline.install(log)  # one request, one line: nothing it sends can add lines of its own

MAX_FORM_BYTES = PATIENT_DETAILS_BYTES + 4 * 1024
"""A form is a few kilobytes; anything bigger is refused before it is parsed (never spooled to disk).
The largest is the Load button's: a customisation file at the command line's cap (64 KiB, yamlspec)
in its multipart framing, beside the form's token: 4 KiB more holds them, and a file a little over
the cap is still told so in the page's words rather than by the server's 'too large'."""


class WebApp(Flask):
    # The app's own pages: autoescape every template (select_autoescape would
    # skip '*.html.j2') and make a missing variable an error, as for documents.
    jinja_options = {**Flask.jinja_options, "autoescape": True, "undefined": jinja2.StrictUndefined,
                     "trim_blocks": True, "lstrip_blocks": True, "extensions": ["jinja2.ext.i18n"]}

    def send_static_file(self, filename: str) -> Response:
        """As read when the app was made (handouts.web.loaded), never a newer version on disk."""
        return loaded.static_file(self, filename)


def create_app(
    data_dir: Path | Sequence[Path] | None = None,
    brand: str = "default",
    *,
    today: Callable[[], date] | None = None,
    trusted_hosts: list[str] | None = None,
    renderers: Renderers | None = None,
    audit: Audit | None = None,
    login: auth.Login | None = None,
    locale: str | None = None,
    require_catalogue_approval: bool = False,
    timezone: str | None = None,
) -> Flask:
    """The app for a practice's data folders (topics/, brands/; a workspace may have several) and a default brand.

    `renderers`: how documents are rendered (`handouts serve` passes a pool of worker
    processes; default: in this process, one at a time). `audit`: where the line for
    each PDF handed out goes (default: nowhere). `login`: how users sign in (default: no login,
    for this computer alone). `locale`: the workspace's (handouts.toml), whose region a document
    takes when the form names only a language and the brand no locale (Spain's 112 and A4 for 'es').
    `require_catalogue_approval`: the workspace's; a food catalogue never approved marks diet sheets DRAFT.
    `timezone`: the clinic's (handouts.toml), which decides today's date (default: this computer's);
    `today` replaces the clock altogether (tests).
    Raises UsageError when the folder or the brand does not exist.
    """
    catalogue = Catalogue(data_dir or asset_dir("data"), brand, locale, require_catalogue_approval)
    app = WebApp(
        __name__,
        template_folder=str(asset_dir("templates") / "web"),
        static_folder="static",
    )
    logline.install(app.logger)  # Flask's own failure lines too: one line, no traceback, no exception text
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_FORM_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_FORM_BYTES,
        HANDOUTS_TRUSTED_HOSTS=trusted_hosts,  # checked in security.check_host
        SEND_FILE_MAX_AGE_DEFAULT=300,
    )
    app.extensions["handouts"] = State(catalogue, today or partial(dates.today, timezone), renderers or Renderers(),
                                       audit or Audit(), timezone)
    # The visit form moves its date to the browser's today when the two are a day apart, for a server
    # kept in another time zone (static/app.js); with the clinic's zone set, the server's date is the
    # clinic's and stands: a clinician working from another zone still prints the clinic's day.
    app.jinja_env.globals["clinic_timezone"] = timezone

    app.before_request(catalogue.begin_request)  # first: every later hook and the route list each folder once
    app.teardown_request(lambda exc: catalogue.end_request())

    from handouts.web.routes import assets, diets, documents, fhir, infobutton, topics

    for blueprint in (topics.bp, documents.bp, diets.bp, assets.bp, infobutton.bp, fhir.bp):
        app.register_blueprint(blueprint)
    words.install(app)
    content_language.install(app)  # content in the page's language, where its translation is reviewed
    security.install(app)
    auth.install(app, login)  # after the Host check, before the form check (the sign-in form has a token too)
    csrf.install(app)
    _install_error_pages(app)
    loaded.load_now(app)  # last: every filter, global and policy a template compiles with is in place
    return app


def _install_error_pages(app: Flask) -> None:
    """Every failure is a page that says what is wrong; never a traceback, and the app keeps serving."""

    def compact() -> bool:
        try:
            return request.values.get("action") == "preview"
        except Exception:  # a body that cannot be parsed is no preview
            return False

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound) -> tuple[str, int]:
        return pages.error_page(404, _("Not found"), [str(exc)], compact=compact(), back="/")

    @app.errorhandler(ContentError)
    def content_error(exc: ContentError) -> tuple[str, int]:
        return pages.content_error_page(exc, compact=compact())

    @app.errorhandler(RenderError)
    def render_error(exc: RenderError) -> tuple[str, int]:
        return pages.error_page(500, _("The document could not be rendered"), [str(exc)], compact=compact())

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[str, int]:
        messages = {
            404: _("There is no page at this address."),
            405: _("This page cannot be used that way."),
            413: _("The form sent was too large."),
        }
        # a description the app gave is in the page's language already; werkzeug's own default is English
        given = exc.__dict__.get("description")
        message = messages.get(exc.code or 0, given or _("The request could not be handled."))
        return pages.error_page(exc.code or 500, _(exc.name), [message], back="/")

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[str, int]:
        # Only the kind of failure and the path: an exception's text may quote patient details.
        log.error("error on %s %s: %s", request.method, request.path, type(exc).__name__)
        return pages.error_page(500, _("Something went wrong"), [
            _("The document could not be made. Nothing was saved. Try again; if it keeps happening, "
              "tell whoever looks after handouts (error: %(error)s).", error=type(exc).__name__)],
            compact=compact(), back="/")
