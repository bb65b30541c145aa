from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(autouse=True, scope="session")
def _config_home(tmp_path_factory: pytest.TempPathFactory):
    """What the tool keeps in the user's configuration folder (the batch key) and cache folder
    (validated content) goes to temporary ones: tests never write the real home. Subprocesses
    inherit them. The content cache is shared by the whole session, as a user's is."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config-home")))
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache-home")))
        patch.delenv("HANDOUTS_CACHE", raising=False)
        yield


@pytest.fixture
def write(tmp_path: Path):
    """Write a text file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture(autouse=True)
def _no_workspace_from_the_environment(monkeypatch):
    """A developer's HANDOUTS_CONFIG must not change what the tests see."""
    monkeypatch.delenv("HANDOUTS_CONFIG", raising=False)


_FORBIDDEN: list[str] = []


@pytest.fixture(autouse=True, scope="session")
def _core_dumps_only_recorded() -> Iterator[None]:
    """A command given patient details forbids core dumps of its process (handouts.cli.private).

    Run in-process, that would make the test runner's own process undumpable for good, and
    its core limit 0 for every worker it starts after (hiding whether workers set theirs): the
    call is recorded instead. For the whole session, so that a module fixture rendering a
    personalised handout through the CLI (set up before any test's own fixtures) is covered
    too. tests/test_core_dumps.py checks the real effect in a child.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("handouts.cli.private.holding_patient_details", lambda: _FORBIDDEN.append("forbidden"))
        yield


@pytest.fixture(autouse=True)
def core_dumps_forbidden() -> list[str]:
    """The calls recorded since this test began."""
    _FORBIDDEN.clear()
    return _FORBIDDEN


@pytest.fixture
def clinic(tmp_path: Path, monkeypatch) -> Path:
    """A fresh workspace made by `handouts init`, and the current folder inside it."""
    from handouts import scaffold

    root = tmp_path / "clinic"
    scaffold.create(root)
    monkeypatch.chdir(root)
    return root


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`make test` runs `pytest -n auto`: one worker per CPU this process may run on (a container's
    affinity, not the host's count). On one CPU, none: the tests run in this process, as
    plain `pytest` does, without a worker's start-up. PYTEST_XDIST_AUTO_NUM_WORKERS still wins."""
    import os

    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cpus if cpus > 1 else 0


def pytest_configure(config: pytest.Config) -> None:
    """Every web app's test_client() posts like the app's own pages (with the form token)."""
    from handouts.web.app import WebApp
    from webclient import PageClient

    WebApp.test_client_class = PageClient
