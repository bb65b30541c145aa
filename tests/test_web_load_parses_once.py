"""The Load page reads an upload's YAML once: the plan it names, the model and the diet rules all use that.

A security review counted the upload parsed five times on the Load page (ruamel's pure-Python reader is
most of what a large file costs). What it counted was the app's first request: the shipped plan, the food
catalogue and the brands are read then, once, and kept. The upload itself is read once (handouts.web.
customisation.read_upload: the plan it names, the model and the rules all take that Source), counted here at
the reader, for a file that loads and for one refused with located problems.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from handouts import yamlevents
from webclient import app_fixtures

ROOT = Path(__file__).resolve().parent.parent
SAM = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"

app, client = app_fixtures(date(2025, 9, 1))


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The name of every YAML text read from here on."""
    read: list[str] = []
    real = yamlevents.build

    def counted(text, path):
        read.append(path)
        return real(text, path)

    monkeypatch.setattr(yamlevents, "build", counted)
    return read


def load(client, data: bytes, parses: list[str]):
    client.get("/diets/low-fodmap")
    parses.clear()  # the shipped plan, catalogue and brands, read once by the app's first pages
    return client.post("/diets/low-fodmap/load", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), "saved.yaml")})


def test_a_file_that_loads_is_parsed_once(client, parses):
    response = load(client, SAM.read_bytes(), parses)
    assert response.status_code == 200 and 'value="Sam Rivera"' in response.text
    assert parses == ["saved.yaml"]


def test_a_refused_file_is_parsed_once_and_its_problems_keep_their_place(client, parses):
    response = load(client, b"plan: low-fodmap\navoid: [grapes, qqqzzz]\nphase_lengths: {nope: 3 weeks}\n", parses)
    assert response.status_code == 400
    assert "saved.yaml:2:17: avoid[1]: unknown food" in response.text
    assert "saved.yaml:3:17: phase_lengths, the 1st entry: not a phase of plan" in response.text
    assert parses == ["saved.yaml"]
