"""A process that rendered leaves nothing in the temporary folder (handouts.render.font_configuration).

WeasyPrint copies each @font-face font into a folder of its own under $TMPDIR and removes it only
when its font configuration is collected, which the warm one a process keeps never was: every
command and worker left about 7 MB behind for good, thousands of folders on a busy machine.
"""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import glob, os, sys
from handouts.render import CSS, renderer
from handouts.resources import font_roots

font = next(p for root in font_roots() for p in sorted(root.rglob("*.ttf")))
CSS(string="@font-face { font-family: Probe; src: url(%s) }" % font.as_uri(), font_config=renderer().font_config)
print(len(glob.glob(os.path.join(os.environ["TMPDIR"], "weasyprint-*"))))
sys.exit(int(sys.argv[1]))
"""


def test_the_warm_font_configurations_folder_is_removed_when_the_process_ends(tmp_path):
    for status in (143,):  # the exit a worker or command makes of SIGTERM (atexit runs as on a normal end)
        done = subprocess.run([sys.executable, "-c", PROBE, str(status)], capture_output=True, text=True,
                              timeout=120, env={**os.environ, "TMPDIR": str(tmp_path)})
        assert done.returncode == status, done.stderr
        assert done.stdout.strip() == "1", "the premise: WeasyPrint made its folder while the process ran"
        assert list(tmp_path.iterdir()) == [], status
