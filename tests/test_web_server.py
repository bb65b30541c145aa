"""`handouts serve`: the command, the refusal of a non-local host without a login, and a log without patient details."""

from __future__ import annotations

import logging
import threading
import urllib.request
from pathlib import Path

import pytest

from handouts import documents
from cliutil import run
from handouts.render import RenderError
from handouts.rendered import Rendered
from handouts.web import create_app, server
from handouts.web.rendering import Renderers
from serving import capture_served_app
from webclient import form_as_sent


class ViewsOnly(Renderers):
    """Builds every view warm_up asks for (where a draft without patient texts fails) and renders none:
    which topic the warm-up picks is under test there; test_warm_up_renders_both_audiences renders it."""

    def _run(self, what: str, view: object) -> Rendered:
        return Rendered(b"%PDF-", 1)


@pytest.mark.parametrize(("host", "local"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.168.1.10", False), ("::", False), ("clinic-pc", False),
])
def test_is_local(host, local):
    assert server.is_local(host) is local


@pytest.fixture
def no_listen(monkeypatch):
    """`handouts serve` up to the point it would listen; what it chose is in the returned dict."""
    return capture_served_app(monkeypatch)


def test_serve_defaults_to_localhost_without_warning(no_listen):
    result = run("serve")
    assert result.exit_code == 0, result.output
    assert no_listen["host"] == "127.0.0.1" and no_listen["port"] == 8000
    assert no_listen["app"].config["HANDOUTS_TRUSTED_HOSTS"]
    assert no_listen["threads"] > 2  # the render workers' requests and some to spare for pages
    assert "warning" not in result.output
    assert "serving on http://127.0.0.1:8000/ (no sign-in (this computer only)" in result.output


def test_jobs_sets_the_render_workers(no_listen):
    result = run("serve", "-j", "3")
    assert result.exit_code == 0, result.output
    assert "starting 3 render worker(s)" in result.output


def test_non_local_host_without_a_login_refuses_to_start(no_listen):
    result = run("serve", "--host", "0.0.0.0", "--port", "8080", "--brand", "riverside")
    assert result.exit_code == 2, result.output
    assert "refusing to serve on 0.0.0.0 without a login" in result.output
    assert "handouts users add NAME" in result.output and "user_header" in result.output
    assert "app" not in no_listen  # refused before anything listens


def test_serving_the_rooms_says_the_address_they_open(no_listen, clinic):
    """'serving on http://0.0.0.0:8000/' is where it listens: a practice serving its two rooms was
    not told what to type in them."""
    import socket

    from handouts import users

    with (clinic / "handouts.toml").open("a", encoding="utf-8") as config:
        config.write('\n[serve]\nusers = "users.txt"\n')
    users.add(clinic / "users.txt", "alice", "correct horse battery")
    result = run("serve", "--host", "0.0.0.0")
    assert result.exit_code == 0, result.output
    assert (f"handouts: the other rooms' computers open http://{socket.gethostname()}:8000/ (or this computer's "
            "address on the practice's network)") in result.output
    assert "other rooms" not in run("serve").output  # this computer alone


def test_the_rooms_address_is_a_listed_host_and_none_behind_a_proxy():
    from handouts.serve_config import ServeConfig

    assert server.rooms_address("0.0.0.0", 8000, ServeConfig(hosts=("clinic-pc.local",))) == (
        "http://clinic-pc.local:8000/")
    assert server.rooms_address("0.0.0.0", 8000, ServeConfig(proxy=("127.0.0.1",))) is None
    assert server.rooms_address("127.0.0.1", 8000, ServeConfig()) is None


def test_unknown_brand_is_a_usage_error(no_listen):
    result = run("serve", "--brand", "nope")
    assert result.exit_code == 2
    assert "no brand 'nope'" in result.output


def test_data_folder_without_topics(no_listen, tmp_path):
    result = run("serve", "--data", str(tmp_path))
    assert result.exit_code == 2
    assert "has none of the folders topics/" in result.output


def test_request_log_has_no_query_string(caplog):
    """Real HTTP through the server `serve` runs: the log line has method, path and status only."""
    httpd = server.build_server("127.0.0.1", 0, create_app())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="handouts.web"):
            url = f"http://127.0.0.1:{httpd.server_port}/?q=Jo+Example+secret"
            with urllib.request.urlopen(url, timeout=30) as response:
                assert response.status == 200
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)
    assert '"GET /" 200' in caplog.text
    assert "secret" not in caplog.text and "Jo" not in caplog.text


def test_warm_up_renders_both_audiences_and_the_first_prints_are_answered_from_the_cache(monkeypatch):
    """The warm-up's two documents were thrown away: the first print of either rendered again (a second
    or two on a clinic's server). They are kept under the keys the brief's link and the topic page's
    form sent unchanged look up; the warm-up hands nothing out (no audit line)."""
    app = create_app()
    st = app.extensions["handouts"]
    audited: list[str] = []
    monkeypatch.setattr(st.audit, "_write", audited.append)
    report = server.warm_up(app)
    assert report.ok, report.failures
    assert report.rendered == ("leaky-gut (patient)", "leaky-gut (clinician)")
    assert audited == []
    made: list[str] = []
    monkeypatch.setattr(st.renderers, "_run", lambda what, view: made.append(what) or Rendered(b"made again", 1))
    client = app.test_client()
    brief = client.get("/topics/leaky-gut/clinician?action=print")
    page = client.get("/topics/leaky-gut").text
    handout = client.post("/topics/leaky-gut/patient", data=form_as_sent(page, "patient-form", action="print"))
    assert brief.status_code == handout.status_code == 200
    assert made == [] and st.renderers.cache.hits == 2
    assert brief.data.startswith(b"%PDF-") and handout.data.startswith(b"%PDF-") and brief.data != handout.data
    assert len(audited) == 2  # the two prints, each as it is handed out


def test_warm_up_reports_a_failing_render(monkeypatch):
    def broken(view, fmt="pdf", variant="ua"):
        raise RenderError("font file unreadable\nsecond line")

    monkeypatch.setattr(documents, "render", broken)
    report = server.warm_up(create_app())
    assert not report.ok and report.rendered == ()
    assert report.failures == (
        "rendering leaky-gut (patient) failed: RenderError: font file unreadable",
        "rendering leaky-gut (clinician) failed: RenderError: font file unreadable",
    )


def test_warm_up_reports_a_topic_that_does_not_load(tmp_path):
    """A practice's folder with one broken topic: reported, and the shipped topic still warms the renderer."""
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / "broken.yaml").write_text("id: broken\ntitel: Broken\n", encoding="utf-8")
    report = server.warm_up(create_app(tmp_path, renderers=ViewsOnly()))
    assert len(report.failures) == 1 and report.failures[0].startswith("topic 'broken' does not load (")
    assert report.rendered == ("leaky-gut (patient)", "leaky-gut (clinician)")


def test_warm_up_passes_over_a_draft_without_patient_texts(tmp_path):
    """A practice's first imported topic ('gerd', first by name) has no patient texts yet: serve warned
    'rendering gerd (patient) failed: PersonalisationError: ...' at every start, of a draft as it should be."""
    (tmp_path / "topics").mkdir()
    done = run("import", Path(__file__).parent / "fixtures" / "import" / "gerd-web.txt", "-o",
               tmp_path / "topics" / "gerd.yaml")
    assert done.exit_code == 0, done.output
    report = server.warm_up(create_app(tmp_path, renderers=ViewsOnly()))
    assert report.ok, report.failures
    assert report.rendered == ("leaky-gut (patient)", "leaky-gut (clinician)")


def test_serve_prints_each_warm_up_failure_on_one_line(no_listen, monkeypatch):
    failure = "rendering leaky-gut (patient) failed: RenderError: font file unreadable"
    monkeypatch.setattr(server, "warm_up", lambda app: server.WarmUp(failures=(failure,)))
    result = run("serve")
    assert result.exit_code == 0, result.output  # a failed warm-up slows the first click; it does not stop the server
    assert f"warning: warm-up: {failure}\n" in result.output
    assert "serving on http://127.0.0.1:8000/" in result.output
