"""The web app's routes, through Flask's test client: pages, documents, errors, headers."""

from __future__ import annotations

import logging
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from handouts.errors import UsageError
from handouts.web import create_app
from pdfutil import pdf_reader, text as pdf_text
from webclient import app_fixtures

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 7, 14)
TOPIC = "/topics/leaky-gut"


app, client = app_fixtures(TODAY)


def offered(html: str) -> list[str]:
    return re.findall(r'name="item" value="([^"]+)"', html)


def form(**fields):
    """A full form as the topic page sends it: every item ticked unless told otherwise."""
    data = {"action": "download", "item": [i for i in offered_ids()], "visit_date": TODAY.isoformat()}
    data.update(fields)
    return data


_OFFERED: list[str] = []


def offered_ids() -> list[str]:
    if not _OFFERED:
        _OFFERED.extend(offered(create_app(today=lambda: TODAY).test_client().get(TOPIC).text))
    return list(_OFFERED)


# -- topic list and search ---------------------------------------------------

def test_index_lists_the_sample_topic(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'href="/topics/leaky-gut"' in page.text
    assert "DRAFT" in page.text  # the sample is under review


@pytest.mark.parametrize("query", ["leaky", "Leaky Gut", "permeability", "hyperpermeability", "gut syndrome"])
def test_search_by_title_condition_and_alias(client, query):
    page = client.get("/", query_string={"q": query})
    assert 'href="/topics/leaky-gut"' in page.text


def test_search_without_match(client):
    page = client.get("/", query_string={"q": "asthma"})
    assert page.status_code == 200
    assert "leaky-gut" not in page.text
    assert "No topic matches" in page.text


# -- the topic page ----------------------------------------------------------

def test_topic_page_offers_the_handouts_items_all_ticked(client):
    html = client.get(TOPIC).text
    ids = offered(html)
    from handouts import documents
    from handouts.context import Context

    view = documents.build_view("patient", documents.topic_inputs("leaky-gut"), None, Context.default(TODAY))
    assert ids == [item.id for item in (*view.helps, *view.avoid, *view.medicines)]
    assert "loperamide" in ids
    # clinician-only and unsupported items are never offered
    for hidden in ("mediterranean-diet", "diphenoxylate", "glutamine-dose", "octreotide"):
        assert f'value="{hidden}"' not in html
    assert html.count('name="item"') == html.count(" checked")


def test_prescription_items_show_their_dose_to_the_clinician_only(client):
    html = client.get(TOPIC).text
    block = html[html.index('id="dose-loperamide"'):][:600]
    assert "not printed on the handout" in block
    assert "4\u00a0to 12\u00a0mg by mouth, per day" in block  # via format_dose, kept whole at a line's end
    assert 'aria-describedby="dose-loperamide"' in html


def test_topic_page_fields_are_labelled(client):
    html = client.get(TOPIC).text
    ids = re.findall(r'<(?:input|textarea|select)[^>]*\bid="([^"]+)"', html)
    assert {"field-patient_name", "field-clinician", "field-visit_date", "field-follow_up", "field-notes"} <= set(ids)
    for field_id in ids:
        assert f'<label for="{field_id}"' in html, field_id
    assert 'value="2025-07-14"' in html  # visit date defaults to today
    assert 'maxlength="120"' in html  # a name: what a browser cuts at it is no loss
    assert 'Up to 2000 characters.' in html and not re.search(r'<textarea[^>]*maxlength', html)  # see below


def test_brand_choice_and_language_choice_with_its_draft_translation(client):
    html = client.get(TOPIC).text
    assert 'name="brand"' in html and "Riverside Family Practice" in html
    assert 'name="language"' in html and '<option value="es"' in html
    assert "Español (draft translation)" in html  # the Spanish awaits a medical translator's review
    assert 'name="also" value="en"' in html


def test_unknown_topic_is_404(client):
    page = client.get("/topics/no-such-topic")
    assert page.status_code == 404
    assert "There is no topic &#39;no-such-topic&#39;" in page.text
    assert "Traceback" not in page.text


@pytest.mark.parametrize("url", ["/topics/../pyproject", "/topics/LEAKY-GUT", "/topics/leaky-gut/nope"])
def test_odd_addresses_are_404(client, url):
    assert client.get(url).status_code == 404


# -- the patient handout ------------------------------------------------------

def test_download_personalised_pdf(client):
    unticked = "soluble-fibre"
    response = client.post(f"{TOPIC}/patient", data=form(
        item=[i for i in offered_ids() if i != unticked],
        patient_name="Jo Example", clinician="Dr. Lee", notes="Bring your food diary.\nWalk daily.",
        follow_up="2025-08-11", brand="riverside"))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="leaky-gut-patient-en.pdf"'
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data)
    for expected in ("Jo Example", "Dr. Lee", "Bring your food diary.", "Walk daily.", "August 11, 2025",
                     "Riverside Family Practice", "Eat more plant foods"):
        assert expected in text, expected
    assert "Eat more soluble fiber" not in text  # unticked (the content is en-US: "fibre" was never there)
    assert "4 to 12 mg" not in text  # a prescription dose never reaches the handout


def test_filename_never_has_the_patients_name_nor_a_date(client):
    """A downloaded file's name stays in the Downloads folder and the browser's history, outside the PDF."""
    response = client.post(f"{TOPIC}/patient", data=form(patient_name="Jo Example", visit_date="2025-07-01",
                                                         language="es"))
    disposition = response.headers["Content-Disposition"]
    assert "Jo" not in disposition and "2025" not in disposition
    assert disposition == 'attachment; filename="leaky-gut-patient-es.pdf"'


@pytest.mark.parametrize("method, path, fields", [
    ("get", f"{TOPIC}/patient", {}),
    ("get", f"{TOPIC}/clinician", {}),
    ("get", f"{TOPIC}/clinician", {"summary": "1"}),
    ("get", "/diets/trigger-foods/sheet", {}),
    ("post", "/diets/trigger-foods/sheet", {"start_date": "2025-07-01", "follow_up": "2025-07-29"}),
    ("post", "/diets/trigger-foods/customisation", {"start_date": "2025-07-01", "follow_up": "2025-07-29"}),
    ("get", f"{TOPIC}/patient/document-reference", {}),
], ids=["plain handout", "brief", "brief summary", "blank diet sheet", "diet sheet", "customisation", "fhir"])
def test_no_download_names_a_date(client, method, path, fields):
    """Neither the patient's dates nor the day it was printed (which says when a patient was seen)."""
    data = {"action": "download", **fields}
    response = client.get(path, query_string=data) if method == "get" else client.post(path, data=data)
    assert response.status_code == 200, response.text[:300]
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert not re.search(r"\d{4}|07-01|07-14", disposition), disposition


def test_print_is_inline(client):
    response = client.post(f"{TOPIC}/patient", data=form(action="print"))
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline;")


def test_nothing_ticked_prints_no_items(client):
    response = client.post(f"{TOPIC}/patient", data=form(item=[]))
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Add fruit, vegetables" not in text
    assert "When to get help" in text  # the safety net always prints


def test_preview_is_html_with_restricted_assets(client):
    response = client.post(f"{TOPIC}/patient", data=form(action="preview", brand="riverside", notes="See you soon."))
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.text
    assert "See you soon." in html
    assert "file:" not in html  # the browser gets the logo through the app
    assert 'src="/preview-assets/brand/riverside/logo"' in html
    for href in ("/preview-assets/fonts.css", "/preview-assets/styles/base.css",
                 "/preview-assets/styles/patient.css", "/preview-assets/brand/riverside.css"):
        assert f'href="{href}"' in html
        assert client.get(href).status_code == 200
    assert client.get("/preview-assets/brand/riverside/logo").mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "no-store"
    # the pictograms: the figures' files and the stylesheet's url(icons/...) both resolve through the app
    icons = set(re.findall(r'src="(/preview-assets/styles/icons/[a-z-]+\.svg)"', html))
    assert len(icons) >= 4, icons
    for url in icons | {"/preview-assets/styles/icons/eat.svg"}:
        reply = client.get(url)
        assert reply.status_code == 200 and reply.mimetype == "image/svg+xml", url
        assert "sandbox" in reply.headers["Content-Security-Policy"]
    assert client.get("/preview-assets/styles/icons/nope.svg").status_code == 404
    assert client.get("/preview-assets/styles/icons/..%2Fpatient.css.svg").status_code == 404


def test_preview_says_how_many_pages_the_print_takes(client):
    """Said before anyone prints: past the handout's 2-page target, as a warning."""
    short = client.post(f"{TOPIC}/patient", data=form(action="preview", brand="riverside")).text
    assert '<p class="preview-pages" role="status">2 pages when printed.</p>' in short
    notes = "\n".join(["Try one change at a time for two weeks.", "Bring your food diary to the next visit.",
                       "Call us if the belly pain comes back."] * 3)  # past what fewer write-in lines save
    long = client.post(f"{TOPIC}/patient", data=form(action="preview", brand="riverside", notes=notes,
                                                      patient_name="Jo Example", clinician="Dr. Lee")).text
    assert '<p class="preview-pages over" role="alert"><strong>3 pages</strong> when printed' in long
    assert "over its 2-page target" in long


def test_preview_escapes_what_was_typed(client):
    html = client.post(f"{TOPIC}/patient", data=form(action="preview", notes="<script>alert(1)</script>")).text
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_plain_handout_by_get(client):
    response = client.get(f"{TOPIC}/patient", query_string={"action": "preview"})
    assert response.status_code == 200
    assert "What you can do" in response.text


def test_personal_details_in_an_address_are_refused(client):
    response = client.get(f"{TOPIC}/patient", query_string={"patient_name": "Jo Example", "action": "download"})
    assert response.status_code == 400
    assert "Jo Example" not in response.text
    assert "form" in response.text


# -- bad input: a page that says what is wrong --------------------------------

@pytest.mark.parametrize(("fields", "says"), [
    ({"item": ["polyphenol-rich-diet", "no-such-item"]}, "&#39;no-such-item&#39; is not an item"),
    ({"item": ["diphenoxylate"]}, "&#39;diphenoxylate&#39; is not an item"),  # clinician-only
    ({"notes": "x" * 2001}, "Notes for the patient: 2001 characters; at most 2000"),
    ({"patient_name": "y" * 121}, "Patient&#39;s name: 121 characters; at most 120"),
    ({"visit_date": "2025-02-30"}, "Visit date: there is no day &#39;2025-02-30&#39; in the calendar; check the day "
                                   "and the month"),
    ({"visit_date": "14/07/2025"}, "Visit date: &#39;14/07/2025&#39; is not a date"),
    ({"follow_up": "2025-07-01"}, "Follow-up date: the follow-up date is before the visit date"),
    ({"brand": "nope"}, "Practice: there is no choice &#39;nope&#39;"),
    ({"language": "xx"}, "Language: &#39;xx&#39; is not a code handouts knows for a language"),
    ({"language": "<b>"}, "Language: there is no such choice."),  # markup is never quoted back
    ({"action": "fax"}, "Action: there is no choice &#39;fax&#39;"),
])
def test_bad_form_input_is_400_with_the_reason(client, fields, says):
    response = client.post(f"{TOPIC}/patient", data=form(**fields))
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert says in response.text
    assert "Traceback" not in response.text


def test_a_failed_download_shows_the_form_again_as_typed(client):
    response = client.post(f"{TOPIC}/patient", data=form(
        item=["probiotics"], notes="Keep this note", visit_date="not-a-date", clinician="Dr. Lee"))
    assert response.status_code == 400
    html = response.text
    assert 'id="patient-form"' in html
    assert ">Keep this note</textarea>" in html
    assert 'value="Dr. Lee"' in html
    assert 'id="field-visit_date" name="visit_date" value="not-a-date" aria-describedby="error-visit_date" aria-invalid="true"' in html
    assert re.search(r'value="probiotics" id="item-probiotics" checked', html)
    assert not re.search(r'value="soluble-fibre" id="item-soluble-fibre" checked', html)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_failed_preview_shows_the_problem_alone(client):
    response = client.post(f"{TOPIC}/patient", data=form(action="preview", visit_date="2025-13-01"))
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert 'id="patient-form"' not in response.text


def test_unknown_topic_by_post_is_404(client):
    response = client.post("/topics/nothing/patient", data=form())
    assert response.status_code == 404


def test_too_large_a_form_is_refused(client):
    response = client.post(f"{TOPIC}/patient", data=form(notes="z" * 70_000))
    assert response.status_code == 413
    assert "too large" in response.text


def test_the_app_keeps_serving_after_errors(client):
    assert client.post(f"{TOPIC}/patient", data=form(visit_date="bad")).status_code == 400
    assert client.get("/topics/nope").status_code == 404
    assert client.post(f"{TOPIC}/patient", data=form()).status_code == 200


def test_an_unexpected_failure_is_a_plain_500_and_logs_no_details(client, monkeypatch, caplog):
    from handouts import documents

    def broken(*args, **kwargs):
        raise RuntimeError("Jo Example's secret note")

    monkeypatch.setattr(documents, "render", broken)
    with caplog.at_level(logging.DEBUG):
        response = client.post(f"{TOPIC}/patient", data=form(patient_name="Jo Example"))
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "secret" not in response.text and "Traceback" not in response.text
    assert "secret" not in caplog.text and "Jo Example" not in caplog.text
    assert "RuntimeError" in caplog.text
    monkeypatch.undo()
    assert client.post(f"{TOPIC}/patient", data=form()).status_code == 200


# -- the clinician brief ------------------------------------------------------

def test_clinician_brief_download_and_print(client):
    response = client.get(f"{TOPIC}/clinician", query_string={"action": "download", "brand": "riverside"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="leaky-gut-clinician-en.pdf"'
    text = pdf_text(response.data)
    assert "4 to 12 mg" in text and "Riverside Family Practice" in text
    inline = client.get(f"{TOPIC}/clinician", query_string={"action": "print"})
    assert inline.headers["Content-Disposition"].startswith("inline;")


def test_clinician_brief_first_page_only(client):
    page = client.get(TOPIC).text
    assert 'name="summary" value="1" id="field-summary"' in page and '<label for="field-summary">' in page
    response = client.get(f"{TOPIC}/clinician", query_string={"action": "download", "summary": "1"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="leaky-gut-clinician-summary-en.pdf"')
    reader = pdf_reader(response.data)
    assert len(reader.pages) == 1
    text = pdf_text(response.data)
    assert "At a glance" in text and "Details and evidence" not in text and "4 to 12 mg" not in text


def test_clinician_brief_preview(client):
    response = client.get(f"{TOPIC}/clinician", query_string={"action": "preview"})
    assert response.status_code == 200
    assert 'href="/preview-assets/styles/clinician.css"' in response.text


def test_clinician_brief_unknown_brand_is_400(client):
    response = client.get(f"{TOPIC}/clinician", query_string={"action": "download", "brand": "nope"})
    assert response.status_code == 400
    assert "there is no choice" in response.text


# -- headers ------------------------------------------------------------------

def test_security_headers_on_pages(client):
    response = client.get(TOPIC)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'self'" in csp
    assert "http" not in csp  # nothing external
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_use_nothing_external_and_no_inline_script_or_style(client):
    html = client.get(TOPIC).text
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_pdf_has_no_csp_but_keeps_the_rest(client):
    response = client.post(f"{TOPIC}/patient", data=form())
    assert "Content-Security-Policy" not in response.headers  # Chrome's PDF viewer breaks under one
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_static_files_may_be_cached(client):
    response = client.get("/static/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


# -- preview assets: a fixed list, nothing else -------------------------------

@pytest.mark.parametrize("url", [
    "/preview-assets/styles/patient.html.j2",
    "/preview-assets/styles/..%2Fpyproject.toml",
    "/preview-assets/fonts/OFL.txt",
    "/preview-assets/fonts/..%2F..%2F__init__.py",
    "/preview-assets/brand/default/logo",  # the default brand has no logo
    "/preview-assets/brand/nope/logo",
    "/preview-assets/brand/nope.css",
])
def test_preview_assets_refuse_anything_else(client, url):
    assert client.get(url).status_code == 404


def test_logo_cannot_run_anything(client):
    response = client.get("/preview-assets/brand/riverside/logo")
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_fonts_are_served(client):
    css = client.get("/preview-assets/fonts.css").text
    for url in re.findall(r"url\('([^']+)'\)", css):
        assert client.get(url).status_code == 200


# -- another data folder ------------------------------------------------------

@pytest.fixture
def data_dir(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "brands", data / "brands")
    (data / "topics").mkdir()
    shutil.copy(ROOT / "data" / "topics" / "leaky-gut.yaml", data / "topics")
    return data


def test_broken_topic_is_listed_and_explained(data_dir):
    (data_dir / "topics" / "broken.yaml").write_text("id: broken\ntitle: Broken\nquestion: [\n", encoding="utf-8")
    client = create_app(data_dir, today=lambda: TODAY).test_client()
    index = client.get("/")
    assert "broken" in index.text and "has problems" in index.text
    page = client.get("/topics/broken")
    assert page.status_code == 500
    assert "broken.yaml" in page.text
    assert "Traceback" not in page.text
    assert client.get("/topics/leaky-gut").status_code == 200


def test_edited_topic_is_reloaded(data_dir):
    client = create_app(data_dir, today=lambda: TODAY).test_client()
    assert "Leaky gut syndrome" in client.get("/").text
    path = data_dir / "topics" / "leaky-gut.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Leaky gut syndrome", "title: Leaky gut (edited)"),
                    encoding="utf-8")
    assert "Leaky gut (edited)" in client.get("/").text


def test_draft_topic_without_patient_texts_offers_the_brief_only(data_dir):
    path = data_dir / "topics" / "leaky-gut.yaml"
    text = path.read_text(encoding="utf-8").replace("status: under_review", "status: draft")
    text = re.sub(r"\nabout:(?: >-)?\n(?:  .*\n)+", "\n", text)
    (data_dir / "topics" / "leaky-gut.yaml").write_text(text, encoding="utf-8")
    client = create_app(data_dir, today=lambda: TODAY).test_client()
    page = client.get("/topics/leaky-gut")
    assert page.status_code == 200
    assert 'id="patient-form"' not in page.text
    assert "not ready for patients" in page.text
    assert "/topics/leaky-gut/clinician" in page.text
    assert client.post("/topics/leaky-gut/patient", data={"action": "download"}).status_code == 400


def test_unknown_default_brand_or_data_folder(tmp_path, data_dir):
    with pytest.raises(UsageError, match="no brand 'nope'"):
        create_app(data_dir, "nope")
    with pytest.raises(UsageError, match="has none of the folders topics/"):
        create_app(tmp_path)


def test_untrusted_host_is_refused_when_bound_locally(data_dir):
    client = create_app(data_dir, trusted_hosts=["localhost", "127.0.0.1"]).test_client()
    assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400


def test_topic_page_ignores_an_unknown_language(client):
    assert client.get(TOPIC, query_string={"language": "<zz>"}).status_code == 200
