"""Signing in to `handouts serve`: the user file, the session, the proxy's header, the refusal without either."""

from __future__ import annotations

import html
import json
import os
import re
import time
from datetime import date, datetime, timezone

import pytest

from cliutil import run
from handouts import users
from handouts.errors import ContentError, HandoutsError, UsageError
from handouts.users import UserFile
from handouts.web import create_app
from handouts.web.audit import Audit
from handouts.web.auth import COOKIE, Login
from handouts.web.proxy import ProxyTrust
from handouts.web.throttle import FREE_FAILURES
from serving import capture_served_app
from webclient import raw_client

PASSWORD = "correct horse battery"
TOPIC = "/topics/leaky-gut"


@pytest.fixture(scope="module")
def user_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("users") / "users.txt"
    users.add(path, "alice", PASSWORD)
    users.add(path, "bob", "another long password")
    return path


@pytest.fixture
def app(user_file):
    return create_app(login=Login(UserFile(user_file)), today=lambda: date(2026, 1, 15))


def sign_in(client, name="alice", password=PASSWORD):
    return client.post("/login", data={"name": name, "password": password, "next": "/topics/leaky-gut"})


# -- the user file -------------------------------------------------------------------


def test_the_user_file_keeps_salted_hashes_readable_by_its_owner_only(user_file):
    text = user_file.read_text()
    assert PASSWORD not in text
    hashes = re.findall(r"^(alice|bob):(scrypt\$\d+\$\d+\$\d+\$\S+)$", text, re.MULTILINE)
    assert len(hashes) == 2 and hashes[0][1].split("$")[4] != hashes[1][1].split("$")[4]  # a salt each
    assert os.stat(user_file).st_mode & 0o777 == 0o600
    file = UserFile(user_file)
    assert file.verify("alice", PASSWORD)
    assert not file.verify("alice", PASSWORD + "!") and not file.verify("mallory", PASSWORD)


def test_the_user_file_is_written_durably_and_never_through_a_link(tmp_path, monkeypatch):
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    path = tmp_path / "users.txt"
    users.add(path, "alice", PASSWORD)
    assert len(synced) == 1  # a lost password file locks everyone out: it is flushed to disk
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours\n")
    link = tmp_path / "linked.txt"
    link.symlink_to(elsewhere)
    with pytest.raises(HandoutsError, match="symbolic link"):
        users.write(link, users.read(path))
    assert link.is_symlink() and elsewhere.read_text() == "not yours\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere.txt", "linked.txt", "users.txt"]


def test_names_and_passwords_are_checked(tmp_path):
    with pytest.raises(UsageError, match="cannot be a user name"):
        users.add(tmp_path / "u.txt", "a:b", PASSWORD)
    with pytest.raises(UsageError, match="too short"):
        users.add(tmp_path / "u.txt", "carol", "short")
    (tmp_path / "bad.txt").write_text("alice:plaintext-password\n")
    with pytest.raises(ContentError, match=r"bad.txt:1:1"):
        users.read(tmp_path / "bad.txt")


@pytest.mark.parametrize(("params", "said"), [
    ("2$1$1", "a password hash with N=2, r=1, p=1, not the N=32768, r=8, p=1 handouts writes"),  # instant to guess
    ("32768$8$1000000", "with N=32768, r=8, p=1000000"),  # minutes per sign-in
    ("1048576$8$1", "with N=1048576, r=8, p=1"),  # past scrypt's memory limit: no sign-in, nothing said
])
def test_a_user_line_with_other_hash_parameters_is_refused_with_its_line(tmp_path, params, said):
    """The parameters come from the file: a hand-edited line set the cost of checking its password, and
    any cost but an unknown name's told the sign-in page's timing that the name exists."""
    path = tmp_path / "users.txt"
    users.add(path, "alice", PASSWORD)
    scheme, _n, _r, _p, salt, digest = users.read(path)["alice"].split("$")
    path.write_text(f"# users\nbob:{scheme}${params}${salt}${digest}\n", encoding="utf-8")
    path.chmod(0o600)
    with pytest.raises(ContentError) as raised:
        users.read(path)
    assert str(raised.value).startswith(f"{path}:2:5: ") and said in str(raised.value)
    assert "set the password again with 'handouts users add NAME'" in str(raised.value)
    started = time.process_time()  # CPU time: a busy machine stretches the wall clock, not the work
    assert not UserFile(path).verify("bob", PASSWORD)  # no one signs in by it, and the check is not run
    assert time.process_time() - started < 5


def test_users_add_asks_for_the_password_and_writes_the_workspace_file(clinic):
    config = clinic / "handouts.toml"
    refused = run("users", "add", "alice", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert refused.exit_code == 2 and 'users = "users.txt"' in refused.output
    config.write_text(config.read_text() + '\n[serve]\nusers = "users.txt"\n')
    added = run("users", "add", "alice", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0, added.output
    assert "added alice" in added.output and PASSWORD not in added.output
    assert UserFile(clinic / "users.txt").verify("alice", PASSWORD)
    assert run("users", "add", "alice", input=f"{PASSWORD}\nsomething else\n").exit_code != 0  # no match
    assert run("users", "remove", "alice").exit_code == 0
    assert not UserFile(clinic / "users.txt").exists("alice")


def test_a_non_loopback_bind_with_a_user_file_starts_with_a_login(clinic, monkeypatch):
    """The refusal without a login is in test_web_server.py; with one, serve starts and every page asks for it."""
    seen = capture_served_app(monkeypatch)
    config = clinic / "handouts.toml"
    config.write_text(config.read_text() + '\n[serve]\nusers = "users.txt"\naudit = "audit.log"\n')
    users.add(clinic / "users.txt", "alice", PASSWORD)
    result = run("serve", "--host", "0.0.0.0")
    assert result.exit_code == 0, result.output
    assert "sign-in: users from" in result.output and "not encrypted" in result.output
    assert "no host names in handouts.toml ([serve] hosts)" in result.output
    client = seen["app"].test_client()
    assert client.get("/").status_code == 302
    assert sign_in(client).status_code == 302
    assert client.get("/").status_code == 200


# -- signing in ----------------------------------------------------------------------


def test_every_page_asks_for_a_login(app):
    client = app.test_client()
    first = client.get("/topics/leaky-gut")
    assert first.status_code == 302 and first.headers["Location"] == "/login?next=/topics/leaky-gut"
    page = client.get("/login")
    assert page.status_code == 200 and 'name="password"' in page.text and 'name="csrf"' in page.text
    assert client.get("/static/app.css").status_code == 200  # the sign-in page's own stylesheet
    refused = client.post(f"{TOPIC}/patient", data={"action": "download", "patient_name": "Jo Example"})
    assert refused.status_code == 401 and b"%PDF" not in refused.data


def test_a_wrong_password_is_refused(app, caplog):
    client = app.test_client()
    response = sign_in(client, password="not the password")
    assert response.status_code == 401 and "Wrong user name or password" in response.text
    assert COOKIE not in response.headers.get("Set-Cookie", "")
    assert sign_in(client, name="mallory").status_code == 401
    assert client.get("/").status_code == 302
    assert "not the password" not in caplog.text


def test_a_head_request_for_the_sign_in_page_is_no_sign_in(app, caplog):
    """A link checker or an uptime monitor asks HEAD /login. That ran the sign-in itself, without the form
    token (HEAD passes the form check as GET does), as a failed one: five made the address wait, and the
    clinician at it who then signed in was turned away (429), the log saying 'failed sign-in' each time."""
    client = app.test_client()
    for _ in range(FREE_FAILURES + 1):
        assert client.head("/login").status_code == 200
    with_password = client.open("/login", method="HEAD", data={"name": "alice", "password": PASSWORD})
    assert with_password.status_code == 200 and COOKIE not in with_password.headers.get("Set-Cookie", "")
    assert "sign-in" not in caplog.text
    assert sign_in(client).status_code == 302


def test_a_user_signs_in_prints_and_signs_out(app):
    client = app.test_client()
    response = sign_in(client)
    assert response.status_code == 302 and response.headers["Location"] == "/topics/leaky-gut"
    cookie = response.headers["Set-Cookie"]
    assert COOKIE in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/topics/leaky-gut")
    assert page.status_code == 200 and "Signed in as alice" in page.text and "Sign out" in page.text
    pdf = client.post(f"{TOPIC}/patient", data={"action": "download", "patient_name": "Jo Example"})
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_the_sign_in_form_needs_the_form_token(app):
    client = raw_client(app)
    response = client.post("/login", data={"name": "alice", "password": PASSWORD})
    assert response.status_code == 403 and COOKIE not in response.headers.get("Set-Cookie", "")


def test_sign_in_never_sends_the_browser_to_another_site(app):
    client = app.test_client()
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = client.post("/login", data={"name": "alice", "password": PASSWORD, "next": target})
        assert response.headers["Location"] == "/"


def test_a_removed_user_is_signed_out_at_the_next_click(tmp_path):
    path = tmp_path / "users.txt"
    users.add(path, "dave", PASSWORD)
    app = create_app(login=Login(UserFile(path)))
    client = app.test_client()
    sign_in(client, "dave")
    assert client.get("/").status_code == 200
    users.remove(path, "dave")
    assert client.get("/").status_code == 302


def test_a_forged_or_stale_session_cookie_is_refused(app):
    from handouts.web import auth

    client = app.test_client()
    with app.test_request_context():
        old = auth.session_token("alice", now=datetime(2020, 1, 1, tzinfo=timezone.utc).timestamp())
        forged = auth.session_token("alice").rsplit("|", 1)[0] + "|" + "0" * 64
    for value in (old, forged, "alice", "bob|1|x"):
        client.set_cookie(COOKIE, value)
        assert client.get("/").status_code == 302


# -- two tabs of one browser --------------------------------------------------------------

def _token(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_a_second_tabs_sign_in_page_signs_in_after_the_first_tab_did(app):
    """Both tabs showed the sign-in page (a session ended, or Back to it); signing in in the second, after
    the first, said "Refused: this form did not come from this app's page" and logged a forged form."""
    browser = raw_client(app)
    first, second = browser.get(f"/login?next={TOPIC}").text, browser.get("/login?next=/diets/low-fodmap").text
    signed_in = browser.post("/login", data={"csrf": _token(first), "name": "alice", "password": PASSWORD,
                                             "next": TOPIC})
    assert signed_in.status_code == 302
    again = browser.post("/login", data={"csrf": _token(second), "name": "bob", "password": "another long password",
                                         "next": "/diets/low-fodmap"})
    assert again.status_code == 302 and again.headers["Location"] == "/diets/low-fodmap", again.text
    assert "Signed in as bob" in browser.get("/diets/low-fodmap").text
    other_session = browser.get(TOPIC).text  # a token bound to a session is still refused in any other
    stranger = raw_client(app)
    assert stranger.post("/login", data={"csrf": _token(other_session), "name": "alice", "password": PASSWORD}
                         ).status_code == 403


def test_sign_out_in_a_second_tab_after_the_first_signs_out_shows_the_sign_in_page(app):
    """It said "Your session has ended, so nothing was made. Sign in again, then send the form again"."""
    browser = raw_client(app)
    browser.post("/login", data={"csrf": _token(browser.get("/login").text), "name": "alice", "password": PASSWORD})
    first, second = browser.get(TOPIC).text, browser.get("/diets/low-fodmap").text
    assert browser.post("/logout", data={"csrf": _token(first)}).headers["Location"] == "/login"
    again = browser.post("/logout", data={"csrf": _token(second)})
    assert again.status_code == 302 and again.headers["Location"] == "/login"
    assert browser.get(TOPIC).status_code == 302


# -- a reverse proxy that signs users in ------------------------------------------------


@pytest.fixture
def proxied():
    app = create_app(login=Login(None, "X-Remote-User"))
    app.wsgi_app = ProxyTrust(app.wsgi_app, ["127.0.0.1"], "X-Remote-User")
    return app


def test_the_proxy_header_is_trusted_from_the_proxy_only(proxied):
    client = proxied.test_client()
    from_proxy = client.get("/", headers={"X-Remote-User": "carol"}, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert from_proxy.status_code == 200 and "Signed in as carol" in from_proxy.text
    assert "Sign out" not in from_proxy.text  # the proxy signed carol in: she signs out there
    spoofed = client.get("/", headers={"X-Remote-User": "carol"}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert spoofed.status_code == 403 and "carol" not in spoofed.text
    nobody = client.get("/", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert nobody.status_code == 401


def test_behind_the_proxy_forms_from_the_https_page_pass_the_form_check(proxied):
    client = proxied.test_client()
    headers = {"X-Remote-User": "carol", "X-Forwarded-Proto": "https", "Host": "handouts.clinic.example",
               "Origin": "https://handouts.clinic.example"}
    ok = client.post(f"{TOPIC}/patient", data={"action": "download"}, headers=headers,
                     environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert ok.status_code == 200 and ok.data.startswith(b"%PDF-")
    # the same scheme claimed by anyone else is ignored: the origin no longer matches, the form is refused
    other = client.post(f"{TOPIC}/patient", data={"action": "download"}, headers=headers,
                        environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 403


# -- audit lines ------------------------------------------------------------------------


def test_an_audit_line_says_who_printed_what_and_nothing_about_the_patient(user_file):
    lines: list[str] = []
    app = create_app(login=Login(UserFile(user_file)), audit=Audit(lines.append), today=lambda: date(2026, 1, 15))
    client = app.test_client()
    sign_in(client)
    personal = {"action": "download", "patient_name": "Zebulon Quagmire", "clinician": "Dr. Quincy Ferret",
                "notes": "Allergic to marmalade", "visit_date": "2026-01-14", "follow_up": "2026-02-11",
                "language": "es"}
    assert client.post(f"{TOPIC}/patient", data={**personal, "action": "preview"}).status_code == 200
    assert lines == []  # a preview prints nothing
    assert client.post(f"{TOPIC}/patient", data=personal).status_code == 200
    assert client.get(f"{TOPIC}/clinician?action=print").status_code == 200
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert record == {"time": record["time"], "user": "alice", "action": "download", "document": "patient-handout",
                      "topic": "leaky-gut", "audience": "patient", "language": "es", "personalised": True}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", record["time"])
    for secret in ("Zebulon", "Quagmire", "Quincy", "Ferret", "marmalade", "2026-01-14", "2026-02-11"):
        assert secret not in lines[0]
    brief = json.loads(lines[1])
    assert (brief["action"], brief["document"], brief["audience"], brief["personalised"]) == (
        "print", "clinician-brief", "clinician", False)


def test_audit_lines_go_to_the_file_the_configuration_names(tmp_path):
    path = tmp_path / "logs" / "audit.log"
    audit = Audit.to_file(path)
    from handouts.web.audit import Printed

    audit.record("alice", Printed("print", "clinician-brief", "leaky-gut", "clinician", "en", False))
    assert json.loads(path.read_text())["user"] == "alice"
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_switching_the_sign_in_pages_language_keeps_where_sign_in_leads(app):
    """The language links dropped the address's query: a clinician who came from the EHR's link (or was signed
    out mid-form) and read the sign-in page in Spanish was taken to the topic list, not to the page asked for."""
    client = raw_client(app)
    asked = client.get("/infobutton?mainSearchCriteria.v.c=K58.9&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90")
    login = asked.headers["Location"]
    page = client.get(login).text
    spanish = html.unescape(re.search(r'<a href="([^"]+)" lang="es"', page).group(1))
    assert spanish.startswith("/login?next=") and spanish.endswith("&hl=es")
    page = client.get(spanish).text
    assert "Iniciar sesión" in page
    form_next = html.unescape(re.search(r'name="next" value="([^"]*)"', page).group(1))
    assert form_next.startswith("/infobutton?mainSearchCriteria.v.c=K58.9")
    english = html.unescape(re.search(r'<a href="([^"]+)" lang="en"', page).group(1))
    assert english.count("hl=") == 1 and english.endswith("&hl=en")


def test_sign_in_leads_to_a_page_never_to_a_route_a_browser_cannot_show(app):
    """`/login?next=/logout` (a sign-out link followed while signed out, a bookmark) signed in to a 405 page."""
    client = app.test_client()
    for target in ("/logout", "/login", "/topics/leaky-gut/clinician/no-such-thing", "/no-such-page"):
        page = client.get("/login", query_string={"next": target}).text
        assert html.unescape(re.search(r'name="next" value="([^"]*)"', page).group(1)) == "/"
        response = client.post("/login", data={"name": "alice", "password": PASSWORD, "next": target})
        assert response.status_code == 302 and response.headers["Location"] == "/", target
        assert client.get(response.headers["Location"]).status_code == 200
    kept = client.post("/login", data={"name": "alice", "password": PASSWORD, "next": "/diets/low-fodmap"})
    assert kept.headers["Location"] == "/diets/low-fodmap"
