"""Elimination-diet sheets: a plan's page, its sheet previewed, printed or downloaded, and the
form's choices saved as a customisation file or loaded from one (web/customisation.py)."""

from __future__ import annotations

import re
from dataclasses import replace

from flask import Blueprint, Response, request, url_for
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from handouts import documents
from handouts.glyphs import patient_details
from handouts.diet.errors import DietError
from handouts.inputs import DietInputs
from handouts.locale import language_of
from handouts.models.diet import DietPlan
from handouts.models.diet_customisation import DietCustomisation
from handouts.patterns import LANG_PATTERN
from handouts.views.brand_warnings import plainly
from handouts.errors import ContentError, Problem, listed
from handouts.web import customisation, diets, forms, pages, prefs
from handouts.web.context import state
from handouts.web.file_words import say_field
from handouts.web.form_words import page_length, say
from handouts.web.personal import carries_patient_details, refused_in_an_address
from handouts.web.audit import Printed
from handouts.web.routes.documents import cache_keys, default_brand, deliver, filename, hand_out, printed
from handouts.web.words import N_, gettext

LANG = re.compile(LANG_PATTERN)

bp = Blueprint("diets", __name__)

PERSONAL = ("patient", "dietitian", "start_date", "follow_up", "notes", "allergies", "intolerances")


@bp.get("/diets/<plan_id>")
def plan(plan_id: str) -> tuple[str, int]:
    return diets.render_diet_page(diets.diet_page(plan_id))


def _posted(page: diets.DietPage) -> MultiDict[str, str]:
    """The posted form, its language the letterhead's where the dietitian never chose one (prefs.py)."""
    return prefs.with_letterhead_language(request.form, page.brand_languages)


def _failed(plan_id: str, action: str, problems: list[forms.FormProblem],
            form: MultiDict[str, str]) -> tuple[str, int]:
    problems = forms.listed_problems(problems)
    if action == "preview":
        return pages.error_page(400, gettext("The diet sheet cannot be made yet"), [p.message for p in problems],
                                compact=True)
    try:
        more = customisation.carried(form)
    except forms.FormError:
        more = {}
    page = diets.diet_page(plan_id, diets.values_from(form), problems, more)
    return diets.render_diet_page(page, 400)


def _sheet_problem(message: str) -> forms.FormProblem:
    """What the diet view refused ('follow_up: ...'), at its field and in the page's words where they are known."""
    key, colon, problem = message.partition(": ")
    if colon and key in forms.DIET_LABELS:
        return forms.FormProblem(key, f"{forms.label(key, forms.DIET_LABELS)}: {say(problem)}")
    return forms.FormProblem("form", message)


def _posted_customisation(plan_model: DietPlan, page: diets.DietPage,
                          form: MultiDict[str, str]) -> tuple[forms.DietRequest, DietCustomisation]:
    """The posted form (with what it carries from a loaded file) as a customisation checked by the diet rules."""
    cat = state().catalogue
    try:
        req = forms.diet_request(
            form, allergens=[o.id for o in page.allergens], intolerances=[o.id for o in page.intolerances],
            first_phase=page.first_phase.id if page.first_phase else None,
            brands=cat.brand_ids(), default_brand=default_brand(), languages=page.languages,
            default_language=page.values["language"])
    except forms.FormError as exc:  # what else is wrong (a follow-up before the start) is said with it, at once
        if exc.request is None:
            raise
        try:
            _checked(plan_model, page, form, exc.request)
        except ContentError as rules:
            raise forms.FormError(forms.in_form_order([*exc.problems, *diets.problems_of(rules)],
                                                      forms.DIET_FORM_ORDER)) from None
        except (forms.FormError, DietError):
            pass
        raise
    return req, _checked(plan_model, page, form, req)


def _checked(plan_model: DietPlan, page: diets.DietPage, form: MultiDict[str, str],
             req: forms.DietRequest) -> DietCustomisation:
    """The form's customisation, with what it carries from a loaded file, checked by the diet rules."""
    st = state()
    more = customisation.carried(form)
    data = customisation.in_file_order(customisation.merged(req.customisation or {}, more),
                                       form.get(customisation.FILE_ORDER, ""))
    language = customisation.sheet_language(req.language, more, page.languages)
    if LANG.match(language) and (unknown := forms.not_a_language(forms.label("language"), language)) is not None:
        raise forms.FormError([unknown])
    # the file says what the form printed: nothing for plain English where English is also what a file without
    # a language prints (the workspace's language: the command line's default, and the form's when loaded)
    if language != "en" or page.values["language"] != "en" or "language" in more:
        data["language"] = language
    return documents.customisation_from_data(data, plan_model, st.context())


@bp.route("/diets/<plan_id>/sheet", methods=["GET", "POST"])
def sheet(plan_id: str) -> Response | tuple[str, int]:
    """POST: the sheet for one patient. GET: the plan's sheet with blanks to fill in by hand (dated from
    today if the link asks for it, as the plan page's first preview does)."""
    st = state()
    cat = st.catalogue
    plan_model = cat.plan(plan_id)  # NotFound → 404, ContentError → 500
    today = st.today()
    if request.method == "GET" and refused_in_an_address(request.args, PERSONAL, today):
        return pages.error_page(400, gettext("Personal details do not belong in an address"), [
            gettext("Patient details are sent with the form only, so they never end up in browser history or logs. "
                    "Use the form on the diet sheet's page.")], back=url_for("diets.plan", plan_id=plan_id))
    page = diets.diet_page(plan_id)
    data = _posted(page) if request.method == "POST" else request.args
    action = data.get("action", "preview")
    try:
        if request.method == "POST":
            req, custom = _posted_customisation(plan_model, page, data)
        else:
            req = forms.diet_request(forms.MultiDict(request.args), allergens=(), intolerances=(), first_phase=None,
                                     brands=cat.brand_ids(), default_brand=default_brand(), languages=page.languages,
                                     default_language=page.values["language"])  # the form's, as it starts
            # today's start date (checked above), as the untouched form dates the sheet
            custom = documents.customisation_from_data({"start_date": today}, plan_model, st.context()) \
                if "start_date" in request.args else None
        brand, folder = cat.brand(req.brand)
        inputs = DietInputs(plan_model, cat.food_catalogue(), custom, brand, folder)
        if req.language != "en" and (custom is None or custom.language is None):  # a posted form set its own
            inputs = documents.in_language(inputs, req.language)
        view = documents.build_view("diet-sheet", inputs, None, st.context().with_locale(req.language), req.also)
    except forms.FormError as exc:
        return _failed(plan_id, action, list(exc.problems), data)
    except ContentError as exc:
        if request.method == "GET":
            raise
        return _failed(plan_id, action, diets.problems_of(exc), data)
    except DietError as exc:
        return _failed(plan_id, action, [_sheet_problem(str(exc))], data)
    return deliver(lambda: view, req.action, req.brand, filename(plan_model.id, "diet-sheet", req.language),
                   printed=printed("diet-sheet", plan_model.id, req.language,
                                   carries_patient_details(custom, today)),
                   keys=cache_keys("diet-sheet", inputs, None, req.language, req.also),
                   # the sheet's warnings, then its letterhead's, as `handouts diet` says them (no server path)
                   checks=(*view.warnings, *map(plainly, view.frame.brand.warnings)),
                   details=patient_details(custom))


@bp.post("/diets/<plan_id>/customisation")
def save(plan_id: str) -> Response | tuple[str, int]:
    """The form's choices as a customisation file, downloaded to the dietitian's machine (kept nowhere here)."""
    st = state()
    plan_model = st.catalogue.plan(plan_id)
    page = diets.diet_page(plan_id)
    form = _posted(page)
    try:
        req, custom = _posted_customisation(plan_model, page, form)
    except forms.FormError as exc:
        return _failed(plan_id, "save", list(exc.problems), form)
    except ContentError as exc:
        return _failed(plan_id, "save", diets.problems_of(exc), form)
    # The file holds what the form held about the patient: handing it out is audited like a sheet.
    hand_out(Printed("save", "diet-customisation", plan_model.id, "patient", req.language,
                     carries_patient_details(custom, st.today())))
    response = Response(customisation.to_yaml(custom, plan_model), mimetype="application/yaml")
    # from the plan only: neither the patient's name nor the start date goes into a file name
    response.headers["Content-Disposition"] = f'attachment; filename="{plan_model.id}-customisation.yaml"'
    return response


def _refused(p: Problem) -> str:
    """A loaded file's problem, located as the CLI says it, in the page's language where it is a known one;
    markup (escaped) where part of it is words kept in English (handouts.web.file_words.english)."""
    message = say(p.message, p.line)
    if not isinstance(message, Markup):
        return gettext(REFUSED, problem=str(replace(p, field=say_field(p.field), message=message)))
    where = str(replace(p, field=say_field(p.field), message=""))  # 'saved.yaml:2:11: ', as the CLI's
    return escape(gettext(REFUSED)) % {"problem": escape(where) + message}


REFUSED = N_("The file cannot be loaded: %(problem)s")


@bp.post("/diets/<plan_id>/load")
def load(plan_id: str) -> tuple[str, int]:
    """A saved customisation file, checked as on the command line, put back into the form."""
    st = state()
    plan_model = st.catalogue.plan(plan_id)
    page = diets.diet_page(plan_id)
    try:
        custom = customisation.read_upload(request.files.get("file"), plan_model, st.context())
    except ContentError as exc:
        shown, unlisted = listed(exc.problems)  # each said in the page's words: only those listed
        problems = [forms.FormProblem("file", _refused(p)) for p in shown] + forms.more_problems("file", unlisted)
        return diets.render_diet_page(diets.diet_page(plan_id, problems=problems), 400)
    values, more = customisation.form_values(
        custom, allergens=[o.id for o in page.allergens], intolerances=[o.id for o in page.intolerances],
        first_phase=page.first_phase.id if page.first_phase else None, languages=page.languages)
    values[customisation.FILE_ORDER] = customisation.file_order(custom)
    values["phase_lengths"] = page_length(values["phase_lengths"])  # '4 semanas' on a Spanish page
    # a file asking a real language the sheet has no translation into ('fr') is said now, not at print time
    problems = ([forms.unavailable_language(forms.label("language"), custom.language, page.languages)]
                if custom.language and language_of(custom.language) not in page.languages else [])
    return diets.render_diet_page(diets.diet_page(plan_id, values, problems=problems, more=more, loaded=True))
