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


def test_a_pdf_after_an_upgrade_removed_or_redrew_pictograms_has_the_ones_the_server_started_with(
        installed: Path, monkeypatch: pytest.MonkeyPatch):
    """The pictograms were fetched from disk at each render: an upgrade that removed one failed
    every print of the handouts naming it, and one that redrew it changed the server's PDFs."""
    app = create_app(today=lambda: date(2026, 1, 15))  # no pool: documents are laid out in this process
    app.test_client_class = PageClient
    client = app.test_client()
    form = {"action": "print", "patient_name": "Ana Example"}  # personalised: laid out each time, never cached
    before = client.post(f"{TOPIC}/patient", data=form)
    assert before.status_code == 200 and before.mimetype == "application/pdf"
    monkeypatch.setattr(render, "_RENDERER", None)  # a renderer that has drawn no pictogram yet

    icons = installed / "styles" / "icons"
    (icons / "call.svg").unlink()
    for name in ("eat", "emergency"):
        (icons / f"{name}.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">'
            f'<rect width="48" height="48" fill="#000"/><text x="2" y="24">{NEWER}</text></svg>', encoding="utf-8")

    after = client.post(f"{TOPIC}/patient", data=form)
    assert after.status_code == 200 and after.mimetype == "application/pdf"
    assert NEWER not in pdf_text(after.data)
    assert after.data == before.data


def test_a_render_worker_keeps_the_pictograms_it_warmed_up_with(installed: Path):
    """A pool worker (handouts.web.pool_worker) read styles/ at its first document: one warmed up
    before an upgrade, and so taken by the server as its own, printed the upgrade's pictograms."""
    from handouts import documents
    from handouts.context import Context
    from handouts.web import pool_worker

    pool_worker.warm()
    (installed / "styles" / "icons" / "call.svg").unlink()
    (installed / "styles" / "icons" / "eat.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><text y="24">{NEWER}</text></svg>',
        encoding="utf-8")

    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "default"), None,
                                Context.default(date(2026, 1, 15)))
    pdf = pool_worker.run(("pdf", view))
    assert "Leaky gut" in pdf_text(pdf.data) and NEWER not in pdf_text(pdf.data)
