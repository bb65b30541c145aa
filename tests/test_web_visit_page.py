"""The visit page: "This visit" first, all / none per group, large print, a remembered letterhead (never the language).

Through Flask's test client, as a browser without scripts would use it; the
browser test (test_web_e2e.py) drives the same page with the keyboard and scripts.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from handouts.web import create_app
from pdfutil import pdf_reader
from webclient import app_fixtures, form_as_sent, raw_client

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 7, 14)
TOPIC = "/topics/leaky-gut"


app, client = app_fixtures(TODAY)


class Focusable(HTMLParser):
    """The page's Tab stops in document order (no positive tabindex is used anywhere)."""

    def __init__(self) -> None:
        super().__init__()
        self.stops: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("tabindex") == "-1" or "disabled" in a or a.get("type") == "hidden":
            return
        if tag == "a" and "href" in a or tag in ("input", "select", "textarea", "button"):
            self.stops.append(a.get("id") or a.get("href") or a.get("name") or tag)


def tab_stops(html: str) -> list[str]:
    parser = Focusable()
    parser.feed(html)
    return parser.stops


def ticked(html: str) -> set[str]:
    return set(re.findall(r'name="item" value="([^"]+)" id="[^"]+" checked', html))


def group_items(html: str, group: str) -> set[str]:
    block = html[html.index(f'id="group-{group}"'):]
    return set(re.findall(r'name="item" value="([^"]+)"', block[:block.index("</fieldset>")]))


def test_the_patients_name_is_the_third_tab_stop(client):
    stops = tab_stops(client.get(TOPIC).text)
    assert stops[:3] == ["#main", "/", "field-patient_name"], stops[:5]


def test_this_visit_comes_before_the_items(client):
    html = client.get(TOPIC).text
    order = [html.index(marker) for marker in ("<legend>This visit</legend>", 'id="field-patient_name"',
                                               'id="field-notes"', "What applies to this patient", 'name="item"',
                                               "<legend>Print options</legend>", 'value="print"')]
    assert order == sorted(order)


def test_each_group_has_all_and_none(client):
    html = client.get(TOPIC).text
    for group in ("helps", "avoid", "medicines"):
        assert f'value="{group}:all"' in html and f'value="{group}:none"' in html


def test_none_then_all_without_scripts_keeps_what_was_typed(client):
    typed = {"patient_name": "Jo Example", "notes": "Walk daily.", "visit_date": "2025-07-01",
             "item": ["soluble-fibre", "loperamide"], "large_print": "1"}
    page = client.post(TOPIC, data={**typed, "select": "helps:none"})
    assert page.status_code == 200
    assert ticked(page.text) == {"loperamide"}
    assert 'value="Jo Example"' in page.text and "Walk daily." in page.text and 'value="2025-07-01"' in page.text
    assert 'id="field-large_print" aria-describedby="hint-large_print" checked' in page.text
    page = client.post(TOPIC, data={**typed, "select": "helps:all"})
    helps = group_items(page.text, "helps")
    assert "soluble-fibre" in helps and len(helps) > 3
    assert ticked(page.text) == {*helps, "loperamide"}
    page = client.post(TOPIC, data={**typed, "select": "nonsense:all"})
    assert ticked(page.text) == {"soluble-fibre", "loperamide"}


def test_the_page_post_is_a_form_like_any_other(app):
    """Sending the page back needs the form's token too: another site cannot fill the form in."""
    response = raw_client(app).post(TOPIC, data={"select": "helps:none", "patient_name": "Jo Example"},
                                    headers={"Origin": "http://evil.example"})
    assert response.status_code == 403


def test_large_print_from_the_form(client):
    HELPS = sorted(group_items(client.get(TOPIC).text, "helps"))
    response = client.post(f"{TOPIC}/patient", data={"action": "download", "item": HELPS, "large_print": "1"})
    assert response.status_code == 200
    reader = pdf_reader(response.data)
    sizes: list[float] = []

    def visit(chunk, cm, tm, font, size):
        if chunk.startswith("The main thing to know"):
            sizes.append(round(size * abs(tm[3]) * abs(cm[3]), 1))

    reader.pages[0].extract_text(visitor_text=visit)
    assert sizes == [22.0]  # the first heading: 15 pt in the standard handout
    preview = client.post(f"{TOPIC}/patient", data={"action": "preview", "item": HELPS, "large_print": "1"})
    assert "/preview-assets/styles/large-print.css" in preview.text
    assert "pages when printed" in preview.text and "over its" not in preview.text  # its own page target
    assert client.get("/preview-assets/styles/large-print.css").status_code == 200
    plain = client.post(f"{TOPIC}/patient", data={"action": "preview", "item": HELPS})
    assert "large-print.css" not in plain.text


# -- the letterhead and the language, remembered by the browser ---------------------------

def cookies(response) -> dict[str, str]:
    return {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}


def test_the_letterhead_chosen_is_remembered_and_nothing_else(client):
    response = client.post(f"{TOPIC}/patient", data={"action": "preview", "brand": "riverside",
                                                     "patient_name": "Jo Example", "notes": "Walk daily."})
    set_cookies = cookies(response)
    assert set(set_cookies) == {"handouts-brand"}
    cookie = set_cookies["handouts-brand"]
    assert cookie.startswith("handouts-brand=riverside;")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Jo" not in cookie and "Walk" not in cookie
    page = client.get(TOPIC).text
    assert re.search(r'<option value="riverside" selected>', page)
    # a request that does not choose a letterhead gets the remembered one, and changes nothing
    plain = client.get(f"{TOPIC}/patient", query_string={"action": "preview"})
    assert "Riverside Family Practice" in plain.text
    assert not cookies(plain)
    assert "Riverside Family Practice" in client.get("/topics/leaky-gut/clinician?action=preview").text


def test_a_letterhead_that_is_gone_is_forgotten(client):
    client.set_cookie("handouts-brand", "no-such-brand")
    page = client.get(TOPIC).text
    assert re.search(r'<option value="default" selected>', page)
    assert client.get(f"{TOPIC}/patient", query_string={"action": "preview"}).status_code == 200


def test_the_diet_page_remembers_the_letterhead_too(client):
    client.post("/diets/trigger-foods/sheet", data={"action": "preview", "brand": "riverside"})
    assert re.search(r'<option value="riverside" selected>', client.get("/diets/trigger-foods").text)


@pytest.fixture
def bilingual(tmp_path):
    """The sample topic with its main text in English and Spanish."""
    text = (ROOT / "data" / "topics" / "leaky-gut.yaml").read_text(encoding="utf-8")

    assert "\n  es: " in text  # the sample carries Spanish (a draft translation) since issue 17
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / "leaky-gut.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_handout_language_starts_anew_for_each_visit(bilingual):
    """The handout's language is the patient's: a room computer's next visit form starts in the
    workspace's language, not in the one the last patient's handout printed in."""
    client = create_app(bilingual, today=lambda: TODAY).test_client()
    assert re.search(r'<option value="en" selected>', client.get(TOPIC).text)
    response = client.post(f"{TOPIC}/patient", data={"action": "preview", "language": "es"})
    assert "Lo más importante" in response.text
    assert "handouts-language" not in cookies(response)
    assert re.search(r'<option value="en" selected>', client.get(TOPIC).text)
    assert "Lo más importante" not in client.get(f"{TOPIC}/patient", query_string={"action": "preview"}).text


def test_the_form_does_not_say_the_browser_remembers_the_language(bilingual):
    """It said "This browser remembers the letterhead and language you print with": the language is the
    patient's and is never kept (prefs.py): each visit form starts anew."""
    page = re.sub(r"\s+", " ", create_app(bilingual, today=lambda: TODAY).test_client().get(TOPIC).text)
    assert "This browser remembers the letterhead you print with; nothing about the patient is kept." in page
    assert "language you print with" not in page


def test_a_language_an_earlier_version_remembered_is_ignored_and_deleted(bilingual):
    client = create_app(bilingual, today=lambda: TODAY).test_client()
    client.set_cookie("handouts-language", "es")
    assert re.search(r'<option value="en" selected>', client.get(TOPIC).text)
    response = client.post(f"{TOPIC}/patient", data={"action": "preview"})
    assert "Lo más importante" not in response.text
    assert cookies(response)["handouts-language"].startswith("handouts-language=;")  # expired
    assert client.get_cookie("handouts-language") is None


def test_a_spanish_workspace_starts_each_visit_form_in_spanish(bilingual):
    client = create_app(bilingual, today=lambda: TODAY, locale="es-MX").test_client()
    assert re.search(r'<option value="es" selected>', client.get(TOPIC).text)
    assert "Lo más importante" in client.get(f"{TOPIC}/patient", query_string={"action": "preview"}).text


@pytest.fixture
def spanish_letterhead(bilingual):
    """A US clinic serving Spanish speakers: its letterhead's locale is es-US, the workspace sets none."""
    text = (ROOT / "data" / "brands" / "riverside.yaml").read_text(encoding="utf-8")
    shutil.copytree(ROOT / "data" / "brands" / "riverside", bilingual / "brands" / "riverside")  # its logo
    (bilingual / "brands" / "latino.yaml").write_text(
        text.replace("id: riverside", "id: latino").replace("locale: en-US", "locale: es-US"), encoding="utf-8")
    return bilingual


def test_a_spanish_letterhead_starts_the_form_in_spanish_as_the_cli_prints(spanish_letterhead):
    """`handouts render leaky-gut --brand latino` prints Spanish: the form with that letterhead starts in
    Spanish too, and each letterhead says its language for the form's script to follow a change of it."""
    client = create_app(spanish_letterhead, brand="latino", today=lambda: TODAY).test_client()
    html = client.get(TOPIC).text
    assert re.search(r'<option value="es" selected>', html)
    assert re.search(r'<option value="latino" selected>', html)
    follows = re.search(r'<select id="field-brand" name="brand" data-languages=\'([^\']+)\'>', html)
    assert follows and json.loads(follows[1]) == {"default": "en", "harbourside": "en", "latino": "es",
                                                  "riverside": "en"}
    assert "Lo más importante" in client.get(f"{TOPIC}/patient", query_string={"action": "preview"}).text
    english = client.get(f"{TOPIC}/patient", query_string={"action": "preview", "brand": "riverside"}).text
    assert "Lo más importante" not in english
    client.post(f"{TOPIC}/patient", data={"action": "preview", "brand": "riverside", "language": "es"})
    assert re.search(r'<option value="en" selected>', client.get(TOPIC).text)  # the letterhead remembered


def test_a_spanish_letterhead_starts_the_diet_form_in_spanish_too(spanish_letterhead):
    client = create_app(spanish_letterhead, brand="latino", today=lambda: TODAY).test_client()
    html = client.get("/diets/trigger-foods").text
    assert re.search(r'<option value="es" selected>', html)
    assert re.search(r'name="brand" data-languages=\'\{[^\']*"latino": "es"', html)


def _lang(html: str) -> str | None:
    found = re.search(r'<html lang="([^"]+)"', html)
    return found[1] if found else None


@pytest.mark.parametrize(("start", "changed_to", "prints"), [("latino", "riverside", "en"), ("riverside", "latino", "es")])
def test_without_scripts_a_language_never_chosen_follows_the_letterhead_changed(spanish_letterhead, start, changed_to,
                                                                                prints):
    """A locked-down browser runs no script: changing the letterhead left the language as the first letterhead
    started it, and the Spanish clinic's handout printed in English (or the US one's in Spanish)."""
    client = create_app(spanish_letterhead, brand=start, today=lambda: TODAY).test_client()
    html = client.get(TOPIC).text
    for action in ("preview", "download"):
        sent = form_as_sent(html, "patient-form", action=action, brand=changed_to)
        response = client.post(f"{TOPIC}/patient", data=sent)
        assert response.status_code == 200
        if action == "preview":
            assert _lang(response.text) == prints
        else:
            assert response.headers["Content-Disposition"].endswith(f'-patient-{prints}.pdf"')
    # the form shown again without scripts (Tick all) shows the language it will print in, and keeps following
    again = client.post(TOPIC, data=form_as_sent(html, "patient-form", select="helps:all", brand=changed_to)).text
    assert re.search(rf'<option value="{prints}" selected>', again)
    assert f'<input type="hidden" name="language_follows" value="{changed_to}">' in again
    back = client.post(f"{TOPIC}/patient", data=form_as_sent(again, "patient-form", action="preview", brand=start))
    assert _lang(back.text) == ("es" if start == "latino" else "en")


def test_a_language_the_clinician_chose_stays_whatever_the_letterhead(spanish_letterhead):
    client = create_app(spanish_letterhead, brand="riverside", today=lambda: TODAY).test_client()
    html = client.get(TOPIC).text
    assert '<input type="hidden" name="language_follows" value="riverside">' in html
    assert "Unless you choose one, it prints in the letterhead's language." in unescape(html)
    for brand in ("harbourside", "latino", "riverside"):
        sent = form_as_sent(html, "patient-form", action="preview", brand=brand, language="es")
        assert _lang(client.post(f"{TOPIC}/patient", data=sent).text) == "es"
    # the form shown again with a problem keeps the choice, and follows no more
    sent = form_as_sent(html, "patient-form", action="download", brand="harbourside", language="es",
                        visit_date="14/07/2025")
    again = client.post(f"{TOPIC}/patient", data=sent)
    assert again.status_code == 400 and "is not a date" in again.text
    assert re.search(r'<option value="es" selected>', again.text) and "language_follows" not in again.text
    # a link's language is chosen too
    assert "language_follows" not in client.get(TOPIC, query_string={"language": "es"}).text


def test_without_scripts_the_diet_forms_language_follows_the_letterhead_too(spanish_letterhead):
    client = create_app(spanish_letterhead, brand="latino", today=lambda: TODAY).test_client()
    html = client.get("/diets/trigger-foods").text
    assert "Unless you choose one, it prints in the letterhead's language." in unescape(html)
    sent = form_as_sent(html, "diet-form", action="preview", brand="riverside")
    assert _lang(client.post("/diets/trigger-foods/sheet", data=sent).text) == "en"
    sent = form_as_sent(html, "diet-form", action="preview", brand="riverside", language="en")  # chosen
    assert _lang(client.post("/diets/trigger-foods/sheet", data=sent).text) == "en"
    english = client.get("/diets/trigger-foods", headers={"Cookie": "handouts-brand=riverside"}).text
    sent = form_as_sent(english, "diet-form", action="preview", brand="harbourside", language="es")  # chosen
    assert _lang(client.post("/diets/trigger-foods/sheet", data=sent).text) == "es"
    # the form shown again with a problem says the language it will print in
    sent = form_as_sent(html, "diet-form", action="download", brand="riverside", start_date="1/7")
    again = client.post("/diets/trigger-foods/sheet", data=sent)
    assert again.status_code == 400
    assert re.search(r'<option value="en" selected>', again.text)
    assert '<input type="hidden" name="language_follows" value="riverside">' in again.text


def test_the_workspace_locale_beats_the_letterheads_in_the_form_as_on_the_command_line(spanish_letterhead):
    client = create_app(spanish_letterhead, brand="latino", today=lambda: TODAY, locale="en-US").test_client()
    assert re.search(r'<option value="en" selected>', client.get(TOPIC).text)


def test_follow_up_after_the_visit_is_offered_to_scripts_only(client):
    """The buttons that set the follow-up date need the page's script: without it they stay hidden
    (and the date is typed). Each button's name holds the words it shows (WCAG 2.5.3), in the page's language."""
    html = client.get(TOPIC).text
    block = html[html.index("data-follow-up-after"):]
    block = block[:block.index("</p>")]
    assert re.search(r'data-today="2025-07-14" hidden>', block)
    buttons = re.findall(r'data-after="(\w+)" aria-label="([^"]+)">([^<]+)</button>', block)
    assert [(after, shown) for after, _, shown in buttons] == [
        ("2w", "2 weeks"), ("4w", "4 weeks"), ("3m", "3 months"), ("6m", "6 months")]
    assert all(shown in name for _, name, shown in buttons)
    spanish = client.get(TOPIC + "?hl=es").text
    assert 'aria-label="Fecha de seguimiento: 3 meses después de la visita">3 meses</button>' in spanish


NEW_PATIENT = re.compile(r'<a class="button secondary" href="(?P<href>[^"]*)" aria-describedby="new-patient-hint" '
                         r'data-new-patient>(?P<text>[^<]*)</a>')


@pytest.mark.parametrize("page", [TOPIC, "/diets/low-fodmap"])
def test_new_patient_is_a_tab_stop_after_the_forms_buttons_and_leads_to_a_fresh_form(client, page):
    """On a shared room computer the next patient starts from nothing: a plain link to the form's own page
    (no patient detail in it), after Download and Print, described by its hint."""
    html = client.get(page).text
    found = NEW_PATIENT.search(html)
    assert found and found["href"] == page and found["text"] == "New patient"
    stops = tab_stops(html)
    assert stops.index(page) > stops.index("action")  # after the form's buttons, Download among them
    assert 'id="new-patient-hint">New patient empties the form and the preview' in html
    assert client.get(found["href"]).status_code == 200


def test_new_patient_after_a_form_sent_back_leads_to_an_empty_one(client):
    """A form sent back with a problem holds the last patient's name as its value (a reset would keep it):
    New patient is the page's own address, and that page is empty."""
    sent_back = client.post(f"{TOPIC}/patient", data={"action": "download", "patient_name": "Ann Example",
                                                      "visit_date": "2025-07-14", "follow_up": "2025-07-01"})
    assert sent_back.status_code == 400 and 'value="Ann Example"' in sent_back.text
    href = NEW_PATIENT.search(sent_back.text)["href"]
    assert href == TOPIC and "Ann" not in href
    assert "Ann Example" not in client.get(href).text


def test_new_patient_in_spanish(client):
    html = client.get(TOPIC, query_string={"hl": "es"}).text
    assert NEW_PATIENT.search(html)["text"] == "Nuevo paciente"
    assert "Nuevo paciente vacía el formulario y la vista previa" in html


def test_the_script_puts_the_patient_away_before_new_patient_replaces_the_page():
    script = (ROOT / "handouts" / "web" / "static" / "app.js").read_text(encoding="utf-8")
    handler = script[script.index('querySelectorAll("a[data-new-patient]")'):]
    handler = handler[:handler.index("});\n});")]
    assert "forgetPatients();" in handler and "closePrintTab();" in handler
    assert 'location.replace(link.getAttribute("href"))' in handler  # no history entry left for Back


def test_patient_fields_are_not_remembered_and_the_pdf_address_carries_nothing(client):
    html = client.get(TOPIC).text
    form = re.search(r'<form method="post" action="(?P<action>[^"]*)" id="patient-form" autocomplete="off"', html)
    assert form and form["action"] == f"{TOPIC}/patient"  # the details travel in the POST body only
    for name in ("patient_name", "clinician", "notes"):
        assert re.search(rf'name="{name}"[^>]*autocomplete="off"', html), name
