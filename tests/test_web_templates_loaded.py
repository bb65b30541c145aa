"""Upgrading handouts under a running server does not mix its pages with the new version's.

Flask read each page template the first time a page used it, and app.js each time a
browser asked: a server upgraded while it ran showed the sign-in, diet or error page
of the new version inside the old one's. Every page template is compiled, and every
static file read, when the app is made (handouts.web.loaded); the test swaps the
templates and script on disk for a new version's and finds none of it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from handouts import users
from handouts.users import UserFile
from handouts.web import create_app
from handouts.web.auth import Login

PASSWORD = "correct horse battery"
NEW = "A NEWER VERSION OF THIS PAGE"


def test_pages_are_the_version_the_server_started_with_after_an_upgrade_on_disk(tmp_path: Path):
    path = tmp_path / "users.txt"
    users.add(path, "alice", PASSWORD)
    app = create_app(login=Login(UserFile(path)), today=lambda: date(2026, 1, 15))
    upgraded = tmp_path / "upgraded"
    upgraded.mkdir()
    for name in app.jinja_env.list_templates():
        (upgraded / name).write_text(f"{NEW} {{{{ 1 }}}}", encoding="utf-8")
    app.jinja_loader.searchpath = [str(upgraded)]  # the package's templates, replaced while it ran
    started_script = (Path(app.static_folder) / "app.js").read_bytes()
    (upgraded / "app.js").write_text(f"// {NEW}", encoding="utf-8")
    app.static_folder = str(upgraded)  # and its script

    client = app.test_client()
    seen = [client.get("/login")]
    assert client.post("/login", data={"name": "alice", "password": PASSWORD, "next": "/"}).status_code == 302
    seen += [client.get(p) for p in ("/", "/topics/leaky-gut", "/diets/low-fodmap", "/no-such-page",
                                      "/topics/no-such-topic")]
    assert [r.status_code for r in seen] == [200, 200, 200, 200, 404, 404]
    for response in seen:
        assert NEW not in response.text and "</html>" in response.text, response.request.path
    script = client.get("/static/app.js")
    assert script.status_code == 200 and script.data == started_script
    assert script.headers["Content-Type"].startswith("text/javascript") and "Content-Disposition" not in script.headers
    assert client.get("/static/app.js", headers={"If-None-Match": script.headers["ETag"]}).status_code == 304
    assert client.get("/static/no-such-file.js").status_code == 404


def test_an_app_made_after_a_template_changed_compiles_it_afresh(tmp_path: Path):
    """The compiled templates are shared by the apps one process makes (handouts.web.loaded), checked
    against their source: a server started after the upgrade shows the new pages."""
    from handouts.web import loaded
    from handouts.web.app import WebApp

    page = tmp_path / "page.html.j2"
    page.write_text("first {{ 1 }}", encoding="utf-8")
    before = WebApp("handouts.web.app", template_folder=str(tmp_path))
    loaded.load_now(before)
    page.write_text("second {{ 2 }}", encoding="utf-8")
    after = WebApp("handouts.web.app", template_folder=str(tmp_path))
    loaded.load_now(after)
    assert before.jinja_env.get_template("page.html.j2").render() == "first 1"
    assert after.jinja_env.get_template("page.html.j2").render() == "second 2"
