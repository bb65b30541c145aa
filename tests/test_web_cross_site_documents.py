"""Links that hand out a document: followed from another site, never loaded by its page unseen; HEAD gets nothing.

Each such link renders a document and writes an audit line in the user's name: an image or
a frame on any page the clinician has open must not make their browser fetch it.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from handouts.rendered import Rendered
from handouts.web import create_app

EMBEDDED = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}
FRAMED = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "iframe"}
FETCHED = {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}
FOLLOWED = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document",
            "Sec-Fetch-User": "?1"}
OWN = {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}  # the Print button
DOCUMENTS = ["/topics/leaky-gut/clinician?action=download", "/topics/leaky-gut/patient?action=print",
             "/diets/low-fodmap/sheet?action=download", "/topics/leaky-gut/clinician/document-reference"]


@pytest.fixture(scope="module")
def app():
    return create_app(today=lambda: date(2026, 1, 15))


@pytest.fixture
def audited(app, monkeypatch) -> list[str]:
    lines: list[str] = []
    monkeypatch.setattr(app.extensions["handouts"].audit, "_write", lines.append)
    monkeypatch.setattr(app.extensions["handouts"].renderers, "_run",
                        lambda what, view: 1 if what == "pages" else Rendered(b"%PDF-1.7 stand-in", 1))
    return lines


@pytest.mark.parametrize("url", DOCUMENTS)
@pytest.mark.parametrize("headers", [EMBEDDED, FRAMED, FETCHED], ids=["image", "frame", "fetch"])
def test_another_sites_page_cannot_load_a_document(app, audited, url, headers):
    response = app.test_client().get(url, headers=headers)
    assert response.status_code == 403 and response.mimetype == "text/html"
    assert "Nothing was made or printed" in response.text
    assert audited == []


@pytest.mark.parametrize("url", DOCUMENTS)
@pytest.mark.parametrize("headers", [FOLLOWED, OWN, {}], ids=["link from the EHR", "this app", "no metadata"])
def test_a_link_followed_or_the_apps_own_request_gets_the_document(app, audited, url, headers):
    response = app.test_client().get(url, headers=headers)
    assert response.status_code == 200
    assert [json.loads(line)["topic"] for line in audited] in (["leaky-gut"], ["low-fodmap"])


def test_pages_without_a_document_stay_open_to_other_sites(app):
    """An image on another site showing the topic list costs nothing and writes nothing."""
    for url in ("/", "/topics/leaky-gut", "/static/app.css"):
        assert app.test_client().get(url, headers=EMBEDDED).status_code == 200


@pytest.mark.parametrize("url", DOCUMENTS)
def test_a_head_request_hands_nothing_out_and_writes_no_audit_line(app, audited, url):
    """A link checker or a chat app's link preview asks for the headers only: nothing was printed."""
    client = app.test_client()
    assert client.head(url).status_code == 200
    assert audited == []
    assert client.get(url).status_code == 200 and len(audited) == 1
