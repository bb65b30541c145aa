"""What the app's own pages show, built from the same views the documents use.

The form offers exactly the items of the unpersonalised patient handout
(documents.build_view decides which those are), grouped as the handout
groups them; it adds, for the clinician's eyes only, each prescription
item's dose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import render_template, request, url_for
from markupsafe import escape

from handouts import documents
from handouts.doseformat import format_dose
from handouts.errors import ContentError
from handouts.locale import resolve
from handouts.models import Personalisation, Topic
from handouts.per_model import PerModel
from handouts.views.brand_warnings import plainly
from handouts.views.frame import brand_view, review_line, review_mark
from handouts.views.patient import PersonalisationError
from handouts.web import prefs
from handouts.web.check_words import said_on_page
from handouts.web.context import state
from handouts.web.forms import LIMITS, FormProblem
from handouts.web.words import N_, gettext, locale

@dataclass(frozen=True)
class Choice:
    id: str
    text: str  # the patient wording, as it prints
    name: str | None = None
    dose: str | None = None  # clinician's eyes only
    cautions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    id: str  # for "tick all / none" in this group
    legend: str
    choices: tuple[Choice, ...]
    prescription: bool = False


@dataclass
class PatientForm:
    groups: tuple[Group, ...] = ()
    languages: tuple[str, ...] = ("en",)
    not_ready: str | None = None  # why no patient handout can be made
    drafts: frozenset[str] = frozenset()  # languages whose translation is not approved: printed with a mark
    text_lang: str = "en"  # the language the choices' patient wording is in: the handout's, maybe not the page's

    @property
    def offered(self) -> list[str]:
        return [c.id for g in self.groups for c in g.choices]


@dataclass
class TopicPage:
    topic_id: str
    topic: Topic
    review_mark: str | None
    review_line: str
    brands: list[tuple[str, str]]
    default_brand: str
    patient: PatientForm
    warnings: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    problems: Sequence[FormProblem] = ()
    today: str = ""  # ISO: the visit date the form starts with
    brand_languages: dict[str, str] = field(default_factory=dict)  # letterhead → the language it starts in

    @property
    def preview_url(self) -> str:
        """The first preview: the document the form makes as it stands, so it prints today's visit date
        as the form shows it (a link may carry that date: handouts.web.personal.fits_an_address)."""
        if self.patient.not_ready:
            return url_for("documents.clinician", topic_id=self.topic_id, action="preview")
        dated = {"visit_date": self.today} if self.today and self.values.get("visit_date") == self.today else {}
        return url_for("documents.patient", topic_id=self.topic_id, action="preview", **dated)


_LANGUAGES: PerModel[tuple[str, ...]] = PerModel()


def languages(topic: Topic) -> tuple[str, ...]:
    """Languages the handout can print in: every patient text translated, and the tool's own words too
    (remembered for the topic model as loaded: a request asks three times)."""
    from handouts import translations
    from handouts.views.patient import needed_texts

    def work_out() -> tuple[str, ...]:
        items = [r for r in topic.recommendations() if r.patient_visible]
        return translations.printable(needed_texts(topic, items), topic.patient_languages())

    return _LANGUAGES.get(topic, "languages", work_out)


def draft_languages(topic: Topic, offered: Sequence[str]) -> frozenset[str]:
    """Languages whose translation is not approved: the form says so before anything is printed."""
    from handouts import translations

    return frozenset(lang for lang in offered
                     if (s := translations.state(topic, lang)) is not None and not s.approved)


NOT_READY = N_("This topic is not ready for patients: it has no plain-language text yet. Print the clinician brief, "
               "or ask whoever writes your topics for the patient texts.")


@dataclass(frozen=True)
class FormItems:
    """What a topic's form offers in one language, content only (no page words, nothing of a patient):
    the same for every request until the topic's file changes."""

    helps: tuple[Choice, ...] = ()
    avoid: tuple[Choice, ...] = ()
    medicines: tuple[Choice, ...] = ()
    text_lang: str = "en"
    refused: str | None = None  # why the library makes no handout of the topic (PersonalisationError)


_ITEMS: PerModel[FormItems] = PerModel()
"""Per loaded topic model and language: building the handout's view for its items cost each visit form and
each POST a millisecond of the server's CPU (issue #18); a reloaded file is a new model, built afresh."""


def form_items(inputs: documents.Inputs, language: str) -> FormItems:
    """The items the form offers in `language`, remembered for the topic model as loaded."""
    ctx = state().context()
    key = (language, ctx.locale, ctx.home_locale, inputs.brand.locale)  # all a view's words could follow
    return _ITEMS.get(inputs.topic, key, lambda: build_form_items(inputs, language))


def build_form_items(inputs: documents.Inputs, language: str) -> FormItems:
    """The unpersonalised handout's items, grouped as it prints them, each medicine with its dose."""
    topic = inputs.topic
    try:
        view = documents.build_view("patient", inputs, Personalisation(language=language), state().context())
    except PersonalisationError as exc:  # an imported draft without its plain-language texts, usually
        return FormItems(refused=str(exc))
    recs = {r.id: r for r in topic.recommendations()}

    def choice(item: Any, dosed: bool) -> Choice:
        rec = recs[item.id]
        if not dosed:
            return Choice(item.id, item.text)
        return Choice(item.id, item.text, rec.name, format_dose(rec.dose) if rec.dose else None, rec.cautions)

    return FormItems(tuple(choice(i, False) for i in view.helps), tuple(choice(i, False) for i in view.avoid),
                     tuple(choice(i, True) for i in view.medicines), view.frame.lang)


def patient_form(inputs: documents.Inputs, language: str = "en") -> PatientForm:
    topic = inputs.topic
    if language not in languages(topic):
        language = "en"  # the form reports an unknown language; the items are the same in every language
    items = form_items(inputs, language)
    if items.refused is not None:  # said in the page's language; an item without its own plain-language
        # text (named, for whoever edits the topic) as the CLI says it
        return PatientForm(not_ready=items.refused if topic.has_patient_text else gettext(NOT_READY))
    groups = (
        Group("helps", gettext("What can help"), items.helps),
        Group("avoid", gettext("What to avoid"), items.avoid),
        Group("medicines", gettext("Medicines your care team may suggest"), items.medicines, True),
    )
    offered = languages(topic)
    return PatientForm(tuple(g for g in groups if g.choices), offered, drafts=draft_languages(topic, offered),
                       text_lang=items.text_lang)


def letterhead_languages(topic: Topic) -> dict[str, str]:
    """Each letterhead → the language the visit form starts in with it (prefs.handout_languages)."""
    cat = state().catalogue
    return prefs.handout_languages(languages(topic), cat.context.home_locale, cat.brand_locales())


def topic_page(topic_id: str, language: str | None = None, values: Mapping[str, Any] | None = None,
               problems: Sequence[FormProblem] = ()) -> TopicPage:
    """Raises catalogue.NotFound or ContentError.

    The letterhead starts as this browser last printed with; the language as the workspace's, else that
    letterhead's (prefs.py).
    """
    st = state()
    cat = st.catalogue
    inputs = cat.inputs(topic_id)
    starting_brand = (values or {}).get("brand") or prefs.brand(request, cat.usable_brand_ids(), cat.default_brand)
    by_brand = letterhead_languages(inputs.topic)
    follows = starting_brand if not language else ""  # a language asked (a link's, or typed) is chosen
    language = language or by_brand.get(starting_brand) or prefs.handout_language(languages(inputs.topic),
                                                                                 cat.context.home_locale)
    form = patient_form(inputs, language)
    ctx = st.context()  # the brand as the handout will print it: in the language asked, the brand's region
    asked = language if language in languages(inputs.topic) else None  # an unknown one is ignored, as the form does
    printed_in = resolve(asked, ctx.locale, brand=inputs.brand.locale, home=ctx.home_locale)
    frame_brand = brand_view(inputs.brand, inputs.brand_folder, printed_in)
    defaults: dict[str, Any] = {
        "patient_name": "", "clinician": "", "visit_date": st.today().isoformat(), "follow_up": "",
        "notes": "", "brand": prefs.brand(request, cat.usable_brand_ids(), cat.default_brand),
        "language": language, "also": "", "items": set(form.offered), "large_print": False,
        prefs.FOLLOWS: follows,
    }
    return TopicPage(
        topic_id=topic_id,
        topic=inputs.topic,
        review_mark=review_mark(inputs.topic, st.today()),
        review_line=review_line(inputs.topic, locale=locale()),
        brands=cat.brands(),
        default_brand=cat.default_brand,
        patient=form,
        # no server path on a page; in the page's language where check_words has the words
        warnings=tuple(said_on_page(plainly(w)) for w in frame_brand.warnings),
        values={**defaults, **(values or {})},
        problems=problems,
        today=st.today().isoformat(),
        brand_languages=by_brand,
    )


def render_topic_page(page: TopicPage, status: int = 200) -> tuple[str, int]:
    return render_template("topic.html.j2", page=page, limits=LIMITS), status


def values_from(form: Mapping[str, Any]) -> dict[str, Any]:
    """What the clinician typed, to put back into the form after an error."""
    names = ("patient_name", "clinician", "visit_date", "follow_up", "notes", "brand", "language", "also",
             prefs.FOLLOWS)
    values: dict[str, Any] = {n: form.get(n, "") for n in names}
    values["items"] = set(form.getlist("item")) if hasattr(form, "getlist") else set()
    values["large_print"] = bool(form.get("large_print"))
    return values


def select(values: dict[str, Any], form: PatientForm, choice: str) -> dict[str, Any]:
    """Tick every item of one group ("helps:all") or none of it ("helps:none"): the form without scripts."""
    group_id, _, which = choice.partition(":")
    group = next((g for g in form.groups if g.id == group_id), None)
    if group is None or which not in ("all", "none"):
        return values
    ids = {c.id for c in group.choices}
    items = set(values.get("items", ()))
    return {**values, "items": items | ids if which == "all" else items - ids}


def error_page(status: int, title: str, messages: Sequence[str], *, compact: bool = False,
               back: str | None = None, located: Sequence[str] = ()) -> tuple[str, int]:
    """A page saying what went wrong. `title` and `messages` come already in the page's language
    (gettext() at the place that knows the words). `located`: problems located in a file, said in
    English as `handouts validate` says them, listed first as code tagged English (as the start page
    lists them), so a screen reader on a Spanish page reads them in an English voice."""
    template = "error_compact.html.j2" if compact else "error.html.j2"
    try:
        return render_template(template, status=status, title=title, messages=list(messages), back=back,
                               located=list(located)), status
    except Exception:  # e.g. a request refused before routing (untrusted Host): no url_for there
        items = "".join([*(f"<li><code>{escape(m)}</code></li>" for m in located),
                         *(f"<li>{escape(m)}</li>" for m in messages)])
        return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
                f"</head><body><h1>{escape(title)}</h1><ul>{items}</ul></body></html>"), status


def content_error_page(exc: ContentError, compact: bool = False) -> tuple[str, int]:
    return error_page(500, gettext("This content has problems and cannot be printed"),
                      [gettext("Fix the file (handouts validate shows the same), then reload.")],
                      compact=compact, located=[str(p) for p in exc.problems])
