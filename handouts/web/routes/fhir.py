"""Download a topic's document as a FHIR R4 DocumentReference, the PDF inside, to file in an EHR.

The plain document only (no personal details: a GET carries none), with the
PDF inline, so the one file is all an EHR's import needs. The EHR sets the
patient when it files it; nothing about a patient is taken here.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, request

from handouts import dates, documents
from handouts.fhir import Printed, document_reference, to_json
from handouts.models import Personalisation
from handouts.web import pages
from handouts.web.context import state
from handouts.web.routes.documents import cache_keys, filename, hand_out
from handouts.web.routes.documents import printed as audited
from handouts.web.words import gettext

bp = Blueprint("fhir", __name__)


@bp.get("/topics/<topic_id>/<any(patient, clinician):audience>/document-reference")
def document_reference_download(topic_id: str, audience: str) -> Response | tuple[str, int]:
    st = state()
    inputs = st.catalogue.inputs(topic_id)  # NotFound → 404, ContentError → 500 (the app's error pages)
    topic = inputs.topic
    language = "en"
    if audience == "patient":
        asked = request.args.get("language", "en")
        language = asked if asked in pages.languages(topic) else "en"
        if not topic.has_patient_text:
            return pages.error_page(400, gettext("No patient handout for this topic"), [
                gettext("This topic has no patient texts yet.")], back=f"/topics/{topic_id}")
    person = Personalisation(language=language) if language != "en" else None
    ctx = st.context().with_locale(language) if audience == "patient" else st.context()
    view = documents.build_view(audience, inputs, person, ctx)
    kind = "patient-handout" if audience == "patient" else "clinician-brief"
    # the same PDF as the document's own link: rendered in the pool, kept in the cache (no patient details)
    key = cache_keys(kind, inputs, person, language if audience == "patient" else None)("pdf")
    pdf = st.renderers.pdf(view, key).data
    hand_out(replace(audited(kind, topic.id, language, False), action="download"))
    name = filename(topic.id, audience, language)
    printed = Printed(pdf, audience, f"{view.frame.lang}-{view.frame.locale.region}", view.frame.metadata.title,
                      st.today(), name, view.frame.brand.name, made=dates.now(st.zone))
    body = to_json(document_reference(topic, printed, "inline"))
    response = Response(body, mimetype="application/fhir+json")
    response.headers["Content-Disposition"] = f'attachment; filename="{name.removesuffix(".pdf")}.fhir.json"'
    return response
