"""What a security review found getting through, each held shut by a test.

Every test here failed before its fix; each names the rule it protects (README, "What never changes").
"""

from __future__ import annotations

import base64
import io
import logging
import os
import re
import secrets
import socket
import struct
import sys
import threading
import zlib
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cliutil import run
from handouts import logo, scaffold, users
from handouts.batch.runner import Pool as BatchPool
from handouts.batch.worker import Settings
from handouts.errors import ContentError, UsageError
from handouts.serve_config import ServeConfig
from handouts.users import UserFile
from handouts.web import create_app, csrf, throttle
from handouts.web.audit import Audit, Printed
from handouts.web.auth import COOKIE, Login
from handouts.web import server
from handouts.web.pool import RenderPool
from handouts.web.proxy import FROM_PROXY, ProxyTrust
from handouts.web.throttle import SignInThrottle
from webclient import PageClient


def test_a_refused_batch_job_writes_none_of_the_patients_dates_to_the_manifest_or_the_log(tmp_path: Path):
    """Patient details reach the PDF only: a follow-up before the visit is refused without quoting the dates."""
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("topic,audience,patient_name,visit_date,follow_up\n"
                    "leaky-gut,patient,Ann Lee,2025-07-14,2025-07-01\n", encoding="utf-8")
    result = run("batch", jobs, "--out", tmp_path / "out", "--allow-draft", "--jobs", "1")
    assert result.exit_code == 1, result.output
    manifest = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert "follow-up date" in result.output and "follow-up date" in manifest  # it still says why
    for detail in ("2025-07-14", "2025-07-01", "Ann Lee"):
        assert detail not in result.output and detail not in manifest


def test_a_refused_diet_job_writes_none_of_the_patients_dates_to_the_manifest_or_the_log(tmp_path: Path):
    """The same for a dietitian's customisation whose follow-up comes before its start."""
    (tmp_path / "ann.yaml").write_text("plan: low-fodmap\npatient: Ann Lee\nstart_date: 2025-09-10\n"
                                       "follow_up: 2025-09-01\n", encoding="utf-8")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("customisation,output\nann.yaml,diets/0001.pdf\n", encoding="utf-8")  # not ann.pdf: her name
    result = run("batch", jobs, "--out", tmp_path / "out", "--allow-draft", "--jobs", "1")
    assert result.exit_code == 1, result.output
    manifest = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert "comes before the start date" in result.output  # the run's report says why
    # the manifest only that it failed: a customisation's errors quote its path (named for the patient) and
    # what it says (allergies, foods), so none of them is kept there
    assert "not kept in the manifest, as it quotes the customisation" in manifest
    for detail in ("2025-09-10", "2025-09-01", "Ann Lee"):
        assert detail not in result.output and detail not in manifest
    assert "ann.yaml" not in manifest


# A right-to-left override prints the letters after it backwards ("Ann \u202eeeL" shows as "Ann Lee");
# control characters print as nothing or as boxes: either way the page differs from what was typed.
HIDDEN = {"override": "Ann \u202eeeL", "isolate": "Ann \u2067Lee", "escape": "Ann\x1b[31mLee", "nul": "Ann\x00Lee"}


@pytest.mark.parametrize("kind", HIDDEN)
def test_the_command_line_refuses_invisible_characters_in_patient_details(kind: str, tmp_path: Path):
    out = tmp_path / "x.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--clinician", HIDDEN[kind], "-o", out)
    assert result.exit_code == 2, result.output
    assert re.search(r"--clinician: contains .* \(U\+[0-9A-F]{4}\) at character [45]: ", result.output), result.output
    assert not out.exists()


@pytest.fixture(scope="module")
def page_client():
    app = create_app(today=lambda: date(2026, 1, 15))
    app.test_client_class = PageClient
    return app.test_client()


@pytest.mark.parametrize("kind", HIDDEN)
def test_the_web_form_refuses_invisible_characters_in_patient_details(kind: str, page_client):
    response = page_client.post("/topics/leaky-gut/patient", data={
        "action": "download", "patient_name": HIDDEN[kind], "notes": "Drink water."})
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "Patient&#39;s name: contains" in response.text and "remove it" in response.text


def test_content_with_a_bidi_override_is_a_located_error(tmp_path: Path):
    shipped = Path(__file__).parents[1] / "data" / "brands" / "default.yaml"
    brand = tmp_path / "brand.yaml"
    brand.write_text(shipped.read_text(encoding="utf-8").replace("  en: Your care team", '  en: "Your \\u202emaet"', 1),
                     encoding="utf-8")
    result = run("validate", brand)
    assert result.exit_code == 1
    assert re.search(r"brand\.yaml:\d+:\d+: name\.en: contains RIGHT-TO-LEFT OVERRIDE \(U\+202E\) at character 6",
                     result.output), result.output


def test_repeated_failed_sign_ins_make_the_name_wait_then_a_correct_password_works(tmp_path: Path):
    """Guessing passwords as fast as scrypt checks them: after a few failures the name waits, checked or not."""
    users.add(tmp_path / "users.txt", "alice", "correct horse battery")
    app = create_app(login=Login(UserFile(tmp_path / "users.txt")), today=lambda: date(2026, 1, 15))
    app.test_client_class = PageClient
    now = [1000.0]
    app.extensions["handouts.signin-throttle"].clock = lambda: now[0]
    client = app.test_client()

    def sign_in(password: str, name: str = "alice", address: str = "192.0.2.7") -> Any:
        return client.post("/login", data={"name": name, "password": password, "next": "/"},
                           environ_base={"REMOTE_ADDR": address})

    for attempt in range(throttle.FREE_FAILURES):
        assert sign_in(f"guess {attempt}").status_code == 401
    refused = sign_in("correct horse battery")  # even the right password waits: no check is made
    assert refused.status_code == 429 and "Too many failed sign-ins: try again in 1 minute." in refused.text
    assert COOKIE not in refused.headers.get("Set-Cookie", "")
    assert sign_in("correct horse battery", address="192.0.2.8").status_code == 429  # the name waits anywhere
    now[0] += throttle.LOCK_SECONDS + 1
    assert sign_in("another guess").status_code == 401  # one more failure: a longer wait
    now[0] += throttle.LOCK_SECONDS + 1
    assert sign_in("correct horse battery").status_code == 429
    now[0] += throttle.LOCK_SECONDS
    signed_in = sign_in("correct horse battery")
    assert signed_in.status_code == 302 and COOKIE in signed_in.headers["Set-Cookie"]
    assert sign_in("a typo").status_code == 401  # success cleared the count


def test_one_address_trying_many_names_waits_too_but_not_everyone_behind_the_proxy(tmp_path: Path):
    users.add(tmp_path / "users.txt", "alice", "correct horse battery")
    app = create_app(login=Login(UserFile(tmp_path / "users.txt")), today=lambda: date(2026, 1, 15))
    app.test_client_class = PageClient
    client = app.test_client()

    def sign_in(name: str, password: str, **environ: Any) -> int:
        return client.post("/login", data={"name": name, "password": password, "next": "/"},
                           environ_base={"REMOTE_ADDR": "192.0.2.9", **environ}).status_code

    for attempt in range(throttle.FREE_FAILURES):
        assert sign_in(f"user{attempt}", "guess") == 401
    assert sign_in("alice", "correct horse battery") == 429
    # behind the proxy every browser has the proxy's address: only names wait there
    for attempt in range(throttle.FREE_FAILURES + 2):
        assert sign_in(f"other{attempt}", "guess", **{FROM_PROXY: True}) == 401
    assert sign_in("alice", "correct horse battery", **{FROM_PROXY: True}) == 302


def test_a_request_cannot_add_lines_of_its_own_to_the_server_log(caplog):
    """waitress decodes %0a in a path to a line break; the log line quotes the path escaped, on one line."""
    httpd = server.build_server("127.0.0.1", 0, create_app())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    forged = "/nothing%0a%22POST%20/topics/leaky-gut/patient%22%20200%0asigned%20in:%20mallory%e2%80%ae"
    try:
        with caplog.at_level(logging.INFO, logger="handouts.web"):
            with socket.create_connection(("127.0.0.1", httpd.server_port), timeout=30) as sock:
                sock.sendall(f"GET {forged} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
                answer = b""
                while chunk := sock.recv(65536):
                    answer += chunk
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)
    assert answer.startswith(b"HTTP/1.1 404")
    lines = [r.getMessage() for r in caplog.records if r.name == "handouts.web"]
    assert lines == ['"GET /nothing\\n"POST /topics/leaky-gut/patient" 200\\nsigned in: mallory\\u202e" 404'], lines
    assert not any(line.startswith("signed in") for line in caplog.text.splitlines())


def _png_header(width: int, height: int, pixels: bool = False) -> bytes:
    """A PNG that says it is width x height; with `pixels`, a whole one-colour picture (one bit a pixel:
    such a file compresses to almost nothing), else its header over no picture at all."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = bytes(height * (1 + (width + 7) // 8)) if pixels else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def _jpeg_saying(width: int, height: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (8, 8)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


LARGE_PICTURES = {
    "png": ("logo.png", _png_header(13_000, 13_000), "logo.png is 13,000 by 13,000 pixels"),
    "jpeg too large to open": ("logo.jpg", _jpeg_saying(65_000, 65_000), "logo.jpg has far more than"),
    "png inside an svg": ("logo.svg", ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/'
                                       'xlink" width="9" height="9"><image width="9" height="9" xlink:href="data:'
                                       'image/png;base64,' + base64.b64encode(_png_header(5000, 5000)).decode()
                                       + '"/></svg>').encode(), "logo.svg's embedded image is 5,000 by 5,000"),
}


@pytest.mark.parametrize("kind", LARGE_PICTURES)
def test_a_logo_of_too_many_pixels_is_refused_from_its_header(kind: str, tmp_path: Path):
    """A 37 kB PNG 13,000 pixels square took 14 s and 1.4 GB to print: validate and render refuse it at once."""
    name, data, says = LARGE_PICTURES[kind]
    (tmp_path / name).write_bytes(data)
    brand = tmp_path / "brand.yaml"
    brand.write_text(f"id: test\nname: Test Clinic\nlogo: {name}\nlogo_alt: Test Clinic logo\n"
                     "colors: {primary: '#1f4e79'}\n", encoding="utf-8")
    checked = run("validate", brand)
    assert checked.exit_code == 1 and says in checked.output, checked.output
    out = tmp_path / "x.pdf"
    rendered = run("render", "leaky-gut", "--audience", "patient", "--brand", brand, "-o", out)
    assert rendered.exit_code != 0 and says in rendered.output and not out.exists()


def test_a_logo_of_ordinary_size_still_prints(tmp_path: Path):
    """A whole picture: since logos are decoded when checked, a header over no pixels is refused as cut short."""
    (tmp_path / "logo.png").write_bytes(_png_header(4096, 4096, pixels=True))
    assert logo.problems(tmp_path / "logo.png") == []


def _signed_in_client(path: Path) -> tuple[Any, str]:
    app = create_app(login=Login(UserFile(path)), today=lambda: date(2026, 1, 15))
    app.test_client_class = PageClient
    client = app.test_client()
    signed_in = client.post("/login", data={"name": "alice", "password": "correct horse battery", "next": "/"})
    assert signed_in.status_code == 302
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None and client.get("/").status_code == 200
    return client, cookie.value


def test_a_copied_session_cookie_stops_working_when_its_user_signs_out(tmp_path: Path):
    users.add(tmp_path / "users.txt", "alice", "correct horse battery")
    client, token = _signed_in_client(tmp_path / "users.txt")
    assert client.post("/logout").status_code == 302
    client.set_cookie(COOKIE, token)  # the same cookie, kept by someone else
    assert client.get("/").status_code == 302


def test_sign_out_fails_safe_when_its_list_is_full(monkeypatch):
    """Past MAX_SESSIONS remembered sign-outs (a user signing in and out by the hundred thousand), a
    sign-out was dropped and its cookie kept working; now it ends the user's sessions issued until then."""
    from handouts.web.auth import SignedOut

    def session_token(name: str, issued: float) -> str:  # the cookie's shape; its MAC is checked before
        return f"{name}|{int(issued)}|{secrets.token_hex(8)}|mac"

    monkeypatch.setattr(SignedOut, "MAX_SESSIONS", 3)
    now = 1_800_000_000.0
    ended = SignedOut(lambda: now)  # the server's steady clock; each call below gives its own instant
    for _ in range(3):
        ended.end(session_token("mallory", now), now)
    alice_earlier, alice = session_token("alice", now - 60), session_token("alice", now)
    bob = session_token("bob", now)
    ended.end(alice, now)
    assert ended.ended(alice) and ended.ended(alice_earlier)
    assert not ended.ended(bob)
    assert not ended.ended(session_token("alice", now + 5)), "a later sign-in is a new session"
    later = now + 13 * 3600  # every session above has expired: the lists empty themselves
    ended.end(session_token("carol", later), later)
    assert not ended.ended(alice) and len(ended._until) == 1


def test_a_new_password_ends_the_sessions_made_with_the_old_one(tmp_path: Path):
    users.add(tmp_path / "users.txt", "alice", "correct horse battery")
    client, token = _signed_in_client(tmp_path / "users.txt")
    users.add(tmp_path / "users.txt", "alice", "a new long passphrase")
    client.set_cookie(COOKIE, token)
    assert client.get("/").status_code == 302


# "\ud800" is half of a UTF-16 pair: JSON and YAML escapes make one, and no page can be encoded with it
# (the app answered 500 with werkzeug's own page, and logged a traceback).
HALF_PAIRS = ['{"avoid": ["\\ud800x"]}', '{"phase_lengths": {"\\udfff": "2 weeks"}}',
              '{"extra_foods": [{"name": "\\ud800", "group": "x"}]}']


@pytest.mark.parametrize("more", HALF_PAIRS)
def test_half_a_surrogate_pair_in_the_diet_forms_carried_settings_is_a_form_problem(more: str, page_client):
    for action in ("preview", "download"):
        response = page_client.post("/diets/low-fodmap/sheet", data={"action": action, "more": more})
        assert response.status_code == 400 and response.mimetype == "text/html"
        assert "load the file again" in response.text


@pytest.mark.parametrize("body", ['avoid: ["\\ud800"]', 'patient: "Ann \\udc00"', 'phase_lengths: {"\\ud800": 2 weeks}'])
def test_half_a_surrogate_pair_in_an_uploaded_customisation_is_a_located_problem(body: str, page_client):
    upload = (io.BytesIO(f"plan: low-fodmap\n{body}\n".encode()), "sam.yaml")
    response = page_client.post("/diets/low-fodmap/load", data={"file": upload}, content_type="multipart/form-data")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert re.search(r"sam\.yaml:2:\d+: &#39;\\u(d800|dc00)&#39; is half of a UTF-16 surrogate pair", response.text), \
        response.text


def test_half_a_surrogate_pair_in_content_is_a_located_error(tmp_path: Path):
    (tmp_path / "c.yaml").write_text('plan: low-fodmap\navoid: ["grapes", "\\ud83d"]\n', encoding="utf-8")
    result = run("validate", tmp_path / "c.yaml")
    assert result.exit_code == 1
    assert "c.yaml:2:19: '\\ud83d' is half of a UTF-16 surrogate pair, not a character" in result.output, result.output


def test_import_drops_the_invisible_controls_that_text_copied_from_windows_carries(tmp_path: Path):
    """Content refuses bidi controls; text pasted from Windows wraps numbers in them. Import drops them."""
    fixture = Path(__file__).parent / "fixtures" / "import" / "gerd-web.txt"
    lines = fixture.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if "Weight loss" in line)
    lines[index] += " Call \u202a(555) 010-0142\u202c now,\x07 \u2067today\u2069."
    (tmp_path / "answer.txt").write_text("\n".join(lines), encoding="utf-8")
    result = run("import", tmp_path / "answer.txt", "-o", tmp_path / "draft.yaml")
    assert result.exit_code == 0, result.output
    assert "Call (555) 010-0142 now, today." in (tmp_path / "draft.yaml").read_text(encoding="utf-8")


def _as_another_users(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `path` another user's: chown it when the tests run as root, else pretend to be someone else."""
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)
    else:
        monkeypatch.setattr(os, "geteuid", lambda: path.stat().st_uid + 1)


def test_a_handouts_toml_another_user_left_above_the_current_folder_is_not_used(tmp_path: Path, monkeypatch):
    """Like git's safe.directory: a shared folder's handouts.toml would choose what prints and where PDFs go."""
    shared = tmp_path / "shared"
    (shared / "planted" / "topics").mkdir(parents=True)
    (shared / "handouts.toml").write_text('schema = 1\ndata = ["planted"]\noutput = "collected"\n', encoding="utf-8")
    _as_another_users(shared / "handouts.toml", monkeypatch)
    below = shared / "visit"
    below.mkdir()
    monkeypatch.chdir(below)
    result = run("render", "leaky-gut", "--audience", "patient", "--patient-name", "Ann Lee")
    assert result.exit_code == 2, result.output
    assert "handouts.toml belongs to another user" in result.output and "--config" in result.output
    assert not (shared / "collected").exists() and not list(below.iterdir())
    named = run("--config", shared / "handouts.toml", "list", "brands")  # named: trusted
    assert named.exit_code == 0, named.output


def test_a_handouts_toml_anyone_may_change_is_not_used_unless_named(tmp_path: Path, monkeypatch):
    scaffold.create(tmp_path / "clinic")
    config = tmp_path / "clinic" / "handouts.toml"
    config.chmod(0o666)
    monkeypatch.chdir(tmp_path / "clinic")
    result = run("list", "topics")
    assert result.exit_code == 2 and "can be changed by any user" in result.output and "chmod o-w" in result.output
    config.chmod(0o644)
    assert run("list", "topics").exit_code == 0


SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64">'


def _use_bomb(levels: int) -> str:
    """Ten uses of the group before, `levels` times over: 10**levels squares from a file of a kilobyte."""
    groups = "".join(f'<g id="g{i}">' + f'<use href="#g{i - 1}" x="1"/>' * 10 + "</g>" for i in range(1, levels + 1))
    return f'{SVG_OPEN}<defs><g id="g0"><rect width="1" height="1"/></g>{groups}</defs><use href="#g{levels}"/></svg>'


_MARKER = '<marker id="m" markerWidth="1" markerHeight="1">' + '<rect width="1" height="1"/>' * 100 + "</marker>"
_PATH = "M0 0 " + " ".join(f"L{i % 60} {i % 61}" for i in range(2000))
DRAWING_BOMBS = {
    "uses of uses": (_use_bomb(9), "draws more than 20,000 elements"),
    "uses by xlink": (_use_bomb(9).replace("<use href", "<use xlink:href"), "draws more than 20,000 elements"),
    "a marker at every vertex": (f'{SVG_OPEN}<defs>{_MARKER}</defs><path d="{_PATH}" marker-mid="url(#m)"/></svg>',
                                 "draws more than 20,000 elements"),
    "markers set by a stylesheet": (f'{SVG_OPEN}<style>path {{ marker-mid: url(#m) }}</style><defs>{_MARKER}</defs>'
                                    f'<path d="{_PATH}"/></svg>', "draws more than 20,000 elements"),
    # the same rules written with CSS escapes, which WeasyPrint reads as the plain ones: a 141 kB logo
    # passed validate and held a render for minutes and over a gigabyte
    "markers set by an escaped stylesheet": (f'{SVG_OPEN}<style>path {{ m\\61rker-mid: u\\rl(#m) }}</style>'
                                             f'<defs>{_MARKER}</defs><path d="{_PATH}"/></svg>',
                                             "draws more than 20,000 elements"),
    "markers set by an escaped style attribute": (f'{SVG_OPEN}<defs>{_MARKER}</defs><path d="{_PATH}" '
                                                  'style="marker-mid: u\\72 l(#m)"/></svg>',
                                                  "draws more than 20,000 elements"),
    "a use of itself": (f'{SVG_OPEN}<g id="a"><rect width="1" height="1"/><use href="#a"/></g></svg>',
                        "draws itself without end"),
}


@pytest.mark.parametrize("kind", DRAWING_BOMBS)
def test_an_svg_logo_whose_references_multiply_what_it_draws_is_refused(kind: str, tmp_path: Path):
    """The SVG form of the billion laughs: 9 levels of ten uses drew for hours; validate passed it."""
    svg, says = DRAWING_BOMBS[kind]
    (tmp_path / "logo.svg").write_text(svg, encoding="utf-8")
    assert any(says in p for p in logo.problems(tmp_path / "logo.svg")), logo.problems(tmp_path / "logo.svg")


def test_a_logo_that_reuses_its_parts_a_few_times_still_prints(tmp_path: Path):
    (tmp_path / "logo.svg").write_text(_use_bomb(3), encoding="utf-8")  # 1,000 squares
    gradient = (f'{SVG_OPEN}<style>path {{ fill: url(#g) }}</style><defs><linearGradient id="g"><stop offset="0"/>'
                f'<stop offset="1"/></linearGradient></defs>' + f'<path d="{_PATH}"/>' * 20 + "</svg>")
    (tmp_path / "gradient.svg").write_text(gradient, encoding="utf-8")
    assert logo.problems(tmp_path / "logo.svg") == [] and logo.problems(tmp_path / "gradient.svg") == []


def test_failing_under_thousands_of_other_names_does_not_free_a_waiting_name(monkeypatch):
    monkeypatch.setattr(throttle, "MAX_KEYS", 50)
    now = [0.0]
    guard = throttle.SignInThrottle(clock=lambda: now[0])
    for _ in range(throttle.FREE_FAILURES):
        guard.failed([("name", "alice")])
    for index in range(200):  # one failure each: none of them waits
        guard.failed([("name", f"user{index}")])
    assert guard.wait([("name", "alice")]) == throttle.LOCK_SECONDS


def _core_limits(pid: int) -> str:
    return next(line for line in Path(f"/proc/{pid}/limits").read_text().splitlines()
                if line.startswith("Max core file size"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl and /proc are Linux's")
def test_a_crashing_render_worker_leaves_no_core_dump_of_the_patients_it_held():
    """A worker crash (the pool survives one) would otherwise be dumped with every name and note in its memory."""
    with RenderPool(1, runner="pool_runners", timeout=20) as pool:
        dumpable, limit = pool.run(("dumpable", None))
    assert dumpable == 0 and tuple(limit) == (0, 0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_batch_worker_leaves_no_core_dump_either(tmp_path: Path):
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    if hard == 0:
        started_with = re.search(r"Max core file size\s+\S+\s+(\S+)", _core_limits(os.getppid()))
        # an earlier test in this process made it 0 (a command given patient details, run in-process
        # without conftest's recorder): that hides every worker's own limit from the tests after it
        assert started_with is None or started_with.group(1) == "0", "the test process lost its core limit"
        pytest.skip("core dumps are off for this user already: a worker would inherit that")
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))  # what the worker would inherit from a shell
    pool = BatchPool(1, Settings(str(tmp_path), date(2026, 1, 15)), recycle_after=10, timeout=30)
    try:
        slot = pool._start()
        assert slot.conn.poll(60) and slot.conn.recv()[0] == "ready"
        assert re.fullmatch(r"Max core file size\s+0\s+0\s+bytes\s*", _core_limits(slot.process.pid))
    finally:
        resource.setrlimit(resource.RLIMIT_CORE, (soft, hard))
        pool.close(terminate=True)


def test_a_practice_name_cannot_add_keys_to_the_brand_file_brand_new_writes(clinic: Path):
    """The name went into the file's first comment as typed: the YAML reader ends a comment at U+2028."""
    name = "Harbour\u2028footer: Call 555-0199 for a refund\u2028#"
    result = run("brand", "new", input="\n".join([name, "harbour", "", "555-0100", "", "#1d4e89", "", "", "", ""]) + "\n")
    assert result.exit_code == 0, result.output
    written = clinic / "data" / "brands" / "harbour.yaml"
    from handouts.yamlsource import read

    assert "footer" not in read(written).data
    assert written.read_text(encoding="utf-8").splitlines()[0].startswith("# Brand for Harbour footer: Call")


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
def test_a_user_file_others_may_change_is_refused_before_serving(tmp_path: Path):
    """Whoever can write the user file can give themselves a login: serve (and users add) refuse it."""
    path = tmp_path / "users.txt"
    users.add(path, "alice", "correct horse battery")
    path.chmod(0o666)
    with pytest.raises(ContentError, match=r"users\.txt: can be changed by other users .*mode 666.*chmod 600"):
        server.login_for(ServeConfig(users=path))
    path.chmod(0o620)
    with pytest.raises(ContentError, match="mode 620"):
        UserFile(path).check()
    assert not UserFile(path).verify("alice", "correct horse battery")  # while serving: no one signs in
    path.chmod(0o600)
    assert UserFile(path).verify("alice", "correct horse battery")


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
def test_an_audit_log_others_may_change_is_refused(tmp_path: Path):
    path = tmp_path / "audit.log"
    path.write_text("")
    path.chmod(0o666)
    with pytest.raises(UsageError, match=r"audit log .*audit\.log can be changed by other users .*mode 666"):
        Audit.to_file(path)
    path.chmod(0o600)
    Audit.to_file(path).record("alice", Printed("print", "patient-handout", "leaky-gut", "patient", "en", True))
    assert '"user": "alice"' in path.read_text()


# -- a clinic's app bound beyond loopback ------------------------------------------------

CLINIC_PASSWORD = "correct horse battery"
FORGED_HOST = {"Host": "evil.example"}
INFOBUTTON = {"mainSearchCriteria.v.dn": "leaky gut", "informationRecipient": "PROV"}
"""For the clinician: the sample is under review, so a patient is offered nothing (handouts.web.routes.infobutton)."""


@pytest.fixture(scope="module")
def clinic_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Users signing in; no list of host names (bound beyond loopback with `[serve] hosts` unset)."""
    path = tmp_path_factory.mktemp("clinic") / "users.txt"
    users.add(path, "alice", CLINIC_PASSWORD)
    users.add(path, "bob", "another long password")
    app = create_app(login=Login(UserFile(path)), today=lambda: date(2026, 1, 15), trusted_hosts=None)
    app.test_client_class = PageClient
    return app


def _clinic_client(app: Any, name: str = "alice", password: str = CLINIC_PASSWORD, **kwargs: Any) -> Any:
    client = app.test_client()
    signed_in = client.post("/login", data={"name": name, "password": password, "next": "/"}, **kwargs)
    assert signed_in.status_code == 302, signed_in.text[:300]
    return client


def test_a_forged_host_header_is_never_echoed_without_a_list_of_host_names(clinic_app: Any):
    """Sign-in, sign-out and the infobutton's links are paths: no answer repeats a name the request made up."""
    client = clinic_app.test_client()
    answers = [client.get("/infobutton", query_string=INFOBUTTON, headers=FORGED_HOST),  # to the sign-in page
               client.post("/login", data={"name": "alice", "password": CLINIC_PASSWORD, "next": "/"},
                           headers=FORGED_HOST)]
    answers += [client.get("/infobutton", query_string={**INFOBUTTON, "knowledgeResponseType": kind},
                           headers=FORGED_HOST) for kind in ("application/json", "text/xml", "text/html")]
    answers.append(client.post("/logout", headers=FORGED_HOST))
    assert [a.status_code for a in answers] == [302, 302, 200, 200, 303, 302]
    for answer in answers:
        assert "evil.example" not in answer.get_data(as_text=True) + str(answer.headers)
    assert [a.location for a in answers if a.location] == [
        "/login?next=/infobutton?mainSearchCriteria.v.dn%3Dleaky%2Bgut%26informationRecipient%3DPROV", "/",
        "/topics/leaky-gut", "/login"]
    entry = answers[2].get_json()["feed"]["entry"][0]
    assert [link["href"] for link in entry["link"]] == [
        "/topics/leaky-gut", "/topics/leaky-gut/clinician?action=print",
        "/topics/leaky-gut/clinician/document-reference"]
    atom = ET.fromstring(answers[3].get_data())
    ids = [e.text or "" for e in atom.iter("{http://www.w3.org/2005/Atom}id")]
    assert len(ids) >= 2 and all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids), ids
    assert len(set(ids)) == len(ids)  # the feed's own id and each entry's differ
    other = {"headers": {"Host": "other.example"}}
    again = ET.fromstring(_clinic_client(clinic_app, **other).get(
        "/infobutton", query_string={**INFOBUTTON, "knowledgeResponseType": "text/xml"}, **other).get_data())
    assert [e.text for e in again.iter("{http://www.w3.org/2005/Atom}id")] == ids  # stable, whatever the Host


def test_with_a_list_of_host_names_the_infobutton_links_are_whole_addresses_on_a_listed_name(
        clinic_app: Any, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(clinic_app.config, "HANDOUTS_TRUSTED_HOSTS", ["handouts.clinic.example"])
    named = {"base_url": "http://handouts.clinic.example"}
    client = _clinic_client(clinic_app, **named)
    feed = client.get("/infobutton", query_string={**INFOBUTTON, "knowledgeResponseType": "application/json"},
                      **named).get_json()["feed"]
    assert feed["base"]["_value"] == "http://handouts.clinic.example/"
    assert feed["entry"][0]["link"][0]["href"] == "http://handouts.clinic.example/topics/leaky-gut"
    assert client.get("/infobutton", query_string=INFOBUTTON, base_url="http://evil.example").status_code == 400


# -- behind the configured proxy: the browser's address, not the proxy's --------------------------------


@pytest.fixture
def behind_the_proxy(clinic_app: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The clinic's app behind a proxy on 127.0.0.1, with a sign-in throttle of its own."""
    monkeypatch.setattr(clinic_app, "wsgi_app", ProxyTrust(clinic_app.wsgi_app, ["127.0.0.1"]))
    monkeypatch.setitem(clinic_app.extensions, "handouts.signin-throttle", SignInThrottle())
    return clinic_app


def _failed_sign_ins(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "sign-in" in r.getMessage()]


@pytest.mark.parametrize("peer, forwarded_for, shown", [
    ("127.0.0.1", "203.0.113.5", "203.0.113.5"),
    ("127.0.0.1", "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # the left entry is the browser's own say
    ("127.0.0.1", "203.0.113.5, 127.0.0.1", "203.0.113.5"),  # a second hop through a configured proxy
    ("127.0.0.1", "203.0.113.5, signed in: mallory", "127.0.0.1 (the proxy: it forwarded no client address)"),
    ("127.0.0.1", None, "127.0.0.1 (the proxy: it forwarded no client address)"),
    ("192.0.2.50", "203.0.113.5", "192.0.2.50"),  # not the proxy: its header is not believed
], ids=["forwarded", "spoofed entry on the left", "two proxies", "not an address", "none", "not from the proxy"])
def test_a_failed_sign_in_names_the_browsers_address(behind_the_proxy: Any, caplog: pytest.LogCaptureFixture,
                                                     peer: str, forwarded_for: str | None, shown: str):
    client = behind_the_proxy.test_client()
    with caplog.at_level(logging.INFO, logger="handouts.web"):
        refused = client.post("/login", data={"name": "alice", "password": "a wrong guess", "next": "/"},
                              headers={"X-Forwarded-For": forwarded_for} if forwarded_for else {},
                              environ_base={"REMOTE_ADDR": peer})
    assert refused.status_code == 401
    assert _failed_sign_ins(caplog) == [f"failed sign-in from {shown}"]


def test_behind_the_proxy_the_throttle_keys_on_the_forwarded_address(behind_the_proxy: Any):
    """One browser guessing many names waits; another browser behind the same proxy does not."""
    client = behind_the_proxy.test_client()

    def sign_in(name: str, password: str, browser: str) -> int:
        return client.post("/login", data={"name": name, "password": password, "next": "/"},
                           headers={"X-Forwarded-For": browser},
                           environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code

    for attempt in range(throttle.FREE_FAILURES):
        assert sign_in(f"user{attempt}", "guess", "203.0.113.5") == 401
    assert sign_in("alice", CLINIC_PASSWORD, "203.0.113.5") == 429
    assert sign_in("alice", CLINIC_PASSWORD, "203.0.113.6") == 302  # the proxy's address is no one's
    assert sign_in("alice", CLINIC_PASSWORD, "198.51.100.1, 203.0.113.5") == 429  # a made-up entry gains nothing


# -- the form token belongs to the session it was issued in -------------------------------------------


def _page_token(client: Any, path: str = "/") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match, "the page's form carries a token"
    return match.group(1)


def _refusal(response: Any) -> str:
    """The reason the refusal page gives (the sentence after 'Nothing was made or printed:')."""
    assert response.status_code == 403 and b"%PDF" not in response.data, response.status_code
    match = re.search(r"Nothing was made or printed: ([^<]+)", response.text)
    assert match, response.text[:500]
    return match.group(1)


def test_a_form_token_from_another_session_is_refused_like_a_missing_one(clinic_app: Any):
    alice, bob = _clinic_client(clinic_app), _clinic_client(clinic_app, "bob", "another long password")
    token = _page_token(alice)
    missing = _refusal(bob.post("/logout", data={csrf.FIELD: ""}))
    assert _refusal(bob.post("/logout", data={csrf.FIELD: token})) == missing
    assert "no valid token" in missing and "than your sign-in" in missing
    stolen = bob.post("/topics/leaky-gut/patient", data={"action": "print", "notes": "Stop your medicines",
                                                         csrf.FIELD: token})
    assert _refusal(stolen) == missing
    assert alice.post("/logout", data={csrf.FIELD: token}).status_code == 302  # in its own session it works


def test_the_sign_in_pages_token_does_not_serve_a_signed_in_session(clinic_app: Any):
    """What anyone who reaches the sign-in page can read is no token for a signed-in user's forms."""
    client = clinic_app.test_client()
    anonymous = _page_token(client, "/login")
    client.post("/login", data={"name": "alice", "password": CLINIC_PASSWORD, "next": "/", csrf.FIELD: anonymous})
    assert client.get("/").status_code == 200  # signed in with it
    _refusal(client.post("/logout", data={csrf.FIELD: anonymous}))


def test_signing_out_or_a_new_password_ends_the_sessions_form_tokens(clinic_app: Any):
    client = _clinic_client(clinic_app)
    before = _page_token(client)
    assert client.post("/logout").status_code == 302
    client.post("/login", data={"name": "alice", "password": CLINIC_PASSWORD, "next": "/"})
    _refusal(client.post("/logout", data={csrf.FIELD: before}))  # signed in again: a new session

    path = clinic_app.extensions["handouts.login"].users.path
    users.add(path, "dave", CLINIC_PASSWORD)
    dave = _clinic_client(clinic_app, "dave")
    old = _page_token(dave)
    users.add(path, "dave", "a new long passphrase")
    assert dave.get("/").status_code == 302  # the session ended with the old password
    dave.post("/login", data={"name": "dave", "password": "a new long passphrase", "next": "/"})
    assert dave.get("/").status_code == 200
    _refusal(dave.post("/logout", data={csrf.FIELD: old}))


def test_behind_a_signing_in_proxy_a_token_belongs_to_its_user():
    app = create_app(login=Login(None, "X-Remote-User"), today=lambda: date(2026, 1, 15))
    app.wsgi_app = ProxyTrust(app.wsgi_app, ["127.0.0.1"], "X-Remote-User")
    app.test_client_class = PageClient
    client = app.test_client()
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    page = client.get("/topics/leaky-gut", headers={"X-Remote-User": "carol"}, environ_base=proxy)
    carols = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    form = {"action": "print", "notes": "Stop your medicines", csrf.FIELD: carols}
    _refusal(client.post("/topics/leaky-gut/patient", data=form, headers={"X-Remote-User": "erin"},
                         environ_base=proxy))
