"""A system library WeasyPrint needs is missing (Pango, on a machine set up from the wheel, or one
that lost it since): the command says which and how to install it, exits 1, and writes nothing
to standard output, where `-o - | lp` sends the document.

Before, WeasyPrint's banner went to standard output, `render` reported "cannot write" the output
file, and `demo` ended in a traceback. The library is made to fail to load by patching cffi's
dlopen in a child process, the way it fails when the file is not there.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

NO_PANGO = textwrap.dedent("""
    import sys, cffi.api
    opened = cffi.api.FFI.dlopen
    def dlopen(self, name, flags=0):
        if name and "pango" in str(name):
            raise OSError(f"cannot load library '{name}': {name}: cannot open shared object file: "
                          "No such file or directory")
        return opened(self, name, flags)
    cffi.api.FFI.dlopen = dlopen
    from handouts.cli import main
    main(sys.argv[1:], prog_name="handouts")
""")


@pytest.mark.parametrize("args", [
    ("render", "leaky-gut", "--audience", "patient", "-o", "-"),
    ("demo", "--out", "demo"),
], ids=["render to stdout", "demo"])
def test_a_missing_pango_is_named_with_how_to_install_it(tmp_path: Path, args: tuple[str, ...]) -> None:
    script = tmp_path / "no_pango.py"
    script.write_text(NO_PANGO, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), *args], cwd=tmp_path, capture_output=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "HANDOUTS_CACHE": "off", "HOME": str(tmp_path)})
    stderr = done.stderr.decode()
    assert done.returncode == 1, stderr
    assert done.stdout == b"" if args[0] == "render" else b"WeasyPrint could not" not in done.stdout
    assert "Traceback" not in stderr and "cannot write" not in stderr, stderr
    assert "WeasyPrint cannot load libpango-1.0-0" in stderr
    assert "sudo apt-get install libpango-1.0-0" in stderr and "brew install pango" in stderr
    assert not list(tmp_path.rglob("*.pdf"))
