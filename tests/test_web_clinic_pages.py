"""What the web pages say when `handouts serve` serves a clinic (a login is set up) rather than one computer."""

from __future__ import annotations

from datetime import date

import pytest

from handouts import users
from handouts.users import UserFile
from handouts.web import create_app
from handouts.web.auth import Login
from handouts.web.proxy import ProxyTrust

PASSWORD = "correct horse battery"
ALONE = "Runs on this computer only"
NEVER_SAVED = "Patient details are used for one document and never saved."


@pytest.fixture(scope="module")
def user_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("users") / "users.txt"
    users.add(path, "alice", PASSWORD)
    return path


def test_on_this_computer_alone_the_footer_says_so():
    page = create_app(today=lambda: date(2026, 1, 15)).test_client().get("/")
    assert page.status_code == 200 and ALONE in page.text and NEVER_SAVED in page.text


def test_with_a_login_the_footer_no_longer_says_this_computer_only(user_file):
    """Behind a proxy or beyond loopback, every room's browser read 'Runs on this computer only'."""
    client = create_app(login=Login(UserFile(user_file)), today=lambda: date(2026, 1, 15)).test_client()
    sign_in = client.get("/login")
    assert sign_in.status_code == 200 and ALONE not in sign_in.text and NEVER_SAVED in sign_in.text
    client.post("/login", data={"name": "alice", "password": PASSWORD, "next": "/"})
    page = client.get("/")
    assert page.status_code == 200 and "Signed in as alice" in page.text
    assert ALONE not in page.text and NEVER_SAVED in page.text
    spanish = client.get("/?hl=es")
    assert "Funciona solo en esta computadora" not in spanish.text
    assert "Los datos del paciente se usan para un documento y nunca se guardan." in spanish.text


@pytest.fixture
def proxied():
    app = create_app(login=Login(None, "X-Remote-User"))
    app.wsgi_app = ProxyTrust(app.wsgi_app, ["127.0.0.1"], "X-Remote-User")
    return app


def test_the_refusals_of_a_login_speak_the_page_language(proxied):
    """They were English whatever the browser asked for."""
    client = proxied.test_client()
    spanish = {"Accept-Language": "es"}
    nobody = client.get("/", headers=spanish, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert nobody.status_code == 401
    assert "No ha iniciado sesión" in nobody.text and "falta el encabezado X-Remote-User" in nobody.text
    elsewhere = client.get("/", headers=spanish, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert elsewhere.status_code == 403 and "Use la dirección del consultorio" in elsewhere.text
    english = client.get("/", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert "The proxy did not say who you are (no X-Remote-User header)" in english.text


def test_a_form_sent_after_the_session_ended_says_so_in_the_page_language(user_file):
    client = create_app(login=Login(UserFile(user_file)), today=lambda: date(2026, 1, 15)).test_client()
    refused = client.post("/topics/leaky-gut/patient", data={"action": "download"},
                          headers={"Accept-Language": "es"})
    assert refused.status_code == 401 and "Su sesión terminó" in refused.text
