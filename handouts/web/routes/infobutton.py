"""An HL7 Infobutton knowledge service: the EHR asks by code, the app answers with its own topics.

Requests follow the URL-based implementation guide of HL7 Context-Aware
Knowledge Retrieval (Infobutton), as MedlinePlus Connect does, so an EHR
configured for one can be pointed at the other:

    GET /infobutton?mainSearchCriteria.v.c=D50.9
                   &mainSearchCriteria.v.cs=2.16.840.1.113883.6.90
                   &informationRecipient=PAT
                   &informationRecipient.languageCode.c=es
                   &knowledgeResponseType=application/json

An EHR may ask for several problems or medicines at once, numbering each
further group of mainSearchCriteria as the guide allows (`mainSearchCriteria.v.c1`
with `.cs1` and `.dn1`, then `...c2`, ...; some number from 0): each is looked up,
and the answer lists the topics of the unnumbered group first, then of each number
in order, a topic found twice at its first place. At most MAX_CRITERIA groups: the
guide sets no bound, and a request of thousands would cost a search each.

The answer lists the matching topics with links to their page, their PDF
(the same addresses as the app's own links) and the PDF wrapped in a FHIR
DocumentReference (handouts.web.routes.fhir), and their review status, as an
Atom feed (the default, text/xml) or the same feed as JSON in MedlinePlus
Connect's shape (`{"feed": {"entry": [{"title": {"_value": ...}}]}}`);
text/html sends the browser to the best topic's page.

What is offered follows what would print. A patient (PAT) is offered only what
batch would print without being told to: a topic approved as it stands, not due
for review (its PDF prints no DRAFT or REVIEW OVERDUE mark), in the language
asked for only when that translation is approved too (else in English). A patient
portal shows the feed to the patient with no one from the practice in between; a
clinician who means to hand over an unreviewed draft prints it from the app's own
page, which marks it. A clinician (PROV) is offered every topic, as the app's
index lists them, each unreviewed one with its mark in front of its title, where
an EHR shows it, as well as in its categories. Any parameter the guide defines about the patient (age,
gender, ...) is refused, like any unknown or malformed one, with a 400 and a
plain sentence: nothing about the patient is accepted, and the server logs
the path only (handouts.web.server).
"""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, redirect, request, url_for
from werkzeug.datastructures import MultiDict

from handouts import codes, i18n, translations
from handouts.approval import effective_status
from handouts.errors import HandoutsError, UsageError
from handouts.locale import language_of, parse
from handouts.models import Topic
from handouts.topic_search import Match, search
from handouts.views.frame import review_mark
from handouts.web import pages
from handouts.web.context import state
from handouts.web.links import absolute, checked_origin

bp = Blueprint("infobutton", __name__)

CODE, SYSTEM, NAME = "mainSearchCriteria.v.c", "mainSearchCriteria.v.cs", "mainSearchCriteria.v.dn"
RECIPIENT, LANGUAGE, RESPONSE = ("informationRecipient", "informationRecipient.languageCode.c",
                                 "knowledgeResponseType")
USED = (CODE, SYSTEM, NAME, RECIPIENT, LANGUAGE, RESPONSE)
IGNORED = (
    "knowledgeRequestNotification.effectiveTime.v",  # when the EHR asked
    "taskContext.c.c", "taskContext.c.cs", "taskContext.c.dn",  # what the user is doing (problem list review, ...)
    "mainSearchCriteria.v.ot",  # the original text the coded concept was picked from
    "subTopic.v.c", "subTopic.v.cs", "subTopic.v.dn", "subTopic.v.ot",  # the aspect asked about (therapy, dosing)
    "performer", "performer.languageCode.c",  # who asks, and their language
    "performer.healthCareProvider.c.c", "performer.healthCareProvider.c.cs", "performer.healthCareProvider.c.dn",
    "informationRecipient.healthCareProvider.c.c", "informationRecipient.healthCareProvider.c.cs",
    "informationRecipient.healthCareProvider.c.dn",  # the kind of clinician the answer is for
    "encounter.c.c", "encounter.c.cs", "encounter.c.dn",  # the kind of visit (ambulatory, emergency, ...)
    "serviceDeliveryLocation.id.root",  # the clinic
    "holder.assignedEntity.n", "holder.assignedEntity.certificateText",  # the EHR's account at the service
    "assignedAuthorizedPerson.id.root", "representedOrganization.id.root",
)
"""Defined by the guide (its knowledge request's parameters), about the request rather than the patient: accepted
and not used. An EHR's infobutton sends this context as a matter of course (the request's time, the task, the
performer and their language, the kind of encounter); a 400 for any of it left the clinician with no handout."""
PATIENT_PREFIXES = ("patientPerson", "age", "ageGroup", "subject", "patient", "observation", "severityObservation",
                    "locationOfInterest")
"""Parameters about the patient (who they are, their results, their problem's severity, where they live): refused,
so an EHR's configuration is fixed rather than silently sending them."""
KNOWN = (*USED, *IGNORED)

ATOM = "text/xml"
RESPONSE_TYPES = {"text/xml": ATOM, "application/atom+xml": ATOM, "application/json": "json", "text/html": "html"}
RECIPIENTS = {"PAT": "patient", "PROV": "clinician"}
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_VALUE = 200
MAX_CRITERIA = 10
"""Groups of mainSearchCriteria one request may hold (the unnumbered one and the numbered ones): enough for a visit's
problems and medicines, few enough that a request of thousands is refused before any search."""
_OID = re.compile(r"[0-2](\.(0|[1-9][0-9]*))+")
_NUMBERED = re.compile(r"(mainSearchCriteria\.v\.(?:c|cs|dn|ot))(0|[1-9][0-9]{0,2})")
"""A further group's parameter: its name in the guide and the group's number (up to three digits)."""


class BadRequest(HandoutsError):
    """A request the service cannot answer; its message is safe to show (no value from the request)."""


@dataclass(frozen=True)
class Criterion:
    """One group of mainSearchCriteria: a code in its system, or a name."""

    system: codes.CodeSystem | None
    code: str | None
    name: str | None
    suffix: str  # '' for the unnumbered group, else its number: the parameters' names end in it

    def asked(self) -> list[tuple[str, str]]:
        """The parameters that decide this group's answer, as the request named them."""
        if self.system and self.code:
            return [(CODE + self.suffix, self.code), (SYSTEM + self.suffix, self.system.oid)]
        return [(NAME + self.suffix, self.name or "")]


@dataclass(frozen=True)
class Ask:
    """What an infobutton request asks for, checked."""

    criteria: tuple[Criterion, ...]  # the unnumbered group first, then by number
    audience: str  # patient | clinician
    recipient: str  # PAT | PROV
    language: str | None  # as asked: 'es', 'es-MX'
    response: str  # text/xml | json | html


def _shown(name: str) -> str:
    """A parameter name as a message may quote it: short, printable."""
    text = "".join(c for c in name if c.isprintable())
    return text[:60] + ("…" if len(text) > 60 else "")


def base_name(key: str) -> str:
    """A parameter's name in the guide: `mainSearchCriteria.v.c2` is a `mainSearchCriteria.v.c`."""
    numbered = _NUMBERED.fullmatch(key)
    return numbered[1] if numbered else key


def used(key: str) -> bool:
    """Whether the answer depends on this parameter (a code, a name, the reader, the language, the format)."""
    return base_name(key) in USED


def _group(key: str) -> str | None:
    """The mainSearchCriteria group a parameter belongs to ('' unnumbered, else its number); None for any other."""
    numbered = _NUMBERED.fullmatch(key)
    if numbered:
        return numbered[2]
    return "" if key.startswith("mainSearchCriteria.") and key in KNOWN else None


def kept_through_sign_in(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The parameters an infobutton link keeps on its way through sign-in: those its answer depends on. Of a
    request with too many groups, one group more than allowed: the answer after sign-in is the same refusal,
    and the sign-in page's address stays short."""
    groups: set[str] = set()
    kept = []
    for name, value in pairs:
        group = _group(name)
        if group is not None:
            groups.add(group)
            if len(groups) > MAX_CRITERIA + 1:
                break
        if used(name):
            kept.append((name, value))
    return kept


def _criterion(value: dict[str, str], suffix: str, _: Callable[[str], str]) -> Criterion | None:
    """One group's code and system, or its name, checked; None for a group with neither (only original text)."""
    code_key, system_key, name_key = CODE + suffix, SYSTEM + suffix, NAME + suffix
    code, oid, name = value.get(code_key), value.get(system_key), value.get(name_key)
    if code or oid:
        if not (code and oid):
            raise BadRequest(_("A code needs its code system: give both %(code)s and %(system)s.")
                             % {"code": code_key, "system": system_key})
        system = codes.by_oid(oid) if _OID.fullmatch(oid) else None
        if system is None:
            raise BadRequest(_("%(system)s must be the OID of ICD-10-CM (%(icd)s), ICD-10 (%(icd10)s), SNOMED CT "
                               "(%(sct)s) or RxNorm (%(rx)s).") % {
                "system": system_key, "icd": codes.SYSTEMS["ICD-10-CM"].oid, "icd10": codes.SYSTEMS["ICD-10"].oid,
                "sct": codes.SYSTEMS["SNOMED CT"].oid, "rx": codes.SYSTEMS["RxNorm"].oid})
        if not system.valid(code):
            raise BadRequest(_("%(code)s is not a valid %(system)s code.") % {"code": code_key, "system": system.name})
        return Criterion(system, code, None, suffix)
    return Criterion(None, None, name, suffix) if name else None


def read_request(args: MultiDict[str, str], _: Callable[[str], str]) -> Ask:
    """The request's parameters, or BadRequest saying which one is wrong (by name, never quoting a value)."""
    groups: set[str] = set()
    for key in args:
        if key.startswith(PATIENT_PREFIXES):
            raise BadRequest(_("This service takes nothing about the patient: leave out '%(name)s'.")
                             % {"name": _shown(key)})
        group = _group(key)
        if key not in KNOWN and group is None:
            raise BadRequest(_("Unknown parameter '%(name)s'. This service understands: %(known)s.")
                             % {"name": _shown(key), "known": ", ".join(USED)})
        if group is not None:
            groups.add(group)
            if len(groups) > MAX_CRITERIA:  # refused before any search, however many more follow
                raise BadRequest(_("At most %(max)s problems or medicines in one request (%(code)s, %(code)s1, "
                                   "%(code)s2, ...): ask again with fewer.") % {"max": MAX_CRITERIA, "code": CODE})
        if len(args.getlist(key)) > 1:
            raise BadRequest(_("'%(name)s' is given more than once; give it once.") % {"name": key})
        if used(key) and (len(args[key]) > MAX_VALUE or not args[key].isprintable()):  # the ignored are never read
            raise BadRequest(_("'%(name)s' is too long or has characters that cannot be in it.") % {"name": key})
    value = {k: args[k].strip() for k in args}
    order = sorted(groups, key=lambda g: -1 if g == "" else int(g))
    criteria = tuple(c for c in (_criterion(value, suffix, _) for suffix in order) if c is not None)
    if not criteria:
        raise BadRequest(_("Ask for a code (%(code)s with %(system)s) or a name (%(name)s).")
                         % {"code": CODE, "system": SYSTEM, "name": NAME})
    recipient = value.get(RECIPIENT, "PAT").upper()
    if recipient not in RECIPIENTS:
        raise BadRequest(_("%(name)s must be PAT (a patient handout) or PROV (a clinician brief).")
                         % {"name": RECIPIENT})
    language = value.get(LANGUAGE) or None
    if language:
        try:
            parse(language)
        except UsageError:
            raise BadRequest(_("%(name)s must be a language code like en, es or es-MX.") % {"name": LANGUAGE}) from None
    response = RESPONSE_TYPES.get(value.get(RESPONSE, ATOM).lower())
    if response is None:
        raise BadRequest(_("%(name)s must be one of: %(types)s.") % {"name": RESPONSE, "types": ", ".join(RESPONSE_TYPES)})
    return Ask(criteria, RECIPIENTS[recipient], recipient, language, response)


def offered(topic: Topic, audience: str, today: date) -> bool:
    """A clinician is offered every topic (marked); a patient only one that prints with no mark.

    Under review, changed since approval, approved by hand with no record, or due for
    review: each prints DRAFT or REVIEW OVERDUE, and none is offered to a patient.
    """
    if audience == "clinician":
        return True
    return topic.has_patient_text and review_mark(topic, today) is None


def language_for(topic: Topic, ask: Ask) -> str:
    """The language asked for when the topic's handout prints in it unmarked, else English.

    A translation that is not approved (a draft, or stale since the English changed)
    prints DRAFT TRANSLATION: the patient gets the approved English instead. The
    clinician brief is English only.
    """
    if ask.audience == "clinician" or not ask.language:
        return "en"
    wanted = language_of(ask.language)
    if wanted not in pages.languages(topic):
        return "en"
    translated = translations.state(topic, wanted)
    return wanted if translated is None or translated.approved else "en"


@dataclass(frozen=True)
class Entry:
    topic: Topic
    reason: str
    language: str
    title: str
    summary: str
    page: str  # paths: the feeds make them absolute (handouts.web.links), a redirect does not need to
    pdf: str
    fhir: str  # the same document as a FHIR DocumentReference, the PDF inside
    status: str
    translation: str | None  # the translation's review state ('draft', 'approved'); None in English
    mark: str | None  # what the PDF prints on every page: DRAFT, REVIEW OVERDUE, or nothing
    updated: date


def entries(found: list[Match], ask: Ask, _: Callable[[str], str] = str) -> list[Entry]:
    """One entry per match; a clinician's unreviewed topic has its mark before its title (`_` translates it)."""
    out = []
    today = state().today()
    for match in found:
        topic = match.topic
        lang = language_for(topic, ask)
        fhir = url_for("fhir.document_reference_download", topic_id=topic.id, audience=ask.audience,
                       **({"language": lang} if ask.audience == "patient" else {}))
        if ask.audience == "patient":
            title = topic.patient_title.get(lang) if topic.patient_title else topic.title
            summary = topic.bottom_line.patient.get(lang) if topic.bottom_line.patient else ""
            pdf = url_for("documents.patient", topic_id=topic.id, action="print", language=lang)
            page = url_for("topics.topic", topic_id=topic.id, language=lang)
        else:
            title, summary = topic.title, topic.bottom_line.clinician or ""  # a draft's may be unwritten
            pdf = url_for("documents.clinician", topic_id=topic.id, action="print")
            page = url_for("topics.topic", topic_id=topic.id)
        translated = translations.state(topic, lang)
        mark = review_mark(topic, today)
        if mark:  # only a clinician's entry can have one (offered)
            title = _("%(mark)s: %(title)s") % {"mark": _(mark), "title": title}
        out.append(Entry(topic, match.reason, lang, title, summary, page, pdf, fhir, effective_status(topic),
                         translated.state if translated else None, mark, topic.review.reviewed or topic.last_updated))
    return out


def _categories(e: Entry, ask: Ask) -> list[tuple[str, str]]:
    """Review status, the mark the PDF prints, the translation's review, who it is for, what matched."""
    return [("reviewStatus", e.status), *([("reviewMark", e.mark)] if e.mark else []),
            *([("translationStatus", e.translation)] if e.translation else []),
            (RECIPIENT, ask.recipient), ("matched", e.reason)]


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _feed_parts(ask: Ask, found: list[Entry], _: Callable[[str], str]) -> dict[str, Any]:
    st = state()
    brand = st.catalogue.brand(st.catalogue.default_brand)[0]
    practice = brand.words(brand.name, language_of(ask.language or "en"))[0] or brand.id
    asked = [pair for criterion in ask.criteria for pair in criterion.asked()]
    return {
        "title": _("%(practice)s: handouts for this problem or medicine") % {"practice": practice},
        "subtitle": _("Reviewed handouts from %(practice)s") % {"practice": practice},
        "author": practice,
        "updated": _stamp(max((e.updated for e in found), default=st.today())),
        "categories": [*asked, (RECIPIENT, ask.recipient)],
        "id": _feed_id(),
    }


def _feed_id() -> str:
    """The address asked for, on the checked origin, with the parameters that decide the answer: not the
    context it ignores (the EHR's account and certificate text, the original text typed in the chart)."""
    query = urlencode([(k, v) for k, v in request.args.items(multi=True) if used(k)])
    return _id(request.path + (f"?{query}" if query else ""))


def _entry_id(e: Entry) -> str:
    return _id(url_for("topics.topic", topic_id=e.topic.id))


_ID_NAMESPACE = uuid.UUID("b335093b-8254-4a6b-9ac9-e51053983486")
"""This app's own namespace (drawn at random once, never to change): the same path in another app's gives another id."""


def _id(path: str) -> str:
    """An Atom id must be an absolute IRI (RFC 4287 4.2.6): the address on the checked origin, else a name-based
    UUID URN (RFC 4122 4.3) of the same path, stable across requests and restarts, so that no id repeats a Host
    header nothing checked (a tag URI would need a domain or address the project does not own)."""
    origin = checked_origin()
    return origin + path if origin else uuid.uuid5(_ID_NAMESPACE, path).urn


def _feed_language(ask: Ask, found: list[Entry]) -> str:
    """The feed's language, as both shapes give it: its first entry's, else the language asked for."""
    return found[0].language if found else language_of(ask.language or "en")


def as_json(ask: Ask, found: list[Entry], _: Callable[[str], str]) -> str:
    """The feed in MedlinePlus Connect's JSON shape: Atom elements as objects, their text under '_value'."""
    parts = _feed_parts(ask, found, _)
    base = absolute("/")
    feed = {
        "base": {"_value": base},
        "lang": {"_value": _feed_language(ask, found)},
        "title": {"_value": parts["title"], "type": "text"},
        "updated": {"_value": parts["updated"]},
        "id": {"_value": parts["id"]},
        "author": {"name": {"_value": parts["author"]}, "uri": {"_value": base}},
        "subtitle": {"_value": parts["subtitle"], "type": "text"},
        "category": [{"scheme": scheme, "term": term} for scheme, term in parts["categories"]],
        "entry": [{
            "lang": e.language,
            "title": {"_value": e.title, "type": "text"},
            "link": [{"href": absolute(e.page), "rel": "alternate", "type": "text/html", "title": e.title},
                     {"href": absolute(e.pdf), "rel": "enclosure", "type": "application/pdf", "title": e.title},
                     {"href": absolute(e.fhir), "rel": "related", "type": "application/fhir+json", "title": e.title}],
            "id": {"_value": _entry_id(e)},
            "updated": {"_value": _stamp(e.updated)},
            "summary": {"_value": e.summary, "type": "text"},
            "category": [{"scheme": scheme, "term": term} for scheme, term in _categories(e, ask)],
        } for e in found],
    }
    return json.dumps({"feed": feed}, ensure_ascii=False, indent=1)


def as_atom(ask: Ask, found: list[Entry], _: Callable[[str], str]) -> bytes:
    """The Atom feed (RFC 4287) the Infobutton service-oriented guide answers with."""
    ET.register_namespace("", ATOM_NS)
    parts = _feed_parts(ask, found, _)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        element.text = text
        return element

    origin = checked_origin()
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {f"{{{XML_NS}}}lang": _feed_language(ask, found)})
    if origin:  # without one, links resolve against the address the feed came from
        feed.set(f"{{{XML_NS}}}base", origin + "/")
    sub(feed, "title", parts["title"], type="text")
    sub(feed, "subtitle", parts["subtitle"], type="text")
    sub(feed, "updated", parts["updated"])
    sub(feed, "id", parts["id"])
    author = sub(feed, "author")
    sub(author, "name", parts["author"])
    sub(author, "uri", absolute("/"))
    for scheme, term in parts["categories"]:
        sub(feed, "category", scheme=scheme, term=term or "")
    for e in found:
        entry = sub(feed, "entry", **{f"{{{XML_NS}}}lang": e.language})
        sub(entry, "title", e.title, type="text")
        sub(entry, "link", href=absolute(e.page), rel="alternate", type="text/html", title=e.title)
        sub(entry, "link", href=absolute(e.pdf), rel="enclosure", type="application/pdf", title=e.title)
        sub(entry, "link", href=absolute(e.fhir), rel="related", type="application/fhir+json", title=e.title)
        sub(entry, "id", _entry_id(e))
        sub(entry, "updated", _stamp(e.updated))
        sub(entry, "summary", e.summary, type="text")
        for scheme, term in _categories(e, ask):
            sub(entry, "category", scheme=scheme, term=term)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _plain(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def answer(args: MultiDict[str, str]) -> Response:
    """The whole exchange, for the route and for tests: a request's parameters in, a response out."""
    english = i18n.translations("en").gettext
    try:
        ask = read_request(args, english)
    except BadRequest as exc:
        return _plain(str(exc), 400)
    _ = i18n.translations(language_of(ask.language)).gettext if ask.language else english
    topics = [e.topic for e in state().catalogue.entries() if e.topic is not None]
    today = state().today()
    # each group's topics in the groups' order; within a group, as close a match first, and of those a reviewed
    # topic before one its PDF marks: text/html goes to the first
    matches: dict[str, Match] = {}
    for criterion in ask.criteria:
        found_here = [m for m in search(topics, code=criterion.code, system=criterion.system, name=criterion.name)
                      if offered(m.topic, ask.audience, today) and m.topic.id not in matches]
        for m in sorted(found_here, key=lambda m: (m.rank, review_mark(m.topic, today) is not None)):
            matches[m.topic.id] = m
    found = entries(list(matches.values()), ask, _)
    if ask.response == "html":
        if not found:
            return _plain(_("No handout here matches what was asked."), 404)
        return redirect(found[0].page, 303)  # type: ignore[return-value]  # a path: the browser stays on this host
    if ask.response == "json":
        return Response(as_json(ask, found, _), mimetype="application/json")
    return Response(as_atom(ask, found, _), mimetype="text/xml")


@bp.get("/infobutton")
def infobutton() -> Response:
    return answer(request.args)

