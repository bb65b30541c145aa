"""Make a document: preview it as HTML, or stream its PDF to print or download.

Patient details arrive only in a POST body, live only for this request and
are never written anywhere: the PDF is made in memory and streamed back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from flask import Blueprint, Response, g, request, url_for
from werkzeug.datastructures import MultiDict

from handouts import documents
from handouts.glyphs import patient_details
from handouts.html import render_html
from handouts.inputs import Inputs
from handouts.kinds import document_kind
from handouts.models import Personalisation
from handouts.views.base import View
from handouts.views.patient import PersonalisationError
from handouts.web import forms, pages, prefs
from handouts.web.audit import Printed
from handouts.web.context import state
from handouts.web.doccache import DocumentKey, PersonalDocument, document_key
from handouts.web.personal import carries_patient_details, refused_in_an_address
from handouts.web.words import gettext
from handouts.web.preview import browser_html

bp = Blueprint("documents", __name__)

KeyFor = Callable[[str], DocumentKey | None]
"""A document's cache key for a purpose ("pdf", "pages"), or None: it is not to be cached."""


def filename(subject: str, document: str, language: str, suffix: str = ".pdf") -> str:
    """From the topic (or plan), the document and its language only.

    A downloaded file's name stays behind in the Downloads folder and the browser's history,
    outside the PDF: no patient detail goes into it, neither a name nor a date (a visit or start
    date is the patient's, and even the day it was printed says when a patient was seen).
    """
    return f"{subject}-{document}-{language}{suffix}"


def default_brand() -> str:
    """The letterhead a request without one gets: the one this browser last chose, else the app's."""
    cat = state().catalogue
    return prefs.brand(request, cat.usable_brand_ids(), cat.default_brand)


def cache_keys(kind: str, inputs: Inputs, person: Personalisation | None, language: str | None,
               also: tuple[str, ...] = (), large_print: bool = False) -> KeyFor:
    """Keys for a document without patient details (handouts.web.personal), by link or by form alike.

    A document with patient details has no key: document_key refuses it, and it is never cached.
    """
    today = state().today()

    def key(purpose: str) -> DocumentKey | None:
        try:
            return document_key(kind, inputs, person, today=today, language=language, also=also,
                                large_print=large_print, purpose=purpose)
        except PersonalDocument:
            return None

    return key


def deliver(view: View | Callable[[], View], action: forms.Action, brand_id: str, name: str,
            *, printed: Printed, keys: KeyFor | None = None,
            checks: Sequence[str] = (), details: Mapping[str, object] | None = None) -> Response:
    """The preview (HTML) or the PDF; a PDF handed out is one audit line, saying `printed`.

    `view` may be a function that makes it: then a document found in the cache (`keys`) is
    answered without making the view at all. Whether `printed` says "personalised" is the
    route's call to handouts.web.personal, the rule the cache keys follow too.
    A letterhead the request chose (rather than defaulted to) is remembered by the browser; never the language.
    `checks`: what the document's checks found, said above the preview (preview.checks_notice);
    `details`: the patient's (handouts.glyphs.patient_details), whose characters it counts, never shows.
    """
    made: list[View] = [] if callable(view) else [view]  # a view model is data, never callable

    def make_view() -> View:
        if not made:
            made.append(view())  # type: ignore[operator]
        return made[0]

    renderers = state().renderers
    key_for = keys or (lambda purpose: None)
    if action == "preview":
        # The preview is HTML (fast, no PDF viewer needed), but how many pages the print
        # will take, and what else the layout found (a diary run over two pages), needs the
        # layout: it is said above the preview, before anyone prints.
        shown = make_view()
        laid = renderers.laid_out(shown, key_for("pages"))
        page = browser_html(render_html(shown), shown, brand_id, laid.pages, (*checks, *laid.warnings), details)
        response = Response(page, mimetype="text/html")
    else:
        rendered = renderers.pdf(make_view, key_for("pdf"))
        hand_out(replace(printed, action=action))
        disposition = "attachment" if action == "download" else "inline"
        response = Response(rendered.data, mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return prefs.remember(request, response, brand_id if request.values.get("brand") else None)


def hand_out(printed: Printed) -> None:
    """The audit line for a document this response hands out. A HEAD request (a link checker, a chat
    app's link preview) gets its headers only: nothing is handed out, and the log says nothing."""
    if request.method != "HEAD":
        state().audit.record(g.get("user"), printed)


def printed(kind: str, subject: str, language: str, personalised: bool) -> Printed:
    """What the audit line will say (its action is filled in when the PDF goes out)."""
    return Printed("", kind, subject, document_kind(kind).audience, language, personalised)


def _form_failed(topic_id: str, action: str, problems: list[forms.FormProblem],
                 form: MultiDict[str, str]) -> tuple[str, int]:
    """In the preview frame: the problems alone. Elsewhere: the form again, as typed, with the problems."""
    problems = forms.listed_problems(problems)
    if action == "preview":
        return pages.error_page(400, gettext("The handout cannot be made yet"), [p.message for p in problems],
                                compact=True)
    page = pages.topic_page(topic_id, form.get("language", "en"), pages.values_from(form), problems)
    return pages.render_topic_page(page, 400)


@bp.route("/topics/<topic_id>/patient", methods=["GET", "POST"])
def patient(topic_id: str) -> Response | tuple[str, int]:
    """POST: the personalised handout. GET: the plain one (all items, no personal details; today's
    visit date if the link asks for it, as the topic page's first preview does)."""
    st = state()
    cat = st.catalogue
    inputs = cat.inputs(topic_id)  # NotFound → 404, ContentError → 500 (app error handlers)
    by_brand = pages.letterhead_languages(inputs.topic)
    # a form's language never chosen is its letterhead's, changed or not (prefs.with_letterhead_language)
    data = prefs.with_letterhead_language(request.form, by_brand) if request.method == "POST" else request.args
    brand_id = data.get("brand") or default_brand()  # no language asked: the letterhead's, as the form
    language = data.get("language") or by_brand.get(brand_id) \
        or prefs.handout_language(pages.languages(inputs.topic), cat.context.home_locale)
    form = pages.patient_form(inputs, language)
    if form.not_ready:
        return pages.error_page(400, gettext("No patient handout for this topic"), [form.not_ready],
                                compact=request.values.get("action", "preview") == "preview")
    today = st.today()
    if request.method == "GET" and refused_in_an_address(request.args, forms.PERSONAL_FIELDS, today):
        return pages.error_page(400, gettext("Personal details do not belong in an address"), [
            gettext("Patient details are sent with the form only, so they never end up in browser history or logs. "
                    "Use the form on the topic page.")], back=url_for("topics.topic", topic_id=topic_id))
    action = data.get("action", "preview")
    try:
        if request.method == "POST":
            req: forms.DocumentRequest = forms.patient_request(
                data, offered=form.offered, brands=cat.brand_ids(),
                default_brand=default_brand(), languages=form.languages, today=today)
            person = req.person  # type: ignore[attr-defined]
        else:
            req = forms.document_request(request.args, cat.brand_ids(), default_brand(), form.languages, language)
            plain: dict[str, object] = {"language": req.language} if req.language != "en" else {}
            if "visit_date" in request.args:  # today's (checked above): as the untouched form prints it
                plain["visit_date"] = today
            person = Personalisation.model_validate(plain) if plain else None  # nothing personal
    except forms.FormError as exc:
        return _form_failed(topic_id, action, list(exc.problems), data)
    large_print = getattr(req, "large_print", False)
    chosen = cat.inputs(topic_id, req.brand)

    def view() -> View:
        return documents.build_view("patient", chosen, person, st.context().with_locale(req.language), req.also,
                                    large_print=large_print)

    try:
        return deliver(view, req.action, req.brand, filename(inputs.topic.id, "patient", req.language),
                       printed=printed("patient-handout", inputs.topic.id, req.language,
                                       carries_patient_details(person, today)),
                       keys=cache_keys("patient-handout", chosen, person, req.language, req.also, large_print),
                       details=patient_details(person))
    except PersonalisationError as exc:
        return _form_failed(topic_id, action, [forms.FormProblem(exc.field or "item", str(exc))], data)


@bp.get("/topics/<topic_id>/clinician")
def clinician(topic_id: str) -> Response | tuple[str, int]:
    """The clinician brief: no personal details, so a plain link (GET) will do."""
    st = state()
    cat = st.catalogue
    cat.topic_file(topic_id)
    try:
        req = forms.document_request(request.args, cat.brand_ids(), default_brand())
    except forms.FormError as exc:
        return pages.error_page(400, gettext("The clinician brief cannot be made"), [p.message for p in exc.problems],
                                compact=request.args.get("action") == "preview",
                                back=url_for("topics.topic", topic_id=topic_id))
    inputs = cat.inputs(topic_id, req.brand)
    summary = request.args.get("summary") == "1"  # the At-a-glance summary on its own
    name = "clinician-summary" if summary else "clinician"

    def view() -> View:
        brief = documents.build_view("clinician", inputs, None, st.context())
        return documents.summary_of(brief) if summary else brief

    return deliver(view, req.action, req.brand, filename(inputs.topic.id, name, "en"),
                   printed=printed("clinician-brief", inputs.topic.id, "en", False),
                   keys=cache_keys("clinician-summary" if summary else "clinician-brief", inputs, None, None))
