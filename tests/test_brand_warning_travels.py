"""A brand sent to a --cluster batch's workers says its warnings at its file's lines, as on the client.

Reproduction: a worker unpickles the brand without its file (another machine, another folder), so its
warnings read 'tmp/x/brands/p.yaml: warning: colors.primary: ...': no line, and the path from the worker's
own folder. And two copies of one brand file shared one key, so the second's jobs named the first's file.
Tested without starting Dask: the client's own sending (ClusterPool._brand, its Dask client faked) and the
worker's own function (handouts.batch.worker.render_document) on what it unpickles.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from handouts.context import Context
from handouts.locale import parse
from handouts.loading import load_brand, load_topic
from handouts.views.frame import brand_view

ROOT = Path(__file__).resolve().parent.parent
BRAND = ("id: p\nname: P\ncolors:\n  primary: '#ffcc00'\ncontact:\n  address: [1 Main St]\n"
         "footer: Call us with questions.\n")


class Client:
    """Dask's client as the pool uses it: what it is given to send is kept."""

    def __init__(self) -> None:
        self.sent: dict[str, bytes] = {}

    def submit(self, fn: Any, blob: bytes, key: str, pure: bool) -> Any:  # noqa: ANN401 - as Dask's
        self.sent[key] = blob
        return SimpleNamespace(key=key, status="pending")


def _sent(paths: list[Path]) -> tuple[list[Any], Client]:
    """The brands as the client sends them to the workers, one job's worth for each file."""
    from collections import OrderedDict

    from handouts.batch.cluster import ClusterPool, Traffic
    from handouts.batch.fingerprint import sha256_file

    pool = ClusterPool.__new__(ClusterPool)
    client = Client()
    pool.__dict__.update(shared=OrderedDict(), traffic=Traffic(), client=client)
    for path in paths:
        brand = load_brand(path, Context.default())
        files = {"brand": {"path": str(path), "sha256": sha256_file(path)}}
        pool._brand(SimpleNamespace(inputs=SimpleNamespace(brand=brand, brand_folder=path.parent), files=files))  # type: ignore[arg-type]
    return list(client.sent.values()), client


@pytest.fixture
def on_the_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Two copies of one brand file, in the folder the batch runs in."""
    monkeypatch.chdir(tmp_path)
    paths = [tmp_path / "brands" / "p.yaml", tmp_path / "other" / "brands" / "p.yaml"]
    for path in paths:
        path.parent.mkdir(parents=True)
        path.write_text(BRAND, encoding="utf-8")
    return paths


def _on_a_worker(tmp_path: Path, paths: list[Path]) -> None:
    """Elsewhere, and the brand files not there."""
    for path in paths:
        path.unlink()
    (tmp_path / "worker").mkdir()
    os.chdir(tmp_path / "worker")


def test_a_worker_says_the_brands_warnings_at_its_files_lines(on_the_client: list[Path], tmp_path: Path) -> None:
    from handouts.batch import remote

    expected = [[str(w) for w in brand_view(load_brand(path, Context.default()), None, parse("es-US")).warnings]
                for path in on_the_client]
    assert expected[0] == [
        "brands/p.yaml:4:3: warning: colors.primary: #ffcc00 is too light for text on white (1.5:1, below 4.5:1): "
        "text will print in the darker #7f6500 instead; choose a darker colour to decide the shade yourself",
        "brands/p.yaml:5:1: warning: contact: no phone number (contact.phone): handouts tell patients to call the "
        "practice; every document's letterhead prints without one, and a patient handout's 'When to get help' "
        "box prints a write-in line 'Our phone: ______' instead",
        "brands/p.yaml:7:1: warning: footer: its footer has no 'es' wording, so it prints in 'en'; give it per "
        "language (footer: {en: ..., es: ...})",
    ], expected[0]
    assert expected[1] == [line.replace("brands/p.yaml", "other/brands/p.yaml") for line in expected[0]]
    blobs, _ = _sent(on_the_client)
    assert len(blobs) == 2  # one for each file, though their content is the same
    _on_a_worker(tmp_path, on_the_client)
    for blob, said in zip(blobs, expected):
        brand = remote.load(blob).model
        assert [str(w) for w in brand_view(brand, None, parse("es-US")).warnings] == said


def test_the_workers_render_says_them_so(on_the_client: list[Path], tmp_path: Path) -> None:
    from handouts.batch import remote
    from handouts.batch.jobs import Job
    from handouts.batch.worker import render_document
    from handouts.inputs import TopicInputs

    topic = load_topic(ROOT / "data" / "topics" / "leaky-gut.yaml", Context.default())
    [blob, _], _ = _sent(on_the_client)
    _on_a_worker(tmp_path, on_the_client)
    brand = remote.load(blob).model
    job = Job("p/1.pdf", str(ROOT / "data" / "topics" / "leaky-gut.yaml"), str(on_the_client[0]), "clinician")
    _, warnings = render_document(job, "clinician", TopicInputs(topic, brand, tmp_path / "worker"), None,
                                  Context.default(today=date(2025, 8, 1)), "ua")
    placed = [w for w in warnings if "brands/p.yaml" in w]
    assert [w.split(": warning: ")[0] for w in placed] == ["brands/p.yaml:4:3", "brands/p.yaml:5:1"], warnings
