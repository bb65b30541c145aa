"""The web app's own work per request: each data folder is listed once per request, not once per question.

A handout request asks for the letterheads a dozen times (the form's list, the default one, each
brand's file), and each listing globs the folders and follows every file's links: it was most of the
server's own CPU per request, and grew with the square of a practice's brands. Listed once per
request, a file added while the app runs still shows from the next request on.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest

from handouts import lookup
from handouts.web import create_app, pages
from webclient import PageClient

ROOT = Path(__file__).resolve().parent.parent
TOPIC = "/topics/leaky-gut"
BRANDS = 8


@pytest.fixture
def practice(tmp_path: Path) -> Path:
    """A practice with letterheads of its own (the shipped topics and brands come after them)."""
    data = tmp_path / "practice"
    (data / "brands").mkdir(parents=True)
    for n in range(BRANDS):
        _letterhead(data, f"site-{n}")
    return data


def _letterhead(data: Path, brand_id: str) -> None:
    text = (ROOT / "data" / "brands" / "harbourside.yaml").read_text(encoding="utf-8")
    (data / "brands" / f"{brand_id}.yaml").write_text(text.replace("id: harbourside", f"id: {brand_id}"),
                                                      encoding="utf-8")


@pytest.fixture
def listed(monkeypatch) -> Counter[str]:
    """How many times each kind folder was listed (handouts.lookup.ids, which globs and resolves links)."""
    counts: Counter[str] = Counter()
    real = lookup.ids

    def counting(data_dirs, folder):
        counts[folder] += 1
        return real(data_dirs, folder)

    monkeypatch.setattr(lookup, "ids", counting)
    return counts


def _client(practice: Path) -> PageClient:
    app = create_app(practice)
    app.test_client_class = PageClient
    return app.test_client()  # type: ignore[return-value]


def test_a_personalised_handout_lists_each_folder_once(practice, listed):
    client = _client(practice)
    assert client.get(TOPIC).status_code == 200
    listed.clear()
    printed = client.post(f"{TOPIC}/patient", data={
        "item": "soluble-fibre", "patient_name": "Zebulon Quagmire", "brand": "site-3", "action": "download"})
    assert printed.status_code == 200 and printed.data.startswith(b"%PDF-")
    assert listed and max(listed.values()) == 1, dict(listed)


@pytest.mark.parametrize("path", [TOPIC, f"{TOPIC}/clinician?action=download&brand=site-5", "/"])
def test_a_page_or_a_brief_lists_each_folder_once(practice, listed, path):
    client = _client(practice)
    assert client.get(path).status_code == 200
    listed.clear()
    assert client.get(path).status_code == 200  # the brief from the cache: the listing was most of its cost
    assert listed and max(listed.values()) == 1, dict(listed)


def test_a_letterhead_added_or_removed_shows_on_the_next_request(practice):
    client = _client(practice)
    assert 'value="site-8"' not in client.get(TOPIC).text
    _letterhead(practice, "site-8")
    assert 'value="site-8"' in client.get(TOPIC).text
    (practice / "brands" / "site-1.yaml").unlink()
    page = client.get(TOPIC).text
    assert 'value="site-1"' not in page and 'value="site-8"' in page
    gone = client.get(f"{TOPIC}/clinician?action=download&brand=site-1")
    assert gone.status_code == 400 and b"%PDF" not in gone.data


@pytest.fixture
def items_built(monkeypatch) -> Counter[tuple[str, str]]:
    """How many times the visit form's items were built, by topic and language (a handout's view each time)."""
    counts: Counter[tuple[str, str]] = Counter()
    real = pages.build_form_items

    def counting(inputs, language):
        counts[(inputs.topic.id, language)] += 1
        return real(inputs, language)

    monkeypatch.setattr(pages, "build_form_items", counting)
    return counts


def test_the_forms_items_are_built_once_per_loaded_topic(tmp_path, items_built):
    """Each topic page and each POST built the unpersonalised handout's view again for the items it offers
    (a millisecond of the server's CPU per request, issue #18): built once for the topic as loaded, and
    again when its file is edited."""
    data = tmp_path / "data"
    (data / "topics").mkdir(parents=True)
    path = data / "topics" / "leaky-gut.yaml"
    path.write_text((ROOT / "data" / "topics" / "leaky-gut.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    client = _client(data)
    for _ in range(2):
        assert client.get(TOPIC).status_code == 200
        assert client.post(TOPIC, data={"select": "helps:none"}).status_code == 200
        assert client.post(f"{TOPIC}/patient", data={"item": "soluble-fibre", "action": "download"}).status_code == 200
    assert client.get(f"{TOPIC}?language=es").status_code == 200
    assert items_built == {("leaky-gut", "en"): 1, ("leaky-gut", "es"): 1}

    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("soluble fiber, the kind", "soluble fiber (edited), the kind"), encoding="utf-8")
    page = client.get(TOPIC).text
    assert "Eat more soluble fiber (edited), the kind" in page  # the reloaded topic's wording, not the one remembered
    assert items_built[("leaky-gut", "en")] == 2


def _client_with_own_plan(tmp_path: Path) -> tuple[PageClient, Path]:
    """An app whose data folder holds its own copy of the trigger-foods plan, to edit under it."""
    data = tmp_path / "data"
    (data / "diets").mkdir(parents=True)
    path = data / "diets" / "trigger-foods.yaml"
    path.write_text((ROOT / "data" / "diets" / "trigger-foods.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return _client(data), path


def test_a_plans_food_lists_are_worked_out_once_per_loaded_plan(tmp_path, monkeypatch):
    """The plan's page and the list of topics placed every food of each plan's sheet again, at every
    request, to find which food-list files mark it: once for the plan as loaded, and again once edited."""
    from handouts.diet import catalogue_review

    counts: Counter[str] = Counter()
    real = catalogue_review.plan_layers

    def counting(plan, catalogue, cust):
        counts[plan.id] += 1
        return real(plan, catalogue, cust)

    monkeypatch.setattr(catalogue_review, "plan_layers", counting)
    client, path = _client_with_own_plan(tmp_path)
    for _ in range(3):
        assert client.get("/diets/trigger-foods").status_code == 200
        assert client.get("/").status_code == 200
    assert counts["trigger-foods"] == 1, dict(counts)

    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert client.get("/diets/trigger-foods").status_code == 200
    assert counts["trigger-foods"] == 2, dict(counts)


def test_a_plans_languages_are_worked_out_once_per_loaded_plan(tmp_path, monkeypatch):
    """The plan's page and its Load worked out again, at every request, which languages its sheet prints in
    (every text of the plan walked): once for the plan as loaded, and again once edited."""
    from handouts.web import diets

    counts: Counter[str] = Counter()
    real = diets.languages_of

    def counting(plan, catalogue):
        counts[plan.id] += 1
        return real(plan, catalogue)

    monkeypatch.setattr(diets, "languages_of", counting)
    client, path = _client_with_own_plan(tmp_path)
    for _ in range(3):
        page = client.get("/diets/trigger-foods?hl=es")
        assert page.status_code == 200 and 'value="es"' in page.text  # the sheet still offers its Spanish
        loaded = client.post("/diets/trigger-foods/load", content_type="multipart/form-data",
                             data={"file": (io.BytesIO(b"plan: trigger-foods\nlanguage: es\n"), "c.yaml")})
        assert loaded.status_code == 200
    assert counts["trigger-foods"] == 1, dict(counts)

    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert client.get("/diets/trigger-foods").status_code == 200
    assert counts["trigger-foods"] == 2, dict(counts)
