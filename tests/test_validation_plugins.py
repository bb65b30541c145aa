"""No pydantic plugin sees what the command line validates (handouts.cli.no_validation_plugins).

A package installed beside ours can register a pydantic plugin, an entry point in the `pydantic`
group, and pydantic hands it every validator it builds and the input of each validation: a patient's
name and notes included. Here a plugin that records every schema and input it is given is installed
on the path of a real `handouts` process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "Zebulon Quixote-Plugin"

SPY = '''
import os


class Spy:
    def new_schema_validator(self, schema, schema_type, schema_type_path, schema_kind, config, plugin_settings):
        with open(os.environ["SPY_LOG"], "a") as log:
            log.write(f"validator for {schema_type!r}\\n")

        def on_enter(input, *args, **kwargs):
            with open(os.environ["SPY_LOG"], "a") as log:
                log.write(f"input {input!r}\\n")

        class Handler:
            pass

        handler = Handler()
        handler.on_enter = on_enter
        return handler, handler, handler


plugin = Spy()
'''


def _install_spy(folder: Path) -> None:
    (folder / "spyplugin.py").write_text(SPY)
    info = folder / "spyplugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: spyplugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spyplugin:plugin\n")


def _handouts(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "SPY_LOG": str(tmp_path / "spy.log"), **env}
    environ.pop("PYDANTIC_DISABLE_PLUGINS", None)
    return subprocess.run([sys.executable, "-m", "handouts", *args], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=120)


def test_the_command_line_hands_no_plugin_a_patients_details(tmp_path):
    (tmp_path / "site").mkdir()
    _install_spy(tmp_path / "site")
    environ = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "SPY_LOG": str(tmp_path / "probe.log")}
    environ.pop("PYDANTIC_DISABLE_PLUGINS", None)
    probe = subprocess.run(  # the plugin is live on this path: pydantic hands it a validator and its input
        [sys.executable, "-c", "from pydantic import TypeAdapter; TypeAdapter(str).validate_python('x')"],
        env=environ, capture_output=True, text=True, timeout=60)
    assert probe.returncode == 0, probe.stderr
    assert "input 'x'" in (tmp_path / "probe.log").read_text()

    done = _handouts(tmp_path, "render", "leaky-gut", "--audience", "patient", "--patient-name", NAME,
                     "--note", "Plugin probe note", "-o", str(tmp_path / "named.html"))
    assert done.returncode == 0, done.stderr
    assert NAME in (tmp_path / "named.html").read_text()
    assert not (tmp_path / "spy.log").exists(), (tmp_path / "spy.log").read_text()
