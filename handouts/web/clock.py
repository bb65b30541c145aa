"""The server's clock for what it measures within one run: the age of sessions and form tokens, idle time.

The wall clock steps: an NTP correction, daylight saving on a host whose clock
keeps local time, a VM resumed. Measured by it, a step back of a minute refused
every session and open form (issued "in the future"), a step forward of 12 hours
signed everyone out, and a step forward then back let Sign out's record of a
session be pruned before its cookie expired, reviving the cookie. Every session
and form token ends with the run anyway (their secrets are made when the app
starts), so none needs a time that means anything outside it.

CLOCK_BOOTTIME where there is one: it never steps, and unlike CLOCK_MONOTONIC
it counts time the machine was suspended (a VM resumed after a night finds its
sessions a night older, and ended). Elsewhere time.monotonic.
"""

from __future__ import annotations

import time

from flask import Flask, current_app

EXTENSION = "handouts.clock"
"""Where an app keeps its clock (tests put a clock they move there)."""


def elapsed() -> float:
    """Seconds on a clock that never steps and keeps counting while the machine sleeps, where it can."""
    if hasattr(time, "CLOCK_BOOTTIME"):
        return time.clock_gettime(time.CLOCK_BOOTTIME)
    return time.monotonic()


def now(app: Flask | None = None) -> float:
    """The app's clock now (`app`: default, the request's)."""
    return float((app or current_app).extensions.get(EXTENSION, elapsed)())
