"""`handouts serve` on a port another program holds says so and what to do, exit 1."""

from __future__ import annotations

import socket
import subprocess
import sys


def test_a_taken_port_says_to_stop_the_other_program_or_give_another_port(tmp_path):
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen(1)
        port = held.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "handouts", "serve", "--port", str(port), "-j", "1"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=60,
                              env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "HANDOUTS_CACHE": "off"})
    assert done.returncode == 1, done.stderr
    assert f"error: 127.0.0.1:{port}: cannot listen: Address already in use" in done.stderr
    assert f"uses port {port}): stop it, or give another --port" in done.stderr
    assert "Traceback" not in done.stderr
