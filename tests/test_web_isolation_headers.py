"""Cross-origin isolation headers, and what Sign out clears: an EHR's window keeps its hold on what it opened."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from handouts import users
from handouts.users import UserFile
from handouts.web import create_app
from handouts.web.auth import COOKIE, Login
from handouts.web import security

PASSWORD = "correct horse battery"
INFOBUTTON = ("/infobutton?mainSearchCriteria.v.dn=leaky%20gut"
              "&informationRecipient=PROV&knowledgeResponseType=text/html")


class Clock:
    """The idle sessions' clock (handouts.web.idle.Activity.clock), moved by a test."""

    now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    path = tmp_path_factory.mktemp("users") / "users.txt"
    users.add(path, "alice", PASSWORD)
    app = create_app(login=Login(UserFile(path), idle_minutes=15), today=lambda: date(2026, 1, 15))
    app.extensions["handouts.activity"].clock = Clock()
    return app


def _sign_in(client, page_text: str):
    """Send the sign-in page's form as a browser does: its hidden fields, then the user's name and password."""
    fields = {name: html.unescape(value) for name, value in re.findall(r'name="(csrf|next)" value="([^"]*)"', page_text)}
    return client.post("/login", data={**fields, "name": "alice", "password": PASSWORD})


@pytest.fixture(scope="module")
def client(app):
    client = app.test_client()
    assert _sign_in(client, client.get("/login").text).status_code == 302
    return client


def _opener_policy(response) -> str:
    return response.headers["Cross-Origin-Opener-Policy"]


def test_an_ehrs_window_keeps_its_hold_through_sign_in_to_the_topic_and_sign_out_clears_the_site(app):
    """Each answer an EHR's new window goes through (the infobutton, the sign-in page, the topic page) lets
    the EHR keep its handle on that window: under same-origin the handle reads as closed, so every infobutton
    click opened one more window and none was closed when the clinician changed patient or signed out."""
    window = app.test_client()
    chain = [window.get(INFOBUTTON)]
    chain.append(window.get(chain[-1].headers["Location"]))  # the sign-in page
    chain.append(_sign_in(window, chain[-1].text))
    chain.append(window.get(chain[-1].headers["Location"]))  # the infobutton again, signed in
    assert chain[-1].status_code == 303
    chain.append(window.get(chain[-1].headers["Location"]))
    assert chain[-1].status_code == 200 and "/topics/leaky-gut" in chain[-1].request.path
    assert [_opener_policy(r) for r in chain] == ["unsafe-none"] * 5
    # the feed's other links (the PDF, the FHIR document): their refusal is enough to read the policy, unrendered
    for path in ("/topics/no-such-topic/clinician", "/topics/no-such-topic/clinician/document-reference"):
        refused = window.get(path)
        assert refused.status_code == 404 and _opener_policy(refused) == "unsafe-none"
    _signs_out_clearing_the_cache_and_storage_not_the_domains_cookies(window)


def _signs_out_clearing_the_cache_and_storage_not_the_domains_cookies(browser) -> None:
    """Not "cookies": a browser clears those for the whole registered domain (the practice's other apps) and
    with them the room's page language and letterhead. (One sign-in, the chain's, to spare a password check.)"""
    for _ in range(2):  # signed in, then again from a tab whose session has already ended
        response = browser.post("/logout")
        assert response.status_code == 302
        assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
        assert f"{COOKIE}=;" in response.headers["Set-Cookie"]
    assert browser.get("/").status_code == 302


@pytest.mark.parametrize("path", ["/", "/diets/low-fodmap", "/no-such-page"])
def test_the_apps_other_pages_are_isolated_from_any_opener(client, path):
    assert _opener_policy(client.get(path)) == "same-origin"


@pytest.mark.parametrize("path", ["/", "/topics/leaky-gut", "/static/app.css", INFOBUTTON, "/login"])
def test_no_other_site_may_load_a_response_and_no_page_may_use_the_camera(client, path):
    headers = client.get(path).headers
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    policy = headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert "fullscreen" not in policy  # the browser's PDF viewer in the preview frame offers it


_FORMS = re.compile(r'<form[^>]*?\smethod="(get|post)"[^>]*?\saction="([^"]+)"|\sformaction="([^"]+)"')


@pytest.mark.parametrize("page", ["/topics/leaky-gut", "/diets/low-fodmap"])
def test_a_page_and_the_tab_it_prints_to_share_one_opener_policy(app, client, page):
    """Print sends the form to a tab the page opened (static/app.js) and Sign out closes it: a tab whose
    answer had another policy than its page's would move out of the page's reach and stay open."""
    own = _opener_policy(client.get(page))
    urls = app.url_map.bind("localhost")
    targets = [(method or "post", action or formaction)
               for method, action, formaction in _FORMS.findall(client.get(page).text)]
    assert len(targets) >= 3
    for method, target in targets:
        endpoint, _ = urls.match(html.unescape(target).split("?")[0], method=method.upper())
        if endpoint == "auth.logout":  # the sign-out form, sent in the page's own tab
            continue
        assert (endpoint in security.OPENER_KEPT_ENDPOINTS) == (own == "unsafe-none"), (page, target)


def test_a_session_ended_for_want_of_use_clears_the_site_as_sign_out_does(app):
    """A shared computer's clinician who walks away is signed out at the next click: that answer clears the
    cache too, so Back does not bring the last patient's form out of the back-forward cache."""
    browser = app.test_client()
    assert _sign_in(browser, browser.get("/login").text).status_code == 302
    assert browser.get("/diets/low-fodmap").status_code == 200
    app.extensions["handouts.activity"].clock.now += 16 * 60
    try:
        ended = browser.get("/diets/low-fodmap")
    finally:
        app.extensions["handouts.activity"].clock.now -= 16 * 60
    assert ended.status_code == 302 and "why=idle" in ended.headers["Location"]
    assert ended.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert f"{COOKIE}=;" in ended.headers["Set-Cookie"]

