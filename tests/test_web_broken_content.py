"""One broken file never takes the web app down.

In `serve --data`'s folder at start-up, or added while it runs, a broken
topic, brand, diet plan or food catalogue (or a YAML file that makes the
parser itself fail) is listed as unavailable with its located error, and
everything else keeps working.
"""

from __future__ import annotations

import os
import re
import shutil
import urllib.request
from pathlib import Path

import pytest

from handouts.web import create_app
from serving import serving
from web_shared import same_folder

ROOT = Path(__file__).resolve().parent.parent
TOPIC = "/topics/leaky-gut"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _folder(path: Path) -> None:
    path.mkdir(parents=True)


def _loop(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(path.name, path)


# (file under the practice folder, how to break it, what the index must say about it)
BROKEN = {
    "topic: YAML syntax": ("topics/broken.yaml", lambda p: _write(p, "id: broken\nquestion: [\n"), "broken.yaml:3:1"),
    "topic: nested 5,000 deep": ("topics/deep.yaml", lambda p: _write(p, "question: " + "[" * 5000 + "]" * 5000),
                                 "deep.yaml"),
    "topic: a custom tag": ("topics/tagged.yaml", lambda p: _write(p, "id: tagged\nquestion: !foo [a]\n"),
                            "tagged.yaml"),
    "topic: a 5,001-digit number": ("topics/huge.yaml", lambda p: _write(p, "id: huge\nquestion: " + "9" * 5001),
                                    "huge.yaml"),
    "topic: a folder": ("topics/folder.yaml", _folder, "is a folder or a link to nothing"),
    "topic: a symlink loop": ("topics/loop.yaml", _loop, "is a folder or a link to nothing"),
    "topic: not UTF-8": ("topics/latin.yaml", lambda p: _bytes(p, b"id: latin\ntitle: caf\xe9\n"), "not UTF-8"),
    "brand": ("brands/other.yaml", lambda p: _write(p, "id: other\nname: [\n"), "other.yaml:3:1"),
    "the default brand": ("brands/default.yaml", lambda p: _write(p, "id: default\ncolors: {primary: red}\n"),
                          "default.yaml"),
    "diet plan": ("diets/bad-plan.yaml", lambda p: _write(p, "id: bad-plan\nphases: [\n"), "bad-plan.yaml:3:1"),
    "food catalogue": ("foods/catalogue.yaml", lambda p: _write(p, "categories: {\n"), "catalogue.yaml"),
}


@pytest.fixture(scope="module")
def practices(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("practices")


@pytest.fixture
def practice(practices: Path) -> Path:
    """A practice's folder with a brand of its own; the shipped topics and plans come after it.
    Made afresh for each test, at the same path (web_shared.same_folder: the shipped content parsed once)."""
    data = same_folder(practices, "practice")
    (data / "brands").mkdir()
    shutil.copy(ROOT / "data" / "brands" / "riverside.yaml", data / "brands" / "clinic.yaml")
    shutil.copytree(ROOT / "data" / "brands" / "riverside", data / "brands" / "riverside")
    return data


def _index_shows(index: str, says: str) -> None:
    assert "Unavailable" in index
    assert says.replace("'", "&#39;") in index, index


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_broken_file_at_start_up(practice, case):
    name, breaks, says = case
    breaks(practice / name)
    app = create_app(practice)  # starts
    client = app.test_client()
    index = client.get("/")
    assert index.status_code == 200
    _index_shows(index.text, says)
    assert "Traceback" not in index.text
    # the rest is served: the shipped topic, with its letterhead (another one if the default is broken)
    page = client.get(TOPIC)
    assert page.status_code == 200
    preview = client.post(f"{TOPIC}/patient", data={"action": "preview", "item": "soluble-fibre"})
    assert preview.status_code == 200 and "soluble fiber" in preview.text
    if not name.startswith("foods/"):
        assert client.get("/diets/trigger-foods").status_code == 200


@pytest.mark.parametrize("case", [BROKEN["topic: a custom tag"], BROKEN["brand"], BROKEN["diet plan"],
                                  BROKEN["food catalogue"]],
                         ids=["topic: tag", "brand", "diet plan", "food catalogue"])
def test_broken_file_added_while_running(practice, case):
    name, breaks, says = case
    client = create_app(practice).test_client()
    assert client.get("/").status_code == 200
    breaks(practice / name)
    index = client.get("/")
    assert index.status_code == 200
    _index_shows(index.text, says)
    assert client.get(TOPIC).status_code == 200


def test_a_broken_topic_page_says_what_is_wrong(practice):
    name, breaks, _ = BROKEN["topic: a custom tag"]
    breaks(practice / name)
    page = create_app(practice).test_client().get("/topics/tagged")
    assert page.status_code == 500
    assert "tagged.yaml:2:" in page.text
    assert "Traceback" not in page.text


def test_a_loader_that_gives_up_is_one_files_problem(practice, monkeypatch):
    """Whatever a loader raises on one strange file (a parser's RecursionError, a bug), only that file is
    unavailable: the start page names it and the rest is served."""
    from handouts.web import catalogue

    real = catalogue.load_topic
    (practice / "topics").mkdir()
    (practice / "topics" / "strange.yaml").write_text("id: strange\n", encoding="utf-8")

    def load_topic(path, ctx):
        if Path(path).name == "strange.yaml":
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, ctx)

    monkeypatch.setattr(catalogue, "load_topic", load_topic)
    client = create_app(practice).test_client()
    index = client.get("/")
    assert index.status_code == 200
    assert "strange.yaml: could not be read (RecursionError)" in index.text
    assert client.get(TOPIC).status_code == 200
    assert client.get("/topics/strange").status_code == 500


def test_the_default_brand_broken_falls_back_and_says_so(practice):
    name, breaks, _ = BROKEN["the default brand"]
    breaks(practice / name)
    client = create_app(practice).test_client()
    page = client.get(TOPIC)
    assert page.status_code == 200
    assert "Letterhead &#39;default&#39;" in client.get("/").text


def test_start_up_of_the_real_server_with_everything_broken(practice):
    """`handouts serve --data` with a broken topic, a parser-breaking file, brand, plan and catalogue."""
    for case in ("topic: YAML syntax", "topic: a custom tag", "the default brand", "diet plan", "food catalogue"):
        name, breaks, _ = BROKEN[case]
        breaks(practice / name)
    with serving("--data", str(practice)) as served:
        with urllib.request.urlopen(served.url, timeout=60) as response:
            index = response.read().decode()
        for case in ("topic: YAML syntax", "topic: a custom tag", "the default brand", "food catalogue"):
            _index_shows(index, BROKEN[case][2])
        with urllib.request.urlopen(served.url + "topics/leaky-gut/clinician?action=download", timeout=60) as response:
            assert response.read().startswith(b"%PDF")
    log = served.text()  # the whole log: the server has stopped
    assert "warning: warm-up: topic 'tagged' does not load" in log
    assert "warning: warm-up: letterhead 'default' does not load" in log
    assert "warning: warm-up: using letterhead 'clinic' until 'default' loads" in log
    assert "Traceback" not in log


@pytest.mark.parametrize("page_language", ["en", "es"])
@pytest.mark.parametrize("compact", [False, True], ids=["page", "preview frame"])
def test_a_broken_topics_problems_are_code_in_english_on_a_page_in_any_language(practice, page_language, compact):
    """The 500 page listed the located problems as plain items of the page: on a Spanish page a screen
    reader read 'broken.yaml:3:1: title: ...' in a Spanish voice. They are code, tagged English, as the
    start page lists them; the advice after them stays in the page's language."""
    _write(practice / "topics" / "broken.yaml", "id: broken\ntitle: [\n")
    client = create_app(practice).test_client()
    path = "/topics/broken" if not compact else "/topics/broken/patient"
    page = client.get(path, query_string={"hl": page_language, **({"action": "preview"} if compact else {})})
    assert page.status_code == 500
    items = re.findall(r"<li>(.*?)</li>", page.text, re.S)
    located = [item for item in items if "broken.yaml:3:1" in item]
    english_code = re.compile(r'<code lang="en">[^<]*broken\.yaml:3:1:[^<]*</code>')
    assert located and all(english_code.fullmatch(item) for item in located), items
    advice = {"en": "Fix the file", "es": "Corrija el archivo"}[page_language]
    assert any(item.startswith(advice) for item in items), items
    index = client.get("/", query_string={"hl": page_language}).text
    assert re.search(r'<li><code lang="en">[^<]*broken\.yaml:3:1:', index), index
