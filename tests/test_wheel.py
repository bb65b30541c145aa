"""It must work installed as a wheel, not only from a checkout: the new practice's journey.

One build (by the test environment's build backend), one virtual environment holding only
the wheel (its dependencies come from the test environment through a .pth line): nothing is
downloaded. Then, as a
practice would: init a workspace, list its topics, make a brand from piped answers and
render with it by id, print to a pipe, and learn from `doctor` that a copy still
carries an error the shipped catalogue has since corrected.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parent.parent
GARLIC = "      - id: garlic\n        name:\n          en: Garlic\n          es: Ajo\n        carries: [fructans]\n"
GARLIC_WRONG = "      - id: garlic\n        name:\n          en: Garlic\n          es: Ajo\n        carries: []\n"


def _install(wheel: Path, venv: Path) -> Path:
    """A venv with the wheel as its only package; returns its site-packages."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_test_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)
    return site


def test_a_practice_journey_from_the_installed_wheel(tmp_path):
    # built by this environment's hatchling (the test extras'), as pip builds it in isolation but with
    # nothing fetched from the package index; pip checks it meets pyproject.toml's build-system.requires
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--check-build-dependencies", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("handouts-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in ("templates/patient.html.j2", "templates/clinician.html.j2", "styles/base.css",
                  "data/topics/leaky-gut.yaml", "data/brands/riverside/logo.svg", "data/foods/catalogue.yaml"):
        assert f"handouts/_assets/{asset}" in names, asset
    assert "handouts/py.typed" in names  # an integrator's type checker reads the package's hints
    # the gettext catalogues: compiled at build time (hatch_build.py), their sources alongside
    for catalogue in ("es", "en_GB"):
        assert f"handouts/locales/{catalogue}/LC_MESSAGES/handouts.mo" in names, catalogue
        assert f"handouts/locales/{catalogue}/LC_MESSAGES/handouts.po" in names, catalogue

    venv = tmp_path / "venv"
    site = _install(wheel, venv)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HANDOUTS_CONFIG", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin"

    def sh(command: str, cwd: Path = home, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=cwd, env=env, input=stdin,
                              capture_output=True, text=True, timeout=180)

    # an integrator's service, calling the library (handouts.api) rather than the command; the Spanish
    # words are the tool's own, from the wheel's compiled catalogue
    called = sh("python -c 'import handouts; print(handouts.__file__)\n"
                "from handouts import api; d = api.patient_handout(\"leaky-gut\", patient_name=\"Ana\", "
                "language=\"es\", format=\"html\"); print(d.language, \"Ana\" in d.data.decode(), "
                "\"Lo más importante\" in d.data.decode(), api.validate(\"leaky-gut\")[0].valid)'")
    assert called.returncode == 0, called.stderr
    where, answers = called.stdout.splitlines()
    assert where.startswith(str(site)), "the test must exercise the installed wheel, not the checkout"
    assert answers.split() == ["es-US", "True", "True", "True"], called.stdout
    shipped_catalogue = site / "handouts" / "_assets" / "data" / "foods" / "catalogue.yaml"
    assert GARLIC in shipped_catalogue.read_text(encoding="utf-8")
    # the release this practice starts from: garlic wrongly listed as carrying nothing
    shipped_catalogue.write_text(shipped_catalogue.read_text(encoding="utf-8").replace(GARLIC, GARLIC_WRONG),
                                 encoding="utf-8")

    made = sh("handouts init clinic && cd clinic && handouts list topics")
    assert made.returncode == 0, made.stderr
    assert "leaky-gut" in made.stdout and "Leaky gut syndrome" in made.stdout and "workspace" in made.stdout
    clinic = home / "clinic"

    answers = "Harbour Health\n\n\n(555) 010-0142\n1 Quay Street\n\n#1d4e89\n\n\n\nletter\n"
    brand = sh("handouts brand new", clinic, answers)
    assert brand.returncode == 0, brand.stderr
    rendered = sh("handouts render leaky-gut --audience patient --brand harbour-health -o p.pdf", clinic)
    assert rendered.returncode == 0, rendered.stderr
    assert "Harbour Health" in pypdf.PdfReader(str(clinic / "p.pdf")).pages[0].extract_text()

    # in Spanish (the catalogue's words checked above), to a pipe its reader closes after 5 bytes
    piped = sh("handouts render leaky-gut --audience patient --lang es -o - | head -c 5", clinic)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == "%PDF-"

    for command, says in (
        ("render leaky --audience patient", "no topic 'leaky'; did you mean 'leaky-gut'? (topics: leaky-gut)"),
        ("render leaky-gut --audience patient --brand harbour-heath",
         "no brand 'harbour-heath'; did you mean 'harbour-health'? (brands: default, harbour-health, harbourside, "
         "riverside)"),
        ("diet low-fodmp", "no plan 'low-fodmp'; did you mean 'low-fodmap'?"),
    ):
        unknown = sh(f"handouts {command}", clinic)
        assert unknown.returncode == 2 and says in unknown.stderr, unknown.stderr
        assert "site-packages" not in unknown.stderr

    quiet = sh("handouts doctor", clinic)
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    # the next release corrects garlic; this practice's copy still says otherwise
    shipped_catalogue.write_text(shipped_catalogue.read_text(encoding="utf-8").replace(GARLIC_WRONG, GARLIC),
                                 encoding="utf-8")
    flagged = sh("handouts doctor", clinic)
    assert flagged.returncode == 1, flagged.stderr
    assert "data/foods/catalogue.yaml: update available: shipped fix" in flagged.stdout
    assert "differs in foods: garlic" in flagged.stdout
