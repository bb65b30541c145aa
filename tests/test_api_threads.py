"""A service's threads and handouts: its other threads while handouts makes its first PDF in one of
them, and two of them making PDFs at once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

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


def test_two_threads_making_pdfs_take_turns_inside_weasyprint(monkeypatch):
    """Pango's font maps are not safe in two threads at once: two threads laying out handouts with the
    warm font configuration corrupted its cache ('GLib-WARNING: corrupted double-linked list detected'
    about once in 20 pairs, then a crash at some later moment: a test process died under load). Every
    layout and every write holds handouts.render.PANGO; each is held open here long enough for the
    other thread to arrive."""
    import weasyprint
    from weasyprint.document import Document

    from handouts import api

    counted = threading.Lock()
    inside = most = 0

    def alone(real):
        def call(*args, **kwargs):
            nonlocal inside, most
            with counted:
                inside += 1
                most = max(most, inside)
            try:
                time.sleep(0.2)
                return real(*args, **kwargs)
            finally:
                with counted:
                    inside -= 1
        return call

    monkeypatch.setattr(weasyprint.HTML, "render", alone(weasyprint.HTML.render))
    monkeypatch.setattr(Document, "write_pdf", alone(Document.write_pdf))
    with ThreadPoolExecutor(2) as pool:
        docs = list(pool.map(lambda language: api.patient_handout("leaky-gut", language=language), [None, "es"]))
    assert [doc.data[:5] for doc in docs] == [b"%PDF-", b"%PDF-"]
    assert most == 1, "two threads were inside WeasyPrint at once"
