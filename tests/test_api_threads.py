"""A service's other threads while handouts makes its first PDF in one of them."""

from __future__ import annotations

import subprocess
import sys

PROGRAM = """
import sys, threading
done = threading.Event()
def count():
    n = 0
    while not done.wait(0.001):  # a line a millisecond, leaving the importing thread the interpreter
        print(n)
        n += 1
    print("last", n - 1)
counter = threading.Thread(target=count)
counter.start()
import handouts.render  # the first PDF's import: WeasyPrint, with its banner kept off stdout
done.set()
counter.join()
"""


def test_another_threads_output_is_not_lost_while_weasyprint_is_imported():
    """The banner guard swapped sys.stdout for the whole process: lines printed by another thread
    meanwhile vanished."""
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    last = int(lines[-1].split()[1])
    assert last > 0 and lines[:-1] == [str(n) for n in range(last + 1)]
