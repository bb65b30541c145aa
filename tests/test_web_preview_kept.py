"""Upgrading handouts under a running server does not mix a document preview with the new version.

A preview is laid out in the server's process: Jinja reloaded a document template that
changed on disk, and the preview's stylesheet and pictogram routes read the file as it
was at the request. Both are read when the app is made (handouts.kept_assets); the test
makes the app from a copy of the templates and styles, changes the copy as an upgrade
would, and finds none of the change in the next preview.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from handouts import html, kept_assets, render, resources
from handouts.web import create_app
from handouts.web.routes import assets
from tests.webclient import PageClient

NEW = "A NEWER VERSION OF THIS TEMPLATE"
TOPIC = "/topics/leaky-gut"


def _forget() -> None:
    for cached in (kept_assets.template_sources, kept_assets.stylesheet_sources, html.environment,
                   html._stylesheet_text, render._read_style):
        cached.cache_clear()


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The package's templates and styles, copied where the test can upgrade them."""
    real = resources.asset_dir
    for name in ("templates", "styles"):
        shutil.copytree(real(name), tmp_path / name)

    def copied(name: str) -> Path:
        return tmp_path / name if name in ("templates", "styles") else real(name)

    for module in (html, kept_assets, assets, render):  # the renderer's too: it fetches the pictograms there
        monkeypatch.setattr(module, "asset_dir", copied, raising=False)
    monkeypatch.setattr(render, "_RENDERER", None)  # one whose stylesheets point into the copy, for this test only
    _forget()
    yield tmp_path
    monkeypatch.undo()
    _forget()


def test_a_preview_is_the_version_the_server_started_with_after_an_upgrade_on_disk(installed: Path):
    app = create_app(today=lambda: date(2026, 1, 15))
    app.test_client_class = PageClient
    client = app.test_client()
    before = client.post(f"{TOPIC}/patient", data={"action": "preview"})
    css_before = client.get("/preview-assets/styles/patient.css")
    icon_before = client.get("/preview-assets/styles/icons/call.svg")
    assert before.status_code == css_before.status_code == icon_before.status_code == 200

    page = installed / "templates" / "patient.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace("<h1>", f"<h1>{NEW} "), encoding="utf-8")
    (installed / "templates" / "partials" / "masthead.html.j2").write_text(NEW, encoding="utf-8")
    (installed / "styles" / "patient.css").write_text(f"/* {NEW} */", encoding="utf-8")
    (installed / "styles" / "icons" / "call.svg").write_text(f"<svg><!-- {NEW} --></svg>", encoding="utf-8")

    after = client.post(f"{TOPIC}/patient", data={"action": "preview"})
    assert after.status_code == 200 and NEW not in after.text and "<h1>" in after.text
    assert client.get("/preview-assets/styles/patient.css").data == css_before.data
    assert client.get("/preview-assets/styles/icons/call.svg").data == icon_before.data
