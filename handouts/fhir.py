"""A FHIR R4 DocumentReference for a printed handout, so an EHR can file it in the chart.

Built with fhir.resources (pydantic models: the resource is validated as it is
built). fhir.resources 7 and later carry no separate R4 (4.0.1) package: R4B
(4.3.0) is the release it keeps for R4, and DocumentReference is the same in
both (R4B changed only the medication-definition, evidence and subscription
resources), so `fhir.resources.R4B` is what writes R4 here.

What goes in, and what never does:
- type: LOINC 34895-3 "Education note" (see EDUCATION_NOTE); category: US Core's
  "clinical-note" (see CLINICAL_NOTE);
- the topic's condition codes as context.event, the document's language (on the attachment),
  the content's version (context.related, by a urn:uuid identifier: see VERSION_SYSTEM) and approval (docStatus final only when
  the document prints no mark: the approval still holds, its review is not
  overdue on the document's day, and a translated document's translation is
  approved; the reviewer as authenticator);
- the PDF as the attachment, inline (base64) or by URL: the PDF's whole
  address when the caller says where the PDFs are put, else relative to the
  resource's own file (for an import that reads both files), with its size and SHA-1 hash (FHIR Attachment.hash is
  the base64 of the SHA-1 of the data);
- the patient only as the reference id the caller gives (Patient/123), never
  a name or anything else taken from the PDF;
- date: when the reference was made, an instant with its time zone (R4's
  DocumentReference.date is an `instant`, which must carry one), so an EHR
  can sort and search the chart by it;
- content.attachment.creation: when the PDF was made (R4 Attachment.creation,
  "the date that the attachment was first created"), the same instant when it
  was made with the reference, left out when it was found on disk from before
  (batch, up to date). Never the visit date printed on the handout: that is a
  detail of the patient's (a typed date, often not the day the PDF was made),
  which FHIR does not ask for and the chart files from the PDF itself.
"""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from dataclasses import dataclass
from html import escape
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote, urlsplit

from handouts import dates
from handouts.approval import content_hash, content_version, effective_status
from handouts.codes import SYSTEMS
from handouts.errors import UsageError

if TYPE_CHECKING:
    from fhir.resources.R4B.binary import Binary
    from fhir.resources.R4B.documentreference import DocumentReference

    from handouts.models import Topic

AttachmentMode = Literal["inline", "url"]
ATTACHMENT_MODES: tuple[AttachmentMode, ...] = ("inline", "url")

LOINC = "http://loinc.org"
EDUCATION_NOTE = ("34895-3", "Education note")
"""The document type. LOINC's Document Ontology names documents by Kind of Document and Type of
Service (loinc.org/kb/users-guide/document-ontology/); 'Education note' (Find, Pt, {Setting}, Doc)
is its term for patient education, listed among the Document Ontology terms the LOINC committee
extends per specialty (e.g. 'Education note Find Pt {Setting} Doc General Surgical Oncology').
34895-3 is the code IHE PCC's Patient Education (urn:ihe:pcc:ape:2008) and the French CI-SIS
'Education du patient' / 'Fiche d'information au patient' use for it. LOINC's own page for
34895-3 could not be read from here: a practice whose EHR maps patient handouts to another
document code should change it here."""

US_CORE_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category"
CLINICAL_NOTE = ("clinical-note", "Clinical Note")
"""The document's category, so an EHR that lists the chart's notes by category (US Core: `DocumentReference?
category=clinical-note`) finds the handout among them: with no category it was in no list. The one code of
US Core's DocumentReference Category code system, with its display, as published from US Core 3.0.0 to 8.0.0
(hl7.org/fhir/us/core/CodeSystem-us-core-documentreference-category.html; the value set
ValueSet-us-core-documentreference-category includes all of it). The type, LOINC's Education note, is a note of
LOINC's Document Ontology (scale Doc), the kind of type US Core's category groups."""

VERSION_SYSTEM = "urn:ietf:rfc:3986"
"""Identifier system of the content version a document was made from: FHIR's system for an identifier whose
value is itself a URI (HL7 Terminology's NamingSystem 'uri': "For OIDs and UUIDs, use the URN form ... urn:uuid:"),
here `content_identifier`'s urn:uuid.

Named in context.related, what the document was made from (R4: "related identifiers or resources ... that
caused the DocumentReference or referenced Document to be created"), never as the reference's own identifier:
every patient's handout of one version shares it, and an identifier names one thing (R4 Identifier: "identifies
some entity uniquely and unambiguously"), so an EHR that files by identifier (a conditional create) took the
second patient's handout for the first's.

Before, the system was `urn:handouts:content-version` and the value `TOPIC/VERSION` (leaky-gut/83440e69):
'handouts' is no namespace registered under RFC 8141, so a receiver could not trust the system not to collide
with another's. Not a URL of the practice's either: a content version is the content's, the same whichever
practice prints it, and the command line and batch know no practice address. An EHR that matched the old system
now matches this one and `content_identifier(topic)`; the display still says 'content version 83440e69'."""

CONTENT_NAMESPACE = uuid.UUID("16ba2a7e-cc16-4bba-9479-61637a9b5df2")
"""The RFC 9562 (formerly 4122) name-space of content versions: a UUID drawn once at random for this tool, so
the name-based UUIDs made in it collide with no one else's."""


def content_identifier(topic: Topic) -> str:
    """The content version as a URI: a name-based (SHA-1, version 5) UUID of the content's whole hash.

    The same content gives the same identifier on every machine and run (a batch's output is byte-identical
    whoever makes it), and another content another identifier; the 8 digits printed as the version are a
    prefix of that hash, for people."""
    return f"urn:uuid:{uuid.uuid5(CONTENT_NAMESPACE, content_hash(topic))}"


WRITTEN_IN = "en"
"""The resource's own language: R4 Resource.language is "the base language in which the resource is written",
and its words (description, type.text) are English whatever the document's; the document's language is
content.attachment.language, which is what DocumentReference's `language` search parameter reads."""

_PATIENT_REF = re.compile(r"Patient/[A-Za-z0-9\-.]{1,64}")
"""A FHIR relative reference to a Patient: the type and a FHIR id (letters, digits, '-', '.'; 64 at most)."""


def patient_reference(text: str) -> str:
    """The caller's Patient/ID, checked: anything else (a name, a URL, a query) is refused."""
    value = text.strip()
    if not _PATIENT_REF.fullmatch(value):
        raise UsageError("the patient reference must be 'Patient/' and the patient's FHIR id "
                         "(letters, digits, '-' and '.'), e.g. Patient/123; never a name")
    return value


def attachment_base(text: str) -> str:
    """The caller's address for the folder the PDFs are put in, checked, ending in '/'.

    R4 reads a relative Attachment.url "relative to the service url, like a resource reference, rather
    than relative to the resource itself" (datatypes.html#Attachment), so a reference posted to an EHR's
    FHIR endpoint needs the PDF's whole address. An http(s) address of a folder: no query or fragment,
    which the PDF's name would be lost in, and no user or password, which the JSON would carry."""
    value = text.strip()
    parts = urlsplit(value)
    if (parts.scheme not in ("https", "http") or not parts.hostname or parts.username is not None
            or parts.query or parts.fragment or "?" in value or "#" in value or not value.isprintable()
            or any(c.isspace() for c in value)):
        raise UsageError("--attachment-base must be the http(s) address of the folder the PDFs are put in, "
                         "e.g. https://docs.clinic.example/handouts/ (no query, fragment or password)")
    return value if value.endswith("/") else value + "/"


def served_at(base: str, path: str) -> str:
    """The PDF's whole address: `base` (checked by attachment_base) and its path there, percent-encoded."""
    return base + quote(path)


def sha1_base64(data: bytes) -> str:
    """FHIR Attachment.hash: the base64 of the SHA-1 of the data."""
    return base64.b64encode(hashlib.sha1(data).digest()).decode("ascii")  # noqa: S324 (FHIR says SHA-1)


@dataclass(frozen=True)
class Printed:
    """The document the resource describes: its PDF and how it was made."""

    pdf: bytes
    audience: str  # patient | clinician
    language: str  # the document's BCP 47 tag, e.g. en-US, es-US
    title: str
    day: date  # when it was printed (the visit date or today)
    file_name: str  # the PDF's name, for a relative URL
    practice: str | None = None  # the letterhead's name: who issued the document
    made: datetime | None = None  # when the reference is made, with its time zone; None: now
    fresh: bool = True  # the PDF was made with the reference (its creation is `made`); False: found from before
    created: datetime | None = None  # when the PDF was made, when that was before the reference (a kept document)


def document_title(topic: Topic, audience: str, language: str) -> str:
    """The title a document prints in its metadata, for one made outside a view (batch)."""
    if audience == "clinician":
        return f"{topic.title}: clinician brief"
    from handouts.i18n import translations

    title = topic.patient_title.get(language) if topic.patient_title else topic.title
    return translations(language).gettext("%(title)s: information for patients") % {"title": title}


def document_status(topic: Topic, printed: Printed) -> str:
    """The review state the document prints, in words: 'approved' only when it carries no mark.

    The approval alone said 'final' for a handout printed REVIEW OVERDUE, or DRAFT
    TRANSLATION in Spanish, so the chart filed as final what the paper said to check.
    """
    from handouts import translations
    from handouts.review import review_mark_for

    status = effective_status(topic)
    if status != "approved":
        return status
    if review_mark_for(status, topic.review.next_review, printed.day):
        return "review_overdue"
    if printed.audience == "patient":
        translated = translations.state(topic, printed.language.split("-")[0].lower())
        if translated is not None and not translated.approved:
            return f"{translated.language}_translation_{translated.state}"
    return status


def narrative(description: str) -> dict[str, str]:
    """The resource's human-readable summary, made from its own description.

    R4's dom-6: "a resource should have narrative for robust management" (domainresource.html); without it a
    validator warns, and a system that shows the narrative of a resource it does not model shows nothing.
    Status 'generated': its content is entirely generated from the resource's elements (narrative.html)."""
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{escape(description)}</p></div>'}


def document_reference(topic: Topic, printed: Printed, attachment: AttachmentMode = "url",
                       patient: str | None = None) -> DocumentReference:
    from fhir.resources.R4B.documentreference import DocumentReference

    status = document_status(topic, printed)
    approved = status == "approved"
    kind = "patient handout" if printed.audience == "patient" else "clinician brief"
    coded = [{"system": SYSTEMS[c.system].fhir, "code": c.code, **({"display": c.display} if c.display else {})}
             for c in topic.condition.codes if SYSTEMS[c.system].fhir]
    content: dict[str, object] = {
        "contentType": "application/pdf",
        "language": printed.language,
        "size": len(printed.pdf),
        "hash": sha1_base64(printed.pdf),
        "title": printed.title,
    }
    made = printed.made or dates.now()
    if made.tzinfo is None or made.utcoffset() is None:
        raise UsageError("the DocumentReference's date needs a time zone (a FHIR instant): give an aware "
                         "datetime, e.g. datetime.now().astimezone()")
    created = printed.created or (made if printed.fresh else None)
    if created is not None and created.utcoffset() is not None:
        content["creation"] = created.astimezone(made.tzinfo).isoformat(timespec="seconds")
    if attachment == "inline":
        content["data"] = base64.b64encode(printed.pdf).decode("ascii")
    else:
        content["url"] = printed.file_name
    description = (f"{topic.title}: {kind} (review status: {status.replace('_', ' ')}, "
                   f"content version {content_version(topic)})")
    resource: dict[str, object] = {
        "resourceType": "DocumentReference",
        "language": WRITTEN_IN,
        "text": narrative(description),
        "status": "current",
        "docStatus": "final" if approved else "preliminary",
        "type": {"coding": [{"system": LOINC, "code": EDUCATION_NOTE[0], "display": EDUCATION_NOTE[1]}],
                 "text": kind},
        "category": [{"coding": [{"system": US_CORE_CATEGORY, "code": CLINICAL_NOTE[0],
                                   "display": CLINICAL_NOTE[1]}]}],
        "date": made.isoformat(timespec="seconds"),
        "description": description,
        "content": [{"attachment": content}],
    }
    if patient:
        resource["subject"] = {"reference": patient_reference(patient)}
    if printed.practice:
        resource["author"] = [{"display": printed.practice}]
    if approved and topic.review.reviewer:
        resource["authenticator"] = {"display": topic.review.reviewer}
    made_from = {"identifier": {"system": VERSION_SYSTEM, "value": content_identifier(topic)},
                 "display": f"{topic.title}, content version {content_version(topic)}"}
    resource["context"] = {**({"event": [{"coding": coded, "text": topic.condition.name}]} if coded else {}),
                           "related": [made_from]}
    return DocumentReference.model_validate(resource)


def binary(pdf: bytes, patient: str | None = None) -> Binary:
    """The PDF as a FHIR Binary, for a server that keeps documents apart from their DocumentReference
    (whose attachment then names it by URL, e.g. 'Binary/ID').

    With the patient's reference as its securityContext: a server decides who may read a Binary
    by that resource, so without one the handout printed with a patient's name is guarded by
    nothing of the patient's."""
    from fhir.resources.R4B.binary import Binary

    resource: dict[str, object] = {"resourceType": "Binary", "contentType": "application/pdf",
                                   "data": base64.b64encode(pdf).decode("ascii")}
    if patient:
        resource["securityContext"] = {"reference": patient_reference(patient)}
    return Binary.model_validate(resource)


def to_json(resource: DocumentReference | Binary) -> str:
    return resource.model_dump_json(exclude_none=True, indent=2) + "\n"
