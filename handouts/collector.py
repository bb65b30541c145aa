"""Fewer garbage collections while a document renders, and the last document freed first.

A warm render of the sample handout creates some 20,000 container objects (boxes,
computed styles, Pango wrappers) that hold each other in cycles, so only the cyclic
collector frees them. At CPython's default threshold (a collection of the youngest
generation every 700 net allocations) it ran about 30 times per document, each time
walking objects that were all still in use, and promoted them on to the oldest
generation, whose full collections then walked the whole warm process (fonts,
stylesheets, modules) about once per document: 6-8% of a warm render.

While documents render, the youngest generation's threshold is raised so that a
document of the sample's size is never collected mid-render; and before a render
starts, when no other is running, the young generations are collected once, which
frees the previous document (by then unreferenced) before it could be promoted.
Measured over 40 renders: peak memory 94 MB against 106 MB with the defaults.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLD = 50_000
"""Net allocations between collections of the youngest generation, while documents render."""

_lock = threading.Lock()
_active = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect the young generations, then raise the youngest one's threshold for the duration.

    Renders in several threads share one raise; the last to finish puts back what was
    there. A process that turned automatic collection off (threshold 0) is left alone."""
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = gc.get_threshold()
            if 0 < _saved[0] < THRESHOLD:
                gc.collect(1)
                gc.set_threshold(THRESHOLD, *_saved[1:])
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None


def none_in_this_process() -> None:
    """No cyclic collection for the rest of this process: a command line that makes one document and exits.

    Its collections walk what start-up made (our modules, pydantic's, WeasyPrint's: all in use until
    exit) again and again, about 60 ms of a cold `handouts render`'s 0.9 s of CPU (gc's own callbacks,
    on a loaded 2-CPU guest), and would free only a few layouts' cycles, which the exit frees anyway:
    the peak memory of a patient handout, a clinician brief, two languages, large print, a handout
    fitted round twelve notes and a diet sheet each stayed within 1.5 MB of the collector's. Threshold
    0 rather than gc.disable(), so that `fewer_collections` leaves the process alone (it does not
    collect before each render either)."""
    gc.set_threshold(0)

