"""Find a topic; open its page."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, redirect, render_template, request, url_for

from handouts.locale import language_of
from handouts.patterns import HIDDEN_IN_TEXT
from handouts.views.frame import review_mark
from handouts.web import content_language, forms, pages, prefs, search
from handouts.web.context import state

if TYPE_CHECKING:
    from handouts.models.diet import DietPlan

bp = Blueprint("topics", __name__)


@bp.get("/")
def index() -> tuple[str, int]:
    # shown back on the page ("... match “query”"): never with controls that reorder or hide its letters
    query = re.sub(HIDDEN_IN_TEXT, "", request.args.get("q", "")).strip()[:200]
    entries = state().catalogue.entries()
    found = set(search.matching(query, ((e.id, e.topic) for e in entries))) if query else None
    shown = [e for e in entries if found is None or e.id in found]
    today = state().today()
    marks = {e.id: review_mark(e.topic, today) for e in shown if e.topic is not None}
    plans = state().catalogue.plans()
    diets = [(plan_id, plan, problems) for plan_id, plan, problems in plans
             if search.matches(_plan_words(plan_id, plan), query)]
    diet_marks = {}
    if diets:
        from handouts.errors import ContentError

        try:
            foods = state().catalogue.food_catalogue()
        except ContentError:  # the list of problems below says so; a sheet's page refuses to print
            foods = None
        diet_marks = {plan_id: _sheet_mark(plan, foods, today) for plan_id, plan, _ in diets if plan}
    guess = _did_you_mean(query, entries, plans) if query and not shown and not diets else None
    return render_template("index.html.j2", query=query, entries=shown, total=len(entries), marks=marks,
                           diets=diets, diet_marks=diet_marks, diet_total=len(plans), guess=guess,
                           broken=state().catalogue.broken()), 200


def _did_you_mean(query: str, entries: list[Any], plans: list[tuple[str, DietPlan | None, tuple[str, ...]]]) -> str | None:
    """A query near this one that finds a topic or a sheet ("leeky gut": "leaky gut"), or None."""
    texts = [search.topic_words(e.id, e.topic) for e in entries] + [_plan_words(i, p) for i, p, _ in plans]
    guess = search.suggestion(query, texts)
    return guess if guess and any(search.matches(text, guess) for text in texts) else None


def _sheet_mark(plan: DietPlan, foods: Any, today: date) -> str | None:
    """The mark the plan's sheet prints; the plan's alone when its sheet cannot be worked out (its own page
    says why): the list of topics and plans stays up."""
    from handouts.diet.errors import DietError
    from handouts.errors import ContentError
    from handouts.web.diets import sheet_mark

    try:
        return sheet_mark(plan, foods, today)
    except (ContentError, DietError):
        return sheet_mark(plan, None, today)


def _plan_words(plan_id: str, plan: DietPlan | None) -> str:
    """What a search matches a plan by: its id, its English title and the title the page shows (folded)."""
    if plan is None:
        return search.fold(plan_id)
    return search.fold(" ".join((plan_id, plan.title.get("en"), content_language.shown(plan.title, plan).text)))


@bp.route("/topics/<topic_id>", methods=["GET", "POST"])
def topic(topic_id: str) -> tuple[str, int]:
    """GET: the topic's page. POST: the same form sent back with a group ticked all or none (no scripts)."""
    if request.method == "GET":
        asked = request.args.get("language") or None
        offered = pages.languages(state().catalogue.topic(topic_id))
        if asked and (problem := forms.asked_language(asked, offered)):
            return pages.render_topic_page(pages.topic_page(topic_id, problems=[problem]), 400)  # as it will print
        if asked and asked not in offered and language_of(asked) in offered:
            asked = language_of(asked)  # 'es-MX': the form's Spanish (its list has no regions), not English
        return pages.render_topic_page(pages.topic_page(topic_id, asked))
    form = prefs.with_letterhead_language(request.form, pages.letterhead_languages(state().catalogue.topic(topic_id)))
    page = pages.topic_page(topic_id, form.get("language") or None)
    values = pages.select(pages.values_from(form), page.patient, form.get("select", ""))
    page.values = {**page.values, **values}
    return pages.render_topic_page(page)


@bp.get("/favicon.ico")
def favicon() -> Response:
    return redirect(url_for("static", filename="favicon.svg"), 301)
