"""A form that comes back with problems, as a screen reader and a keyboard meet it (WCAG 2.2: 2.4.2, 3.3.1, 1.3.1).

The page's title says there is an error; the summary takes the focus when the page loads;
each of its links leads to something on the page; each field with a problem says it next
to the field and names it as its description. Read from the HTML with the stdlib parser.
"""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest

from handouts import users
from handouts.users import UserFile
from handouts.web import create_app
from handouts.web.auth import Login
from webclient import app_fixtures

TODAY = date(2026, 1, 15)
TOPIC = "/topics/leaky-gut"
PLAN = "/diets/low-fodmap"

app, client = app_fixtures(TODAY)


class Page(HTMLParser):
    """The title, every element's attributes by id, every in-page link, and each id's text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.ids: dict[str, dict[str, str]] = {}
        self.text: dict[str, str] = {}
        self.links: list[tuple[str, str]] = []  # (target id, link text)
        self.autofocus: list[str] = []
        self._in_title = False
        self._open: list[str | None] = []  # the id of each open element, None if it has none
        self._link: str | None = None
        self._link_text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "autofocus" in a:
            self.autofocus.append(a.get("id", tag))
        if tag == "title":
            self._in_title = True
        if tag == "a" and a.get("href", "").startswith("#"):
            self._link, self._link_text = a["href"][1:], ""
        if "id" in a:
            self.ids[a["id"]] = {"tag": tag, **a}
            self.text.setdefault(a["id"], "")
        if tag not in ("input", "meta", "link", "br", "img"):
            self._open.append(a.get("id"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "a" and self._link is not None:
            self.links.append((self._link, self._link_text.strip()))
            self._link = None
        if self._open and tag not in ("input", "meta", "link", "br", "img"):
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._link is not None:
            self._link_text += data
        for open_id in self._open:
            if open_id:
                self.text[open_id] += data

    def described_by(self, element_id: str) -> str:
        """The text a screen reader reads as the element's description."""
        names = self.ids[element_id].get("aria-describedby", "").split()
        return " ".join(" ".join(self.text[name].split()) for name in names)


def _problem_links(page: Page) -> list[tuple[str, str]]:
    return [(target, text) for target, text in page.links if target != "main"]  # not the skip link


def test_the_title_says_error_only_when_the_form_came_back_with_problems(client):
    fresh = Page(client.get(TOPIC).text)
    wrong = Page(client.post(f"{TOPIC}/patient", data={"action": "download", "visit_date": "2026-02-30"}).text)
    assert fresh.title == "Leaky gut syndrome · Handouts"
    assert wrong.title == "Error: Leaky gut syndrome · Handouts"
    diet = Page(client.post(f"{PLAN}/sheet", data={"action": "download", "start_date": "soon"}).text)
    assert diet.title.startswith("Error: ") and "FODMAP" in diet.title


def test_the_summary_takes_the_focus_and_a_fresh_form_takes_none(client):
    assert Page(client.get(TOPIC).text).autofocus == []
    page = Page(client.post(f"{TOPIC}/patient", data={"action": "download", "visit_date": "2026-02-30"}).text)
    assert page.autofocus == ["problems"]
    assert page.ids["problems"]["tabindex"] == "-1"  # focusable by script and autofocus, not a Tab stop


@pytest.mark.parametrize(("field", "value"), [("visit_date", "2026-02-30"), ("follow_up", "tomorrow"),
                                              ("notes", "n" * 2100), ("patient_name", "p" * 130)])
def test_a_field_with_a_problem_says_it_beside_itself(client, field, value):
    data = {"action": "download", "visit_date": TODAY.isoformat(), field: value}
    page = Page(client.post(f"{TOPIC}/patient", data=data).text)
    links = _problem_links(page)
    assert [target for target, _ in links] == [f"field-{field}"]
    control = page.ids[f"field-{field}"]
    assert control.get("aria-invalid") == "true"
    assert links[0][1] in page.described_by(f"field-{field}")  # the summary's words, read with the field


def test_every_mistake_comes_back_at_once_top_down_in_the_pages_language_as_typed(client):
    """A name too long, a follow-up before the visit and a note with markup, on a Spanish page: both problems
    are listed, in the form's order (the first link leads to the first field with one), in Spanish, each
    beside its field; what was typed is kept, the note's markup as text."""
    data = {"action": "download", "patient_name": "p" * 130, "visit_date": TODAY.isoformat(),
            "follow_up": "2026-01-01", "notes": "<b>Take</b> it"}
    client.get("/?hl=es")
    html = client.post(f"{TOPIC}/patient", data=data).text
    page = Page(html)
    assert _problem_links(page) == [
        ("field-patient_name", "Nombre del paciente: 130 caracteres; caben 120 como máximo."),
        ("field-follow_up", "Fecha de seguimiento: la fecha de seguimiento es anterior a la fecha de la visita."),
    ]
    for field in ("patient_name", "follow_up"):
        assert page.ids[f"field-{field}"].get("aria-invalid") == "true"
    assert page.ids["field-patient_name"]["value"] == "p" * 130
    assert page.ids["field-follow_up"]["value"] == "2026-01-01"
    assert page.text["field-notes"] == "<b>Take</b> it"
    assert "&lt;b&gt;Take&lt;/b&gt; it</textarea>" in html


def test_the_recommendations_fieldset_is_described_by_its_problem(client):
    page = Page(client.post(f"{TOPIC}/patient", data={"action": "download", "visit_date": TODAY.isoformat(),
                                                       "item": "not-an-item"}).text)
    [(target, text)] = _problem_links(page)
    assert target == "field-item" and page.ids[target]["tag"] == "fieldset"
    assert text in page.described_by("field-item")
    assert "aria-invalid" not in page.ids[target]  # not a state ARIA gives a group


@pytest.mark.parametrize(("path", "control", "hint"), [
    (TOPIC, "field-item", "Untick what does not apply: it is left off the handout."),
    (TOPIC, "field-language", "A draft translation is not yet reviewed by a qualified medical translator"),
    (PLAN, "field-allergies", "Always left out, never suggested as a swap, never brought back."),
    (PLAN, "field-language", "A draft translation is not yet reviewed by a qualified medical translator"),
])
def test_a_hint_beside_a_control_is_read_with_it(client, path, control, hint):
    """A screen reader tabbing through the form reads a control's label and its description, not the
    text around it: what unticking an item does, what an allergy means, and that a draft translation
    prints marked were printed beside their controls but never read with them."""
    assert hint in Page(client.get(path).text).described_by(control)


def test_a_hint_and_a_problem_are_both_read_with_their_control(client):
    page = Page(client.post(f"{TOPIC}/patient", data={"action": "download", "visit_date": TODAY.isoformat(),
                                                       "item": "not-an-item"}).text)
    [(_, problem)] = _problem_links(page)
    described = page.described_by("field-item")
    assert problem in described and "Untick what does not apply" in described


@pytest.mark.parametrize("data", [
    {"start_date": "soon"},
    {"start_date": "2025-09-01", "phase_lengths": "a while"},
    {"start_date": "2025-09-01", "allergies": "unobtainium"},
    {"start_date": "2025-09-01", "more": "not what the page sent"},  # the hidden field: no field to show
    {"start_date": "2025-09-01", "more": '{"extra_foods": [{"name": "Kale chips", "group": "no-such-group"}]}'},
])
def test_every_link_in_the_diet_summary_leads_somewhere_on_the_page(client, data):
    """A problem with no field of its own on the page (the hidden field of a loaded file, a food's group)
    linked to '#field-more' or '#field-extra_foods', which are not there: the link did nothing."""
    response = client.post(f"{PLAN}/sheet", data={"action": "download", **data})
    assert response.status_code == 400
    page = Page(response.text)
    links = _problem_links(page)
    assert links
    for target, text in links:
        assert target in page.ids, (target, text)
        if page.ids[target]["tag"] in ("input", "select", "textarea", "fieldset"):
            assert text in page.described_by(target), (target, text)
        elif target.startswith("field-"):  # the settings loaded from a file: said in their box
            assert text in " ".join(page.text[target].split()), (target, text)


def test_a_file_that_cannot_be_loaded_is_named_at_the_file_field(client):
    page = Page(client.post(f"{PLAN}/load", data={}).text)
    [(target, text)] = _problem_links(page)
    assert target == "field-file" and page.ids[target].get("aria-invalid") == "true"
    assert text in page.described_by("field-file")


def test_a_failed_sign_in_says_error_in_the_title(tmp_path):
    path = tmp_path / "users.txt"
    users.add(path, "alice", "correct horse battery")
    signed = create_app(login=Login(UserFile(path)), today=lambda: TODAY).test_client()
    assert Page(signed.get("/login").text).title == "Sign in · Handouts"
    failed = signed.post("/login", data={"name": "alice", "password": "wrong horse", "next": TOPIC})
    assert failed.status_code == 401
    assert Page(failed.text).title == "Error: Sign in · Handouts"


class Controls(HTMLParser):
    """Every control a keyboard reaches, every label's `for`, every id (with repeats) and every aria-describedby."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.ids: list[str] = []
        self.described: list[str] = []
        self.tabindex: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        if "aria-describedby" in a:
            self.described += a["aria-describedby"].split()
        if "tabindex" in a:
            self.tabindex.append(a["tabindex"])
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append({"tag": tag, **a})


@pytest.mark.parametrize("path", ["/", TOPIC, PLAN, f"{TOPIC}?hl=es", f"{PLAN}?hl=es"])
def test_every_control_has_its_label_and_the_tab_order_is_the_pages(client, path):
    """Keyboard only: each field is named by a label tied to it (for/id) or its own aria-label, nothing jumps
    the page's order (no positive tabindex), and every description a control names is on the page, once."""
    page = Controls(client.get(path).text)
    assert page.controls
    for control in page.controls:
        assert control.get("id") in page.label_for or control.get("aria-label"), control
    assert all(int(value) <= 0 for value in page.tabindex), page.tabindex
    assert len(page.ids) == len(set(page.ids)), sorted(i for i in page.ids if page.ids.count(i) > 1)
    assert set(page.described) <= set(page.ids), set(page.described) - set(page.ids)


@pytest.mark.parametrize("path", [TOPIC, PLAN])
def test_a_form_sent_back_links_every_problem_to_its_field_and_describes_it(client, path):
    data = ({"action": "download", "patient_name": "p" * 130, "visit_date": TODAY.isoformat(), "follow_up": "2026-01-01"}
            if path == TOPIC else {"action": "download", "patient": "p" * 130, "start_date": TODAY.isoformat(),
                                   "follow_up": "2026-01-01"})
    html = client.post(f"{path}/patient" if path == TOPIC else f"{path}/sheet", data=data).text
    page, controls = Page(html), Controls(html)
    links = _problem_links(page)
    assert len(links) == 2
    for target, text in links:
        assert target in controls.ids and text in page.described_by(target)
    assert set(controls.described) <= set(controls.ids)
