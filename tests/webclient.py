"""A Flask test client that sends forms the way the app's own pages do.

The app refuses any form that does not carry its token (handouts/web/csrf.py).
Tests of what a form does post through this client, which adds the token and
the `Sec-Fetch-Site: same-origin` a browser sends; tests of the refusal use
Flask's plain client (`raw_client`) or a real server (tests/test_web_csrf.py).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from handouts.web import csrf


class PageClient(FlaskClient):
    def open(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("method", "GET") not in csrf.SAFE_METHODS:
            data = kwargs.get("data")
            if data is None:
                data = {}
            if isinstance(data, dict | MultiDict) and csrf.FIELD not in data:
                data = MultiDict(data) if isinstance(data, MultiDict) else dict(data)
                if isinstance(data, MultiDict):
                    data.add(csrf.FIELD, csrf.issue(self.application))
                else:
                    data[csrf.FIELD] = csrf.issue(self.application)
            kwargs["data"] = data
            headers = dict(kwargs.get("headers") or {})
            headers.setdefault("Sec-Fetch-Site", "same-origin")
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)


def raw_client(app: Flask) -> FlaskClient:
    """Flask's own client: sends only what a test gives it."""
    return FlaskClient(app, app.response_class, use_cookies=True)
