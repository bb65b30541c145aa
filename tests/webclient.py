"""A Flask test client that sends forms the way the app's own pages do, and the web tests' app fixtures.

The app refuses any form that does not carry its token (handouts/web/csrf.py),
issued to the same session. Tests of what a form does post through this client,
which adds a token for its own session (its cookie, or the user a proxy names)
and the `Sec-Fetch-Site: same-origin` a browser sends; tests of the refusal use
Flask's plain client (`raw_client`) or a real server (tests/test_web_csrf.py).
"""

from __future__ import annotations

from datetime import date
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
