"""Every web page in Spanish says nothing in English, and in English nothing in Spanish.

The clinician's page language (`?hl=es`, the browser's) decides the headings, buttons,
hints and messages; the catalogues hold them all (test_catalogues.py), but a message
written without `gettext` (a file problem of the diet form's own, the text of a topic
not ready for patients, werkzeug's default description of an error) printed English
on a Spanish page. Each page is fetched twice, once in each language: any text of the
page's own (content in another language is tagged with its `lang`, and left out) that
both say alike, whole or as a run of three words, was not translated.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.exceptions import BadRequest

from handouts import users
from handouts.users import UserFile
from handouts.web import create_app
from handouts.web.auth import Login
from handouts.web.customisation import MAX_FILE_BYTES
from webclient import PageClient, form_as_sent, raw_client

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 9, 1)
TOPIC = "/topics/leaky-gut"
PLAN = "/diets/trigger-foods"
SAID_ALIKE = {"Handouts", "English", "Error"}  # the app's name, a language in itself, a word both languages have
"""Words both languages write the same, besides the names of content and letterheads (named())."""
_QUOTED = re.compile(r"«[^»]*»|'[^'\s][^']*'|“[^”]*”|\S+\.yaml(?::\d+:\d+)?:(?: [\w.\[\]]+:(?!\S))?")
"""What a message quotes back, the same in every language: a value typed, an id, a file's place and field."""
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SHOWN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


class _PageTexts(HTMLParser):
    """The texts a person reads or hears in the page's own language: text and the attributes a screen
    reader says, without scripts, styles, code (a command) and anything tagged with another language."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.open: list[tuple[str, bool]] = []  # (tag, whether it or an element around it is in another language)
        self.texts: list[str] = []

    def _elsewhere(self) -> bool:
        return bool(self.open) and self.open[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        other = self._elsewhere() or tag in ("script", "style", "code") or (
            "lang" in a and tag != "html" and not a["lang"].startswith(self.language))
        if not other:
            self.texts.extend(a[name] for name in _SHOWN_ATTRIBUTES if a.get(name))
        if tag not in _VOID:
            self.open.append((tag, other))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._elsewhere():
            self.texts.append(re.sub(r"\s+", " ", data.strip()))


def page_texts(html: str, language: str) -> list[str]:
    parser = _PageTexts(language)
    parser.feed(html)
    return parser.texts


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]{2,}", text.lower())


def _runs(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def said_alike(spanish: list[str], english: list[str], names: set[str]) -> list[str]:
    """The Spanish page's texts that the English page says too, whole or as a run of three words,
    once the names both write alike (a topic's title, a letterhead) are taken out."""

    def unnamed(text: str) -> str:
        for name in sorted(names, key=len, reverse=True):
            text = text.replace(name, " ")
        return _QUOTED.sub(" ", text)  # an id or a value quoted back ('low-fodmap', «14/07»)

    spanish_texts = [unnamed(t) for t in spanish]
    english_texts = [unnamed(t) for t in english]
    whole = {t for t in english_texts if _words(t)}
    english_runs = set().union(*(_runs(t) for t in english_texts)) if english_texts else set()
    return sorted({t for t in spanish_texts if _words(t) and (t in whole or _runs(t) & english_runs)})


def named(app: Flask) -> set[str]:
    """The names the pages show as their content or letterheads write them, the same in both languages."""
    cat = app.extensions["handouts"].catalogue
    titles = {cat.topic(topic_id).title for topic_id in cat.topic_ids()}
    titles |= {cat.plan(plan_id).title.get("en") for plan_id in cat.plan_ids()}
    return {str(t) for t in titles} | {name for _, name in cat.brands()} | SAID_ALIKE


Pages = Callable[[PageClient, dict[str, str]], Iterator[tuple[str, str]]]

MISTAKES = (b"plan: trigger-foods\nnotez: x\nallergies: [peanutt]\neliminate: [nothing, dairyy]\navoid: [qqqzzz]\n"
            b"intolerances: [lactos]\nstart_date: 2025-13-01\nfollow_up: 1/9/2025\nlanguage: sp\n"
            b"dietitian: [Jordan Lee]\nkeep: soy\n")
"""A saved customisation with the mistakes a dietitian's editing makes, each said on the page it is loaded on
(not those listing the valid keys or allergens: ids, written alike in every language)."""


def _visit_pages(client: PageClient, h: dict[str, str]) -> Iterator[tuple[str, str]]:
    yield "home", client.get("/", headers=h).text
    yield "search", client.get("/?q=zzzz", headers=h).text
    topic = client.get(TOPIC, headers=h).text
    yield "topic", topic
    yield "topic, a language it lacks", client.get(TOPIC, query_string={"language": "fr"}, headers=h).text
    yield "topic, its problems", client.post(f"{TOPIC}/patient", headers=h, data=form_as_sent(
        topic, "patient-form", action="download", visit_date="14/07")).text
    yield "preview's problems", client.post(f"{TOPIC}/patient", headers=h, data=form_as_sent(
        topic, "patient-form", action="preview", visit_date="14/07")).text
    diet = client.get(PLAN, headers=h).text
    yield "diet", diet
    yield "diet, its problems", client.post(f"{PLAN}/sheet", headers=h, data=form_as_sent(
        diet, "diet-form", action="download", start_date="1/9")).text
    for name, upload in (("no file", None), ("not UTF-8", b"notes: caf\xe9\n"), ("another plan", b"plan: low-fodmap\n"),
                         ("too big", b"notes: " + b"x" * (MAX_FILE_BYTES + 10)), ("its problems", MISTAKES),
                         ("a key twice", b"plan: trigger-foods\nplan: trigger-foods\n"), ("empty", b"# none\n"),
                         ("a list", b"- plan: trigger-foods\n"), ("YAML syntax", b"plan: [\n"),
                         ("a typed key's place", b"plan: trigger-foods\ntest_foods: {nope: potato}\n"),
                         ("a note's dose", b"plan: trigger-foods\nnotes: take .5 mg QD\n")):
        data = {"file": (io.BytesIO(upload), "saved.yaml")} if upload is not None else {}
        yield f"diet, file: {name}", client.post(f"{PLAN}/load", headers=h, data=data,
                                                  content_type="multipart/form-data").text
    yield "404", client.get("/no-such-page", headers=h).text
    yield "404 topic", client.get("/topics/no-such-topic", headers=h).text
    yield "400 address", client.get(f"{TOPIC}/patient", query_string={"patient_name": "Ann"}, headers=h).text
    yield "400", client.get("/bad-request", headers=h).text
    yield "405", client.delete(TOPIC, headers=h).text
    yield "413", client.post(f"{TOPIC}/patient", data={"notes": "x" * 3_000_000}, headers=h).text
    yield "403", raw_client(client.application).post(f"{TOPIC}/patient", data={"action": "download"}, headers=h).text


@pytest.fixture(scope="module")
def app() -> Flask:
    made = create_app(today=lambda: TODAY)
    made.add_url_rule("/bad-request", "bad_request", _bad_request)
    return made


def _bad_request() -> None:
    raise BadRequest()  # werkzeug's own 400, with its English description


def _client(app: Flask) -> PageClient:
    client = app.test_client()
    client.__class__ = PageClient
    return client


def _both(app: Flask, pages: Pages) -> Iterator[tuple[str, str, str]]:
    spanish = dict(pages(_client(app), {"Accept-Language": "es"}))
    english = dict(pages(_client(app), {"Accept-Language": "en"}))
    for name, html in spanish.items():
        assert '<html lang="es"' in html and '<html lang="en"' in english[name], name
        yield name, html, english[name]


def content_names(app: Flask) -> set[str]:
    """The titles of the topics and plans as written in English (a topic's patient title too)."""
    cat = app.extensions["handouts"].catalogue
    titles = set()
    for topic_id in cat.topic_ids():
        topic = cat.topic(topic_id)
        titles |= {topic.title, *([topic.patient_title.get("en")] if topic.patient_title else [])}
    return titles | {cat.plan(plan_id).title.get("en") for plan_id in cat.plan_ids()}


def english_in_title(html: str, english_names: set[str]) -> list[str]:
    """The English names a Spanish page's <title> carries without saying they are English: no tag can mark
    a language there, so the title says '(en inglés)' after one."""
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    title = unescape(found.group(1)) if found else ""
    return sorted(n for n in english_names if n in title and f"{n} (en inglés)" not in title)


def _check(app: Flask, pages: Pages) -> None:
    names = named(app)
    english_names = content_names(app)
    found = {}
    for name, spanish, english in _both(app, pages):
        alike = said_alike(page_texts(spanish, "es"), page_texts(english, "en"), names)
        alike += [f"<title>: {n}" for n in english_in_title(spanish, english_names)]
        if alike:
            found[name] = alike
    assert not found, f"said alike in Spanish and English pages (untranslated): {found}"


def test_every_page_in_spanish_says_nothing_in_english(app: Flask) -> None:
    _check(app, _visit_pages)


def test_a_topic_not_ready_for_patients_says_so_in_the_pages_language(tmp_path: Path) -> None:
    """An imported draft without plain-language texts: its page said why in English on a Spanish page."""
    shutil.copytree(ROOT / "data" / "topics", tmp_path / "topics")
    path = tmp_path / "topics" / "leaky-gut.yaml"
    text = path.read_text(encoding="utf-8").replace("status: under_review", "status: draft")
    path.write_text(re.sub(r"\nabout:(?: >-)?\n(?:  .*\n)+", "\n", text),
                    encoding="utf-8")
    app = create_app(tmp_path, today=lambda: TODAY)

    def pages(client: PageClient, h: dict[str, str]) -> Iterator[tuple[str, str]]:
        yield "topic", client.get(TOPIC, headers=h).text
        yield "its handout", client.post(f"{TOPIC}/patient", data={"action": "download"}, headers=h).text

    _check(app, pages)
    spanish = _client(app).get(TOPIC, headers={"Accept-Language": "es"}).text
    assert "Este tema aún no está listo para pacientes" in spanish


def test_the_sign_in_pages_in_spanish_say_nothing_in_english(tmp_path: Path) -> None:
    users.add(tmp_path / "users.txt", "alice", "correct horse battery")
    app = create_app(login=Login(UserFile(tmp_path / "users.txt")), today=lambda: TODAY)

    def pages(client: PageClient, h: dict[str, str]) -> Iterator[tuple[str, str]]:
        yield "sign-in", client.get("/login", headers=h).text
        yield "failed sign-in", client.post("/login", data={"name": "alice", "password": "not the one"}, headers=h).text

    _check(app, pages)


def test_the_check_finds_an_english_name_in_a_spanish_pages_title() -> None:
    names = {"Leaky gut syndrome"}
    assert english_in_title("<title>Leaky gut syndrome · Handouts</title>", names) == ["Leaky gut syndrome"]
    assert not english_in_title("<title>Error: Leaky gut syndrome (en inglés) · Handouts</title>", names)
    assert not english_in_title("<title>Síndrome del intestino permeable · Handouts</title>", names)


def test_the_check_finds_english_left_on_a_spanish_page() -> None:
    """The check itself: a whole label, or English words inside a translated sentence."""
    english = ["Preview", "The file cannot be loaded: saved.yaml: choose a customisation file to load"]
    assert said_alike(["Preview", "Vista previa"], english, set()) == ["Preview"]
    assert said_alike(["No se puede cargar: saved.yaml: choose a customisation file to load"], english, set())
    assert not said_alike(["Vista previa", "Riverside Family Practice"], english + ["Riverside Family Practice"],
                          {"Riverside Family Practice"})


@pytest.mark.parametrize(("page", "says", "status"), [
    ("es", "Idioma: aún no hay traducción al francés; disponibles: inglés (en), español (es).", 400),
    ("en", "Language: no French translation yet; available: English (en), Spanish (es).", 400),
])
def test_a_link_asking_a_language_the_topic_lacks_says_so(app: Flask, page: str, says: str, status: int) -> None:
    """`/topics/leaky-gut?language=fr` (a hand-typed link) showed the English form, status 200, as if French had
    been printed; it now says there is no French yet and which languages there are, the form set to what prints."""
    response = _client(app).get(TOPIC, query_string={"language": "fr", "hl": page})
    assert response.status_code == status
    shown = unescape(re.sub(r"\s+", " ", response.text))
    assert says in shown, shown
    assert '<option value="en" selected>' in response.text  # the form shows the language it will print in
    assert _client(app).get(TOPIC, query_string={"language": "es", "hl": page}).status_code == 200


def test_a_link_asking_a_region_of_a_language_the_topic_has_starts_the_form_in_it(app: Flask) -> None:
    """`?language=es-MX` showed the form with no language chosen, so it posted English: the list has no regions."""
    response = _client(app).get(TOPIC, query_string={"language": "es-MX", "hl": "es"})
    assert response.status_code == 200
    assert '<option value="es" selected>' in response.text
