"""What an address says is never put on the practice's page as a sentence of its own.

A link can carry anything; a message that quoted it whole would show an attacker's words
(or a right-to-left override that reorders the page's own) under the practice's letterhead.
A short plain token is still quoted, as it helps whoever typed it (handouts.web.quoting).
"""

from __future__ import annotations

import html
import re
from datetime import date
from urllib.parse import quote

import pytest

from handouts.web.quoting import quotable
from webclient import app_fixtures

app, client = app_fixtures(date(2026, 1, 15))

LURE = "\u202eCall 555-0100 to reset your password"


@pytest.mark.parametrize("path", [
    "/topics/{lure}",
    "/diets/{lure}",
    "/topics/{lure}/clinician",
    "/topics/leaky-gut/clinician?brand={lure}",
    "/topics/leaky-gut/clinician?action={lure}",
    "/topics/leaky-gut/patient?language={lure}",
    "/topics/leaky-gut/patient?also={lure}",
    "/diets/low-fodmap/sheet?brand={lure}",
])
def test_a_link_cannot_put_its_words_on_the_page(client, path):
    response = client.get(path.format(lure=quote(LURE)))
    assert response.status_code in (400, 404)
    shown = html.unescape(re.sub(r"<[^>]*>", " ", response.text))  # what the page says, tags aside
    assert "no such" in shown or "no choice" in shown or "not another language" in shown
    for part in ("\u202e", "555-0100", "reset your password"):
        assert part not in shown


def test_a_plain_token_is_still_quoted(client):
    assert "There is no topic &#39;no-such-topic&#39;." in client.get("/topics/no-such-topic").text
    assert "Practice: there is no choice &#39;nope&#39;." in client.get("/topics/leaky-gut/clinician?brand=nope").text
    assert "Practice: there is no such choice." in client.get(
        "/topics/leaky-gut/clinician?brand=" + quote("x" * 41)).text


def test_what_may_be_quoted():
    assert quotable("riverside") and quotable("14/07/2025") and quotable("español") and quotable("es-MX")
    for value in ("", "two words", "<b>", "a\u202eb", "a\u200fb", "x" * 41, "line\nbreak", "a\x00b"):
        assert not quotable(value), value


def test_a_search_shows_its_words_back_without_controls_that_reorder_them(client):
    page = client.get("/", query_string={"q": "leaky\u202e gut\x00"}).text
    assert "\u202e" not in page and "\x00" not in page
    assert 'href="/topics/leaky-gut"' in page  # and the search still finds what it says


@pytest.mark.parametrize("path", ["/%5Cevil.example/sign-in", "/%09/evil.example/sign-in", "/%0A/evil.example/x",
                                  "/topics/%5C%5Cevil.example"])
def test_a_language_link_on_a_page_at_a_made_up_address_stays_on_this_site(client, path):
    """A browser reads '/\\evil.example' (and '/<tab>/evil.example') in a link as '//evil.example': another
    site. The 404 page at such an address linked its 'Español' there, a sign-in page's look-alike a click away."""
    response = client.get(path)
    links = [html.unescape(href) for href in re.findall(r'href="([^"]*hl=[^"]*)"', response.text)]
    assert links
    for href in links:
        assert re.fullmatch(r"/(?![/\\])[^\s\\]*", href), href
