"""A Flask test client that sends forms the way the app's own pages do, and the web tests' app fixtures.

The app refuses any form that does not carry its token (handouts/web/csrf.py),
issued to the same session. Tests of what a form does post through this client,
which adds a token for its own session (its cookie, or the user a proxy names)
and the `Sec-Fetch-Site: same-origin` a browser sends; tests of the refusal use
Flask's plain client (`raw_client`) or a real server (tests/test_web_csrf.py).
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import EnvironBuilder, FlaskClient
from werkzeug.datastructures import MultiDict

from handouts.web import create_app, csrf
from handouts.web.proxy import ProxyTrust


class PageClient(FlaskClient):
    def open(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("method", "GET") not in csrf.SAFE_METHODS:
            data = kwargs.get("data")
            if data is None:
                data = {}
            if isinstance(data, dict | MultiDict) and csrf.FIELD not in data:
                data = MultiDict(data) if isinstance(data, MultiDict) else dict(data)
                if isinstance(data, MultiDict):
                    data.add(csrf.FIELD, self.token(*args, **kwargs))
                else:
                    data[csrf.FIELD] = self.token(*args, **kwargs)
            kwargs["data"] = data
            headers = dict(kwargs.get("headers") or {})
            headers.setdefault("Sec-Fetch-Site", "same-origin")
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)

    def token(self, path: str = "/", **kwargs: Any) -> str:
        """The token the app's own page would give this client now: for its session, as the request
        to `path` (with these headers and environ) will be seen, through the app's proxy middleware."""
        shape = {k: v for k, v in kwargs.items() if k in ("headers", "environ_base", "base_url")}
        environ = EnvironBuilder(self.application, path, **shape).get_environ()
        self._add_cookies_to_wsgi(environ)
        if isinstance(self.application.wsgi_app, ProxyTrust):
            self.application.wsgi_app.trust(environ)
        with self.application.request_context(environ):
            return csrf.issue(self.application)


def raw_client(app: Flask) -> FlaskClient:
    """Flask's own client: sends only what a test gives it."""
    return FlaskClient(app, app.response_class, use_cookies=True)


def app_fixtures(today: date) -> tuple[Any, Any]:
    """A test module's `app` and `client` fixtures, for the shipped content on the day `today`.

    The app is made once a module (loading and validating the content is the slow
    part); each test gets a client of its own. Use as `app, client = app_fixtures(TODAY)`.
    """

    @pytest.fixture(scope="module")
    def app() -> Flask:
        return create_app(today=lambda: today)

    @pytest.fixture
    def client(app: Flask) -> FlaskClient:
        return app.test_client()

    return app, client


class _FormControls(HTMLParser):
    """The controls of one form, as a browser sends them with no field touched."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.sent: MultiDict[str, str] = MultiDict()
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._chosen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type", "text") not in ("submit", "button", "file", "image", "reset"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.sent.add(name, a.get("value", "on" if a.get("type") in ("checkbox", "radio") else ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""
        elif tag == "select" and name:
            self._select, self._first_option, self._chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a and not self._chosen:
                self.sent.add(self._select, value)
                self._chosen = True

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.sent.add(self._textarea, self._text.removeprefix("\n"))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._chosen and self._first_option is not None:
                self.sent.add(self._select, self._first_option)
            self._select = None


def form_as_sent(html: str, form_id: str, **more: str) -> MultiDict[str, str]:
    """What a browser sends for the form `form_id` of a page, nothing changed, plus `more` (the button pressed)."""
    parser = _FormControls(form_id)
    parser.feed(html)
    sent = parser.sent
    for name, value in more.items():
        sent.setlist(name, [value])
    return sent


def preview_frame(html: str) -> str:
    """The page's preview <iframe> tag (its src says which document it first shows, if any)."""
    frame = re.search(r'<iframe name="preview"[^>]*>', html)
    assert frame, html
    return frame.group(0)


def noscript_prompt(html: str, within: str = "") -> str:
    """The words a page without scripts shows in place of its preview: the first <noscript> after `within`."""
    shown = re.search(re.escape(within) + r".*?<noscript>(.*?)</noscript>", html, re.S)
    return re.sub(r"<[^>]+>", "", shown.group(1)).strip() if shown else ""
