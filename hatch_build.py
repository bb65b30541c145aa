"""Build hook: compile the gettext catalogues (.po, in the repository) into the wheel's .mo files.

A checkout needs no .mo: handouts.i18n compiles a .po in memory when its .mo is
missing or older. An editable install is a checkout, so it is skipped here.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        self._out = Path(tempfile.mkdtemp(prefix="handouts-mo-"))
        locales = Path(self.root) / "handouts" / "locales"
        for po in sorted(locales.glob("*/LC_MESSAGES/*.po")):
            relative = po.relative_to(locales).with_suffix(".mo")
            mo = self._out / relative
            mo.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source:
                catalog = read_po(source)
            with mo.open("wb") as target:
                write_mo(target, catalog)
            build_data["force_include"][str(mo)] = f"handouts/locales/{relative.as_posix()}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)
