"""Form input → a validated Personalisation, or the list of what is wrong.

Messages name the field as the form labels it and never repeat what was
typed into a free-text field: they end up on screen, never in a log.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from handouts import i18n
from handouts.dates import ISO_DATE, date_window, window_problem
from handouts.errors import UsageError, listed
from handouts.locale import language_of
from handouts.models import Personalisation
from handouts.models.personalisation import limit
from handouts.web.form_words import english_length, say
from handouts.web.quoting import quotable
from handouts.web.words import N_, gettext, ngettext
from handouts.web.words import language as page_language

Action = Literal["preview", "download", "print"]
ACTIONS: tuple[Action, ...] = ("preview", "download", "print")

LABELS = {  # English message ids: label() says them in the page's language
    "patient_name": N_("Patient's name"),
    "clinician": N_("Clinician"),
    "visit_date": N_("Visit date"),
    "follow_up": N_("Follow-up date"),
    "notes": N_("Notes for the patient"),
    "language": N_("Language"),
    "also": N_("Also print in"),
    "brand": N_("Practice"),
    "item": N_("Recommendations"),
    "action": N_("Action"),
}
LIMITS = {name: limit(name) or 0 for name in ("patient_name", "clinician", "notes")}
"""Personalisation's own limits, so the form can say them up front (maxlength)."""

PERSONAL_FIELDS = ("patient_name", "clinician", "visit_date", "follow_up", "notes", "item")
"""Fields that may only arrive in a POST body, never in an address (history, logs)."""


@dataclass(frozen=True)
class FormProblem:
    """One thing wrong with one form field; unlike errors.Problem it has no file location."""

    field: str  # form field name, for linking the message to its input
    message: str


def more_problems(field: str, count: int) -> list[FormProblem]:
    """The line after a page's listed problems, for the `count` not listed (handouts.errors.MAX_LISTED)."""
    if not count:
        return []
    return [FormProblem(field, ngettext(
        "…and %(num)d more problem, not listed here: correct those above and try again.",
        "…and %(num)d more problems, not listed here: correct those above and try again.", count))]


def listed_problems(problems: Sequence[FormProblem]) -> list[FormProblem]:
    """What a page lists of `problems`: the first ones, then how many more, said at the last one's field.
    A form can carry thousands of wrong values (a ticked item repeated); a page listing each was megabytes."""
    shown, more = listed(list(problems))
    return shown + more_problems(shown[-1].field if shown else "form", more)


class FormError(UsageError):
    """What is wrong with a submitted form, field by field. `request`: what the form holds without the fields
    found wrong, for a caller to check by the rules too (diet_request's), so every problem is said at once."""

    def __init__(self, problems: Sequence[FormProblem], request: DietRequest | None = None):
        self.problems = tuple(problems)
        self.request = request
        super().__init__("; ".join(p.message for p in self.problems))


@dataclass(frozen=True)
class DocumentRequest:
    action: Action
    brand: str
    language: str = "en"
    also: tuple[str, ...] = ()  # more languages printed after the first, in the same PDF


@dataclass(frozen=True)
class PatientRequest(DocumentRequest):
    person: Personalisation = Personalisation()
    large_print: bool = False


def label(name: str, labels: Mapping[str, str] | None = None) -> str:
    """A field's label as the form shows it, in the page's language."""
    return gettext((labels or LABELS).get(name, name))


def _plain(message: str) -> str:
    """pydantic's 'Value error, ...' prefix is noise on a form; the rest is said in the page's language."""
    return say(message.removeprefix("Value error, "))


def _one(form: Mapping[str, str], name: str) -> str:
    return (form.get(name) or "").strip()


def no_choice(shown_label: str, value: str) -> str:
    """'there is no choice ...', quoting the value only when it is a plain token (handouts.web.quoting)."""
    if quotable(value):
        return gettext("%(label)s: there is no choice '%(value)s'.", label=shown_label, value=value)
    return gettext("%(label)s: there is no such choice.", label=shown_label)


def not_a_date(shown_label: str, value: str) -> str:
    """Why `value` is no date: a day the calendar lacks (2027-02-29, 2025-04-31) is written the right way,
    so it is told to check the day and month, not to use the form it already has (handouts.dates)."""
    if ISO_DATE.fullmatch(value):
        return gettext("%(label)s: there is no day '%(value)s' in the calendar; check the day and the month "
                       "(YYYY-MM-DD: year, month, day).", label=shown_label, value=value)
    if quotable(value):
        return gettext("%(label)s: '%(value)s' is not a date; use the form YYYY-MM-DD.", label=shown_label,
                       value=value)
    return gettext("%(label)s: this is not a date; use the form YYYY-MM-DD.", label=shown_label)


def not_a_language(shown_label: str, code: str) -> FormProblem | None:
    """A language code that is no language ('sp', carried from a loaded file or a crafted form): the one
    meant, as --lang and a batch row say it (handouts.language_names), not every text 'sp' lacks.
    None for a code of a language; `code` has the shape of one (LANG_PATTERN), so it is safe to quote."""
    from handouts.language_names import is_language, meant_tag, name_in

    if is_language(language_of(code)):
        return None
    printed = ", ".join(i18n.languages())
    meant = meant_tag(code)  # the command line's: 'sp-MX' meant 'es-MX'
    if meant is None:
        return FormProblem("language", gettext(
            "%(label)s: '%(value)s' is not a code handouts knows for a language; handouts prints in %(languages)s.",
            label=shown_label, value=code, languages=printed))
    return FormProblem("language", gettext(
        "%(label)s: '%(value)s' is not a code handouts knows for a language; did you mean '%(code)s' (%(name)s)? "
        "Handouts prints in %(languages)s.", label=shown_label, value=code, code=meant,
        name=name_in(language_of(meant), page_language()), languages=printed))


def unavailable_language(shown_label: str, code: str, offered: Sequence[str]) -> FormProblem:
    """A language the document has no translation into ('fr', a real one: 'sp' is not_a_language's), with
    those it has, in one line in the page's language: 'Idioma: aún no hay traducción al francés; disponibles:
    inglés (en), español (es).' `code` has the shape of a language code (LANG_PATTERN), safe to quote."""
    from handouts.language_names import name_in

    reader = page_language()
    return FormProblem("language", gettext(
        "%(label)s: no %(language)s translation yet; available: %(languages)s.", label=shown_label,
        language=name_in(language_of(code), reader),
        languages=", ".join(f"{name_in(c, reader)} ({c})" for c in offered)))


def _unavailable(form: Mapping[str, str], name: str, offered: Collection[str]) -> FormProblem | None:
    """Field `name`'s language when the document is not in it: a real one says which the document is in
    (unavailable_language), a code that is no language which was meant (not_a_language). None otherwise,
    a value not shaped like a code included (the list's own 'there is no choice')."""
    from handouts.patterns import LANG_PATTERN

    value = _one(form, name)
    if not value or value in offered or not re.fullmatch(LANG_PATTERN, value) or language_of(value) in offered:
        return None
    problem = not_a_language(label(name), value) or unavailable_language(label(name), value, list(offered))
    return replace(problem, field=name)


def asked_language(value: str, offered: Collection[str]) -> FormProblem | None:
    """A language a link asks a page to start in (`?language=fr`) that the document is not in: said as a form
    sending it is told, where the page showed its first language as if asked. None for one it is in, and
    for a value shaped like no code (the page ignores it, as it always has)."""
    return _unavailable({"language": value}, "language", offered)


def _choice(form: Mapping[str, str], name: str, allowed: Collection[str], default: str,
            problems: list[FormProblem]) -> str:
    value = _one(form, name) or default
    if value not in allowed:
        problems.append(FormProblem(name, no_choice(label(name), value)))
        return default
    return value


def _date(form: Mapping[str, str], name: str, problems: list[FormProblem], today: date | None = None) -> date | None:
    """The date typed, or None with a problem; with `today`, a year years away is a typing mistake."""
    raw = _one(form, name)
    if not raw:
        return None
    try:
        if len(raw) != 10:
            raise ValueError
        value = date.fromisoformat(raw)
    except ValueError:
        problems.append(FormProblem(name, not_a_date(label(name), raw)))
        return None
    if today is not None and window_problem(value, today):
        first, last = date_window(today)
        problems.append(FormProblem(name, gettext(
            "%(label)s: check the year; give a date from %(first)s to %(last)s.", label=label(name),
            first=first.isoformat(), last=last.isoformat())))
        return None
    return value


def document_request(form: Mapping[str, str], brands: Collection[str], default_brand: str,
                     languages: Collection[str] = ("en",), default_language: str = "en") -> DocumentRequest:
    """Action, practice and language: all a clinician brief (or a plain handout) needs."""
    problems: list[FormProblem] = []
    action = _choice(form, "action", ACTIONS, "preview", problems)
    brand = _choice(form, "brand", brands, default_brand, problems)
    if (unavailable := _unavailable(form, "language", languages)) is not None:
        problems.append(unavailable)
        language = default_language
    else:
        language = _choice(form, "language", languages, default_language, problems)
    also = _one(form, "also")
    if (unavailable := _unavailable(form, "also", languages)) is not None:
        problems.append(unavailable)
        also = ""
    if also == language:  # "also in English" on an English handout: nothing more to print
        also = ""
    if also and also not in languages:
        problems.append(FormProblem("also", gettext(
            "%(label)s: '%(value)s' is not another language of this handout.", label=label("also"), value=also)
            if quotable(also) else gettext("%(label)s: that is not another language of this handout.",
                                           label=label("also"))))
        also = ""
    request = DocumentRequest(
        action=action,  # type: ignore[arg-type]
        brand=brand,
        language=language,
        also=(also,) if also else (),
    )
    if problems:
        raise FormError(problems)
    return request


FORM_ORDER = ("patient_name", "clinician", "visit_date", "follow_up", "notes", "item", "brand", "language", "also")
"""The patient form's fields top to bottom: its problems are listed in this order, the first one the first
a clinician tabbing down the form meets (a problem with anything else comes last)."""
DIET_FORM_ORDER = ("more", "patient", "dietitian", "start_date", "follow_up", "phase_lengths", "allergies", "intolerances",
                   "notes", "language", "also", "brand")
"""The diet form's, likewise ('more': a loaded file's other settings, listed above the form's fields)."""


def in_form_order(problems: Sequence[FormProblem], order: Sequence[str] = FORM_ORDER) -> list[FormProblem]:
    """`problems` as the form shows their fields, top to bottom (a problem with anything else last)."""
    return sorted(problems, key=lambda p: order.index(p.field) if p.field in order else len(order))


def patient_request(
    form: MultiDict[str, str],
    *,
    offered: Sequence[str],
    brands: Collection[str],
    default_brand: str,
    languages: Collection[str],
    today: date | None = None,
) -> PatientRequest:
    """Parse the patient form. `offered` are the recommendation ids the form showed:
    ticked ones print, unticked ones are omitted (none ticked means none print). With `today`,
    a visit or follow-up date years away from it is refused as a mistyped year."""
    problems: list[FormProblem] = []
    try:
        base = document_request(form, brands, default_brand, languages)
    except FormError as exc:
        problems.extend(exc.problems)
        base = DocumentRequest("preview", default_brand)

    ticked = form.getlist("item")
    for rec_id in ticked:
        if rec_id not in offered:
            problems.append(FormProblem("item", gettext(
                "%(label)s: '%(value)s' is not an item of this topic's handout.", label=label("item"), value=rec_id)
                if quotable(rec_id) else gettext("%(label)s: one is not an item of this topic's handout.",
                                                 label=label("item"))))
    omit = tuple(rec_id for rec_id in offered if rec_id not in ticked)

    fields: dict[str, object] = {"language": base.language, "omit": omit}
    for name in ("patient_name", "clinician", "notes"):
        value = _one(form, name).replace("\r\n", "\n").replace("\r", "\n")
        if len(value) > LIMITS[name]:
            problems.append(FormProblem(name, gettext("%(label)s: %(count)s characters; at most %(limit)s fit.",
                                                      label=label(name), count=len(value), limit=LIMITS[name])))
        elif value:
            fields[name] = value
    visit, follow_up = _date(form, "visit_date", problems, today), _date(form, "follow_up", problems, today)
    if today is not None and not _one(form, "visit_date") and follow_up is not None and follow_up < today:
        problems.append(FormProblem("follow_up", gettext(  # the view's rule (views.patient.check_dates), said here
            "%(label)s: this day has passed, and no visit date says the handout is for a visit already past: "
            "check the year, or give the visit date.", label=label("follow_up"))))
    fields.update({k: v for k, v in (("visit_date", visit), ("follow_up", follow_up)) if v})

    try:  # checked even when a field above failed (left out of `fields`), so every problem is said at once
        person = Personalisation.model_validate(fields)
    except ValidationError as exc:  # the model's own rules: the same for the CLI and batch
        problems.extend(
            FormProblem(name, gettext("%(label)s: %(message)s.", label=label(name), message=_plain(err["msg"])))
            for err in exc.errors(include_url=False, include_input=False)
            for name in [str(err["loc"][0]) if err["loc"] else "form"]
        )
    if problems:
        raise FormError(in_form_order(problems))
    return PatientRequest(action=base.action, brand=base.brand, language=base.language, also=base.also, person=person,
                          large_print=bool(_one(form, "large_print")))


# -- diet sheets ----------------------------------------------------------------

DIET_LABELS = {
    "patient": N_("Patient's name"),
    "dietitian": N_("Dietitian"),
    "start_date": N_("Start date"),
    "follow_up": N_("Follow-up date"),
    "allergies": N_("Allergies"),
    "intolerances": N_("Also leave out"),
    "phase_lengths": N_("Length of the first step"),
    "notes": N_("Notes for the patient"),
}


@dataclass(frozen=True)
class DietRequest(DocumentRequest):
    customisation: dict[str, object] | None = None  # raw data, validated by the diet library's rules


def diet_request(
    form: MultiDict[str, str],
    *,
    allergens: Collection[str],
    intolerances: Collection[str],
    first_phase: str | None,
    brands: Collection[str],
    default_brand: str,
    languages: Collection[str] = ("en",),
    default_language: str = "en",
) -> DietRequest:
    """Parse the diet form into a customisation's data (the same keys as a customisation file).

    Only the form's own shape is checked here; what the data means (known
    categories, an allergen never under 'enjoy', lengths) is checked by the
    diet library, exactly as for a file.
    """
    problems: list[FormProblem] = []
    try:
        base = document_request(form, brands, default_brand, languages, default_language)
    except FormError as exc:
        problems.extend(exc.problems)
        base = DocumentRequest("preview", default_brand)
    data: dict[str, object] = {}
    for name, limit_name in (("patient", "patient_name"), ("dietitian", "clinician"), ("notes", "notes")):
        value = _one(form, name).replace("\r\n", "\n").replace("\r", "\n")
        if len(value) > LIMITS[limit_name]:
            problems.append(FormProblem(name, gettext("%(label)s: %(count)s characters; at most %(limit)s fit.",
                                                      label=label(name, DIET_LABELS), count=len(value),
                                                      limit=LIMITS[limit_name])))
        elif value:
            data[name] = value
    for name, allowed in (("allergies", allergens), ("intolerances", intolerances)):
        chosen = form.getlist(name)
        for value in chosen:
            if value not in allowed:
                problems.append(FormProblem(name, no_choice(label(name, DIET_LABELS), value)))
        if chosen:
            data[name] = [v for v in chosen if v in allowed]
    for name in ("start_date", "follow_up"):
        raw = _one(form, name)
        if not raw:
            continue
        try:
            if len(raw) != 10:
                raise ValueError
            data[name] = date.fromisoformat(raw)
        except ValueError:
            problems.append(FormProblem(name, not_a_date(label(name, DIET_LABELS), raw)))
    length = _one(form, "phase_lengths")
    if length and first_phase:
        data["phase_lengths"] = {first_phase: english_length(length[:40])}
    request = DietRequest(action=base.action, brand=base.brand, language=base.language, also=base.also,
                          customisation=data)
    if problems:
        raise FormError(in_form_order(problems, DIET_FORM_ORDER), request)
    return request
