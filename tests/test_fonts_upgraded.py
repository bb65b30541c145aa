"""A font upgraded or removed under a running process (apt upgrades the system's CJK and emoji fonts on
its own, pip the PyPI ones): the fonts are read when a document first needs them, hours after a server
started, so a handout printed with other glyphs than the morning's, or failed. A changed font is now a
"restart", as an upgrade of handouts' code is (handouts.installed). The system fonts here are copies in
a temporary folder: no real font is touched."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from handouts import documents, installed, render, resources
from handouts.context import Context
from handouts.errors import RenderError
from handouts.models import Personalisation

REAL_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FAMILY = "Handouts Noto Sans CJK"


def _forget_fonts() -> None:
    for cached in (resources.fallback_faces, resources.emoji_face, installed.fonts_started_with,
                   installed.started_with):
        cached.cache_clear()


@pytest.fixture
def system_font(tmp_path, monkeypatch) -> Path:
    """The CJK fallback as a copy in a temporary font folder, recorded as this process's start."""
    if not REAL_CJK.is_file():
        pytest.skip("the CJK fallback font is missing: make test installs fonts-noto-cjk")
    folder = tmp_path / "fonts"
    folder.mkdir()
    font = folder / "NotoSansCJK-Regular.ttc"
    shutil.copyfile(REAL_CJK, font)
    monkeypatch.setattr(resources, "SYSTEM_FALLBACKS", ((FAMILY, 400, (str(font),)), (FAMILY, 700, (str(font),))))
    _forget_fonts()
    yield font
    monkeypatch.undo()
    _forget_fonts()


def _upgrade(font: Path) -> None:
    """What a package upgrade does: a new file renamed into the old one's place."""
    new = font.with_name(font.name + ".dpkg-new")
    new.write_bytes(font.read_bytes() + b"\0" * 4)
    os.replace(new, font)


def test_a_font_upgraded_or_removed_since_the_start_changes_the_install(system_font: Path):
    started = installed.started_with()
    assert installed.fonts_started_with()[str(system_font)] is not None
    assert installed.install_digest() == started and installed.fonts_changed() == []
    _upgrade(system_font)
    assert installed.install_digest() != started  # a render worker started now: the pool says to restart
    assert installed.fonts_changed() == [str(system_font)]
    system_font.unlink()
    assert installed.fonts_changed() == [str(system_font)]


def test_a_document_needing_a_font_upgraded_since_the_start_is_refused_with_restart(system_font: Path, monkeypatch):
    monkeypatch.setattr(render, "_RENDERER", None)  # a fresh process's renderer, warm for Latin text
    installed.fonts_started_with()  # the server's start (handouts.kept_assets.read_now)
    inputs = documents.topic_inputs("leaky-gut", "riverside")
    latin = documents.build_view("patient", inputs, Personalisation(patient_name="Jo Example"), Context.default())
    assert documents.render(latin).pages >= 1
    _upgrade(system_font)  # mid-day
    chinese = documents.build_view("patient", inputs, Personalisation(patient_name="王小明"), Context.default())
    with pytest.raises(RenderError, match=r"fonts changed on disk since handouts started .*restart") as refused:
        documents.render(chinese)
    assert str(system_font) in str(refused.value) and "王" not in str(refused.value)
