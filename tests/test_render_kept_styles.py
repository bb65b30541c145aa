"""A PDF from a server upgraded before its first render is laid out with the stylesheets it started with.

Without a render pool the web app renders in its own process, whose renderer read styles/
at the first render: an upgrade made between start-up and that render (`git pull`, a new
wheel) laid out the old templates, kept when the app was made (handouts.kept_assets), with
the new stylesheets. The test makes the app from a copy of the assets, changes the copy's
patient stylesheet as an upgrade would, and reads none of the change in the PDF.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from handouts import html, kept_assets, render, resources
from handouts.web import create_app
from pdfutil import text as pdf_text
from webclient import PageClient

TOPIC = "/topics/leaky-gut"
NEWER = "STYLESHEET OF A NEWER VERSION"


def _forget() -> None:
    for cached in (kept_assets.template_sources, kept_assets.stylesheet_sources, html.environment,
                   html._stylesheet_text, render._read_style):
        cached.cache_clear()


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The package's templates and styles, copied where the test can upgrade them, and a renderer
    that has rendered nothing yet (a server's process before its first document)."""
    real = resources.asset_dir
    for name in ("templates", "styles"):
        shutil.copytree(real(name), tmp_path / name)

    def copied(name: str) -> Path:
        return tmp_path / name if name in ("templates", "styles") else real(name)

    for module in (resources, kept_assets, render):
        monkeypatch.setattr(module, "asset_dir", copied)
    monkeypatch.setattr(render, "_RENDERER", None)
    _forget()
    yield tmp_path
    monkeypatch.undo()
    _forget()


def test_a_pdf_after_an_upgrade_on_disk_keeps_the_stylesheets_the_server_started_with(installed: Path):
    app = create_app(today=lambda: date(2026, 1, 15))  # no pool: documents are laid out in this process
    app.test_client_class = PageClient
    client = app.test_client()

    sheet = installed / "styles" / "patient.css"
    sheet.write_text(sheet.read_text(encoding="utf-8") + f'\nh1::before {{ content: "{NEWER} "; }}\n',
                     encoding="utf-8")

    response = client.post(f"{TOPIC}/patient", data={"action": "print"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Leaky gut" in text and NEWER not in text
