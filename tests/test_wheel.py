"""It must work installed as a wheel, not only from a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_its_assets_and_renders_without_the_checkout(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("handouts-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in ("templates/patient.html.j2", "templates/clinician.html.j2", "styles/base.css",
                  "data/topics/leaky-gut.yaml", "data/brands/riverside/logo.svg"):
        assert f"handouts/_assets/{asset}" in names, asset
    # the gettext catalogues: compiled at build time (hatch_build.py), their sources alongside
    for catalogue in ("es", "en_GB"):
        assert f"handouts/locales/{catalogue}/LC_MESSAGES/handouts.mo" in names, catalogue
        assert f"handouts/locales/{catalogue}/LC_MESSAGES/handouts.po" in names, catalogue

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import handouts; print(handouts.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site)), "the test must exercise the unpacked wheel, not the checkout"
    result = subprocess.run(
        [sys.executable, "-m", "handouts", "render", "leaky-gut", "--audience", "patient", "--brand", "riverside",
         "-o", "p.pdf"], cwd=work, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Riverside Family Practice" in pypdf.PdfReader(str(work / "p.pdf")).pages[0].extract_text()
    spanish = subprocess.run(
        [sys.executable, "-m", "handouts", "render", "leaky-gut", "--audience", "patient", "--lang", "es",
         "-o", "es.pdf"], cwd=work, env=env, capture_output=True, text=True,
    )
    assert spanish.returncode == 0, spanish.stderr
    assert "Lo más importante" in pypdf.PdfReader(str(work / "es.pdf")).pages[0].extract_text()
