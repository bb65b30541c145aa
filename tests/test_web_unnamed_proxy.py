"""Behind a TLS proxy that handouts.toml does not name, forms are refused: the page and log say why."""

from __future__ import annotations

import logging
from datetime import date

from handouts import users
from handouts.users import UserFile
from handouts.web import create_app
from handouts.web.auth import Login
from handouts.web.proxy import ProxyTrust

PASSWORD = "correct horse battery"
THROUGH_THE_PROXY = {"Host": "handouts.clinic.example", "X-Forwarded-Proto": "https",
                     "Origin": "https://handouts.clinic.example"}


def _app(tmp_path, proxy: bool):
    path = tmp_path / "users.txt"
    users.add(path, "alice", PASSWORD)
    app = create_app(login=Login(UserFile(path)), today=lambda: date(2026, 1, 15),
                     trusted_hosts=["127.0.0.1", "handouts.clinic.example"])
    if proxy:
        app.wsgi_app = ProxyTrust(app.wsgi_app, ["127.0.0.1"], None)
    return app


def test_without_proxy_in_the_configuration_the_refusal_says_to_name_it(tmp_path, caplog):
    """It said 'the form was sent from another site': the IT person looked for an attack, not a setting."""
    client = _app(tmp_path, proxy=False).test_client()
    with caplog.at_level(logging.WARNING, logger="handouts.web"):
        refused = client.post("/login", headers=THROUGH_THE_PROXY, environ_base={"REMOTE_ADDR": "127.0.0.1"},
                              data={"name": "alice", "password": PASSWORD, "next": "/"})
    assert refused.status_code == 403
    assert "reached the app over http" in refused.text and "([serve] proxy)" in refused.text
    assert "([serve] proxy)" in caplog.text and PASSWORD not in caplog.text
    spanish = client.post("/login", headers={**THROUGH_THE_PROXY, "Accept-Language": "es"},
                          environ_base={"REMOTE_ADDR": "127.0.0.1"}, data={"name": "alice", "password": PASSWORD})
    assert spanish.status_code == 403 and "llegó a la aplicación por http" in spanish.text


def test_with_the_proxy_named_the_same_sign_in_passes(tmp_path):
    client = _app(tmp_path, proxy=True).test_client()
    signed_in = client.post("/login", headers=THROUGH_THE_PROXY, environ_base={"REMOTE_ADDR": "127.0.0.1"},
                            data={"name": "alice", "password": PASSWORD, "next": "/"})
    assert signed_in.status_code == 302


def test_another_site_is_still_called_another_site(tmp_path):
    client = _app(tmp_path, proxy=True).test_client()
    forged = client.post("/login", headers={**THROUGH_THE_PROXY, "Origin": "https://evil.example"},
                         environ_base={"REMOTE_ADDR": "127.0.0.1"}, data={"name": "alice", "password": PASSWORD})
    assert forged.status_code == 403 and "sent from another site" in forged.text and "proxy" not in forged.text


def test_a_host_name_the_configuration_does_not_list_is_named_with_the_setting(caplog):
    """The page said 'Bad Request: Host not trusted' and the log said nothing."""
    app = create_app(today=lambda: date(2026, 1, 15), trusted_hosts=["127.0.0.1", "localhost"])
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="handouts.web"):
        refused = client.get("/", headers={"Host": "handouts.clinic.example"})
    assert refused.status_code == 400
    assert "does not answer to the name &#39;handouts.clinic.example&#39;" in refused.text
    assert "([serve] hosts)" in refused.text
    assert "refused a request for host handouts.clinic.example" in caplog.text
    spanish = client.get("/", headers={"Host": "handouts.clinic.example", "Accept-Language": "es"})
    assert "no responde al nombre" in spanish.text
    odd = client.get("/", headers={"Host": "<b>x</b>"})
    assert odd.status_code == 400 and "<b>x" not in odd.text and "name used to reach it" in odd.text
